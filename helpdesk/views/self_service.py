""" "Search before you submit" on the ticket forms: suggestions as the requester types, an
article opened in place, "Cela a résolu mon problème", and the funnel recorded on the way
(`knowledge.deflection`).

Every endpoint works without JavaScript too: the suggestions list is also rendered by the
ticket form's search step, the article endpoint is a full page unless asked for a fragment,
and "solved" is a plain form. Articles are checked with `knowledge.access` everywhere: one a
requester may not read answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from knowledge import deflection
from knowledge.access import can_read
from knowledge.deflection_suggest import Suggested, suggest_articles
from knowledge.models import ArticlePage, SelfServiceAttempt
from portal.models import BriquePage

from ..forms import SelfServiceSolvedForm

SESSION_KEY = "self_service_attempts"


def live_brique(brique_id: int) -> BriquePage:
    return get_object_or_404(BriquePage.objects.live().public(), pk=brique_id)


# --- the attempt, kept by the form and the session ---------------------------------------------


def current_attempt(request: HttpRequest, brique: BriquePage, token: str = "") -> str:
    """The token of the requester's attempt on this brique's form: the one the page carries,
    else the one remembered in the session (a reload is the same visit), else a new one."""
    remembered = request.session.get(SESSION_KEY, {}).get(str(brique.pk), "")
    attempt = deflection.resume_or_start(request.user, brique, token, remembered)
    fresh = deflection.token_for(attempt, request.user)
    remember(request, brique, fresh)
    return fresh


def remember(request: HttpRequest, brique: BriquePage, token: str | None) -> None:
    attempts = dict(request.session.get(SESSION_KEY, {}))
    if token:
        attempts[str(brique.pk)] = token
    else:
        attempts.pop(str(brique.pk), None)
    request.session[SESSION_KEY] = attempts


def attempt_of(request: HttpRequest, brique: BriquePage, token: str) -> SelfServiceAttempt | None:
    return deflection.attempt_from_token(token, request.user, brique=brique)


def offer(request: HttpRequest, brique: BriquePage, text: str, token: str) -> Suggested:
    """Suggestions for `text`, recorded as offered on the requester's attempt."""
    suggested = suggest_articles(request.user, brique, text)
    attempt = attempt_of(request, brique, token) if suggested.query else None
    if attempt is not None:
        deflection.record_offered(attempt, suggested.query, len(suggested.articles))
    return suggested


def status_text(suggested: Suggested) -> str:
    """What the live region announces."""
    if suggested.unavailable:
        return _("Suggestions are not available right now: you can still send your request.")
    if not suggested.query:
        return ""
    count = len(suggested.articles)
    if not count:
        return _("No help article matches yet: go on describing your request.")
    return ngettext(
        "%(count)d help article may answer your request.",
        "%(count)d help articles may answer your request.",
        count,
    ) % {"count": count}


def article_url(brique: BriquePage, article_id: int, token: str) -> str:
    url = reverse(
        "helpdesk:self_service_article", kwargs={"brique_id": brique.pk, "article_id": article_id}
    )
    return f"{url}?attempt={token}" if token else url


# --- endpoints --------------------------------------------------------------------------------


@login_required
@require_GET
def suggestions(request: HttpRequest, brique_id: int) -> JsonResponse:
    """`?q=<title and description typed so far>&attempt=<token>` → the articles the requester
    may read, the brique's first, and the sentence the live region announces."""
    brique = live_brique(brique_id)
    token = request.GET.get("attempt", "")
    suggested = offer(request, brique, request.GET.get("q", ""), token)
    return JsonResponse(
        {
            "query": suggested.query,
            "count": len(suggested.articles),
            "status": status_text(suggested),
            "unavailable": suggested.unavailable,
            "results": [
                {
                    "id": item.id,
                    "title": item.title,
                    "summary": item.summary,
                    "url": item.url,
                    "brique": item.brique_id,
                    "brique_title": item.brique_title,
                    "own_brique": item.own_brique,
                    "open_url": article_url(brique, item.id, ""),
                }
                for item in suggested.articles
            ],
        }
    )


@login_required
@require_GET
def article(request: HttpRequest, brique_id: int, article_id: int) -> HttpResponse:
    """One suggested article opened in place: `?fragment=1` gives the HTML the form inserts
    under the suggestion; without it, a page of its own with the two choices (no JavaScript).
    Either way the opening is recorded on the requester's attempt."""
    brique = live_brique(brique_id)
    page = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    if not can_read(request.user, page):
        raise Http404
    token = request.GET.get("attempt", "")
    attempt = attempt_of(request, brique, token)
    if attempt is not None:
        deflection.record_opened(attempt, page)
    context = {"brique": brique, "article": page, "attempt": token if attempt else ""}
    if request.GET.get("fragment"):
        return render(request, "helpdesk/includes/article_in_place.html", context)
    context["query"] = attempt.query if attempt else ""
    return render(request, "helpdesk/self_service_article.html", context)


@login_required
@require_POST
def solved(request: HttpRequest, brique_id: int) -> HttpResponse:
    """ "Cela a résolu mon problème": the attempt ends without a ticket, then a thank-you page.
    A token that is not the requester's records nothing, and the thanks are the same."""
    brique = live_brique(brique_id)
    form = SelfServiceSolvedForm(request.POST)
    if form.is_valid():
        attempt = attempt_of(request, brique, form.cleaned_data["attempt"])
        if attempt is not None:
            page = None
            if form.cleaned_data["article"]:
                page = ArticlePage.objects.live().filter(pk=form.cleaned_data["article"]).first()
                if page is not None and not can_read(request.user, page):
                    page = None
            deflection.record_solved(attempt, page)
    remember(request, brique, None)
    return redirect("helpdesk:self_service_thanks", brique_id=brique.pk)


@login_required
@require_GET
def thanks(request: HttpRequest, brique_id: int) -> HttpResponse:
    brique = live_brique(brique_id)
    return render(request, "helpdesk/self_service_thanks.html", {"brique": brique})
