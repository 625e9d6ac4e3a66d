"""Each person's permissions, groups, profile and standing in the chains are kept between
requests (portal/access.py), under an access stamp that every change renews: an admin page
then asks the database only for the session and the person, and a change shows at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.access import renew_stamps
from portal.models import ChainMember, ChainRole, User
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk

pytestmark = pytest.mark.django_db

QUEUE = "/admin/tickets/queue/team/"


def _stamp(user) -> str:
    return User.objects.values_list("access_stamp", flat=True).get(pk=user.pk)


def _admin_group():
    group = Group.objects.create(name="Lecteurs de l'admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def test_a_second_admin_page_reads_only_the_session_and_the_person(client, settings):
    desk = make_desk("Moodle")
    client.force_login(desk.technician)
    assert client.get(QUEUE).status_code == 200
    with CaptureQueriesContext(connection) as kept:
        client.get(QUEUE)
    settings.GUICHET_ACCESS_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as fresh:
        client.get(QUEUE)
    # The table each query reads first.
    tables = {query["sql"].split(" FROM ", 1)[1].split()[0] for query in kept.captured_queries}
    for table in ("auth_permission", "auth_group", "portal_chainmember", "portal_briquepage"):
        assert f'"{table}"' not in tables
    assert '"wagtailusers_userprofile"' not in tables
    # Permissions (2), groups, profile, chain entries, briques owned.
    assert len(fresh.captured_queries) - len(kept.captured_queries) == 6


def test_a_group_given_or_taken_shows_on_the_next_request(client):
    person = UserFactory()
    client.force_login(person)
    assert client.get("/admin/").status_code == 302
    group = _admin_group()
    group.user_set.add(person)
    assert client.get("/admin/").status_code == 200
    person.groups.remove(group)
    assert client.get("/admin/").status_code == 302
    person.groups.add(group)
    assert client.get("/admin/").status_code == 200
    group.user_set.clear()
    assert client.get("/admin/").status_code == 302


def test_a_permission_given_to_or_taken_from_a_group_shows_on_the_next_request(client):
    person = UserFactory()
    group = Group.objects.create(name="Sans accès")
    person.groups.add(group)
    client.force_login(person)
    assert client.get("/admin/").status_code == 302
    access = Permission.objects.get(codename="access_admin")
    group.permissions.add(access)
    assert client.get("/admin/").status_code == 200
    access.group_set.remove(group)
    assert client.get("/admin/").status_code == 302
    person.user_permissions.add(access)
    assert client.get("/admin/").status_code == 200
    group.delete()
    person.user_permissions.clear()
    assert client.get("/admin/").status_code == 302


def test_a_chain_entry_removed_hides_the_queues_at_once(client):
    desk = make_desk("Moodle")
    client.force_login(desk.technician)
    assert client.get(QUEUE).status_code == 200
    ChainMember.objects.filter(user=desk.technician).delete()
    assert client.get(QUEUE).status_code == 404


def test_an_unpublished_brique_no_longer_counts(client):
    desk = make_desk("Moodle")
    client.force_login(desk.technician)
    before = _stamp(desk.technician)
    desk.brique.unpublish()
    assert _stamp(desk.technician) != before
    # Unpublishing also takes the technician group away: no admin at all, then.
    assert client.get(QUEUE).status_code in (302, 404)


def test_a_chain_entry_moved_to_someone_else_renews_both(client):
    desk = make_desk("Moodle")
    entry = ChainMember.objects.get(user=desk.technician, role=ChainRole.TECHNICIAN)
    before = _stamp(desk.technician), _stamp(desk.outsider)
    entry.user = desk.outsider
    entry.save()
    after = _stamp(desk.technician), _stamp(desk.outsider)
    assert before[0] != after[0] and before[1] != after[1]


def test_saving_a_person_keeps_a_stamp_renewed_meanwhile():
    person = UserFactory()
    loaded = User.objects.get(pk=person.pk)
    renew_stamps([person.pk])
    renewed = _stamp(person)
    loaded.first_name = "Camille"
    loaded.save()
    assert _stamp(person) == renewed
    assert User.objects.get(pk=person.pk).first_name == "Camille"


def test_a_new_person_and_one_saved_from_a_partial_load_save_normally():
    person = User(username="nouveau")
    person.save()
    assert _stamp(person)
    partial = User.objects.only("pk", "last_name").get(pk=person.pk)
    partial.last_name = "Martin"
    partial.save()
    assert User.objects.get(pk=person.pk).last_name == "Martin"
