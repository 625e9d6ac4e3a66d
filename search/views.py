"""The search page (/recherche/) and the suggestions endpoint used by the ticket form."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from . import get_engine
from .contract import PER_PAGE, Kind, Query, SearchUnavailable, Visibility
from .permissions import visibility_for
from .text import MAX_QUERY_LENGTH

logger = logging.getLogger(__name__)

FACET_LABELS = {
    "kind": _("Kind"),
    "brique": _("Brique"),
    "audience": _("Audience"),
    "status": _("Ticket status"),
}
SUGGESTION_LIMIT = 8


def _labels(name: str, values: list[str]) -> dict[str, str]:
    """Readable labels of facet values, in at most one query."""
    if name == "kind":
        return {value: str(Kind(value).label) for value in values if value in Kind.values}
    if name == "audience":
        from knowledge.models import Audience

        return {value: str(Audience(value).label) for value in values if value in Audience}
    if name == "status":
        from helpdesk.models import TicketStatus

        return {value: str(TicketStatus(value).label) for value in values if value in TicketStatus}
    if name == "brique":
        from portal.models import BriquePage

        ids = [int(value) for value in values if value.isdigit()]
        titles = BriquePage.objects.filter(pk__in=ids).values_list("pk", "title")
        return {str(pk): title for pk, title in titles}
    return {}


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def search(request: HttpRequest) -> HttpResponse:
    """Articles and brique pages for everyone; tickets too for the helpdesk's staff."""
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    visibility = visibility_for(request.user)
    facet_names = ["kind", "brique", "audience"]
    if visibility.tickets is not None:
        facet_names.append("status")
    filters = {
        name: tuple(value for value in request.GET.getlist(name) if value)
        for name in facet_names
        if request.GET.getlist(name)
    }
    context = {
        "query": text,
        "max_length": MAX_QUERY_LENGTH,
        "results": None,
        "unavailable": False,
        "facets": [],
    }
    if text:
        query = Query(
            text=text,
            visibility=visibility,
            filters=filters,
            facets=tuple(facet_names),
            page=_page_number(request),
            per_page=PER_PAGE,
        )
        try:
            results = get_engine().search(query)
        except SearchUnavailable:
            logger.warning("Search engine unavailable", exc_info=True)
            context["unavailable"] = True
        else:
            context["results"] = results
            context["facets"] = _facets(results.facets, filters)
            context["pages"] = _pages(request, results.page, results.num_pages)
            context["first_number"] = (results.page - 1) * results.per_page + 1
    return render(request, "search/search.html", context)


def _facets(counts: dict[str, dict[str, int]], filters: dict) -> list[dict]:
    facets = []
    for name, values in counts.items():
        if not values:
            continue
        labels = _labels(name, list(values))
        chosen = set(filters.get(name, ()))
        facets.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "values": [
                    {
                        "value": value,
                        "label": labels.get(value, value),
                        "count": count,
                        "chosen": value in chosen,
                    }
                    for value, count in values.items()
                ],
            }
        )
    return facets


def _pages(request: HttpRequest, current: int, total: int) -> list[dict]:
    """Links to nearby pages, keeping the query and filters."""
    params = request.GET.copy()
    numbers = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    pages = []
    for number in numbers:
        params["page"] = str(number)
        pages.append(
            {"number": number, "url": "?" + params.urlencode(), "current": number == current}
        )
    return pages


@require_GET
def suggestions(request: HttpRequest) -> JsonResponse:
    """Suggest-as-you-type: `?q=<title and description typed so far>&brique=<id>` → the
    articles the reader may read, the brique's first, as JSON."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    brique = request.GET.get("brique", "")
    brique_id = int(brique) if brique.isdigit() else None
    visibility: Visibility = visibility_for(request.user, tickets=False)
    try:
        found = get_engine().suggest(
            text, brique_id=brique_id, limit=SUGGESTION_LIMIT, visibility=visibility
        )
    except SearchUnavailable:
        return JsonResponse({"results": [], "unavailable": True})
    return JsonResponse(
        {
            "results": [
                {
                    "id": item.object_id,
                    "title": item.title,
                    "url": item.url,
                    "summary": item.summary,
                    "brique": item.brique_id,
                }
                for item in found
            ]
        }
    )
