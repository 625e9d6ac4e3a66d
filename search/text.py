"""French-aware text analysis shared by the database engine (indexing and querying) and by
every engine's highlighting.

One analyser for SQLite and PostgreSQL means the same query finds the same documents on both
databases, and an excerpt marks exactly the words that matched. Steps: lower case, strip
accents (``réinitialiser`` → ``reinitialiser``), drop French stop words, fold a plural ``s``
(``connexions`` → ``connexion``, which Snowball alone does not), then the Snowball French
stemmer (``réinitialisation`` and ``réinitialiser`` → ``reinitialis``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Queries longer than this are cut (documented on the search page's help text): enough for a
# ticket's title and the start of its description, bounded for the database and the engine.
MAX_QUERY_LENGTH = 300
# At most this many distinct terms take part in a query.
MAX_QUERY_TERMS = 24

# Letters and digits; "_" separates words, as it does for FTS5 and PostgreSQL.
WORD_RE = re.compile(r"[^\W_]+")

STOP_WORDS = frozenset(
    """
    a au aux avec ce ces c d dans de des du elle en et eux il ils je j l la le les leur lui
    m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se
    ses son sur t ta te tes toi ton tu un une vos votre vous y est sont ete etre avoir ai as
    cette cet comment quand quoi ne plus tres
    """.split()  # noqa: SIM905 (a readable block of words)
)

_stemmer = snowballstemmer.stemmer("french")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)
def normalise_word(word: str) -> str:
    """The index term of one word, or "" for a stop word."""
    folded = strip_accents(word.lower())
    if folded in STOP_WORDS:
        return ""
    if len(folded) > 3 and folded[-1] in "sx" and folded[-2] not in "sx":
        # A French plural: Snowball keeps "videos" and "connexions" apart from the singular.
        folded = folded[:-1]
    return _stemmer.stemWord(folded)


def fold(word: str) -> str:
    """Lower case without accents, not stemmed: for prefix matching of a word being typed."""
    return strip_accents(word.lower())


def words(text: str) -> list[str]:
    return WORD_RE.findall(text or "")


def terms(text: str) -> list[str]:
    """Index terms of `text`, in order, stop words left out."""
    return [term for term in map(normalise_word, words(text)) if term]


def terms_text(text: str) -> str:
    """What the search column stores: the terms separated by spaces."""
    return " ".join(terms(text))


def query_terms(text: str) -> list[str]:
    """Distinct terms of a user query, cut to a documented size, in order."""
    seen: dict[str, None] = {}
    for term in terms((text or "")[:MAX_QUERY_LENGTH]):
        seen.setdefault(term, None)
    return list(seen)[:MAX_QUERY_TERMS]


def _match(word: str, wanted: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    if normalise_word(word) in wanted:
        return True
    folded = fold(word)
    return any(folded.startswith(prefix) for prefix in prefixes)


def highlight(
    text: str,
    wanted: Iterable[str],
    *,
    prefixes: Iterable[str] = (),
    size: int = 30,
) -> SafeString:
    """An excerpt of about `size` words around the first matching word, HTML-escaped, each
    matching word wrapped in <mark>. Without a match, the start of the text."""
    wanted = frozenset(wanted)
    prefixes = tuple(prefix for prefix in prefixes if prefix)
    tokens = list(_tokens(text or ""))
    word_positions = [i for i, (is_word, _) in enumerate(tokens) if is_word]
    if not word_positions:
        return mark_safe(escape((text or "")[:200]))
    first = next(
        (n for n, i in enumerate(word_positions) if _match(tokens[i][1], wanted, prefixes)), 0
    )
    start_word = max(0, first - size // 3)
    end_word = min(len(word_positions), start_word + size)
    start = word_positions[start_word] if start_word else 0
    end = word_positions[end_word - 1] + 1
    parts = ["… " if start_word else ""]
    for is_word, chunk in tokens[start:end]:
        if is_word and _match(chunk, wanted, prefixes):
            parts.append(f"<mark>{escape(chunk)}</mark>")
        else:
            parts.append(" " if chunk.isspace() else escape(chunk))
    if end_word < len(word_positions):
        parts.append(" …")
    return mark_safe("".join(parts))


def _tokens(text: str) -> Iterator[tuple[bool, str]]:
    """The text as alternating (is_word, chunk) pieces, so nothing is lost in the excerpt."""
    position = 0
    for found in WORD_RE.finditer(text):
        if found.start() > position:
            yield False, text[position : found.start()]
        yield True, found.group()
        position = found.end()
    if position < len(text):
        yield False, text[position:]
