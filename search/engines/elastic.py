"""The Elasticsearch engine, through `elasticsearch.dsl`.

Mapping: one index (behind an alias) for every kind, French analysis (elision, lowercase,
ASCII folding, French stop words and light stemmer) at index time; at query time the same
chain plus a `synonym_graph` filter built from the admins' `Synonym` list, so editing
synonyms takes effect at the next `search_index --rebuild`. A server without the analysis
module (e.g. a test distribution) gets the standard analyzer instead, and says so
(`analysis()` reports the analysis in force, recorded in the index's `_meta`).

Rebuilds write a new index and then move the alias: no downtime. Any transport or server
failure surfaces as `SearchUnavailable`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import helpers as es_helpers
from elasticsearch.dsl import (
    Date,
    Index,
    Keyword,
    Long,
    Mapping,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from ..contract import (
    Document,
    Hit,
    Kind,
    Query,
    Results,
    SearchUnavailable,
    Suggestion,
    TicketScope,
    Visibility,
)
from ..text import MAX_QUERY_LENGTH, words

logger = logging.getLogger(__name__)

FRENCH = "french"
STANDARD = "standard"


def _doc_id(kind: str, object_id: int) -> str:
    return f"{kind}-{object_id}"


def synonym_rules() -> list[str]:
    from ..models import Synonym

    return [
        ", ".join(term_list)
        for term_list in (s.term_list for s in Synonym.objects.all())
        if len(term_list) > 1
    ]


def french_analyzers(synonyms: list[str]):
    """(index analyzer, search analyzer) of the full French analysis."""
    elision = token_filter(
        "guichet_elision",
        "elision",
        articles_case=True,
        articles=[
            "l",
            "m",
            "t",
            "qu",
            "n",
            "s",
            "j",
            "d",
            "c",
            "jusqu",
            "quoiqu",
            "lorsqu",
            "puisqu",
        ],
    )
    stop = token_filter("guichet_french_stop", "stop", stopwords="_french_")
    stemmer = token_filter("guichet_french_stemmer", "stemmer", language="light_french")
    base = [elision, "lowercase", "asciifolding", stop]
    index_analyzer = analyzer("guichet_french", tokenizer="standard", filter=[*base, stemmer])
    search_filters = [*base]
    if synonyms:
        search_filters.append(
            token_filter("guichet_synonyms", "synonym_graph", synonyms=synonyms, lenient=True)
        )
    search_analyzer = analyzer(
        "guichet_french_search", tokenizer="standard", filter=[*search_filters, stemmer]
    )
    return index_analyzer, search_analyzer


def mapping(analysis: str, synonyms: list[str]) -> Mapping:
    if analysis == FRENCH:
        index_analyzer, search_analyzer = french_analyzers(synonyms)
        text = {"analyzer": index_analyzer, "search_analyzer": search_analyzer}
    else:
        text = {"analyzer": "standard"}
    m = Mapping()
    m.field("kind", Keyword())
    m.field("object_id", Long())
    m.field("title", Text(**text))
    m.field("summary", Text(**text))
    m.field("body", Text(**text))
    m.field("url", Keyword(index=False))
    m.field("brique_id", Long())
    m.field("brique_title", Keyword())
    m.field("audience", Keyword())
    m.field("status", Keyword())
    m.field("establishment_id", Long())
    m.field("updated_at", Date())
    m.meta("_meta", analysis=analysis)
    return m


def visibility_query(visibility: Visibility) -> Q:
    brique = Q("term", kind=Kind.BRIQUE)
    if visibility.all_articles:
        articles = Q("term", kind=Kind.ARTICLE)
    else:
        articles = Q("term", kind=Kind.ARTICLE) & (
            Q("terms", audience=sorted(visibility.audiences))
            | Q("terms", brique_id=sorted(visibility.article_briques))
        )
    scope = brique | articles
    if visibility.tickets is not None:
        scope |= Q("term", kind=Kind.TICKET) & ticket_scope_query(visibility.tickets)
    return scope


def ticket_scope_query(tickets: TicketScope) -> Q:
    if tickets.everything:
        return Q("match_all")
    scope = Q("terms", brique_id=sorted(tickets.briques)) | Q(
        "terms", object_id=sorted(tickets.ids)
    )
    for brique_id, establishment_id in sorted(tickets.brique_schools):
        scope |= Q("term", brique_id=brique_id) & Q("term", establishment_id=establishment_id)
    return scope


def filter_query(filters: dict[str, tuple[str, ...]], *, leave_out: str | None = None) -> Q:
    condition = Q("match_all")
    for name, values in filters.items():
        if name == leave_out or not values:
            continue
        if name == "brique":
            condition &= Q("terms", brique_id=[int(v) for v in values if str(v).isdigit()])
        elif name in ("kind", "audience", "status"):
            condition &= Q("terms", **{name: list(values)})
    return condition


FACET_FIELDS = {"kind": "kind", "brique": "brique_id", "audience": "audience", "status": "status"}


class ElasticsearchEngine:
    """Implements `search.contract.SearchEngine` on an Elasticsearch 8 server."""

    def __init__(self, client: Elasticsearch, index: str = "guichet", refresh: bool = False):
        self.client = client
        self.alias = index
        # Tests against a real server refresh after each write to read their own writes.
        self.refresh = refresh

    @classmethod
    def for_url(cls, url: str, *, index: str = "guichet", refresh: bool = False):
        client = Elasticsearch(url, request_timeout=5, max_retries=1, retry_on_timeout=False)
        return cls(client, index=index, refresh=refresh)

    # --- index management ------------------------------------------------------------------

    def _create_index(self, name: str) -> str:
        """Create `name` with the French analysis, or the standard one when the server lacks
        the analysis module. Returns the analysis in force."""
        synonyms = synonym_rules()
        for analysis in (FRENCH, STANDARD):
            index = Index(name, using=self.client)
            index.settings(number_of_shards=1)
            index.mapping(mapping(analysis, synonyms))
            try:
                index.create()
            except ApiError as error:
                if analysis == FRENCH and getattr(error, "status_code", None) == 400:
                    logger.warning(
                        "Elasticsearch refused the French analysis (%s); using the standard "
                        "analyzer instead.",
                        error,
                    )
                    continue
                raise
            return analysis
        return STANDARD

    def _current_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except ApiError as error:
            if getattr(error, "status_code", None) == 404:
                return []
            raise

    def ensure_index(self) -> None:
        if not self._current_indices():
            name = self._new_name()
            self._create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)

    def analysis(self) -> str:
        """The analysis the live index uses: "french" or "standard" (the fallback)."""
        indices = self._current_indices()
        if not indices:
            return ""
        found = self.client.indices.get_mapping(index=indices[-1]).body
        return found[indices[-1]]["mappings"].get("_meta", {}).get("analysis", "")

    def _new_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    @contextmanager
    def rebuilding(self) -> Iterator[_BulkWriter]:
        try:
            old = self._current_indices()
            name = self._new_name()
            self._create_index(name)
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        writer = _BulkWriter(self.client, name)
        try:
            yield writer
            writer.flush()
            self.client.indices.refresh(index=name)
        except BaseException:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)

    # --- writing ---------------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        try:
            self.ensure_index()
            self.client.index(
                index=self.alias,
                id=_doc_id(doc.kind, doc.object_id),
                document=_source(doc),
                refresh=self.refresh,
            )
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error

    def remove(self, kind: str, object_id: int) -> None:
        try:
            self.client.delete(index=self.alias, id=_doc_id(kind, object_id), refresh=self.refresh)
        except ApiError as error:
            if getattr(error, "status_code", None) != 404:
                raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            raise SearchUnavailable(str(error)) from error

    # --- reading ---------------------------------------------------------------------------

    def _search(self) -> Search:
        return Search(using=self.client, index=self.alias)

    def _execute(self, search: Search):
        try:
            return search.execute()
        except ApiError as error:
            if getattr(error, "status_code", None) == 404:
                return None
            raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            raise SearchUnavailable(str(error)) from error

    def search(self, query: Query) -> Results:
        text = (query.text or "")[:MAX_QUERY_LENGTH]
        per_page = max(1, query.per_page)
        empty = Results(0, [], {name: {} for name in query.facets}, 1, per_page)
        if not words(text):
            return empty
        scope = visibility_query(query.visibility)
        if query.kinds:
            scope &= Q("terms", kind=list(query.kinds))
        search = (
            self._search()
            .query(
                Q(
                    "multi_match",
                    query=text,
                    fields=["title^3", "summary^2", "body"],
                    type="cross_fields",
                    operator="and",
                )
            )
            .filter(scope)
            .post_filter(filter_query(query.filters))
            .highlight("summary", "body", number_of_fragments=1, fragment_size=200)
            .highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
            .extra(track_total_hits=True)
        )
        for name in query.facets:
            facet = search.aggs.bucket(
                name, "filter", filter=filter_query(query.filters, leave_out=name)
            )
            facet.bucket("values", "terms", field=FACET_FIELDS[name], size=50)
        page = max(1, query.page)
        response = self._execute(search[(page - 1) * per_page : page * per_page])
        if response is None:
            return empty
        total = response.hits.total.value
        last_page = max(1, -(-total // per_page))
        if page > last_page:
            return self.search(replace(query, page=last_page))  # past the end: the last page
        facets = {
            name: {
                str(bucket.key): bucket.doc_count
                for bucket in getattr(response.aggregations, name).values.buckets
            }
            for name in query.facets
        }
        return Results(total, [_hit(item) for item in response], facets, page, per_page)

    def suggest(
        self,
        text: str,
        *,
        brique_id: int | None = None,
        limit: int = 5,
        visibility: Visibility | None = None,
    ) -> list[Suggestion]:
        text = (text or "")[:MAX_QUERY_LENGTH]
        if not words(text):
            return []
        matching = Q(
            "bool",
            should=[
                Q("multi_match", query=text, fields=["title^3", "summary^2", "body"]),
                Q("match_phrase_prefix", title={"query": " ".join(words(text)[-3:])}),
            ],
        )
        # The brique's articles first: a boost no text score reaches.
        boost = (
            [Q("constant_score", filter=Q("term", brique_id=brique_id), boost=1000)]
            if brique_id
            else []
        )
        search = (
            self._search()
            .query(Q("bool", must=[matching], should=boost))
            .filter(Q("term", kind=Kind.ARTICLE) & visibility_query(visibility or Visibility()))
            .source(["object_id", "title", "url", "summary", "brique_id"])
        )[:limit]
        response = self._execute(search)
        if response is None:
            return []
        return [
            Suggestion(
                object_id=item.object_id,
                title=item.title,
                url=item.url,
                summary=getattr(item, "summary", ""),
                brique_id=getattr(item, "brique_id", None),
            )
            for item in response
        ]

    def similar(
        self, kind: str, object_id: int, *, limit: int = 5, visibility: Visibility | None = None
    ) -> list[Hit]:
        like = Q(
            "more_like_this",
            fields=["title", "body"],
            like=[{"_index": self.alias, "_id": _doc_id(kind, object_id)}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=12,
        )
        search = (
            self._search()
            .query(like)
            .filter(Q("term", kind=kind) & visibility_query(visibility or Visibility()))[:limit]
        )
        response = self._execute(search)
        return [_hit(item) for item in response] if response is not None else []


class _BulkWriter:
    """Collects documents for a new index and sends them in bulk."""

    def __init__(self, client: Elasticsearch, index: str, size: int = 500):
        self.client, self.target, self.size, self.pending = client, index, size, []

    def index(self, doc: Document) -> None:
        self.pending.append(
            {
                "_index": self.target,
                "_id": _doc_id(doc.kind, doc.object_id),
                "_source": _source(doc),
            }
        )
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            es_helpers.bulk(self.client, self.pending)
            self.pending = []


def _source(doc: Document) -> dict:
    return {
        "kind": doc.kind,
        "object_id": doc.object_id,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "url": doc.url,
        "brique_id": doc.brique_id,
        "brique_title": doc.brique_title,
        "audience": doc.audience,
        "status": doc.status,
        "establishment_id": doc.establishment_id,
        "updated_at": doc.updated_at.isoformat() if doc.updated_at else None,
    }


def _hit(item) -> Hit:
    meta = item.meta
    fragments = getattr(meta, "highlight", None)
    excerpt = ""
    if fragments is not None:
        for field in ("body", "summary"):
            if field in fragments:
                # Escaped by the server (encoder "html"), with <mark> around matches.
                excerpt = mark_safe(fragments[field][0])
                break
    if not excerpt:
        text = getattr(item, "summary", "") or getattr(item, "body", "") or ""
        excerpt = mark_safe(escape(text[:200]))
    return Hit(
        kind=item.kind,
        object_id=item.object_id,
        title=item.title,
        url=item.url,
        excerpt=excerpt,
        score=float(meta.score or 0.0),
        summary=getattr(item, "summary", "") or "",
        brique_id=getattr(item, "brique_id", None),
        brique_title=getattr(item, "brique_title", "") or "",
        audience=getattr(item, "audience", "") or "",
        status=getattr(item, "status", "") or "",
    )
