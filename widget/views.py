"""The help widget: its script, its panel (a small page shown in a frame on the embedding
site), an article read in the panel, and a mock intranet page to try it on.

The panel is the only page of the site that may be framed, and only by the origins of
`GUICHET_WIDGET_ORIGINS` (CSP `frame-ancestors`); the script refuses to start on any other
origin and says why in the browser's console. Inside the frame the reader is usually anonymous
(browsers do not send Guichet's cookies to a frame on another site): the panel shows what
anyone may read, and "Ouvrir une demande" opens the ticket form in a new tab, where the
requester signs in if needed.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from knowledge.access import can_read
from knowledge.finder import find_articles, readable_live_articles
from knowledge.models import ArticlePage
from portal.models import BriquePage
from search.contract import SearchUnavailable
from search.text import MAX_QUERY_LENGTH

from .framing import allowed_origins, frame_ancestors

logger = logging.getLogger(__name__)

PANEL_RESULTS = 8
# The embedding page's address, kept for the ticket's context: at most this long.
MAX_PAGE_URL = 500


def _brique(request: HttpRequest) -> BriquePage | None:
    slug = request.GET.get("brique", "").strip()
    if not slug:
        return None
    return BriquePage.objects.live().public().filter(slug=slug[:255]).first()


def embedding_page(request: HttpRequest) -> str:
    """The address of the page the widget was opened on (`?page=`), if it is a web address."""
    value = request.GET.get("page", "").strip()
    if len(value) > MAX_PAGE_URL or urlsplit(value).scheme not in ("http", "https"):
        return ""
    return value


def ticket_form_link(brique: BriquePage | None, *, page: str = "", title: str = "") -> str:
    """The deep link to the ticket form, with the widget's context: the brique's form (or the
    brique choice without one), the form at once (`step=form`), the page the widget was
    opened on (`page`), a title from the words searched (`q`)."""
    if brique is None:
        return reverse("helpdesk:help")
    params = {"step": "form"}
    if title:
        params["q"] = title
    if page:
        params["page"] = page
    return reverse("helpdesk:new_ticket", args=[brique.pk]) + "?" + urlencode(params)


def _frameable(response: HttpResponse) -> HttpResponse:
    response.headers["Content-Security-Policy"] = "frame-ancestors " + frame_ancestors()
    return response


@require_GET
@vary_on_headers("Accept-Language")
@cache_control(public=True, max_age=300)
def script(request: HttpRequest) -> HttpResponse:
    """`widget.js`: the loader an embedding page includes with one script tag. The allowed
    origins and the interface's strings (in the reader's language) are written into it."""
    config = {
        "origins": allowed_origins(),
        "panelPath": reverse("widget:panel"),
        "strings": {
            "open": _("Need help?"),
            "title": _("Need help?"),
            "close": _("Close the help"),
            "frame": _("Guichet help"),
            "refused": _(
                "Guichet help widget not loaded: {origin} is not among the origins allowed "
                "to embed it (GUICHET_WIDGET_ORIGINS on the Guichet server)."
            ),
        },
    }
    # Written into a script: "<" escaped, so that no value can close the script element.
    payload = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e")
    body = render_to_string("widget/widget.js", {"config": payload})
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


@require_GET
@xframe_options_exempt
def panel(request: HttpRequest) -> HttpResponse:
    """ "Besoin d'aide ?": search the brique's articles (`?q=`), the brique's status, and
    "Ouvrir une demande". Without `q`, the brique's articles by title."""
    brique = _brique(request)
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = embedding_page(request)
    articles, total, unavailable = [], 0, False
    if text:
        try:
            found = find_articles(request.user, text, brique=brique, per_page=PANEL_RESULTS)
        except SearchUnavailable:
            logger.warning("Search engine unavailable for the help widget", exc_info=True)
            unavailable = True
        else:
            articles, total = found.articles, found.total
    elif brique is not None:
        readable = readable_live_articles(request.user).child_of(brique)
        articles = list(readable.order_by("title", "pk")[:PANEL_RESULTS])
        total = readable.count()
    back = {"brique": brique.slug if brique else "", "page": page, "q": text}
    context = {
        "brique": brique,
        "query": text,
        "max_length": MAX_QUERY_LENGTH,
        "articles": articles,
        "total": total,
        "unavailable": unavailable,
        "state": urlencode({key: value for key, value in back.items() if value}),
        "ticket_link": ticket_form_link(brique, page=page, title=text),
        "page_url": page,
    }
    return _frameable(render(request, "widget/panel.html", context))


@require_GET
@xframe_options_exempt
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """An article read in the panel; 404 for one the reader may not read."""
    found = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    if not can_read(request.user, found):
        raise Http404
    brique = found.get_parent().specific
    page = embedding_page(request)
    back = {
        "brique": request.GET.get("brique", "")[:255],
        "page": page,
        "q": request.GET.get("q", "")[:MAX_QUERY_LENGTH],
    }
    context = {
        "article": found,
        "brique": brique,
        "state": urlencode({key: value for key, value in back.items() if value}),
        "ticket_link": ticket_form_link(brique, page=page, title=found.title),
    }
    return _frameable(render(request, "widget/article.html", context))


@require_GET
def demo_intranet(request: HttpRequest) -> HttpResponse:
    """A mock school intranet page that includes the widget, as an intranet would: served in
    development and demo mode only (404 otherwise). Open it on another origin than Guichet's
    (e.g. http://localhost:8000/ when Guichet is http://127.0.0.1:8000/) and list that origin
    in GUICHET_WIDGET_ORIGINS to see the real cross-origin setup."""
    if not (settings.DEBUG or settings.GUICHET_DEMO):
        raise Http404
    brique = _brique(request) or BriquePage.objects.live().public().order_by("title").first()
    return render(
        request,
        "widget/demo_intranet.html",
        {"brique": brique, "guichet": settings.GUICHET_BASE_URL.rstrip("/")},
    )
