"""Functional admins edit the synonym list in the admin; the database engine honours it at
once (the Elasticsearch engine at the next rebuild, see test_elasticsearch.py)."""

import pytest
from django.urls import reverse

from portal.roles import Role
from portal.services.roles import ensure_role_groups, grant_role
from search.contract import Query, Visibility
from search.engines.database import DatabaseEngine
from search.models import Synonym
from tests.factories import UserFactory
from tests.search.conftest import article

pytestmark = pytest.mark.django_db


def test_functional_admin_adds_a_synonym_in_the_admin(client):
    ensure_role_groups()
    admin = UserFactory(username="fonctionnel", affiliation="staff")
    grant_role(admin, Role.FUNCTIONAL_ADMIN)
    client.force_login(admin)
    url = reverse("wagtailsnippets_search_synonym:add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"terms": "ENT, portail"})
    assert response.status_code == 302
    assert Synonym.objects.get().term_list == ["ENT", "portail"]

    engine = DatabaseEngine()
    engine.index(article(1, "Accéder au portail"))
    results = engine.search(Query(text="ent", visibility=Visibility()))
    assert [hit.object_id for hit in results.hits] == [1]


def test_requesters_cannot_edit_synonyms(client):
    client.force_login(UserFactory(affiliation="staff"))
    response = client.get(reverse("wagtailsnippets_search_synonym:add"))
    assert response.status_code in (302, 403)
