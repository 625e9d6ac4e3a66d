// A real OpenID Connect provider for Guichet's tests (npm `oidc-provider`).
//
//   node tests/oidc/provider.mjs PORT
//
// Environment: OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET, OIDC_TEST_REDIRECT_URIS and
// OIDC_TEST_POST_LOGOUT_REDIRECT_URIS (comma-separated), OIDC_TEST_CODE_TTL (seconds).
//
// Its development login form accepts any login (the password is ignored). The claims of a
// login come from `defaultClaims` below, unless a test replaced them with
// `PUT /test/accounts/<login>` (JSON body). The login `noemail` has no e-mail claim.
// `GET /test/wrong-jwks` serves a key set whose key has the same `kid` as the real one but is
// another key: pointing the client's JWKS URL there makes every ID token fail verification.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? process.env.OIDC_TEST_PORT ?? 0);
const host = '127.0.0.1';
const issuer = `http://${host}:${port}`;
const list = (value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);

const KID = 'guichet-test-key';

function rsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' };
}

function publicPart({ kty, n, e, kid, use, alg }) {
  return { kty, n, e, kid, use, alg };
}

const signingKey = rsaKey();
const impostorKey = rsaKey();

// Claims set by the tests, by login. A value of null removes the claim.
const overrides = new Map();

function defaultClaims(login) {
  const name = login.charAt(0).toUpperCase() + login.slice(1);
  const claims = {
    sub: login,
    email: `${login}@insa-lyon.fr`,
    email_verified: true,
    given_name: name,
    family_name: 'Testeur',
    name: `${name} Testeur`,
    supannEtablissement: '{UAI}0690192J',
    eduPersonAffiliation: ['faculty', 'member'],
  };
  if (login === 'noemail') {
    delete claims.email;
    delete claims.email_verified;
  }
  return claims;
}

function claimsFor(login) {
  const claims = { ...defaultClaims(login), ...(overrides.get(login) ?? {}), sub: login };
  for (const [key, value] of Object.entries(claims)) {
    if (value === null) delete claims[key];
  }
  return claims;
}

const ttl = Number(process.env.OIDC_TEST_CODE_TTL ?? 60);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_TEST_CLIENT_ID ?? 'guichet',
      client_secret: process.env.OIDC_TEST_CLIENT_SECRET ?? 'guichet-test-secret',
      redirect_uris: list(process.env.OIDC_TEST_REDIRECT_URIS ?? 'http://testserver/oidc/callback/'),
      post_logout_redirect_uris: list(
        process.env.OIDC_TEST_POST_LOGOUT_REDIRECT_URIS ?? 'http://testserver/',
      ),
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['guichet-test-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: [
      'name',
      'given_name',
      'family_name',
      'supannEtablissement',
      'eduPersonAffiliation',
      'eduPersonPrimaryAffiliation',
      'eduPersonEntitlement',
    ],
  },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => claimsFor(id) };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: ttl,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
});

const callback = provider.callback();

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/test/wrong-jwks' && req.method === 'GET') {
    send(res, 200, { keys: [publicPart(impostorKey)] });
    return;
  }
  const account = url.pathname.match(/^\/test\/accounts\/([^/]+)$/);
  if (account && req.method === 'PUT') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      overrides.set(decodeURIComponent(account[1]), JSON.parse(body || '{}'));
      send(res, 200, claimsFor(decodeURIComponent(account[1])));
    });
    return;
  }
  if (url.pathname === '/test/reset' && req.method === 'POST') {
    overrides.clear();
    send(res, 200, {});
    return;
  }
  callback(req, res);
});

server.listen(port, host, () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
