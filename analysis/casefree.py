"""re.IGNORECASE patterns with a case-sensitive twin for lower-cased text: same matches, faster.

re.IGNORECASE compares every character through case tables and cannot skip ahead on a literal;
a lower-cased pattern on lower-cased text can. For a pattern whose cased letters are ASCII, the
twin finds exactly what the original finds, at the same offsets, unless the text has a character
that lower() lengthens (the text is then not folded at all), a dotless i or a long s (which
IGNORECASE matches to i and s while lower() keeps them). Every other character keeps its offset
and its \\w, \\d, \\s and \\b behaviour under lower(). Match objects of the twin point into the
lower-cased text: callers read offsets or truth values, never the matched text.
"""

from __future__ import annotations

import re
from re import _constants as _c
from re import _parser

from .pattern_literals import anchors_for, lower_pattern
from .text import lowered_or_none

_RECENT: list = [()]  # the last few (text, folded_text(text)) pairs, newest first


def folded_text(text: str) -> str | None:
    """text.lower() when CaseFree twins may run on it in place of their IGNORECASE pattern."""
    recent = _RECENT[0]  # one tuple, read once: safe if another thread replaces it meanwhile
    for seen, result in recent:
        if seen is text:
            return result
    lowered = lowered_or_none(text)
    result = None if lowered is None or "\u0131" in text or "\u017f" in text else lowered
    _RECENT[0] = ((text, result), *recent[:3])
    return result


def _ascii_cased_only(items: list) -> bool:
    """True when every cased character in a parsed pattern is a lower-case ASCII letter."""
    for op, av in items:
        chars: list[int] = []
        if op in (_c.LITERAL, _c.NOT_LITERAL):
            chars = [av]
        elif op is _c.RANGE:
            chars = list(range(av[0], av[1] + 1))
        elif op is _c.IN:
            if not _ascii_cased_only(av):
                return False
        elif op is _c.SUBPATTERN:
            if av[1] or av[2] or not _ascii_cased_only(list(av[-1])):
                return False
        elif op is _c.BRANCH:
            if not all(_ascii_cased_only(list(alt)) for alt in av[1]):
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            if not _ascii_cased_only(list(av[2])):
                return False
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if not _ascii_cased_only(list(av[1])):
                return False
        elif op in (_c.GROUPREF, _c.GROUPREF_EXISTS, _c.ATOMIC_GROUP):
            return False  # not needed so far; keep the check simple
        for code in chars:
            ch = chr(code)
            if ch.lower() != ch.upper() and not ("a" <= ch <= "z"):
                return False
    return True


class CaseFree:
    """An IGNORECASE regex and its case-sensitive twin for folded_text (same matches)."""

    __slots__ = ("folded", "insensitive", "needs", "pair")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.insensitive = re.compile(pattern, flags | re.IGNORECASE)
        twin = lower_pattern(pattern)
        if not _ascii_cased_only(list(_parser.parse(twin, flags))):
            raise ValueError(f"CaseFree needs ASCII letters only: {pattern[:60]!r}")
        self.folded = re.compile(twin, flags)
        self.pair = (self.insensitive, self.folded)  # pair[folded is not None]: the one to run
        # literals one of which every match of the twin contains (None: unknown, always run it)
        self.needs = anchors_for(pattern) if not flags else None

    def may_match(self, folded: str) -> bool:
        """False only when folded text has none of the needed literals: a few substring checks
        in place of a whole-text regex scan (the patterns start with \\b, so re cannot skip ahead)."""
        needs = self.needs
        if needs is None:
            return True
        for literal in needs:
            if literal in folded:
                return True
        return False

    def search(self, text: str, folded: str | None) -> bool:
        """Whether the pattern occurs in text; folded is folded_text(text) (or that slice) or None."""
        if folded is None:
            return self.insensitive.search(text) is not None
        return self.folded.search(folded) is not None

    def match(self, text: str, folded: str | None) -> bool:
        """Whether the pattern matches at the start of text (folded as for search)."""
        if folded is None:
            return self.insensitive.match(text) is not None
        return self.folded.match(folded) is not None
