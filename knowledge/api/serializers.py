"""What the API says about knowledge articles: a list item (search results and lists), the
whole article (its fields as HTML and as plain text), and a suggestion."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from search.text import MAX_QUERY_LENGTH

from ..models import Audience

# href="/…" and src="/…" in rendered HTML: made absolute, so that a client on another site
# can follow the links and show the images of an article.
# Longer text parameters are refused (400): only the first MAX_QUERY_LENGTH characters are
# searched, and a longer address is refused by servers and proxies before it reaches Guichet.
MAX_PARAMETER_LENGTH = 1000

_RELATIVE = re.compile(r'(\s(?:href|src)=")(/(?!/))')


def absolute_html(request, markup: str) -> str:
    if not request:
        return markup
    base = request.build_absolute_uri("/").rstrip("/")
    return _RELATIVE.sub(lambda match: match.group(1) + base + match.group(2), markup)


def plain_text(markup: str) -> str:
    """Tags dropped, entities decoded, white space folded: for clients that show text only."""
    return " ".join(html.unescape(strip_tags(markup.replace("<", " <"))).split())


class BriqueRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request and url.startswith("/") else url


class ArticleListItemSerializer(serializers.Serializer):
    """One article in a list or a search result. Built from an `ArticlePage`; the view puts
    the articles' briques (`briques`: parent path → brique) and, for a search, the engine's
    highlighted excerpts (`excerpts`: id → HTML) in the context."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    summary = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices, help_text="Who may read it.")
    audience_label = serializers.CharField(source="get_audience_display", help_text="Translated.")
    brique = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The article's page on the site.")
    excerpt = serializers.SerializerMethodField(
        help_text="Search only: where the words matched, with `<mark>` around them (HTML); "
        "empty in a plain list."
    )
    updated = serializers.DateTimeField(source="last_published_at", allow_null=True)

    @extend_schema_field(BriqueRefSerializer)
    def get_brique(self, article) -> dict | None:
        brique = self.context.get("briques", {}).get(article.path[: -article.steplen])
        if brique is None:
            return None
        return {"id": brique.pk, "slug": brique.slug, "title": brique.title}

    def get_url(self, article) -> str:
        request = self.context.get("request")
        return absolute_url(request, article.get_url(request=request) or "")

    def get_excerpt(self, article) -> str:
        return str(self.context.get("excerpts", {}).get(article.pk, ""))


class ArticleDetailSerializer(ArticleListItemSerializer):
    """The whole article: each part as HTML (links and images absolute) and as plain text."""

    symptoms_html = serializers.SerializerMethodField()
    symptoms_text = serializers.SerializerMethodField()
    cause_html = serializers.SerializerMethodField()
    cause_text = serializers.SerializerMethodField()
    resolution_html = serializers.SerializerMethodField(
        help_text="The resolution steps, rendered as on the article's page."
    )
    resolution_text = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField(
        help_text="Related articles the reader may read (id and title)."
    )
    last_reviewed = serializers.DateField(allow_null=True)

    def _rich(self, article, name: str) -> str:
        cache = self.context.setdefault("_html", {})
        key = (article.pk, name)
        if key not in cache:
            request = self.context.get("request")
            if name == "resolution":
                markup = article.resolution.render_as_block(context={"request": request})
            else:
                markup = expand_db_html(getattr(article, name) or "")
            cache[key] = absolute_html(request, str(markup))
        return cache[key]

    def get_symptoms_html(self, article) -> str:
        return self._rich(article, "symptoms")

    def get_symptoms_text(self, article) -> str:
        return plain_text(self._rich(article, "symptoms"))

    def get_cause_html(self, article) -> str:
        return self._rich(article, "cause")

    def get_cause_text(self, article) -> str:
        return plain_text(self._rich(article, "cause"))

    def get_resolution_html(self, article) -> str:
        return self._rich(article, "resolution")

    def get_resolution_text(self, article) -> str:
        return plain_text(self._rich(article, "resolution"))

    def get_tags(self, article) -> list[str]:
        return sorted(tag.name for tag in article.tags.all())

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(),
            help_text="Each: `{id, title, url}`.",
        )
    )
    def get_related(self, article) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "id": other.pk,
                "title": other.title,
                "url": absolute_url(request, other.get_url(request=request) or ""),
            }
            for other in self.context.get("related", [])
        ]


class ArticleQuerySerializer(serializers.Serializer):
    """The query parameters of the article list and search."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        max_length=MAX_PARAMETER_LENGTH,
        help_text="Words to search for (the site's search: French analysis, synonyms); without "
        f"it, the articles by title. Cut at {MAX_QUERY_LENGTH} characters.",
    )
    brique = serializers.SlugField(
        required=False, max_length=255, help_text="Only this brique's articles (its slug)."
    )
    audience = serializers.ChoiceField(
        choices=Audience.choices, required=False, help_text="Only articles for this audience."
    )

    def validate_q(self, value: str) -> str:
        return value[:MAX_QUERY_LENGTH]


class SuggestionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        help_text="The text typed so far (e.g. a ticket's title and description): any word "
        "may match, the last one as a prefix. Fewer than 3 letters give no suggestion.",
        max_length=MAX_PARAMETER_LENGTH,
    )
    brique = serializers.SlugField(
        required=False, max_length=255, help_text="This brique's articles come first (its slug)."
    )


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField(help_text="The article's page on the site.")
    brique = BriqueRefSerializer(allow_null=True)
    own_brique = serializers.BooleanField(help_text="True for an article of the brique asked.")


class SuggestionsSerializer(serializers.Serializer):
    results = SuggestionSerializer(many=True)
    unavailable = serializers.BooleanField(
        help_text="True when the search engine cannot answer right now (results are empty)."
    )
