"""What a person may do, read once and kept between requests: their permissions, groups,
Wagtail profile and what the apps add (the helpdesk: their chain entries and briques owned).

Every admin page asks these before showing anything (Wagtail's access check, the admin's
theme and language, the ticket menus): six queries that rarely change from one request to the
next. `AuthenticationMiddleware` hands each request a user whose answers come from the cache,
keyed by the person and their **access stamp**, a random value stored on the user row (read
with the user on every request anyway) and replaced whenever one of these answers may change:

- their groups or own permissions change, or a group's permissions, name or existence;
- their Wagtail profile is saved (theme, language, time zone);
- what the apps declare through `ACCESS_SOURCES` (the helpdesk: a chain entry is added,
  changed or removed; a brique is saved, published or unpublished, which decides whether its
  chain counts and who owns it).

Each process may keep its own copy (a local-memory cache): a changed stamp names a new key,
so no process can serve an outdated copy after the change is committed. Changes that bypass
Django's signals (raw SQL, `QuerySet.update()` on these tables) are seen when the copy expires
(`GUICHET_ACCESS_CACHE_SECONDS`, 300 s by default; 0 turns the cache off).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from portal.sessions import cached_signed_in_user

_PRIMED = "_guichet_access_primed"

# name -> (collect(user) -> picklable value, apply(user, value)): what the apps keep per person.
ACCESS_SOURCES: dict[str, tuple[Callable, Callable]] = {}


def register_source(name: str, collect: Callable, apply: Callable) -> None:
    ACCESS_SOURCES[name] = (collect, apply)


def new_stamp() -> str:
    return secrets.token_hex(8)


def renew_stamps(user_ids: Iterable[int] | QuerySet | None = None) -> None:
    """Give these people (ids, or a query of ids; everyone when None) a new access stamp:
    their kept answers are then read again on their next request, in every process."""
    users = get_user_model()._base_manager
    if user_ids is None:
        users.update(access_stamp=new_stamp())
        return
    if not isinstance(user_ids, QuerySet):
        user_ids = {pk for pk in user_ids if pk is not None}
        if not user_ids:
            return
    users.filter(pk__in=user_ids).update(access_stamp=new_stamp())


# --- what is kept ----------------------------------------------------------------------------


def _profile_descriptor():
    return getattr(get_user_model(), "wagtail_userprofile", None)


def _collect(user) -> dict:
    backend = ModelBackend()
    data: dict = {}
    if not user.is_superuser:
        # A superuser's permission checks never read them (Django answers yes first).
        data["user_perms"] = set(backend.get_user_permissions(user))
        data["group_perms"] = set(backend.get_group_permissions(user))
    data["groups"] = list(user.groups.all())
    descriptor = _profile_descriptor()
    if descriptor is not None:
        data["profile"] = getattr(user, "wagtail_userprofile", None)
    for name, (collect, _apply) in ACCESS_SOURCES.items():
        data[name] = collect(user)
    return data


def _apply(user, data: dict) -> None:
    if "user_perms" in data:
        user._user_perm_cache = data["user_perms"]
        user._group_perm_cache = data["group_perms"]
        user._perm_cache = data["user_perms"] | data["group_perms"]
    groups = user.groups.all()
    groups._result_cache = data["groups"]
    groups._prefetch_done = True
    user._prefetched_objects_cache = {**getattr(user, "_prefetched_objects_cache", {})}
    user._prefetched_objects_cache[user.groups.prefetch_cache_name] = groups
    descriptor = _profile_descriptor()
    if descriptor is not None and "profile" in data:
        descriptor.related.set_cached_value(user, data["profile"])
    for name, source in ACCESS_SOURCES.items():
        if name in data:
            source[1](user, data[name])


def prime(user):
    """Give `user` (the request's) their kept answers, reading them once when none are kept
    under their current stamp. Returns the user."""
    seconds = settings.GUICHET_ACCESS_CACHE_SECONDS
    if (
        not seconds
        or not getattr(user, "is_authenticated", False)
        or not user.is_active
        or getattr(user, _PRIMED, False)
    ):
        return user
    key = f"guichet-access:{user.pk}:{user.access_stamp}"
    data = cache.get(key)
    if data is None:
        data = _collect(user)
        cache.set(key, data, seconds)
    _apply(user, data)
    setattr(user, _PRIMED, True)
    return user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with the request's user primed from the cache (still loaded lazily: a page
    that never asks who is signed in reads neither the session nor the user)."""

    def process_request(self, request):
        super().process_request(request)  # Django's checks and `auser`
        # The person comes with the session row (portal/sessions.py): one query, not two.
        get_user = partial(cached_signed_in_user, request)
        # The admin only: a site page that never asks for permissions must not pay for
        # reading them all on a person's first request.
        if request.path_info.startswith(ADMIN_PREFIX):
            request.user = SimpleLazyObject(lambda: prime(get_user()))
        else:
            request.user = SimpleLazyObject(get_user)


ADMIN_PREFIX = "/admin/"


# --- when the stamp changes ------------------------------------------------------------------


def _members_of(groups) -> QuerySet:
    return get_user_model()._base_manager.filter(groups__in=groups).values("pk")


def _user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """user.groups.add/remove/set/clear, or group.user_set.…"""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        renew_stamps([instance.pk])
    elif action == "pre_clear":
        renew_stamps(_members_of([instance.pk]))
    else:
        renew_stamps(pk_set)


def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """user.user_permissions.…, or permission.user_set.…"""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        renew_stamps([instance.pk])
    elif action == "pre_clear":
        renew_stamps(get_user_model()._base_manager.filter(user_permissions=instance).values("pk"))
    else:
        renew_stamps(pk_set)


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """group.permissions.…, or permission.group_set.…"""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        renew_stamps(_members_of([instance.pk]))
    elif action == "pre_clear":
        renew_stamps(_members_of(instance.group_set.values("pk")))
    elif pk_set:
        renew_stamps(_members_of(pk_set))


def _group_saved_or_deleted(sender, instance, created=False, **kwargs) -> None:
    # A group's name decides some standings (the helpdesk admins); a deleted group's members
    # lose its permissions.
    if not created:
        renew_stamps(_members_of([instance.pk]))


def _permission_deleted(sender, instance, **kwargs) -> None:
    renew_stamps()


def _profile_changed(sender, instance, **kwargs) -> None:
    renew_stamps([instance.user_id])


def connect_signals() -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
    from wagtail.users.models import UserProfile

    User = get_user_model()
    m2m_changed.connect(
        _user_groups_changed, sender=User.groups.through, dispatch_uid="access_user_groups"
    )
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="access_user_permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="access_group_permissions",
    )
    post_save.connect(_group_saved_or_deleted, sender=Group, dispatch_uid="access_group_saved")
    pre_delete.connect(_group_saved_or_deleted, sender=Group, dispatch_uid="access_group_deleted")
    pre_delete.connect(_permission_deleted, sender=Permission, dispatch_uid="access_perm_deleted")
    post_save.connect(_profile_changed, sender=UserProfile, dispatch_uid="access_profile_saved")
    post_delete.connect(_profile_changed, sender=UserProfile, dispatch_uid="access_profile_gone")
