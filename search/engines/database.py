"""The database engine: SQLite FTS5 or PostgreSQL full text over French index terms.

Matching: every query term must match (a term matches itself or one of its synonyms).
Suggestions relax this: any term may match, the last one also as a prefix, best first.
Ranking: bm25() on SQLite, ts_rank_cd() on PostgreSQL; titles weigh more than bodies.
Highlights are built in Python from the stored original text (search.text.highlight).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, Count, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .. import text as analysis
from ..contract import (
    Document,
    Hit,
    Kind,
    Query,
    Results,
    Suggestion,
    TicketScope,
    Visibility,
)
from ..models import SearchEntry, Synonym

# A term group: one query word and its synonyms; each synonym may be several terms.
TermGroup = list[tuple[str, ...]]
# Documents ranked per pass of `similar()` at most.
SIMILAR_CANDIDATES = 2000


def synonym_map() -> dict[str, list[tuple[str, ...]]]:
    """Term -> the term tuples it is equivalent to, from the admins' synonym list."""
    mapping: dict[str, list[tuple[str, ...]]] = {}
    for line in Synonym.objects.values_list("terms", flat=True):
        groups = [tuple(analysis.terms(part)) for part in line.split(",")]
        groups = [group for group in groups if group]
        for group in groups:
            if len(group) == 1:
                mapping.setdefault(group[0], []).extend(g for g in groups if g != group)
    return mapping


def visibility_q(visibility: Visibility) -> Q:
    scope = Q(kind=Kind.BRIQUE)
    if visibility.all_articles:
        scope |= Q(kind=Kind.ARTICLE)
    else:
        scope |= Q(kind=Kind.ARTICLE) & (
            Q(audience__in=visibility.audiences) | Q(brique_id__in=visibility.article_briques)
        )
    if visibility.tickets is not None:
        scope |= Q(kind=Kind.TICKET) & ticket_scope_q(visibility.tickets)
    return scope


def ticket_scope_q(tickets: TicketScope) -> Q:
    if tickets.everything:
        return Q()
    scope = Q(brique_id__in=tickets.briques) | Q(object_id__in=tickets.ids)
    for brique_id, establishment_id in tickets.brique_schools:
        scope |= Q(brique_id=brique_id, establishment_id=establishment_id)
    return scope


def filters_q(filters: dict[str, tuple[str, ...]], *, leave_out: str | None = None) -> Q:
    condition = Q()
    for name, values in filters.items():
        if name == leave_out or not values:
            continue
        if name == "brique":
            ids = [int(value) for value in values if str(value).isdigit()]
            condition &= Q(brique_id__in=ids)
        elif name in ("kind", "audience", "status"):
            condition &= Q(**{f"{name}__in": list(values)})
    return condition


class DatabaseEngine:
    """Implements `search.contract.SearchEngine` on the site's database."""

    # --- writing ---------------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        SearchEntry.objects.update_or_create(
            kind=doc.kind,
            object_id=doc.object_id,
            defaults={
                "title": doc.title[:300],
                "summary": doc.summary,
                "body": doc.body,
                "url": doc.url[:500],
                "brique_id": doc.brique_id,
                "brique_title": doc.brique_title[:255],
                "audience": doc.audience,
                "status": doc.status,
                "establishment_id": doc.establishment_id,
                "updated_at": doc.updated_at or timezone.now(),
                "title_terms": analysis.terms_text(doc.title),
                "body_terms": analysis.terms_text(f"{doc.summary}\n{doc.body}"),
            },
        )

    def remove(self, kind: str, object_id: int) -> None:
        SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()

    @contextmanager
    def rebuilding(self) -> Iterator[DatabaseEngine]:
        # One transaction: readers see the old entries until the new ones are complete.
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            yield self

    # --- reading ---------------------------------------------------------------------------

    def search(self, query: Query) -> Results:
        groups = self._groups(analysis.query_terms(query.text))
        if not groups:
            return Results(0, [], {name: {} for name in query.facets}, 1, query.per_page)
        matched = SearchEntry.objects.filter(_match(groups, require_all=True))
        matched = matched.filter(visibility_q(query.visibility))
        if query.kinds:
            matched = matched.filter(kind__in=query.kinds)
        results = matched.filter(filters_q(query.filters))
        total = results.count()
        per_page = max(1, query.per_page)
        page = min(max(1, query.page), max(1, -(-total // per_page)))
        offset = (page - 1) * per_page
        rows = (
            _ranked(results, groups).order_by("-score", "-updated_at", "pk")[
                offset : offset + per_page
            ]
            if total
            else []
        )
        facets = {name: self._facet(matched, query.filters, name) for name in query.facets}
        return Results(total, [_hit(row, groups) for row in rows], facets, page, per_page)

    def suggest(
        self,
        text: str,
        *,
        brique_id: int | None = None,
        limit: int = 5,
        visibility: Visibility | None = None,
    ) -> list[Suggestion]:
        """Articles matching every word typed (the last one as a word or a prefix) first; when
        they are fewer than `limit`, articles matching any word fill the list. The first pass
        is selective and cheap on large bases; the second, which may match most articles on
        common words, runs only when needed (benchmarks/README.md)."""
        typed = analysis.words((text or "")[: analysis.MAX_QUERY_LENGTH])
        groups = self._groups(analysis.query_terms(text))
        last = analysis.fold(typed[-1]) if typed else ""
        prefix = last if len(last) >= 2 and last not in analysis.STOP_WORDS else ""
        if not groups and not prefix:
            return []
        entries = SearchEntry.objects.filter(
            visibility_q(visibility or Visibility.anonymous()), kind=Kind.ARTICLE
        )
        order = ["-score", "-updated_at", "pk"]
        if brique_id:
            entries = entries.annotate(
                own=RawSQL("CASE WHEN brique_id = %s THEN 1 ELSE 0 END", [brique_id])
            )
            order.insert(0, "-own")
        last_term = analysis.normalise_word(typed[-1]) if typed else ""
        passes = [
            _typed_match(groups, prefix, last_term),
            _match(groups, require_all=False, prefix=prefix),
        ]
        rows: list[dict] = []
        for condition in passes:
            found = (
                _ranked(entries.filter(condition), groups, prefix=prefix, light=True)
                .exclude(object_id__in=[row["object_id"] for row in rows])
                .order_by(*order)
                .values("object_id", "title", "url", "summary", "brique_id")
            )
            rows.extend(found[: limit - len(rows)])
            if len(rows) >= limit:
                break
        return [Suggestion(**row) for row in rows]

    def similar(
        self, kind: str, object_id: int, *, limit: int = 5, visibility: Visibility | None = None
    ) -> list[Hit]:
        """Documents sharing the most words with this one (its title's count three times).
        Narrow passes first: all of its title's words, then any two of its main words, then
        any one; each pass ranks at most SIMILAR_CANDIDATES documents, so that the cost stays
        bounded on a desk of 100,000 tickets where common words match most of them."""
        entry = SearchEntry.objects.filter(kind=kind, object_id=object_id).first()
        if entry is None:
            return []
        counts = Counter(entry.title_terms.split() * 3 + entry.body_terms.split())
        common = [term for term, _count in counts.most_common(12) if _distinctive(term)]
        if not common:
            return []
        groups = [[(term,)] for term in common]
        title = [term for term in dict.fromkeys(entry.title_terms.split()) if _distinctive(term)]
        top = common[:6]
        passes = []
        if len(title) >= 2:
            passes.append(_match([[(term,)] for term in title[:4]], require_all=True))
        if len(top) >= 2:
            passes.append(_any_pair(top))
        passes.append(_match(groups, require_all=False))
        entries = SearchEntry.objects.filter(
            visibility_q(visibility or Visibility.anonymous()), kind=kind
        ).exclude(pk=entry.pk)
        rows: list[SearchEntry] = []
        for condition in passes:
            # Two queries, not a subquery: the full-text condition names the outer table.
            candidates = list(
                entries.filter(condition)
                .exclude(pk__in=[row.pk for row in rows])
                .values_list("pk", flat=True)[:SIMILAR_CANDIDATES]
            )
            if not candidates:
                continue
            found = _ranked(entries.filter(pk__in=candidates), groups, light=True).order_by(
                "-score", "-updated_at", "pk"
            )
            rows.extend(found[: limit - len(rows)])
            if len(rows) >= limit:
                break
        return [_hit(row, groups) for row in rows]

    # --- helpers ---------------------------------------------------------------------------

    def _groups(self, terms: list[str]) -> list[TermGroup]:
        if not terms:
            return []
        synonyms = synonym_map()
        return [[(term,), *synonyms.get(term, [])] for term in terms]

    def _facet(self, matched: QuerySet, filters: dict, name: str) -> dict[str, int]:
        field = {"brique": "brique_id"}.get(name, name)
        empty = Q(brique_id__isnull=True) if field == "brique_id" else Q(**{field: ""})
        rows = (
            matched.filter(filters_q(filters, leave_out=name))
            .exclude(empty)
            .values(field)
            .annotate(count=Count("pk"))
            .order_by("-count", field)
        )
        return {str(row[field]): row["count"] for row in rows}


# --- full-text expressions per database -------------------------------------------------------


def _fts5_query(groups: list[TermGroup], *, require_all: bool, prefix: str = "") -> str:
    """An FTS5 MATCH string. Terms are [a-z0-9_] after analysis, quoted all the same."""
    clauses = []
    for group in groups:
        options = [" AND ".join(f'"{t}"' for t in terms) for terms in group]
        clauses.append("(" + " OR ".join(f"({option})" for option in options) + ")")
    if prefix:
        clauses.append(f'"{_safe(prefix)}"*')
    return (" AND " if require_all else " OR ").join(clauses)


def _tsquery(groups: list[TermGroup], *, require_all: bool, prefix: str = "") -> str:
    clauses = []
    for group in groups:
        options = [" & ".join(f"'{t}'" for t in terms) for terms in group]
        clauses.append("(" + " | ".join(f"({option})" for option in options) + ")")
    if prefix:
        clauses.append(f"'{_safe(prefix)}':*")
    return (" & " if require_all else " | ").join(clauses)


def _distinctive(term: str) -> bool:
    """Worth comparing documents on: not a short word, nor a number (a ticket's reference)."""
    return len(term) > 2 and not term.isdigit()


def _any_pair(terms: list[str]) -> Q:
    """Documents holding at least two of `terms`."""
    pairs = [(a, b) for i, a in enumerate(terms) for b in terms[i + 1 :]]
    if connection.vendor == "postgresql":
        return _match_query(" | ".join(f"('{_safe(a)}' & '{_safe(b)}')" for a, b in pairs))
    return _match_query(" OR ".join(f'("{_safe(a)}" AND "{_safe(b)}")' for a, b in pairs))


def _safe(word: str) -> str:
    return "".join(char for char in word if char.isalnum() or char == "_")


def _match(groups: list[TermGroup], *, require_all: bool, prefix: str = "") -> Q:
    if connection.vendor == "postgresql":
        return _match_query(_tsquery(groups, require_all=require_all, prefix=prefix))
    return _match_query(_fts5_query(groups, require_all=require_all, prefix=prefix))


def _typed_match(groups: list[TermGroup], prefix: str, last_term: str) -> Q:
    """Every word typed so far: each earlier word (or a synonym), and the last one as itself
    or as the start of a longer word, since it may be still being typed."""
    last = [group for group in groups if group[0] == (last_term,)]
    earlier = [group for group in groups if group[0] != (last_term,)]
    postgres = connection.vendor == "postgresql"
    build = _tsquery if postgres else _fts5_query
    clauses = [build([group], require_all=True) for group in earlier]
    if last or prefix:
        options = [build(last, require_all=True)] if last else []
        if prefix:
            options.append(f"'{_safe(prefix)}':*" if postgres else f'"{_safe(prefix)}"*')
        clauses.append("(" + (" | " if postgres else " OR ").join(options) + ")")
    return _match_query((" & " if postgres else " AND ").join(clauses))


def _match_query(query: str) -> Q:
    if connection.vendor == "postgresql":
        expression = RawSQL(
            "search_entry.search_vector @@ to_tsquery('simple', %s)",
            [query],
            output_field=BooleanField(),
        )
    else:
        expression = RawSQL(
            "search_entry.id IN (SELECT rowid FROM search_entry_fts WHERE search_entry_fts "
            "MATCH %s)",
            [query],
            output_field=BooleanField(),
        )
    return Q(expression)


def _ranked(
    entries: QuerySet, groups: list[TermGroup], *, prefix: str = "", light: bool = False
) -> QuerySet:
    """Annotate `score`. `light`: on PostgreSQL, ts_rank() instead of ts_rank_cd(): about
    three times cheaper per row (no cover-density positions), enough to order suggestions."""
    if connection.vendor == "postgresql":
        score = RawSQL(
            f"{'ts_rank' if light else 'ts_rank_cd'}(search_entry.search_vector, "
            "to_tsquery('simple', %s))",
            [_tsquery(groups, require_all=False, prefix=prefix)],
            output_field=FloatField(),
        )
    else:
        # bm25() is lower for better matches; negate it so that higher is better everywhere.
        score = RawSQL(
            "(SELECT -bm25(search_entry_fts, 4.0, 1.0) FROM search_entry_fts WHERE "
            "search_entry_fts MATCH %s AND rowid = search_entry.id)",
            [_fts5_query(groups, require_all=False, prefix=prefix)],
            output_field=FloatField(),
        )
    return entries.annotate(score=score)


def _hit(entry: SearchEntry, groups: Iterable[TermGroup]) -> Hit:
    wanted = {term for group in groups for terms in group for term in terms}
    text = f"{entry.summary}\n{entry.body}".strip() if entry.summary else entry.body
    return Hit(
        kind=entry.kind,
        object_id=entry.object_id,
        title=entry.title,
        url=entry.url,
        excerpt=analysis.highlight(text, wanted),
        score=float(getattr(entry, "score", 0.0) or 0.0),
        summary=entry.summary,
        brique_id=entry.brique_id,
        brique_title=entry.brique_title,
        audience=entry.audience,
        status=entry.status,
    )
