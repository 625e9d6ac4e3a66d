"""The read-only "Libre-service" report in the back-office: admins only, bounded queries."""

import pytest
from django.urls import reverse

from knowledge import deflection
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db
URL = reverse("knowledge_self_service")


def test_admins_see_rates_and_attempts(client, django_assert_max_num_queries):
    desk = make_desk()
    for number in range(3):
        attempt = deflection.start(desk.requester, desk.brique)
        deflection.record_offered(attempt, f"mot de passe {number}", 2)
        if number == 0:
            deflection.record_solved(attempt)
        if number == 1:
            deflection.record_submitted(attempt, submit(desk))
    client.force_login(desk.admin)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "mot de passe 2" in content and "33 %" in content
    assert response.context["by_brique"][0].attempts == 3
    for _extra in range(10):
        deflection.record_offered(deflection.start(desk.requester, desk.brique), "vidéo", 1)
    with django_assert_max_num_queries(40):
        assert client.get(URL).status_code == 200


def test_others_get_404_and_no_menu(client):
    desk = make_desk()
    for person in (desk.moderator, desk.technician):
        client.force_login(person)
        assert client.get(URL).status_code == 404
        assert URL not in client.get("/admin/").content.decode()
    client.force_login(desk.admin)
    assert URL in client.get("/admin/").content.decode()
