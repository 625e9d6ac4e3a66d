"""The Wagtail admin's frame around the screens staff open most, kept whole as HTML.

`portal/templatetags/admin_chrome.py` renders the frame's costly parts once per person
(sidebar, shortcuts dialog, scripts). What remains, the nested templates of Wagtail's frame
around them, still costs about 2 ms on every staff page, as much as the site's simplest page
altogether (benchmarks/README.md). The ticket screen and the queues, whose bodies are kept
between two changes (helpdesk/admin_views/screen_cache.py), would spend most of their time
there; so they ask `framed()`, which keeps the frame itself, once rendered with three slots:
the page title, the content and the form token of the script settings.

A kept frame is written exactly as a live one (tests/portal/test_admin_frame.py compares
them). It is keyed like the sidebar it contains (the person, their access stamp, what the apps
add, the language, the keyboard's platform) plus the template, and lives as long
(`GUICHET_ADMIN_CHROME_SECONDS`; 0 renders every frame). A request with messages to show
(after an action) gets a live frame: the messages are part of it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal.templatetags.admin_chrome import FRAME_TOKEN_SLOT, chrome_key

# Letters, digits and hyphens: unchanged by HTML escaping and by `json_script`.
_SLOTS = {"title": "guichet-frame-slot-title", "content": "guichet-frame-slot-content"}
_SLOT = re.compile(f"({'|'.join(map(re.escape, [*_SLOTS.values(), FRAME_TOKEN_SLOT]))})")
_NAMES = {value: name for name, value in _SLOTS.items()} | {FRAME_TOKEN_SLOT: "token"}


def framed(
    request, template_name: str, title: str, content: str, status: int = 200
) -> HttpResponse:
    """The page `template_name` renders with `page_title` = `title` and `body` = `content`
    (HTML, already safe): from the kept frame when there is one for this reader."""
    pieces = _kept_pieces(request, template_name)
    if pieces is None:
        return TemplateResponse(
            request,
            template_name,
            {"page_title": title, "body": mark_safe(content)},
            status=status,
        )
    values = {"title": conditional_escape(title), "content": content, "token": get_token(request)}
    # Even indices are the frame's text, odd ones the names of its slots.
    return HttpResponse(
        "".join(values[piece] if index % 2 else piece for index, piece in enumerate(pieces)),
        status=status,
    )


def _kept_pieces(request, template_name: str) -> list[str] | None:
    seconds = settings.GUICHET_ADMIN_CHROME_SECONDS
    if not seconds or not request.user.is_authenticated or len(get_messages(request)):
        return None
    key = f"admin-frame:{template_name}:{chrome_key(request)}"
    pieces = cache.get(key)
    if pieces is None:
        html = get_template(template_name).render(
            {
                "page_title": _SLOTS["title"],
                "body": mark_safe(_SLOTS["content"]),
                "frame_token_slot": True,
            },
            request,
        )
        parts = _SLOT.split(html)
        pieces = [_NAMES[part] if index % 2 else part for index, part in enumerate(parts)]
        if pieces[1::2].count("content") != 1:  # a template that does not show its body once
            return None
        cache.set(key, pieces, seconds)
    return pieces
