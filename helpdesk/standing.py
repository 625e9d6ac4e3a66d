"""A person's standing in the helpdesk, kept between requests with their permissions
(portal/access.py): their entries in live chains and the briques they own. Every staff page
reads both (menus, queues, visibility); they change only when a chain entry or a brique
changes, which renews the access stamp of everyone concerned."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.signals import page_published, page_unpublished

from portal.access import register_source, renew_stamps
from portal.models import BriquePage, ChainMember

from .models.querysets import REQUEST_CACHE, chain_entries_from_db, owned_briques_from_db


def _collect(user) -> dict:
    return {"chain": chain_entries_from_db(user), "owned": owned_briques_from_db(user)}


def _apply(user, kept: dict) -> None:
    cache = getattr(user, REQUEST_CACHE, None)
    if cache is None:
        cache = {}
        setattr(user, REQUEST_CACHE, cache)
    for key, value in kept.items():
        cache.setdefault(key, value)


def _chain_people(brique_id: int):
    return ChainMember.objects.filter(brique_id=brique_id).values("user_id")


def _chain_member_before(sender, instance: ChainMember, **kwargs) -> None:
    # The person an existing entry named before this save loses it.
    if instance.pk:
        previous = ChainMember.objects.filter(pk=instance.pk).values_list("user_id", flat=True)
        renew_stamps(list(previous))


def _chain_member_changed(sender, instance: ChainMember, **kwargs) -> None:
    renew_stamps([instance.user_id])


def _brique_before(sender, instance: BriquePage, **kwargs) -> None:
    if instance.pk:
        previous = BriquePage.objects.filter(pk=instance.pk).values_list(
            "brique_owner_id", flat=True
        )
        renew_stamps(list(previous))


def _brique_changed(sender, instance, **kwargs) -> None:
    """Saved, published, unpublished or deleted: whether its chain counts (live) and who owns
    it may have changed."""
    renew_stamps(_chain_people(instance.pk))
    renew_stamps([getattr(instance, "brique_owner_id", None)])


def connect() -> None:
    register_source("helpdesk", _collect, _apply)
    pre_save.connect(_chain_member_before, sender=ChainMember, dispatch_uid="standing_cm_pre")
    post_save.connect(_chain_member_changed, sender=ChainMember, dispatch_uid="standing_cm_save")
    post_delete.connect(_chain_member_changed, sender=ChainMember, dispatch_uid="standing_cm_del")
    pre_save.connect(_brique_before, sender=BriquePage, dispatch_uid="standing_brique_pre")
    post_save.connect(_brique_changed, sender=BriquePage, dispatch_uid="standing_brique_save")
    pre_delete.connect(_brique_changed, sender=BriquePage, dispatch_uid="standing_brique_del")
    page_published.connect(_brique_changed, sender=BriquePage, dispatch_uid="standing_brique_pub")
    page_unpublished.connect(
        _brique_changed, sender=BriquePage, dispatch_uid="standing_brique_unpub"
    )
