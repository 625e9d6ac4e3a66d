"""Roles: the groups and their permissions, and how being named in a brique's chain makes
someone a moderator or a technician."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from portal.models import BriquePage, ChainMember, ChainRole
from portal.roles import GROUP_NAMES, PAGE_PERMISSIONS, PERMISSIONS, Role
from portal.services.roles import ensure_role_groups, grant_role, user_roles
from tests.factories import (
    EstablishmentFactory,
    UserFactory,
    add_to_chain,
    brique_index,
    make_brique,
)

pytestmark = pytest.mark.django_db


def permission_names(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_ensure_role_groups_is_idempotent():
    ensure_role_groups()
    counts = (
        Group.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
        GroupPagePermission.objects.count(),
    )
    ensure_role_groups()
    assert counts == (
        Group.objects.count(),
        Permission.objects.filter(group__isnull=False).count(),
        GroupPagePermission.objects.count(),
    )


@pytest.mark.parametrize("role", list(Role))
def test_each_role_group_has_its_permissions(role):
    ensure_role_groups()
    group = Group.objects.get(name=GROUP_NAMES[role])
    assert set(PERMISSIONS[role]) <= permission_names(group)


def test_functional_admins_may_edit_and_publish_every_page():
    ensure_role_groups()
    group = Group.objects.get(name=GROUP_NAMES[Role.FUNCTIONAL_ADMIN])
    root = Page.get_first_root_node()
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert set(PAGE_PERMISSIONS[Role.FUNCTIONAL_ADMIN]) <= codenames


def test_publishing_a_chain_makes_its_people_moderator_and_technician():
    moderator, technician = UserFactory(), UserFactory()
    brique = make_brique("Moodle")
    assert user_roles(moderator) == set()
    add_to_chain(brique, moderator, ChainRole.MODERATOR)
    add_to_chain(brique, technician, ChainRole.TECHNICIAN)
    assert user_roles(moderator) == {Role.MODERATOR}
    assert user_roles(technician) == {Role.TECHNICIAN}


def test_a_draft_chain_gives_no_role_until_published():
    technician = UserFactory()
    brique = make_brique("Moodle")
    brique.chain.add(ChainMember(user=technician, role=ChainRole.TECHNICIAN))
    brique.save_revision()
    assert user_roles(technician) == set()
    brique.get_latest_revision().publish()
    assert user_roles(technician) == {Role.TECHNICIAN}


def remove_from_chain(brique: BriquePage, user) -> None:
    """Remove `user` from the chain and publish, as an editor does on the page."""
    page = BriquePage.objects.get(pk=brique.pk)
    page.chain = [member for member in page.chain.all() if member.user_id != user.pk]
    page.save_revision().publish()


def test_removing_someone_from_the_chain_and_republishing_removes_their_role():
    technician = UserFactory()
    brique = add_to_chain(make_brique("Moodle"), technician)
    remove_from_chain(brique, technician)
    assert not ChainMember.objects.filter(user=technician).exists()
    assert user_roles(technician) == set()


def test_someone_in_two_chains_keeps_the_role_while_one_remains():
    technician = UserFactory()
    moodle = add_to_chain(make_brique("Moodle"), technician)
    add_to_chain(make_brique("Scenari"), technician)
    remove_from_chain(moodle, technician)
    assert user_roles(technician) == {Role.TECHNICIAN}


def test_unpublishing_a_brique_removes_the_roles_it_gave():
    moderator = UserFactory()
    brique = add_to_chain(make_brique("Moodle"), moderator, ChainRole.MODERATOR)
    brique.unpublish()
    assert user_roles(moderator) == set()


def test_a_per_school_technician_gets_the_role_too():
    technician = UserFactory()
    add_to_chain(make_brique("Moodle"), technician, establishment=EstablishmentFactory())
    assert user_roles(technician) == {Role.TECHNICIAN}


def name_owner(brique: BriquePage, owner) -> None:
    """Name `owner` on the brique page and publish, as a functional admin does."""
    page = BriquePage.objects.get(pk=brique.pk)
    page.brique_owner = owner
    page.save_revision().publish()


def test_owning_a_published_brique_opens_the_back_office_and_only_that(client):
    owner = UserFactory()
    brique = make_brique("Moodle")
    client.force_login(owner)
    assert client.get("/admin/").status_code == 302  # a requester has no back-office
    name_owner(brique, owner)
    assert user_roles(owner) == {Role.BRIQUE_OWNER}
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/tickets/rapports/").status_code == 200
    assert client.get(f"/admin/pages/{brique.pk}/edit/").status_code in (302, 403)


def test_handing_a_brique_to_someone_else_moves_the_owner_role():
    first, second = UserFactory(), UserFactory()
    brique = make_brique("Moodle")
    name_owner(brique, first)
    name_owner(brique, second)
    assert user_roles(first) == set()
    assert user_roles(second) == {Role.BRIQUE_OWNER}


def test_an_owner_of_two_briques_keeps_the_role_while_one_is_live():
    owner = UserFactory()
    moodle, scenari = make_brique("Moodle"), make_brique("Scenari")
    name_owner(moodle, owner)
    name_owner(scenari, owner)
    BriquePage.objects.get(pk=moodle.pk).unpublish()
    assert user_roles(owner) == {Role.BRIQUE_OWNER}
    BriquePage.objects.get(pk=scenari.pk).unpublish()
    assert user_roles(owner) == set()


def test_functional_admin_can_edit_and_add_brique_pages(client):
    ensure_role_groups()
    editor = UserFactory()
    grant_role(editor, Role.FUNCTIONAL_ADMIN)
    brique = make_brique("Moodle")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{brique.pk}/edit/").status_code == 200
    index = brique_index()
    add_url = f"/admin/pages/add/portal/briquepage/{index.pk}/"
    assert client.get(add_url).status_code == 200


def test_moderator_and_technician_reach_the_back_office(client):
    moderator = UserFactory()
    add_to_chain(make_brique("Moodle"), moderator, ChainRole.MODERATOR)
    client.force_login(moderator)
    assert client.get("/admin/").status_code == 200


def test_a_moderator_cannot_edit_brique_pages(client):
    moderator = UserFactory()
    brique = add_to_chain(make_brique("Moodle"), moderator, ChainRole.MODERATOR)
    client.force_login(moderator)
    response = client.get(f"/admin/pages/{brique.pk}/edit/")
    assert response.status_code in (302, 403)


def test_a_requester_never_sees_the_admin(client):
    requester = UserFactory()
    client.force_login(requester)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" not in response.url or "login" in response.url
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response.url
