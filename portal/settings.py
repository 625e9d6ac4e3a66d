"""Django settings for Guichet.

Every value comes from an environment variable (listed with its default in `.env.example`).
The defaults give a newcomer a working development site on SQLite; `GUICHET_MODE=production`
turns on the secure defaults and refuses to start without a secret key and allowed hosts.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

GUICHET_MODE = env.str("GUICHET_MODE", default="development")
if GUICHET_MODE not in {"development", "production"}:
    raise ImproperlyConfigured("GUICHET_MODE must be 'development' or 'production'.")
PRODUCTION = GUICHET_MODE == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # No default: production must never run with a key from the repository.
    try:
        SECRET_KEY = env.str("DJANGO_SECRET_KEY")
        ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            f"Production mode needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS: {error}"
        ) from error
    if not SECRET_KEY or not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production mode needs a non-empty DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS."
        )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode shows the demo accounts and their passwords on the sign-in page.
GUICHET_DEMO = env.bool("GUICHET_DEMO", default=not PRODUCTION)

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "portal",
    "helpdesk",
    "helpdesk.mail.apps.MailConfig",
    "knowledge",
    "viewflow",
    "viewflow.workflow",
    "search",
    "widget",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.users_app.GuichetUsersAppConfig",  # wagtail.users with our users admin
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "mozilla_django_oidc",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Without DEBUG, WhiteNoise serves the collected static files (run `collectstatic`).
    # In DEBUG the development server and the test live server serve them from the apps.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # CORS for the origins of GUICHET_WIDGET_ORIGINS on the public read API (widget/framing.py).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with each person's permissions and standing kept between requests.
    "portal.access.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before XFrameOptionsMiddleware: repeats its DENY as CSP `frame-ancestors 'none'`.
    "widget.framing.FrameAncestorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.guichet",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the development server and background jobs share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
# Empty: Django's default (in memory on SQLite, test_<name> on PostgreSQL). A file name on
# SQLite lets pytest's --reuse-db skip the migrations on the next run (one run at a time).
if test_database_name := env.str("DATABASE_TEST_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": test_database_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"

# --- Cache ----------------------------------------------------------------------------------

# What the staff screens keep between requests: each person's admin sidebar, the filter lists
# of the queues. Local memory (the default) is per process: with several processes, a change
# shows in the others only when their copy expires (two to five minutes). Production with
# several workers: a shared cache, e.g. redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://guichet")}
# Seconds a person's admin sidebar and the frame kept around their ticket screens and queues
# are kept (0: not cached). See portal/templatetags/admin_chrome.py and portal/admin_frame.py.
GUICHET_ADMIN_CHROME_SECONDS = env.int("GUICHET_ADMIN_CHROME_SECONDS", default=120)
# Seconds a person's permissions, groups, admin profile and standing in the chains are kept
# (0: read on every request). Changes renew the person's access stamp and show at once in
# every process; this bounds only changes that bypass Django's signals (portal/access.py).
GUICHET_ACCESS_CACHE_SECONDS = env.int("GUICHET_ACCESS_CACHE_SECONDS", default=300)
# Worker connections a report may use to run its independent scans side by side on PostgreSQL
# (percentiles and backlog; 1: one after the other). See helpdesk/reports/parallel.py.
GUICHET_REPORT_QUERY_WORKERS = env.int("GUICHET_REPORT_QUERY_WORKERS", default=3)
# Seconds the staff ticket screen's similar tickets and matching articles are kept, per
# ticket, title and reach (0: searched on every view). See helpdesk/similar.py.
GUICHET_SIMILAR_CACHE_SECONDS = env.int("GUICHET_SIMILAR_CACHE_SECONDS", default=300)

# Seconds the bodies of the staff ticket screen and queue pages are kept as HTML between two
# changes (0: rendered on every view). Data changes show at once; a renamed person or a chain
# change made in another process shows after this delay with a per-process cache.
# See helpdesk/admin_views/screen_cache.py.
GUICHET_SCREEN_CACHE_SECONDS = env.int("GUICHET_SCREEN_CACHE_SECONDS", default=300)

# --- Background jobs ------------------------------------------------------------------------

# Immediate: jobs run in-process (development default). Production: the database backend
# ("django_tasks_db.DatabaseBackend") with `manage.py db_worker` running beside the site.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# --- Search -------------------------------------------------------------------------------

# Empty: the database engine (SQLite FTS5 / PostgreSQL full text). An URL: Elasticsearch.
SEARCH_URL = env.str("SEARCH_URL", default="")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Identity -----------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "portal.oidc.GuichetOIDCBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

OIDC_ENABLED = env.bool("OIDC_ENABLED", default=bool(env.str("OIDC_OP_ISSUER", default="")))
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", default=f"{OIDC_OP_ISSUER}/auth"
)
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default=f"{OIDC_OP_ISSUER}/token")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default=f"{OIDC_OP_ISSUER}/me")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default=f"{OIDC_OP_ISSUER}/jwks")
# Empty when the provider offers no end-session endpoint: sign-out then ends only our session.
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_OP_LOGOUT_URL_METHOD = "portal.oidc.provider_logout_url"
OIDC_STORE_ID_TOKEN = True
OIDC_USE_NONCE = True
OIDC_CREATE_USER = True
OIDC_CALLBACK_CLASS = "portal.oidc.GuichetCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/"

# Claim names: where the provider puts each piece of identity (eduPerson / SupAnn style).
OIDC_CLAIM_EMAIL = env.str("OIDC_CLAIM_EMAIL", default="email")
OIDC_CLAIM_GIVEN_NAME = env.str("OIDC_CLAIM_GIVEN_NAME", default="given_name")
OIDC_CLAIM_FAMILY_NAME = env.str("OIDC_CLAIM_FAMILY_NAME", default="family_name")
OIDC_CLAIM_ESTABLISHMENT = env.str("OIDC_CLAIM_ESTABLISHMENT", default="supannEtablissement")
OIDC_CLAIM_AFFILIATION = env.str("OIDC_CLAIM_AFFILIATION", default="eduPersonAffiliation")
OIDC_CLAIM_PRIMARY_AFFILIATION = env.str(
    "OIDC_CLAIM_PRIMARY_AFFILIATION", default="eduPersonPrimaryAffiliation"
)
OIDC_CLAIM_ENTITLEMENT = env.str("OIDC_CLAIM_ENTITLEMENT", default="eduPersonEntitlement")
# Entitlement value -> role, e.g. "urn:insa:guichet:admin-fonctionnel=functional_admin".
OIDC_ENTITLEMENT_ROLES = env.dict("OIDC_ENTITLEMENT_ROLES", default={})

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Ticket attachments live outside MEDIA_ROOT: they are served only through a checked view.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- E-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Guichet INSA <guichet@insa.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds between the attempts to send a ticket e-mail while the mail server is down (one
# retry per value, then the job gives up and logs an error).
GUICHET_MAIL_RETRY_DELAYS = env.list(
    "GUICHET_MAIL_RETRY_DELAYS", cast=int, default=[60, 300, 1800, 7200, 21600]
)

# --- Automatic steps (helpdesk/automation.py, `manage.py helpdesk_jobs`) ------------------

# Days a ticket may wait for its requester's answer before it is resolved with a note. (The
# delay before a resolved ticket closes by itself is set per brique, 7 days by default.)
GUICHET_PENDING_REQUESTER_DAYS = env.int("GUICHET_PENDING_REQUESTER_DAYS", default=14)

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Guichet"
# The public address (scheme, host, any path prefix): links in e-mails are built from it, as
# a background job has no request, and a request behind a proxy cannot be trusted to say it.
GUICHET_BASE_URL = env.str("GUICHET_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_BASE_URL = GUICHET_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

VIEWFLOW = {"AUTOREGISTER": False}

# --- Security -----------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, each row naming its person: a signed-in request reads session
# and person in one query (portal/sessions.py).
SESSION_ENGINE = "portal.sessions"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# The origins (scheme://host[:port], comma-separated) whose pages may include the help widget
# (/widget.js): they alone may frame its panel (CSP frame-ancestors) and read the public API
# from a browser (CORS). Nothing else may frame the site.
GUICHET_WIDGET_ORIGINS = env.list("GUICHET_WIDGET_ORIGINS", default=[])
# django-cors-headers: which paths it looks at; widget/framing.py decides which origins.
CORS_URLS_REGEX = r"^/api/v1/(articles|briques)/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.bool("DJANGO_USE_X_FORWARDED_HOST", default=True)
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole domain to HTTPS in browsers: the operator opts in
        # with DJANGO_SECURE_HSTS_PRELOAD; until then its deploy warning is expected.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every page publish runs index tasks; their start/end lines drown useful output.
        "django_tasks": {"level": "WARNING"},
    },
}

# --- REST API (/api/v1/, portal/api/) -------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.ApiTokenAuthentication",  # Authorization: Token <secret>
        "portal.api.authentication.OIDCBearerAuthentication",  # Authorization: Bearer <OIDC>
        "rest_framework.authentication.SessionAuthentication",  # the site itself, with CSRF
    ],
    # An endpoint open to anonymous readers says so itself (the briques and their status).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "portal.api.permissions.TokenScope",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "portal.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("GUICHET_API_PAGE_SIZE", default=20),
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.ApiRateThrottle"],
    # Requests per client: anonymous (by address), signed-in person, personal token.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("GUICHET_API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("GUICHET_API_THROTTLE_USER", default="600/minute"),
        "token": env.str("GUICHET_API_THROTTLE_TOKEN", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# The largest page a client may ask for with ?page_size=.
GUICHET_API_MAX_PAGE_SIZE = env.int("GUICHET_API_MAX_PAGE_SIZE", default=100)
# The largest JSON body the API reads (bytes); larger ones get 413.
GUICHET_API_MAX_JSON_BYTES = env.int("GUICHET_API_MAX_JSON_BYTES", default=1024 * 1024)

SPECTACULAR_SETTINGS = {
    "TITLE": "Guichet API",
    # One media type per request body: JSON, and multipart where an operation says so (files).
    # The API still reads form posts, but a body listed under several media types is beyond
    # client generators (openapi-python-client 0.29 emits code that does not import).
    "PARSER_WHITELIST": ["portal.api.parsers.LimitedJSONParser"],
    "DESCRIPTION": (
        "The Guichet helpdesk of Groupe INSA. Authenticate with a personal token "
        "(`Authorization: Token <secret>`, created in your profile), an OpenID Connect access "
        "token of the group's provider (`Authorization: Bearer <token>`) or the site session. "
        "Every error has the same body: `status`, `code`, `message` and, for 400, `fields`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Only our API: Wagtail's own admin API would otherwise add paths (and warnings).
    "PREPROCESSING_HOOKS": ["portal.api.schema.only_guichet_api"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One name per choice set that several fields share (status, from/to status...).
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "helpdesk.models.choices.TicketStatus",
        "TicketKindEnum": "helpdesk.models.choices.TicketKind",
        "TicketActionEnum": "helpdesk.models.choices.TicketAction",
        "PendingReasonEnum": "helpdesk.models.choices.PendingReason",
        "ImpactEnum": "helpdesk.models.choices.Impact",
        "UrgencyEnum": "helpdesk.models.choices.Urgency",
        "AffectedWordEnum": "helpdesk.api.serializers.AFFECTED_CHOICES",
        "UrgencyWordEnum": "helpdesk.api.serializers.URGENCY_CHOICES",
        "BriqueStatusEnum": "portal.models.BriqueStatus",
        "ProblemStatusEnum": "helpdesk.models.problems.ProblemStatus",
        "ProblemActionEnum": "helpdesk.models.problems.ProblemAction",
        "ReportValueKindEnum": "helpdesk.api.reports.KINDS",
    },
}

# --- Tickets ------------------------------------------------------------------------------

GUICHET_ATTACHMENT_MAX_BYTES = env.int("GUICHET_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
GUICHET_ATTACHMENT_MAX_FILES = env.int("GUICHET_ATTACHMENT_MAX_FILES", default=5)
