"""The Wagtail admin's frame, rendered once and reused: the sidebar and shortcuts dialog per
person, the style sheets, scripts, script settings and icons per language.

Wagtail builds the sidebar on every admin page: it asks each menu item of every app whether
to show it (several permission checks), packs the result to JSON and renders the keyboard
shortcuts dialog, about two thirds of the time of an empty admin page. Neither changes from
one page to the next for the same person, so `templates/wagtailadmin/base.html` renders them
through `cached_sidebar`, keyed by everything they depend on:

- the person, their language and whether their browser is a Mac (shortcut labels);
- what decides which menu items they see: the superuser flag, their permissions (read once
  per request anyway by Wagtail's admin access check), and what the apps add through the
  `guichet_admin_chrome_vary` hook (the helpdesk adds the person's standing in the
  responsibility chains, which decides the ticket queues listed);
- a short lifetime (`GUICHET_ADMIN_CHROME_SECONDS`, 120 s by default; 0 turns the cache off),
  which bounds how long a menu item newly granted in another way takes to appear.

The active menu item is chosen in the browser from the address, so one cached sidebar serves
every page.

The rest of the frame (`templates/wagtailadmin/base.html` overrides the blocks of Wagtail's
`admin_base.html` and `skeleton.html` that hold it) is the same for everyone: links to the
static files, the icon sprite, the messages' icons, and the script settings
(`wagtail_config`: its form token is put in per request, its list of content locales is read
from the database, so it follows the same lifetime). Each process keeps those in memory, per
language and keyboard-shortcuts preference. tests/portal/test_admin_chrome.py renders a page
with Wagtail's own templates and checks that ours write the same HTML.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from django import template
from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.admin.icons import get_icon_sprite_url
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.templatetags.wagtailadmin_tags import (
    icon,
    keyboard_shortcuts_dialog,
    sidebar_props,
    wagtail_config,
)

register = template.Library()

_MAC = re.compile(r"Mac|iPod|iPhone|iPad")


def chrome_key(request) -> str:
    """What the sidebar and shortcuts dialog depend on (also keys the kept frame:
    portal/admin_frame.py)."""
    user = request.user
    # The access stamp changes with the person's groups and permissions (portal/access.py).
    permissions = f"{int(user.is_superuser)}:{user.access_stamp}"
    extra = "|".join(str(vary(request)) for vary in hooks.get_hooks("guichet_admin_chrome_vary"))
    mac = int(bool(_MAC.search(request.headers.get("User-Agent", ""))))
    fingerprint = f"{user.pk}|{permissions}|{extra}|{get_language()}|{mac}"
    return "admin-chrome:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _render(context) -> tuple[str, str]:
    dialog = context.template.engine.get_template(
        "wagtailadmin/shared/keyboard_shortcuts_dialog.html"
    ).render(context.new(keyboard_shortcuts_dialog(context)))
    return sidebar_props(context), dialog


def _sidebar_and_dialog(context) -> tuple[str, str]:
    """Both parts, read once per request (the dialog comes after the sidebar's element)."""
    request = context["request"]
    parts = getattr(request, "_guichet_sidebar", None)
    if parts is not None:
        return parts
    seconds = settings.GUICHET_ADMIN_CHROME_SECONDS
    if not seconds or not request.user.is_authenticated:
        parts = _render(context)
    else:
        key = chrome_key(request)
        parts = cache.get(key)
        if parts is None:
            parts = _render(context)
            cache.set(key, parts, seconds)
    request._guichet_sidebar = parts
    return parts


@register.simple_tag(takes_context=True)
def cached_sidebar(context):
    """Wagtail's `{% sidebar_props %}`, cached."""
    return mark_safe(_sidebar_and_dialog(context)[0])


@register.simple_tag(takes_context=True)
def cached_shortcuts_dialog(context):
    """Wagtail's `{% keyboard_shortcuts_dialog %}`, cached with the sidebar."""
    return mark_safe(_sidebar_and_dialog(context)[1])


# --- the frame around every admin page ------------------------------------------------------

_KEPT: dict[tuple, tuple[float, str]] = {}
_CSRF_PLACEHOLDER = "__guichet_csrf_token__"
# The script settings' form token in a frame kept whole (portal/admin_frame.py), which renders
# with `frame_token_slot` in its context and puts each request's token in this slot.
FRAME_TOKEN_SLOT = "guichet-frame-slot-token"


def _kept(key: tuple, build: Callable[[], str]) -> str:
    """`build()`, kept in this process for GUICHET_ADMIN_CHROME_SECONDS."""
    seconds = settings.GUICHET_ADMIN_CHROME_SECONDS
    if not seconds:
        return build()
    now = time.monotonic()
    hit = _KEPT.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = build()
    _KEPT[key] = (now + seconds, value)
    return value


_SCRIPTS = (
    "wagtailadmin/js/vendor/jquery-3.6.0.min.js",
    "wagtailadmin/js/vendor/jquery-ui-1.13.2.min.js",
    "wagtailadmin/js/vendor/jquery.datetimepicker.js",
    "wagtailadmin/js/vendor/bootstrap-transition.js",
    "wagtailadmin/js/vendor/bootstrap-modal.js",
    "wagtailadmin/js/vendor/tag-it.js",
    None,  # the JavaScript translation catalog
    "wagtailadmin/js/core.js",
    "wagtailadmin/js/vendor.js",
    "wagtailadmin/js/wagtailadmin.js",
    "wagtailadmin/js/sidebar.js",
    "wagtailadmin/js/modal-workflow.js",
    "wagtailadmin/js/privacy-switch.js",
)


def _script_tags() -> str:
    from django.urls import reverse

    sources = (
        versioned_static(path) if path else reverse("wagtailadmin_javascript_catalog")
        for path in _SCRIPTS
    )
    return "\n".join(f'    <script src="{source}"></script>' for source in sources)


def _config(context, token: str) -> str:
    config = wagtail_config(context)
    config["CSRF_TOKEN"] = token
    return json_script(config, "wagtail-config")


@register.simple_tag(takes_context=True)
def admin_scripts(context):
    """Wagtail's `js` block up to its hooks: the script settings and the scripts."""
    request = context["request"]
    token = FRAME_TOKEN_SLOT if context.get("frame_token_slot") else get_token(request)
    if context.get("locale"):  # a page about content in one locale: its settings name it
        return mark_safe(f"\n    {_config(context, token)}\n{_script_tags()}")
    user = getattr(request, "user", None)
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    shortcuts = profile.keyboard_shortcuts if profile is not None else True
    html = _kept(
        ("js", get_language(), shortcuts),
        lambda: f"\n    {_config(context, _CSRF_PLACEHOLDER)}\n{_script_tags()}",
    )
    return mark_safe(html.replace(_CSRF_PLACEHOLDER, token, 1))


@register.simple_tag
def admin_style_link():
    return mark_safe(
        _kept(
            ("css",),
            lambda: (
                f'<link rel="stylesheet" href="{versioned_static("wagtailadmin/css/core.css")}">'
            ),
        )
    )


@register.simple_tag
def admin_favicon_link():
    return mark_safe(
        _kept(
            ("favicon",),
            lambda: (
                '<link rel="shortcut icon" '
                f'href="{versioned_static("wagtailadmin/images/favicon.ico")}" />'
            ),
        )
    )


@register.simple_tag
def admin_icons_script():
    return mark_safe(
        _kept(
            ("sprite",),
            lambda: (
                f'<script src="{versioned_static("wagtailadmin/js/icons.js")}" '
                f'data-icon-url="{get_icon_sprite_url()}"></script>'
            ),
        )
    )


@register.simple_tag
def kept_icon(name, classname=None):
    """Wagtail's `{% icon %}` for a name and class (the same SVG reference every time)."""
    return mark_safe(
        _kept(
            ("icon", name, classname),
            lambda: render_to_string(
                "wagtailadmin/shared/icon.html", icon(name=name, classname=classname)
            ),
        )
    )
