"""How the Elasticsearch engine analyses French text: on the server when it can, else in
Python.

- **Full French** (`FRENCH`): the server analyses the text fields with elision, lower case,
  ASCII folding, French stop words and the light French stemmer, plus a `synonym_graph`
  filter built from the admins' `Synonym` list at query time. Those filters come from the
  server's `analysis-common` module.
- **Fallback** (`FALLBACK`): a server without that module (Elasticsearch's test distribution)
  gets, beside the original text, the index terms of `search.text` (the database engine's
  French analysis: accents, stop words, plurals, Snowball stemmer) in `title_terms` and
  `body_terms`, split on white space by the server. Queries are analysed the same way in
  Python and synonyms expanded there, so "reinitialiser" still finds "Réinitialiser" and
  plurals their singular. Excerpts are then highlighted in Python, as on the database engine.

Both modes build a query word by word (`Mode.word_query`): every word of a search must match
in some field; suggestions take any word and the last one typed as a prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch.dsl import Date, Keyword, Long, Mapping, Q, Text, analyzer, token_filter

from .. import text as analysis
from ..contract import Document

FRENCH = "french"
FALLBACK = "fallback"
# The server module whose filters the full French analysis needs.
ANALYSIS_MODULE = "analysis-common"


@dataclass(frozen=True)
class Analysis:
    """The analysis an index was created with, and for the fallback what the server lacked."""

    name: str
    missing: str = ""

    def describe(self) -> str:
        if self.name == FRENCH:
            return (
                "full French (server analysis: elision, lowercase, ASCII folding, French stop "
                "words, light French stemmer, synonyms)"
            )
        return (
            f"fallback: {self.missing or 'French analysis refused by the server'}; French "
            "analysis done in Python (search.text), white-space split on the server"
        )


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


def mapping(name: str, synonyms: list[str], missing: str = "") -> Mapping:
    m = Mapping()
    if name == FRENCH:
        index_analyzer, search_analyzer = french_analyzers(synonyms)
        text = {"analyzer": index_analyzer, "search_analyzer": search_analyzer}
    else:
        text = {"analyzer": "standard"}
        # search.text's terms, already lower case, unaccented and stemmed.
        m.field("title_terms", Text(analyzer="whitespace"))
        m.field("body_terms", Text(analyzer="whitespace"))
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
    meta = {"analysis": name}
    if missing:
        meta["missing"] = missing
    m.meta("_meta", **meta)
    return m


def query_words(text: str) -> list[str]:
    """The words of a query that take part in it: cut at `MAX_QUERY_LENGTH` characters, stop
    words left out, one word per index term, at most `MAX_QUERY_TERMS`. Only letters and
    digits remain, so quotes, operators and Lucene syntax are never syntax."""
    chosen: dict[str, str] = {}
    for word in analysis.words((text or "")[: analysis.MAX_QUERY_LENGTH]):
        term = analysis.normalise_word(word)
        if term:
            chosen.setdefault(term, word)
    return list(chosen.values())[: analysis.MAX_QUERY_TERMS]


class FrenchMode:
    """The server analyses: queries send the words as typed."""

    name = FRENCH
    fields = ("title^3", "summary^2", "body")
    similar_fields = ("title", "body")
    server_highlight = True

    def source(self, doc: Document) -> dict:
        return {}

    def word_query(self, word: str) -> Q:
        return Q("multi_match", query=word, fields=list(self.fields))

    def prefix_query(self, prefix: str) -> Q:
        return Q("multi_match", query=prefix, type="phrase_prefix", fields=list(self.fields))

    def excerpt(self, item, words: list[str]) -> SafeString:
        fragments = getattr(item.meta, "highlight", None)
        if fragments is not None:
            for name in ("body", "summary"):
                if name in fragments:
                    # Escaped by the server (encoder "html"), with <mark> around matches.
                    return mark_safe(fragments[name][0])
        text = getattr(item, "summary", "") or getattr(item, "body", "") or ""
        return mark_safe(escape(text[:200]))


class FallbackMode:
    """Python analyses (search.text): queries send index terms, synonyms expanded here."""

    name = FALLBACK
    fields = ("title_terms^3", "body_terms")
    similar_fields = ("title_terms", "body_terms")
    server_highlight = False

    @cached_property
    def synonyms(self) -> dict[str, list[tuple[str, ...]]]:
        """Read once per query, not for writes."""
        from .database import synonym_map

        return synonym_map()

    def source(self, doc: Document) -> dict:
        return {
            "title_terms": analysis.terms_text(doc.title),
            "body_terms": analysis.terms_text(f"{doc.summary}\n{doc.body}"),
        }

    def alternatives(self, word: str) -> list[tuple[str, ...]]:
        term = analysis.normalise_word(word)
        return [(term,), *self.synonyms.get(term, [])] if term else []

    def word_query(self, word: str) -> Q:
        options = [
            Q("multi_match", query=" ".join(terms), type="phrase", fields=list(self.fields))
            for terms in self.alternatives(word)
        ]
        return Q("bool", should=options, minimum_should_match=1)

    def prefix_query(self, prefix: str) -> Q:
        prefix = analysis.fold(prefix)
        return Q(
            "bool",
            should=[Q("prefix", title_terms=prefix), Q("prefix", body_terms=prefix)],
            minimum_should_match=1,
        )

    def excerpt(self, item, words: list[str]) -> SafeString:
        wanted = {term for word in words for terms in self.alternatives(word) for term in terms}
        summary = getattr(item, "summary", "") or ""
        body = getattr(item, "body", "") or ""
        text = f"{summary}\n{body}".strip() if summary else body
        return analysis.highlight(text, wanted)


def mode_for(name: str) -> FrenchMode | FallbackMode:
    return FrenchMode() if name == FRENCH else FallbackMode()
