"""A linear-time RE2 pre-check in front of re: skip a scan that RE2 proves would find nothing.

The annotators run about 120 IGNORECASE patterns over every abstract, and most start with
\\b, so re tries every alternative at every position: about 5 ms a record, far below the floor
of 500 records a second. RE2 (google-re2) scans a text once with a DFA, many times faster,
but it has no lookarounds and its \\b, \\w, \\s and \\d know ASCII only.

So each re pattern gets a *widened* RE2 twin that matches wherever the original could:
lookarounds, \\b, \\A, \\Z, ^ and $ only ever reject, so they are dropped; \\w, \\s and \\d
also accept any non-ASCII character, and so does every non-ASCII character of the pattern.
When the twin finds nothing, the original cannot match either; otherwise re scans as before,
so the results are always re's own. A pattern the widening does not translate, or RE2 does
not compile, has no pre-check and is always scanned. Adding a cue needs nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import re2

_OPTIONS = re2.Options()  # case-free where the original is: widen() adds (?i)
_OPTIONS.log_errors = False  # a pattern RE2 rejects is simply always scanned
# the set's DFA cache: at the 8 MB default it thrashed (bench 1,500 -> 500/s)
_OPTIONS.max_mem = 32 << 20
_OPTIONS.encoding = re2.Options.Encoding.LATIN1  # one byte a character (see _NON_ASCII)
_NON_ASCII = ord("?")  # what every non-ASCII character of a text becomes for RE2
# The characters re.IGNORECASE matches to an ASCII letter (dotted and dotless I, long s,
# Kelvin sign): turned into "?", they would not match their letter in RE2.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")

_WIDE = (_NON_ASCII, _NON_ASCII)  # every non-ASCII character, as RE2 sees it
_ALL = (0, 0xFF)
_SPACE = [(0x09, 0x0D), (0x1C, 0x20)]  # the ASCII characters re's \s matches
_WORD = [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0x5F, 0x5F)]
# per class escape: (ranges inside [...] or alone, ranges inside [^...]); a negated class
# keeps excluding only ASCII characters that re's class surely holds, so it excludes less
_CLASS_ESCAPES: dict[str, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = {
    "w": ([*_WORD, _WIDE], _WORD),
    "d": ([(0x30, 0x39), _WIDE], [(0x30, 0x39)]),
    "s": ([*_SPACE, _WIDE], _SPACE),
    "W": ([_ALL], []),
    "D": ([_ALL], []),
    "S": ([_ALL], []),
}
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_CODE_SIZES = {"x": 2, "u": 4, "U": 8}
_ASSERTIONS = set("bBAZ")
_LOOKAROUND = re.compile(r"\(\?(?:=|!|<=|<!)")
_GROUP_OPENERS = ("(?:", "(?P<")  # the other (? forms are not translated
# A twin with an open gap ("[^.]*", ".*": anything up to a full stop) keeps a DFA state alive
# across a whole sentence; in the set's shared DFA that multiplies with every other cue's
# states and thrashes its cache. Such twins stay out of the set and are searched on their own.
_GAP = re.compile(rb"\[\^[^\]]*\][*+]|\.[*+]")
# A counted repetition with a long upper bound ("[^.]{0,200}?"): RE2 unrolls the count, and in
# the set's DFA that many states thrash its cache (one such cue made every scan 3x slower);
# "*" matches wherever the count does. Short counts ("{0,3}") stay exact.
_WIDE_COUNT = re.compile(r"\{\d*,(?:\d{3,}|[2-9]\d)\}")


class Unsupported(ValueError):
    """A construct the widening does not translate: that pattern gets no pre-check."""


def _escaped_char(pattern: str, i: int) -> tuple[str, int]:
    """The character an escape at pattern[i] stands for, and the index after it."""
    code = pattern[i + 1]
    if code in _CODE_SIZES:
        end = i + 2 + _CODE_SIZES[code]
        return chr(int(pattern[i + 2 : end], 16)), end
    if code in _CONTROL:
        return _CONTROL[code], i + 2
    if code.isascii() and not code.isalnum():
        return code, i + 2
    raise Unsupported(f"escape \\{code}")


def _ranges(lo: int, hi: int, negated: bool) -> list[tuple[int, int]]:
    """A range of characters, wider: non-ASCII parts become all of non-ASCII ([^...]: dropped)."""
    if any(lo <= ord(c) <= hi for c in _FOLDS_TO_ASCII):
        raise Unsupported("a character IGNORECASE may match to an ASCII letter")
    if hi < 0x80:
        return [(lo, hi)]
    ascii_part = [(lo, 0x7F)] if lo < 0x80 else []
    return ascii_part if negated else [*ascii_part, _WIDE]


def _render(ranges: list[tuple[int, int]], negated: bool) -> str:
    """An RE2 character class for ranges ([^...] with nothing left to exclude: any character)."""
    if negated:  # never exclude "?": it stands for every non-ASCII character too
        ranges = [
            part
            for lo, hi in ranges
            for part in ((lo, min(hi, _NON_ASCII - 1)), (max(lo, _NON_ASCII + 1), hi))
            if part[0] <= part[1]
        ]
        if not ranges:
            ranges, negated = [_ALL], False
    body = "".join(
        rf"\x{{{lo:x}}}" if lo == hi else rf"\x{{{lo:x}}}-\x{{{hi:x}}}" for lo, hi in ranges
    )
    return f"[{'^' if negated else ''}{body}]"


def _class(pattern: str, i: int) -> tuple[str, int]:
    """The RE2 text for the character class starting at pattern[i], and the index after it."""
    negated = pattern.startswith("[^", i)
    i += 2 if negated else 1
    ranges: list[tuple[int, int]] = []
    start = i
    while pattern[i] != "]" or i == start:  # a ] first in the class is a literal
        if pattern[i] == "\\" and pattern[i + 1] in _CLASS_ESCAPES:
            ranges += _CLASS_ESCAPES[pattern[i + 1]][negated]
            i += 2
            continue
        if pattern[i] == "[":
            raise Unsupported("[ inside a class")
        lo, i = _escaped_char(pattern, i) if pattern[i] == "\\" else (pattern[i], i + 1)
        hi = lo
        if pattern[i] == "-" and pattern[i + 1] != "]":
            hi, i = (
                _escaped_char(pattern, i + 1) if pattern[i + 1] == "\\" else (pattern[i + 1], i + 2)
            )
        ranges += _ranges(ord(lo), ord(hi), negated)
    return _render(ranges, negated), i + 1


def widen(pattern: str, flags: int = 0) -> str:
    """An RE2 pattern that matches wherever re's pattern (with flags) matches, and perhaps elsewhere."""
    if flags & re.VERBOSE:
        raise Unsupported("verbose pattern")
    out: list[str] = []
    groups: list[bool] = []  # per open group: whether it is a lookaround (dropped)
    i = 0
    while i < len(pattern):
        ch, piece = pattern[i], ""
        if ch == "\\" and pattern[i + 1] in _CLASS_ESCAPES:
            piece, i = _render(_CLASS_ESCAPES[pattern[i + 1]][0], False), i + 2
        elif ch == "\\" and pattern[i + 1] in _ASSERTIONS:
            i += 2
        elif ch == "\\":
            char, i = _escaped_char(pattern, i)
            piece = _render(_ranges(ord(char), ord(char), False), False)
        elif ch == "[":
            piece, i = _class(pattern, i)
        elif ch == "(":
            look = _LOOKAROUND.match(pattern, i)
            if look is None and pattern.startswith("(?", i):
                if not pattern.startswith(_GROUP_OPENERS, i):
                    raise Unsupported("inline flags, backreference, comment or condition")
            groups.append(look is not None)
            piece, i = ("", look.end()) if look else ("(", i + 1)
        elif ch == ")":
            piece, i = ("" if groups.pop() else ")"), i + 1
        elif ch in "^$":
            i += 1
        elif (wide := _WIDE_COUNT.match(pattern, i)) is not None:
            piece, i = "*", wide.end()  # "{0,200}": as many as RE2's DFA can hold, any number
        else:
            piece = ch if ch.isascii() else _render(_ranges(ord(ch), ord(ch), False), False)
            i += 1
        if not any(groups):
            out.append(piece)
    # . matches a newline too (wider still); case-free like the original
    return ("(?si)" if flags & re.IGNORECASE else "(?s)") + "".join(out)


def alternatives(pattern: str) -> list[str]:
    """A pattern's top-level alternatives: each gets its own RE2 twin, so re scans only the ones that can match."""
    parts, start, depth, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


class PatternSet:
    """Patterns run over the same texts: one RE2 pass says which of them may match.

    An RE2::Set scan cannot fail once the set compiled: its DFA never gives up for lack of
    memory, it flushes its cache and goes on (RE2 has no other engine to fall back to for
    sets). The DFA states it builds are kept for the next text, so a warm scan is cheap.
    """

    __slots__ = ("_alone", "_always", "_re2_set", "_slots", "_twins", "patterns")

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self._re2_set = re2.Set.SearchSet(_OPTIONS)
        self._slots: list[int] = []  # per RE2 set member, its pattern's index
        # per pattern index, its compiled twin (re2 names no public type for it)
        self._twins: dict[int, Any] = {}
        always = []  # the patterns without a pre-check: always scanned
        alone = []  # the patterns whose twin stays out of the set (always candidates)
        for i, pattern in enumerate(self.patterns):
            try:
                twin = widen(pattern.pattern, pattern.flags).encode()
                compiled = re2.compile(twin, _OPTIONS)
                if _GAP.search(twin):  # pre-checked on its own, in finditer: see _GAP
                    alone.append(i)
                    self._twins[i] = compiled
                    continue
                self._re2_set.Add(twin)
            except (Unsupported, re2.error, IndexError, ValueError):
                always.append(i)
                continue
            self._slots.append(i)
            self._twins[i] = compiled
        self._always = frozenset(always)
        self._alone = frozenset(alone)
        if self._slots:
            self._re2_set.Compile()

    def scan(self, text: str) -> Iterator[tuple[int, Iterable[re.Match[str]]]]:
        """(index, matches) for every pattern that may match text: the text is encoded once."""
        data = _for_re2(text)
        for i in self._candidates(text, data):
            yield i, self._finditer(i, text, data)

    def candidates(self, text: str) -> list[int]:
        """Indices of the patterns that may match text, ascending; the others cannot."""
        return self._candidates(text, _for_re2(text))

    def _candidates(self, text: str, data: bytes | None) -> list[int]:
        """candidates, given text as RE2 scans it."""
        if not self._slots or data is None:
            return list(range(len(self.patterns)))
        found = self._re2_set.Match(data) or ()
        slots = self._slots
        return sorted(self._always.union(self._alone, [slots[j] for j in found]))

    def finditer(self, i: int, text: str) -> Iterable[re.Match[str]]:
        """patterns[i].finditer(text), begun where the twin finds the first place a match may start.

        The twin matches wherever the pattern does, so no match starts before that place; re
        still sees the text before it for lookbehinds and \\b, so the matches are a full scan's.
        """
        return self._finditer(i, text, _for_re2(text))

    def _finditer(self, i: int, text: str, data: bytes | None) -> Iterable[re.Match[str]]:
        """finditer, given text as RE2 scans it."""
        twin = self._twins.get(i)
        if twin is None or data is None:
            return self.patterns[i].finditer(text)
        first = twin.search(data)
        return self.patterns[i].finditer(text, first.start()) if first else ()


def _for_re2(text: str) -> bytes | None:
    """text as RE2 scans it (one byte a character), or None when only re can scan it."""
    return None if _may_fold(text) else text.encode("ascii", "replace")


def _may_fold(text: str) -> bool:
    """Whether text holds a character RE2 would not match to the ASCII letter re.IGNORECASE does."""
    return not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII)


_SINGLES: dict[int, tuple[re.Pattern[str], PatternSet]] = {}  # id(pattern): its own set


def finditer(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """pattern.finditer(text), skipped up to where the pre-check finds a match may start."""
    single = _SINGLES.get(id(pattern))
    if single is None:  # (the pattern is kept in the entry, so its id is not reused)
        single = _SINGLES[id(pattern)] = (pattern, PatternSet([pattern]))
    return single[1].finditer(0, text)
