"""Knowledge articles in the API: list and search, one article, suggestions as you type.

Same rules as the pages: the search goes through the project's engine (`search.get_engine()`,
the contract of /recherche/) with the reader's `Visibility`, and every article returned is
checked once more against `knowledge.access` in the database (an index not yet caught up never
shows what the reader may not read). An article the reader may not read is a 404, exactly like
one that does not exist.
"""

from __future__ import annotations

import logging

from django.core.paginator import InvalidPage, Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from portal.api.errors import ErrorSerializer, error_responses
from portal.api.permissions import TokenScope
from portal.models import BriquePage
from search.contract import SearchUnavailable

from ..access import readable_articles
from ..deflection_suggest import suggest_articles
from ..finder import find_articles, readable_live_articles
from ..models import ArticlePage
from .serializers import (
    ArticleDetailSerializer,
    ArticleListItemSerializer,
    ArticleQuerySerializer,
    SuggestionQuerySerializer,
    SuggestionsSerializer,
    absolute_url,
)

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 8
MAX_SEARCH_PAGE = 100_000
MAX_ID = 2**63 - 1


class SearchUnavailableError(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "search_unavailable"

    @property
    def default_detail(self):
        from django.utils.translation import gettext

        return gettext("The search is unavailable for the moment: try again in a few minutes.")


class _Counted:
    """A sized stand-in for the engine's results, so that Django's `Paginator` (and with it
    the API's pagination links) can count them without holding them all."""

    def __init__(self, total: int):
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return []  # the page's hits come from the engine, not from here


def _briques_by_path(articles) -> dict[str, BriquePage]:
    """The briques of `articles` (their parents), in one query."""
    paths = {article.path[: -article.steplen] for article in articles}
    if not paths:
        return {}
    return {brique.path: brique for brique in BriquePage.objects.filter(path__in=paths)}


SEARCH_UNAVAILABLE = OpenApiResponse(
    response=ErrorSerializer,
    description="The search engine cannot answer right now (`q` given): retry later.",
)

_EXAMPLE_ITEM = {
    "id": 42,
    "title": "Réinitialiser son mot de passe Moodle",
    "summary": "Que faire quand Moodle refuse votre mot de passe.",
    "audience": "everyone",
    "audience_label": "tout le monde",
    "brique": {"id": 7, "slug": "moodle", "title": "Moodle"},
    "url": "https://guichet.insa.example/briques/moodle/reinitialiser-son-mot-de-passe/",
    "excerpt": "Réinitialiser son <mark>mot</mark> de <mark>passe</mark> Moodle",
    "updated": "2026-03-02T09:30:00+01:00",
}


@extend_schema_view(
    list=extend_schema(
        summary="List or search the articles",
        description="Without `q`: the articles the reader may read, by title. With `q`: the "
        "site's search (the same engine and rules as /recherche/), best match first, with a "
        "highlighted excerpt.",
        parameters=[ArticleQuerySerializer],
        responses={
            200: ArticleListItemSerializer,
            **error_responses(400, 401, 404, 429),
            503: SEARCH_UNAVAILABLE,
        },
        examples=[
            OpenApiExample(
                "A search",
                value={"count": 1, "next": None, "previous": None, "results": [_EXAMPLE_ITEM]},
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One article",
        description="404 when it does not exist or when the reader may not read it.",
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: ArticleDetailSerializer, **error_responses(401, 404, 429)},
    ),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The knowledge base: articles by audience, as on the site (anonymous readers see the
    articles for everyone; students and staff theirs too; a brique's chain all of its own)."""

    serializer_class = ArticleListItemSerializer
    permission_classes = [AllowAny, TokenScope]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ArticlePage.objects.none()
        return readable_live_articles(self.request.user)

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleListItemSerializer

    # --- list and search ---------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        params = ArticleQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        text = params.validated_data.get("q", "").strip()
        brique = None
        if slug := params.validated_data.get("brique"):
            brique = BriquePage.objects.live().public().filter(slug=slug).first()
            if brique is None:  # no such brique (or not public): nothing to list
                return self._respond(self.paginate_queryset(ArticlePage.objects.none()), {})
        audience = params.validated_data.get("audience", "")
        if text:
            return self._search(request, text, brique, audience)
        articles = self.get_queryset()
        if brique is not None:
            articles = articles.child_of(brique)
        if audience:
            articles = articles.filter(audience=audience)
        page = self.paginate_queryset(articles.order_by("title", "pk"))
        return self._respond(page, {})

    def _search(self, request, text: str, brique, audience: str):
        paginator = self.paginator
        per_page = paginator.get_page_size(request)
        number = request.query_params.get(paginator.page_query_param) or 1
        try:
            page_number = int(number)
        except (TypeError, ValueError):
            page_number = 0
        if not 1 <= page_number <= MAX_SEARCH_PAGE:  # beyond: past any result, and too big
            raise exceptions.NotFound()  # for the database's OFFSET
        try:
            found = find_articles(
                request.user,
                text,
                brique=brique,
                audience=audience,
                page=page_number,
                per_page=per_page,
            )
        except SearchUnavailable as error:
            logger.warning("Search engine unavailable for the articles API", exc_info=True)
            raise SearchUnavailableError() from error
        # The pagination (count, links, 404 past the last page) over the engine's total.
        try:
            page = Paginator(_Counted(found.total), per_page).page(page_number)
        except InvalidPage as error:
            raise exceptions.NotFound() from error
        paginator.request = request
        paginator.page = page
        return self._respond(found.articles, {"excerpts": found.excerpts})

    def _respond(self, articles, extra: dict):
        context = {**self.get_serializer_context(), **extra}
        context["briques"] = _briques_by_path(articles)
        data = ArticleListItemSerializer(articles, many=True, context=context).data
        return self.get_paginated_response(data)

    # --- one article ---------------------------------------------------------------------------

    def retrieve(self, request, *args, **kwargs):
        if int(kwargs[self.lookup_field]) > MAX_ID:  # no such page; the database would refuse
            raise exceptions.NotFound()  # the number (SQLite: "too large")
        article = self.get_object()
        context = self.get_serializer_context()
        context["briques"] = _briques_by_path([article])
        context["related"] = list(
            readable_articles(request.user, article.related_articles.live().public()).order_by(
                "title", "pk"
            )
        )
        return Response(ArticleDetailSerializer(article, context=context).data)

    # --- suggestions ---------------------------------------------------------------------------

    @extend_schema(
        summary="Suggest articles for a text being typed",
        description="The suggestions of the ticket form (and of /recherche/suggestions/): the "
        "articles the reader may read, the given brique's first. Not paginated: at most "
        f"{SUGGESTION_LIMIT}.",
        parameters=[
            SuggestionQuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, exclude=True),
        ],
        responses={200: SuggestionsSerializer, **error_responses(400, 401, 404, 429)},
        examples=[
            OpenApiExample(
                "Suggestions",
                value={
                    "results": [
                        {
                            "id": 42,
                            "title": "Réinitialiser son mot de passe Moodle",
                            "summary": "Que faire quand Moodle refuse votre mot de passe.",
                            "url": "https://guichet.insa.example/briques/moodle/mot-de-passe/",
                            "brique": {"id": 7, "slug": "moodle", "title": "Moodle"},
                            "own_brique": True,
                        }
                    ],
                    "unavailable": False,
                },
                response_only=True,
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request):
        params = SuggestionQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        brique = None
        if slug := params.validated_data.get("brique"):
            brique = BriquePage.objects.live().public().filter(slug=slug).first()
        suggested = suggest_articles(
            request.user, brique, params.validated_data["q"], limit=SUGGESTION_LIMIT
        )
        slugs = dict(
            BriquePage.objects.filter(
                pk__in={item.brique_id for item in suggested.articles if item.brique_id}
            ).values_list("pk", "slug")
        )
        results = [
            {
                "id": item.id,
                "title": item.title,
                "summary": item.summary,
                "url": absolute_url(request, item.url),
                "brique": (
                    {
                        "id": item.brique_id,
                        "slug": slugs[item.brique_id],
                        "title": item.brique_title,
                    }
                    if item.brique_id in slugs
                    else None
                ),
                "own_brique": item.own_brique,
            }
            for item in suggested.articles
        ]
        return Response(
            SuggestionsSerializer({"results": results, "unavailable": suggested.unavailable}).data
        )
