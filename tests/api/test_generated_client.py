"""A client generated from the API's published OpenAPI schema works: openapi-python-client
builds a typed Python package from /api/v1/schema/ of a live server, without a warning, and
that package files a ticket as a requester, follows it, and qualifies it and reads the report
figures as staff, every answer parsed into the schema's types (errors into its Error body).

This is the "a client generated from the schema works" check of the API issue: a path, a
parameter or a body the schema misdescribes either stops the generation or fails here."""

import importlib
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from helpdesk.models import Ticket, TicketStatus
from portal.models import ApiTokenScope
from portal.services.api_tokens import create_api_token
from tests.helpdesk.factories import make_desk

pytestmark = pytest.mark.django_db(transaction=True)

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "guichet_generated_client"


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch):
    """The client package generated from the live server's schema, imported."""
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as response:
        schema = json.load(response)
    source = tmp_path / "schema.json"
    source.write_text(json.dumps(schema))
    command = [str(GENERATOR), "generate", "--path", str(source)]
    command += ["--output-path", str(tmp_path / PACKAGE), "--meta", "none"]
    # The generator formats its output with ruff (a development dependency): found on PATH.
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE), live_server.url


def _module(package, name: str):
    return importlib.import_module(f"{package.__name__}.{name}")


def test_a_generated_client_files_follows_and_qualifies_a_ticket(generated):
    package, base_url = generated
    desk = make_desk()
    secrets = {
        person: create_api_token(person, "Client généré", ApiTokenScope.READ_WRITE)[1]
        for person in (desk.requester, desk.moderator)
    }

    def client(person):
        return package.AuthenticatedClient(base_url=base_url, token=secrets[person], prefix="Token")

    def api(name: str):
        return _module(package, f"api.{name}")

    models = _module(package, "models")
    requester, moderator = client(desk.requester), client(desk.moderator)

    briques = api("briques.briques_list").sync(client=requester)
    assert isinstance(briques, models.PaginatedBriqueList)
    assert desk.brique.pk in [brique.id for brique in briques.results]

    filed = api("tickets.tickets_create").sync(
        client=requester,
        body=models.TicketCreateRequest(
            brique=desk.brique.pk,
            kind=models.TicketKindEnum.INCIDENT,
            title="Dépôt de devoir impossible",
            description="Le bouton reste grisé.",
            affected=models.AffectedWordEnum.PERSON,
            urgency=models.UrgencyWordEnum.HIGH,
        ),
    )
    assert isinstance(filed, models.TicketDetail), filed
    assert Ticket.objects.get(reference=filed.reference).requester == desk.requester

    mine = api("tickets.tickets_list").sync(client=requester)
    assert [ticket.reference for ticket in mine.results] == [filed.reference]
    replied = api("tickets.tickets_reply_create").sync(
        filed.reference, client=requester, body=models.ReplyRequest(body="Sous Firefox.")
    )
    assert replied.messages[-1].body == "Sous Firefox."

    new = api("staff.staff_queues_tickets_list").sync(
        models.StaffQueuesTicketsListSlug.NEW, client=moderator
    )
    assert filed.reference in [ticket.reference for ticket in new.results]
    qualified = api("staff.staff_tickets_qualify_create").sync(
        filed.reference,
        client=moderator,
        body=models.QualifyRequest(assignee=desk.technician.pk, comment="Pour Lyon."),
    )
    assert isinstance(qualified, models.StaffTicket), qualified
    assert qualified.status == models.TicketStatusEnum.ASSIGNED
    assert Ticket.objects.get(reference=filed.reference).status == TicketStatus.ASSIGNED

    report = api("staff.staff_reports_retrieve").sync(client=moderator)
    assert isinstance(report, models.Report)
    assert report.figures.created == 1

    # Errors come back as the schema's Error body, not as an exception or a raw response.
    missing = api("tickets.tickets_retrieve").sync("R-999999", client=requester)
    assert isinstance(missing, models.Error)
    assert (missing.status, missing.code) == (404, "not_found")
    refused = api("staff.staff_tickets_qualify_create").sync(
        filed.reference,
        client=moderator,
        body=models.QualifyRequest(assignee=desk.technician.pk),
    )
    assert isinstance(refused, models.Error)
    assert (refused.status, refused.code) == (409, "not_allowed_now")
