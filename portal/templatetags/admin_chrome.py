"""The Wagtail admin's sidebar and shortcuts dialog, cached per person.

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
"""

from __future__ import annotations

import hashlib
import re

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.admin.templatetags.wagtailadmin_tags import keyboard_shortcuts_dialog, sidebar_props

register = template.Library()

_MAC = re.compile(r"Mac|iPod|iPhone|iPad")


def _cache_key(request) -> str:
    user = request.user
    permissions = "*" if user.is_superuser else ",".join(sorted(user.get_all_permissions()))
    extra = "|".join(str(vary(request)) for vary in hooks.get_hooks("guichet_admin_chrome_vary"))
    mac = int(bool(_MAC.search(request.headers.get("User-Agent", ""))))
    fingerprint = f"{user.pk}|{permissions}|{extra}|{get_language()}|{mac}"
    return "admin-chrome:" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def _render(context) -> str:
    dialog = context.template.engine.get_template(
        "wagtailadmin/shared/keyboard_shortcuts_dialog.html"
    ).render(context.new(keyboard_shortcuts_dialog(context)))
    return sidebar_props(context) + dialog


@register.simple_tag(takes_context=True)
def cached_sidebar(context):
    """Wagtail's `{% sidebar_props %}` and `{% keyboard_shortcuts_dialog %}`, cached."""
    request = context["request"]
    seconds = settings.GUICHET_ADMIN_CHROME_SECONDS
    if not seconds or not request.user.is_authenticated:
        return mark_safe(_render(context))
    key = _cache_key(request)
    html = cache.get(key)
    if html is None:
        html = _render(context)
        cache.set(key, html, seconds)
    return mark_safe(html)
