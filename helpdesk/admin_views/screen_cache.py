"""Staff screens kept as rendered HTML until what they show changes.

Staff open the same ticket screen and the same queue page again and again between two changes
(after each action, on each return from a ticket), and building them is most of what those
pages cost (benchmarks/README.md). So the body of a ticket screen and of a queue page is kept
in the cache under a key that names everything it shows:

- **the data**: for a ticket, its version, last change and linked problem (every service
  bumps the first two; the service-level timers, which only add history, bump the last
  change); for a queue, a
  *fingerprint* of the rows its filters select (their number, the sums of their ids and
  versions, their latest change), one aggregate that replaces the paginator's count;
- **the reader**: the person, their access stamp (roles, groups, chain entries, Wagtail
  profile and time zone: `portal.access`), the language;
- **the directory**: a generation renewed whenever a person's name, a chain entry, a
  provider, a brique, a category or a school is saved or deleted (the names and dropdowns
  the bodies show);
- **the clock**: a body that shows service-level states is kept only until the first instant
  where one of them would change (`helpdesk.sla.state.next_change`); the ticket screen's also
  no longer than its similar tickets are (`GUICHET_SIMILAR_CACHE_SECONDS`).

What differs from one request to the next stays out of the kept HTML: the form token (a slot
filled on the way out) and the panels rendered live into it (a linked problem, which changes
on its own; the knowledge base of a resolved or closed ticket).

With a local-memory cache each process keeps its own copies and its own directory generation:
data changes are still seen at once (the key reads them from the database), a renamed person
or a chain change made in another process shows after `GUICHET_SCREEN_CACHE_SECONDS` (300 s by
default, 0 turns the cache off). A shared cache (`CACHE_URL=redis://…`) shows them at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.access import new_stamp

# The form token of a kept body: its templates render `{% csrf_token %}` with this value
# (`csrf_token` in their context), and each request puts its own in (`with_form_token`).
FORM_TOKEN_SLOT = "guichet-form-token-slot"
_DIRECTORY_KEY = "helpdesk:screen-directory"
_KEY = "helpdesk:screen:"


def seconds() -> int:
    return getattr(settings, "GUICHET_SCREEN_CACHE_SECONDS", 300)


def directory_generation() -> str:
    generation = cache.get(_DIRECTORY_KEY)
    if generation is None:
        cache.add(_DIRECTORY_KEY, new_stamp(), None)
        generation = cache.get(_DIRECTORY_KEY) or ""
    return generation


def renew_directory(**kwargs) -> None:
    """Signal receiver: a name or a dropdown list that kept bodies show may have changed."""
    cache.set(_DIRECTORY_KEY, new_stamp(), None)


# What kept bodies show of a person: their name (username, first and last names), e-mail,
# and whether they are active (the assignee dropdowns). Sign-ins save the person too.
_SHOWN_USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def _shown(person) -> tuple:
    # From the instance's dict: a person loaded with deferred fields must not load them here.
    return tuple(person.__dict__.get(name) for name in _SHOWN_USER_FIELDS)


def person_loaded(instance, **kwargs) -> None:
    instance._shown_in_screens = _shown(instance)


def person_saved(instance, **kwargs) -> None:
    """Renew the directory only when something kept bodies show of the person changed: a
    sign-in (which saves the person) leaves every kept screen valid."""
    shown = _shown(instance)
    if getattr(instance, "_shown_in_screens", None) != shown:
        renew_directory()
    instance._shown_in_screens = shown


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_init, post_save

    from portal.models import (
        BriquePage,
        BriqueProvider,
        Category,
        ChainMember,
        Establishment,
        Provider,
    )

    user = get_user_model()
    post_init.connect(person_loaded, sender=user, dispatch_uid="screen_person_loaded")
    post_save.connect(person_saved, sender=user, dispatch_uid="screen_person_saved")
    post_delete.connect(renew_directory, sender=user, dispatch_uid="screen_person_gone")
    for model in (ChainMember, Provider, BriqueProvider, BriquePage, Category, Establishment):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                renew_directory, sender=model, dispatch_uid=f"screen_{model.__name__}_{name}"
            )


def reader_parts(request) -> tuple:
    user = request.user
    return (user.pk, getattr(user, "access_stamp", ""), get_language())


def kept_body(parts: tuple, build: Callable[[], tuple[str, datetime | None]]) -> str:
    """The HTML `build` renders for `parts`, from the cache while it is valid. `build` answers
    the HTML and the instant it stops being true on its own (None: only a change ends it)."""
    lifetime = seconds()
    if not lifetime:
        return build()[0]
    named = repr((*parts, directory_generation())).encode()
    key = _KEY + hashlib.sha256(named).hexdigest()
    now = timezone.now()
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or now < kept[1]):
        return kept[0]
    html, until = build()
    timeout = lifetime
    if until is not None:
        timeout = max(1, min(lifetime, int((until - now).total_seconds()) + 1))
    cache.set(key, (str(html), until), timeout)
    return html


def with_form_token(html: str, token: str, **slots: str) -> SafeString:
    """The kept body with this request's form token (`get_token(request)`: letters and
    digits), and the live parts in their slots (`slot(name)` in the template)."""
    html = html.replace(FORM_TOKEN_SLOT, token)
    for name, value in slots.items():
        html = html.replace(slot(name), value)
    # The kept body and the live parts are HTML rendered by templates; the token is letters.
    return mark_safe(html)


def slot(name: str) -> str:
    return f"<!--guichet:slot:{name}-->"
