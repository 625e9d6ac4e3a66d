"""The Elasticsearch engine, through `elasticsearch.dsl`.

One index for every kind, behind an alias (`SEARCH_INDEX`, "guichet"). At creation the index
gets the full French analysis when the server has the `analysis-common` module, else the
fallback of `elastic_analysis` (French analysis in Python), and records which in its `_meta`;
`status()` reports it (`manage.py search_index --check`). Rebuilds write a new index and then
move the alias: no downtime. Any transport or server failure surfaces as `SearchUnavailable`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch import helpers as es_helpers
from elasticsearch.dsl import Index, Q, Search

from .. import text as analysis
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
from .elastic_analysis import (
    ANALYSIS_MODULE,
    FALLBACK,
    FRENCH,
    Analysis,
    mapping,
    mode_for,
    query_words,
    synonym_rules,
)

logger = logging.getLogger(__name__)

# How long a process trusts what it read of the live index's analysis (a rebuild elsewhere
# may change it).
ANALYSIS_CACHE_SECONDS = 30
_analysis_cache: dict[tuple[str, str], tuple[float, Analysis]] = {}
# Ranking: the brique's articles first among suggestions; suggestions holding every typed
# word before those holding some. Boosts no text score reaches.
OWN_BRIQUE_BOOST = 1_000
EVERY_WORD_BOOST = 10_000
FACET_FIELDS = {"kind": "kind", "brique": "brique_id", "audience": "audience", "status": "status"}


def _doc_id(kind: str, object_id: int) -> str:
    return f"{kind}-{object_id}"


def _status(error: ApiError) -> int | None:
    return getattr(error, "status_code", None)


def _reason(error: ApiError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    return str((body.get("error") or {}).get("reason") or error)


@contextmanager
def _unavailable_on_failure() -> Iterator[None]:
    try:
        yield
    except (ApiError, TransportError, es_helpers.BulkIndexError) as error:
        raise SearchUnavailable(str(error)) from error


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


class ElasticsearchEngine:
    """Implements `search.contract.SearchEngine` on an Elasticsearch 8 server."""

    def __init__(
        self, client: Elasticsearch, index: str = "guichet", refresh: bool = False, url: str = ""
    ):
        self.client = client
        self.alias = index
        self.url = url
        # Tests against a real server refresh after each write to read their own writes.
        self.refresh = refresh

    @classmethod
    def for_url(cls, url: str, *, index: str = "guichet", refresh: bool = False):
        client = Elasticsearch(url, request_timeout=5, max_retries=1, retry_on_timeout=False)
        return cls(client, index=index, refresh=refresh, url=url)

    # --- the server and its analysis -------------------------------------------------------

    def server(self) -> dict:
        """Version and module names of the node answering (`GET /_nodes/_local/plugins`: the
        test distribution has no `GET /`)."""
        with _unavailable_on_failure():
            nodes = self.client.nodes.info(node_id="_local", metric="plugins").body
        node = next(iter((nodes.get("nodes") or {}).values()), {})
        return {
            "version": node.get("version", ""),
            "modules": sorted(module["name"] for module in node.get("modules", [])),
        }

    def supported_analysis(self) -> Analysis:
        """The analysis a new index gets on this server, as far as its modules tell."""
        try:
            modules = self.server()["modules"]
        except SearchUnavailable as error:
            if not isinstance(error.__cause__, ApiError):
                raise
            modules = []  # the node list is refused (rights): try the French analysis
        if modules and ANALYSIS_MODULE not in modules:
            return Analysis(
                FALLBACK,
                missing=f"the server has no {ANALYSIS_MODULE} module (elision, asciifolding, "
                "French stemmer, synonym_graph)",
            )
        return Analysis(FRENCH)

    def _create_index(self, name: str) -> Analysis:
        """Create `name` with the French analysis, or the fallback when the server lacks the
        analysis module or refuses the French settings. Returns the analysis in force."""
        chosen = self.supported_analysis()
        synonyms = synonym_rules() if chosen.name == FRENCH else []
        while True:
            index = Index(name, using=self.client)
            index.settings(number_of_shards=1, number_of_replicas=0)
            index.mapping(mapping(chosen.name, synonyms, chosen.missing))
            try:
                index.create()
            except ApiError as error:
                if chosen.name == FRENCH and _status(error) == 400:
                    logger.warning("Elasticsearch refused the French analysis: %s", error)
                    chosen = Analysis(FALLBACK, missing=f"the server refused it: {_reason(error)}")
                    continue
                raise
            self._remember(chosen)
            return chosen

    def _current_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except ApiError as error:
            if _status(error) == 404:
                return []
            raise

    def _cache_key(self) -> tuple[str, str]:
        return (self.url or str(id(self.client)), self.alias)

    def _remember(self, found: Analysis | None) -> None:
        if found is None:
            _analysis_cache.pop(self._cache_key(), None)
        else:
            _analysis_cache[self._cache_key()] = (time.monotonic(), found)

    def analysis(self, *, fresh: bool = False) -> Analysis | None:
        """The analysis of the live index (None: no index yet), from its `_meta`."""
        cached = _analysis_cache.get(self._cache_key())
        if cached and not fresh and time.monotonic() - cached[0] < ANALYSIS_CACHE_SECONDS:
            return cached[1]
        with _unavailable_on_failure():
            indices = self._current_indices()
            if not indices:
                self._remember(None)
                return None
            found = self.client.indices.get_mapping(index=indices[-1]).body
        meta = found[indices[-1]]["mappings"].get("_meta", {})
        live = Analysis(meta.get("analysis", FRENCH), missing=meta.get("missing", ""))
        self._remember(live)
        return live

    def ensure_index(self) -> Analysis:
        live = self.analysis()
        if live is not None:
            return live
        with _unavailable_on_failure():
            name = self._new_name()
            created = self._create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)
        return created

    def status(self) -> dict:
        """What `search_index --check` prints. Raises SearchUnavailable when unreachable."""
        server = self.server()
        live = self.analysis(fresh=True)
        with _unavailable_on_failure():
            indices = self._current_indices()
            count = self.client.count(index=self.alias).body["count"] if indices else 0
        return {
            "url": self.url,
            "version": server["version"],
            "modules": server["modules"],
            "alias": self.alias,
            "indices": indices,
            "documents": count,
            "analysis": live,
            "supported": self.supported_analysis(),
        }

    def _new_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    @contextmanager
    def rebuilding(self) -> Iterator[_BulkWriter]:
        with _unavailable_on_failure():
            old = self._current_indices()
            name = self._new_name()
            created = self._create_index(name)
        writer = _BulkWriter(self.client, name, mode_for(created.name))
        try:
            yield writer
            with _unavailable_on_failure():
                writer.flush()
                self.client.indices.refresh(index=name)
        except BaseException:
            try:
                self.client.indices.delete(index=name, ignore_unavailable=True)
            except (ApiError, TransportError):
                logger.warning("Could not delete the unfinished index %s", name, exc_info=True)
            raise
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        with _unavailable_on_failure():
            self.client.indices.update_aliases(actions=actions)
            self._remember(created)
            for index in old:
                self.client.indices.delete(index=index, ignore_unavailable=True)

    # --- writing ---------------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        for attempt in (1, 2):
            live = self.ensure_index()
            try:
                # require_alias: never let a write create a bare index named like the alias.
                self.client.index(
                    index=self.alias,
                    id=_doc_id(doc.kind, doc.object_id),
                    document=_source(doc, mode_for(live.name)),
                    refresh=self.refresh,
                    require_alias=True,
                )
                return
            except ApiError as error:
                if _status(error) == 404 and attempt == 1:
                    self._remember(None)  # the alias went away: create an index again
                    continue
                raise SearchUnavailable(str(error)) from error
            except TransportError as error:
                raise SearchUnavailable(str(error)) from error

    def remove(self, kind: str, object_id: int) -> None:
        try:
            self.client.delete(index=self.alias, id=_doc_id(kind, object_id), refresh=self.refresh)
        except ApiError as error:
            if _status(error) != 404:
                raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            raise SearchUnavailable(str(error)) from error

    # --- reading ---------------------------------------------------------------------------

    def _search(self) -> Search:
        # The fallback's index terms are for matching only.
        return Search(using=self.client, index=self.alias).source(excludes=["*_terms"])

    def _execute(self, search: Search):
        try:
            return search.execute()
        except ApiError as error:
            if _status(error) == 404:
                return None
            raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            raise SearchUnavailable(str(error)) from error

    def search(self, query: Query) -> Results:
        per_page = max(1, query.per_page)
        empty = Results(0, [], {name: {} for name in query.facets}, 1, per_page)
        words = query_words(query.text)
        live = self.analysis() if words else None
        if live is None:
            return empty
        mode = mode_for(live.name)
        scope = visibility_query(query.visibility)
        if query.kinds:
            scope &= Q("terms", kind=list(query.kinds))
        search = (
            self._search()
            .query(Q("bool", must=[mode.word_query(word) for word in words]))
            .filter(scope)
            .post_filter(filter_query(query.filters))
            .sort("_score", {"updated_at": {"order": "desc", "missing": "_last"}}, "object_id")
            .extra(track_total_hits=True)
        )
        if mode.server_highlight:
            search = search.highlight(
                "summary", "body", number_of_fragments=1, fragment_size=200
            ).highlight_options(pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html")
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
                if str(bucket.key)  # tickets have no audience, articles no status
            }
            for name in query.facets
        }
        hits = [_hit(item, mode.excerpt(item, words)) for item in response]
        return Results(total, hits, facets, page, per_page)

    def suggest(
        self,
        text: str,
        *,
        brique_id: int | None = None,
        limit: int = 5,
        visibility: Visibility | None = None,
    ) -> list[Suggestion]:
        """As on the database engine: articles holding every word typed (the last one also
        as a prefix, being typed) first, then those holding some; the brique's first within
        each group."""
        typed = analysis.words((text or "")[: analysis.MAX_QUERY_LENGTH])
        words = query_words(text)
        last = analysis.fold(typed[-1]) if typed else ""
        prefix = last if len(last) >= 2 and last not in analysis.STOP_WORDS else ""
        if not words and not prefix:
            return []
        live = self.analysis()
        if live is None:
            return []
        mode = mode_for(live.name)
        last_term = analysis.normalise_word(typed[-1])
        earlier = [word for word in words if analysis.normalise_word(word) != last_term]
        last_options = [mode.word_query(typed[-1])] if last_term else []
        if prefix:
            last_options.append(mode.prefix_query(prefix))
        required = [mode.word_query(word) for word in earlier]
        if last_options:
            required.append(Q("bool", should=last_options, minimum_should_match=1))
        every_word = Q("bool", must=required)
        some_word = Q(
            "bool",
            should=[mode.word_query(word) for word in words]
            + ([mode.prefix_query(prefix)] if prefix else []),
            minimum_should_match=1,
        )
        boosts = [Q("constant_score", filter=every_word, boost=EVERY_WORD_BOOST)]
        if brique_id:
            boosts.append(
                Q("constant_score", filter=Q("term", brique_id=brique_id), boost=OWN_BRIQUE_BOOST)
            )
        search = (
            self._search()
            .query(Q("bool", must=[some_word], should=boosts))
            .filter(Q("term", kind=Kind.ARTICLE) & visibility_query(visibility or Visibility()))
            .sort("_score", {"updated_at": {"order": "desc", "missing": "_last"}}, "object_id")
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
                summary=getattr(item, "summary", "") or "",
                brique_id=getattr(item, "brique_id", None),
            )
            for item in response
        ]

    def similar(
        self, kind: str, object_id: int, *, limit: int = 5, visibility: Visibility | None = None
    ) -> list[Hit]:
        live = self.analysis()
        if live is None:
            return []
        mode = mode_for(live.name)
        like = Q(
            "more_like_this",
            fields=list(mode.similar_fields),
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
        if response is None:
            return []
        return [_hit(item, mode.excerpt(item, [])) for item in response]


class _BulkWriter:
    """Collects documents for a new index and sends them in bulk."""

    def __init__(self, client: Elasticsearch, index: str, mode, size: int = 500):
        self.client, self.target, self.mode, self.size = client, index, mode, size
        self.pending: list[dict] = []

    def index(self, doc: Document) -> None:
        self.pending.append(
            {
                "_index": self.target,
                "_id": _doc_id(doc.kind, doc.object_id),
                "_source": _source(doc, self.mode),
            }
        )
        if len(self.pending) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            es_helpers.bulk(self.client, self.pending)
            self.pending = []


def _source(doc: Document, mode) -> dict:
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
        **mode.source(doc),
    }


def _hit(item, excerpt) -> Hit:
    return Hit(
        kind=item.kind,
        object_id=item.object_id,
        title=item.title,
        url=item.url,
        excerpt=excerpt,
        score=float(item.meta.score or 0.0),
        summary=getattr(item, "summary", "") or "",
        brique_id=getattr(item, "brique_id", None),
        brique_title=getattr(item, "brique_title", "") or "",
        audience=getattr(item, "audience", "") or "",
        status=getattr(item, "status", "") or "",
    )
