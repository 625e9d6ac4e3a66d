"""State changes of roles: groups, their permissions, and membership derived from chains."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from ..models import BriquePage, ChainMember, ChainRole, User
from ..roles import GROUP_NAMES, PAGE_PERMISSIONS, PERMISSIONS, Role

CHAIN_ROLE_TO_ROLE = {ChainRole.MODERATOR: Role.MODERATOR, ChainRole.TECHNICIAN: Role.TECHNICIAN}


def role_group(role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
    return group


def _permissions(names: Iterable[str]) -> list[Permission]:
    wanted = [name.split(".", 1) for name in names]
    query = Q(pk__in=[])
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


@transaction.atomic
def ensure_role_groups() -> None:
    """Create the role groups with their permissions. Idempotent: runs after every migrate."""
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    for role in Role:
        group = role_group(role)
        group.permissions.add(*_permissions(PERMISSIONS.get(role, [])))
        if root is None:
            continue
        for codename in PAGE_PERMISSIONS.get(role, []):
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )


def user_roles(user: User) -> set[str]:
    names = set(user.groups.values_list("name", flat=True))
    return {role for role, name in GROUP_NAMES.items() if name in names}


def grant_role(user: User, role: str) -> None:
    user.groups.add(role_group(role))


def revoke_role(user: User, role: str) -> None:
    user.groups.remove(role_group(role))


def sync_chain_roles(user: User) -> None:
    """Give `user` the moderator/technician groups exactly when a live brique's chain names
    them in that role."""
    live_roles = set(
        ChainMember.objects.filter(user=user, brique__live=True).values_list("role", flat=True)
    )
    for chain_role, role in CHAIN_ROLE_TO_ROLE.items():
        if chain_role in live_roles:
            grant_role(user, role)
        else:
            revoke_role(user, role)


def sync_chain_roles_for_brique(brique: BriquePage) -> None:
    """After a brique's chain changed: resync everyone who is or was a moderator/technician."""
    group_names = [GROUP_NAMES[role] for role in CHAIN_ROLE_TO_ROLE.values()]
    users = User.objects.filter(
        Q(chain_memberships__brique=brique) | Q(groups__name__in=group_names)
    ).distinct()
    for user in users:
        sync_chain_roles(user)


def sync_owner_role(user: User) -> None:
    """Give `user` the brique owners' group exactly when they own a live brique."""
    if BriquePage.objects.filter(brique_owner=user, live=True).exists():
        grant_role(user, Role.BRIQUE_OWNER)
    else:
        revoke_role(user, Role.BRIQUE_OWNER)


def sync_owner_roles_for_brique(brique: BriquePage) -> None:
    """After a brique was published or unpublished: resync its owner and every current member
    of the owners' group (the previous owner is among them)."""
    users = User.objects.filter(
        Q(pk=brique.brique_owner_id) | Q(groups__name=GROUP_NAMES[Role.BRIQUE_OWNER])
    ).distinct()
    for user in users:
        sync_owner_role(user)


# --- local roles: page permissions over each brique's knowledge base ---------------------------

WRITE_PERMISSIONS = ["add_page", "change_page"]
PUBLISH_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def _local_group(brique: BriquePage, purpose: str, codenames: list[str]) -> Group:
    """A group whose page permissions cover the brique page and its articles only."""
    from wagtail.models import GroupPagePermission

    label = {"write": "rédaction", "publish": "publication"}[purpose]
    group, _ = Group.objects.get_or_create(name=f"Brique {brique.pk} · {label} des fiches")
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=brique, permission=permission)
    return group


def _approval_workflow(brique: BriquePage, approvers: Group) -> None:
    """Articles written by technicians who may not publish go to the brique's moderators."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    task, created = GroupApprovalTask.objects.get_or_create(
        name=f"Validation des fiches · brique {brique.pk}"
    )
    if created:
        task.groups.add(approvers)
    workflow, created = Workflow.objects.get_or_create(
        name=f"Validation des fiches · brique {brique.pk}"
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=brique, defaults={"workflow": workflow})


@transaction.atomic
def sync_brique_local_roles(brique: BriquePage) -> None:
    """Page permissions over a brique's subtree follow its live chain, like local roles:
    every moderator and technician writes articles there; moderators and technicians given the
    right publish them, the others submit them to the moderators' approval workflow."""
    writers = _local_group(brique, "write", WRITE_PERMISSIONS)
    publishers = _local_group(brique, "publish", PUBLISH_PERMISSIONS)
    members = (
        ChainMember.objects.filter(brique=brique) if brique.live else ChainMember.objects.none()
    )
    writer_ids = set(members.values_list("user_id", flat=True))
    publisher_ids = set(
        members.filter(Q(role=ChainRole.MODERATOR) | Q(can_publish=True)).values_list(
            "user_id", flat=True
        )
    )
    writers.user_set.set(User.objects.filter(pk__in=writer_ids))
    publishers.user_set.set(User.objects.filter(pk__in=publisher_ids))
    _approval_workflow(brique, publishers)
