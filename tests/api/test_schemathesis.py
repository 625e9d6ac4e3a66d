"""schemathesis against the API's own OpenAPI schema, on a live server, signed in with a
personal token as a requester and as a technician (and, on the staff operations, as a
moderator, who also reads the report figures): every operation gets generated requests,
valid ones and invalid ones (wrong types, missing fields, out-of-range values), and no answer
may be a 5xx or contradict the schema (status code, content type, body).

The number of examples per operation and mode is bounded (GUICHET_SCHEMATHESIS_EXAMPLES,
10 by default) and generation is derandomized, so that the run takes about the same time in
CI each time and a failure reproduces.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from knowledge.models import Audience
from portal.models import ApiTokenScope
from portal.services.api_tokens import create_api_token
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

# A live server needs committed data (transaction=True).
pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("GUICHET_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api(live_server, settings, django_capture_on_commit_callbacks):
    """A desk with articles and a ticket; a write token for its requester and its technician;
    the schema as the live server publishes it. Throttling is raised: 429 is documented, but
    it would hide every other answer after the first minute's requests."""
    many = "1000000/minute"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": many, "user": many, "token": many},
    }
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        for audience in Audience.values:
            make_article(
                desk.brique, f"Mot de passe ({audience})", slug=audience, audience=audience
            )
        submit(desk)
    tokens = {
        role: create_api_token(user, "schemathesis", ApiTokenScope.READ_WRITE)[1]
        for role, user in (
            ("requester", desk.requester),
            ("technician", desk.technician),
            ("moderator", desk.moderator),
        )
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json")
    return live_server.url, schema, tokens


@pytest.mark.parametrize("role", ["requester", "technician", "moderator"])
def test_no_server_error_and_no_answer_against_the_schema(api, role):
    base_url, schema, tokens = api
    headers = {"Authorization": f"Token {tokens[role]}"}
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, "the schema lost its operations"
    if role == "moderator":
        operations = [op for op in operations if op.path.startswith("/api/v1/staff/")]
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                response = case.call(base_url=base_url, headers=headers, timeout=60)
                case.validate_response(response, checks=CHECKS)

            try:
                check()
            except Unsatisfiable:
                continue  # nothing to make invalid (e.g. no parameter at all): no negative case
            # schemathesis reports failures as an exception group: collect each operation's.
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001  (any failed check)
                failures.append(f"{operation.label} [{mode}]: {str(error)[:3000]}")
    assert not failures, f"{len(failures)} failing operation(s):\n\n" + "\n\n".join(failures)
