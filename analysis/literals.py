"""The literal index behind FastPattern: which cue literals occur in a text, and where.

Every FastPattern registers the literals its matches start with or must contain. Per text,
one index answers "which of them occur" from a cache of whitespace-free chunks (abstracts
share most of their words), and lists a literal's positions only when a pattern asks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from sys import intern

ANCHORS: dict[str, None] = {}  # every anchor literal of every pattern, in registration order
WORD_START = "\x00"  # key prefix for literals indexed only where a word starts
_INDEX_CACHE: dict[str, object] = {}


def _trie_pattern(words: list[str]) -> str:
    """A regex matching any of words, factored as a trie so each position is tried once."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _prefix_map(literals: list[str], marker: str = "") -> dict[str, list[str]]:
    """Per literal, every literal it starts with (the longest trie match implies all of them)."""
    return {w: [intern(marker + a) for a in literals if w.startswith(a)] for w in literals}


def _index_regex() -> tuple:
    """The tries that find registered literals in a chunk of text, with their prefix maps.

    (word-start trie, its prefix map, anywhere trie, its prefix map, literals with whitespace)
    """
    key = len(ANCHORS)
    cached = _INDEX_CACHE.get("regex")
    if cached is not None and cached[0] == key:  # type: ignore[index]
        return cached[1:]  # type: ignore[index]
    anywhere = sorted(a for a in ANCHORS if not a.startswith(WORD_START))
    word_start = sorted(a[1:] for a in ANCHORS if a.startswith(WORD_START))
    spaced = [a for a in anywhere if any(ch.isspace() for ch in a)]
    unspaced = [a for a in anywhere if a not in spaced]
    # at a word start try the word-start literals; they are made of word characters only, so
    # one match per word start is enough (a match never reaches the next word start); the
    # trie's match is the longest literal there, and every other literal there is its prefix
    regex = re.compile(f"\\b({_trie_pattern(word_start) or '(?!)'})")
    # the other literals may overlap, so try them at every position (zero-width lookahead)
    anywhere_regex = re.compile(f"(?=({_trie_pattern(unspaced) or '(?!)'}))")
    tables = (regex, _prefix_map(word_start, WORD_START), anywhere_regex, _prefix_map(unspaced))
    _INDEX_CACHE["regex"] = (key, *tables, spaced)
    _INDEX_CACHE["chunks"] = {}
    return (*tables, spaced)


_MAX_CHUNKS = 200_000  # distinct whitespace-free chunks remembered (tens of MB at most)
_NONE: frozenset[str] = frozenset()


def _chunk_cache() -> dict[str, frozenset[str]]:
    """Per whitespace-free chunk of text, the literals in it (call _index_regex first: it resets
    the cache when literals were added)."""
    chunks = _INDEX_CACHE["chunks"]
    if len(chunks) > _MAX_CHUNKS:  # type: ignore[arg-type]
        chunks = _INDEX_CACHE["chunks"] = {}
    return chunks  # type: ignore[return-value]


def _chunk_anchors(chunk: str, tables: tuple) -> frozenset[str]:
    """The literals without whitespace that occur in one whitespace-free chunk of text.

    Whitespace is never a word character, so word starts in the chunk are word starts in the
    text, and a literal without whitespace occurs in the text only inside one chunk.
    """
    regex, prefixes, anywhere_regex, anywhere_prefixes, _spaced = tables
    words, literals = regex.findall(chunk), anywhere_regex.findall(chunk)
    if not words and not literals:
        return _NONE
    found: set[str] = set()
    for word in words:
        found.update(prefixes[word])
    for literal in literals:
        found.update(anywhere_prefixes[literal])
    return frozenset(found)


# per literal, how its starts are listed (see _finder)
_FINDERS: dict[str, re.Pattern[str] | str | None] = {}
_UNKNOWN = object()
_SHORT_WORD = 4  # word-start literals up to this length (with their marker) are found with re
_MATCH_START = re.Match.start


def _word_start_regex(word: str) -> re.Pattern[str]:
    """word where \\b holds before it, checked after the literal so re keeps its prefix search."""
    return re.compile(f"{re.escape(word)}(?<!\\w[\\s\\S]{{{len(word)}}})")


def _finder(anchor: str) -> re.Pattern[str] | str | None:
    """How to list a literal's starts: a regex (short word-start literals), the literal itself
    (other word-start literals: a find loop that checks \\b), or None (a plain find loop)."""
    if not anchor.startswith(WORD_START):
        return None
    if len(anchor) <= _SHORT_WORD:
        # short literals sit inside many words: let re check the boundary in C; the literal is
        # all word characters, so its word-start occurrences cannot overlap
        return _word_start_regex(anchor[1:])
    return anchor[1:]


def literals_in(lowered: str) -> set[str]:
    """The registered literals that occur in a lower-cased text, from the per-chunk cache."""
    tables = _index_regex()  # first: it empties the chunk cache when literals were added
    chunks = _chunk_cache()
    words = set(lowered.split())
    for word in words.difference(chunks):
        chunks[word] = _chunk_anchors(word, tables)
    present = set().union(*map(chunks.__getitem__, words))
    if tables[4]:
        present.update(a for a in tables[4] if a in lowered)
    return present


def occurrences(lowered: str, anchor: str, lo: int, hi: int) -> list[int]:
    """Index.positions of anchor, for lowered[lo:hi] where the text before lo is not a word."""
    found = []
    find = lowered.find
    if anchor.startswith(WORD_START):
        literal = anchor[1:]
        pos = find(literal, lo, hi)
        while pos >= 0:
            if pos == 0 or not ((ch := lowered[pos - 1]).isalnum() or ch == "_"):
                found.append(pos)
            pos = find(literal, pos + 1, hi)
    else:
        pos = find(anchor, lo, hi)
        while pos >= 0:
            found.append(pos)
            pos = find(anchor, pos + 1, hi)
    return found


class Index:
    """Which registered literals occur in one lower-cased text; their positions only on demand."""

    __slots__ = ("_positions", "lowered", "present")

    def __init__(self, lowered: str) -> None:
        self.lowered = lowered
        self.present: frozenset[str] | set[str] = literals_in(lowered)
        self._positions: dict[str, list[int]] = {}

    def positions(self, anchor: str) -> list[int]:
        """Every start of anchor (word-start literals: only where a word starts), ascending."""
        found = self._positions.get(anchor)
        if found is not None:
            return found
        finder = _FINDERS.get(anchor, _UNKNOWN)
        if finder is _UNKNOWN:
            finder = _FINDERS[anchor] = _finder(anchor)
        lowered = self.lowered
        if finder is None:
            found = []
            find = lowered.find
            pos = find(anchor)
            while pos >= 0:
                found.append(pos)
                pos = find(anchor, pos + 1)
        elif type(finder) is str:
            # a word-start literal begins with a word character: \b holds iff none is before
            found = []
            literal = finder
            find = lowered.find
            pos = find(literal)
            while pos >= 0:
                if pos == 0 or not ((ch := lowered[pos - 1]).isalnum() or ch == "_"):
                    found.append(pos)
                pos = find(literal, pos + 1)
        else:
            found = list(map(_MATCH_START, finder.finditer(lowered)))  # the loop runs in C
        self._positions[anchor] = found
        return found


_LAST: list = [None]  # (text, version, index) of the text being scanned right now


def anchor_positions(lowered: str, version: int) -> Index:
    """The literal index of lowered (the last text is kept by identity)."""
    last = _LAST[0]  # one tuple, read once: safe if another thread replaces it meanwhile
    if last is not None and last[0] is lowered and last[1] == version:
        return last[2]
    found = _anchor_positions(lowered, version)
    _LAST[0] = (lowered, version, found)
    return found


def present_index(lowered: str) -> Index:
    """The literal index of lowered for the literals registered now."""
    return anchor_positions(lowered, len(ANCHORS))


@lru_cache(maxsize=8)
def _anchor_positions(lowered: str, version: int) -> Index:
    """The literal index of a lower-cased text (version: how many literals are registered)."""
    return Index(lowered)
