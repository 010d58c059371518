"""Fast case-insensitive regex scanning for the annotators' many cue patterns.

Python's re cannot use its literal-prefix search for IGNORECASE patterns or patterns that start
with \\b, and the cue tables are full of both. FastPattern runs the same pattern case-sensitively
on lower-cased text. The literal index (literals.py) says which needed literals occur in a text
and where; a pattern whose matches all start with a literal is only *matched* at those positions
(no search at all), and the others search only windows around their literals. Results are the
same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as _c  # the parser's opcodes, used to read a pattern's literals
from re import _parser

from .literals import ANCHORS, WORD_START, Index, anchor_positions


def lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal characters but not its escapes (so \\W stays \\W)."""
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = ch == "\\" and not escaped
    return "".join(out)


def _required(items: list) -> list[str] | None:
    """Literal strings one of which every match must contain (the most selective choice), or None."""
    options = _options(items)
    if not options:
        return None
    return max(options, key=lambda o: (min(len(x) for x in o), -len(o)))


def _options(items: list) -> list[list[str]]:
    """Every known requirement of a match: per entry, literal strings one of which it contains."""
    options: list[list[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append([run])
            run = ""
        sub = None
        if op is _c.SUBPATTERN:
            sub = _required(list(av[-1]))
        elif op is _c.BRANCH:
            alts = [_required(list(alt)) for alt in av[1]]
            sub = None if any(a is None for a in alts) else [x for a in alts for x in a]  # type: ignore[union-attr]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            sub = _required(list(av[2]))
        if sub:
            options.append(sub)
    if run:
        options.append([run])
    return [o for o in options if o and len(o) <= 100]


_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


def _prefixes(items: list) -> list[str] | None:
    """Literal strings one of which every match starts with, or None when that is not known."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1  # \b and lookarounds consume nothing
    run = ""
    while i < len(items) and items[i][0] is _c.LITERAL:
        run += chr(items[i][1])
        i += 1
    if i >= len(items):
        return [run] if run else None
    op, av = items[i]
    if run:
        tails = _prefixes(items[i:]) if op in (_c.SUBPATTERN, _c.BRANCH) else None
        return [run + tail for tail in tails] if tails else [run]
    if op is _c.SUBPATTERN:
        return _prefixes(list(av[-1]))
    if op is _c.BRANCH:
        alts = [_prefixes(list(alt)) for alt in av[1]]
        return None if any(a is None for a in alts) else [x for a in alts for x in a]  # type: ignore[union-attr]
    return None


def prefixes_for(pattern: str) -> tuple[str, ...] | None:
    """Lower-case literals every match of pattern starts with (each 2+ chars); None if unknown."""
    try:
        found = _prefixes(list(_parser.parse(pattern, 0)))
    except Exception:  # noqa: BLE001 - any parser surprise just disables prefix matching
        return None
    if not found or any(len(a) < 2 and not _WORDY.fullmatch(a) for a in found):
        return None  # one word character is fine: it is looked up only where a word starts
    return tuple(dict.fromkeys(found))


def requirements_for(pattern: str) -> list[tuple[str, ...]]:
    """Every set of lower-case substrings one of which must occur for pattern to match."""
    try:
        found = _options(list(_parser.parse(lower_pattern(pattern), 0)))
    except Exception:  # noqa: BLE001 - any parser surprise just disables the prefilter
        return []
    return [tuple(dict.fromkeys(o)) for o in found if min(len(a) for a in o) >= 2]


def anchors_for(pattern: str) -> tuple[str, ...] | None:
    """Lower-case substrings one of which must occur for pattern to match; None if unknown."""
    try:
        found = _required(list(_parser.parse(lower_pattern(pattern), 0)))
    except Exception:  # noqa: BLE001 - any parser surprise just disables the prefilter
        return None
    return tuple(dict.fromkeys(found)) if found and min(len(a) for a in found) >= 2 else None


def _split_alternatives(pattern: str) -> list[str]:
    """Split a regex at its top-level '|' (outside groups and character classes)."""
    parts, buf, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            buf.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(buf))
            buf = []
            i += 1
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _at_boundary(text: str, pos: int) -> bool:
    """True where \\b would match at pos."""
    before = pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")
    after = pos < len(text) and (text[pos].isalnum() or text[pos] == "_")
    return before != after


_WORDY = re.compile(r"\w+")


_WINDOW_BEFORE = 320  # a match starts at most this far before its anchor literal
_WINDOW_AFTER = 320  # ...and ends at most this far after it


class _Part:
    """One case-sensitive regex over lower-cased text, with its anchor literals."""

    __slots__ = (
        "anchor_set",
        "anchors",
        "boundary",
        "prefix_set",
        "regex",
        "required",
        "unchecked",
    )

    def __init__(self, pattern: str, boundary: bool) -> None:
        self.regex = re.compile(pattern)
        self.boundary = boundary
        prefixes = prefixes_for(pattern)
        if prefixes and boundary:
            # a word-character literal is indexed only where a word starts, so \b holds there
            prefixes = tuple(WORD_START + p if _WORDY.fullmatch(p) else p for p in prefixes)
        self.unchecked = frozenset(p for p in prefixes or () if p.startswith(WORD_START))
        self.prefix_set = frozenset(prefixes or ())
        for prefix in self.prefix_set:
            ANCHORS.setdefault(prefix, None)
        anchors = prefixes or anchors_for(pattern)
        self.anchors = anchors if anchors and len(anchors) <= 100 else None
        self.anchor_set = frozenset(self.anchors or ())
        for anchor in self.anchor_set:
            ANCHORS.setdefault(anchor, None)
        # sets of literals (anywhere in a match) each of which a match also needs one of, when
        # they differ from the first literals ("is|are ... unclear|unknown"): skip cheaply
        known = [{p.removeprefix(WORD_START) for p in self.prefix_set}, set(self.anchor_set)]
        needed = [frozenset(r) for r in requirements_for(pattern) if set(r) not in known]
        self.required = tuple(dict.fromkeys(needed))
        for literal in dict.fromkeys(a for r in self.required for a in sorted(r)):
            ANCHORS.setdefault(literal, None)

    def matches(self, lowered: str, index: Index) -> list[re.Match[str]]:
        """Matches in order, searching only the windows around anchor literals."""
        if self.prefix_set:
            return self._match_at_prefixes(lowered, index)
        present = index.present
        for needed in self.required:
            if needed.isdisjoint(present):
                return []
        if self.anchors is not None:
            windows = self._windows(lowered, index)
        else:
            windows = [(0, len(lowered))]
        out: list[re.Match[str]] = []
        search, last_end = self.regex.search, -1
        for win_start, win_end in windows:
            pos = max(win_start, last_end)
            while pos <= win_end:
                match = search(lowered, pos, win_end)
                if match is None:
                    break
                start, end = match.span()
                if not self.boundary or _at_boundary(lowered, start):
                    out.append(match)
                    last_end = pos = end if end > start else start + 1
                else:
                    pos = start + 1
        return out

    def _match_at_prefixes(self, lowered: str, index: Index) -> list[re.Match[str]]:
        """Every match starts with a prefix literal: try the pattern only where one occurs."""
        found = self.prefix_set.intersection(index.present)
        if not found:
            return []
        present = index.present
        for needed in self.required:
            if needed.isdisjoint(present):
                return []
        if len(found) == 1:
            starts = index.positions(next(iter(found)))
        else:
            starts = sorted(set().union(*[index.positions(p) for p in found]))
        check = self.boundary and not found <= self.unchecked
        out: list[re.Match[str]] = []
        match_at, last_end = self.regex.match, -1
        for start in starts:
            if start < last_end or (check and not _at_boundary(lowered, start)):
                continue
            match = match_at(lowered, start)
            if match is not None:
                out.append(match)
                last_end = max(match.end(), start + 1)
        return out

    def _windows(self, lowered: str, index: Index) -> list[tuple[int, int]]:
        """Merged text windows around each anchor occurrence: the only places a match can be."""
        size = len(lowered)
        present = self.anchor_set.intersection(index.present)
        if not present or size <= _WINDOW_BEFORE + _WINDOW_AFTER:
            return [(0, size)] if present else []
        hits = sorted(pos for anchor in present for pos in index.positions(anchor))
        windows: list[tuple[int, int]] = []
        for hit in hits:
            start, end = max(0, hit - _WINDOW_BEFORE), min(size, hit + _WINDOW_AFTER)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows


class FastPattern:
    """A case-insensitive regex run case-sensitively on lower-cased text, behind a substring prefilter.

    Lower-cased text and no leading \\b let re use its literal-prefix search, several times faster;
    the word boundary is checked in Python on the (rare) matches, and only windows around the
    pattern's required literals are searched at all.
    """

    __slots__ = ("insensitive", "needs", "parts", "single")

    def __init__(self, pattern: str) -> None:
        self.insensitive = re.compile(pattern, re.IGNORECASE)
        alternatives = _split_alternatives(lower_pattern(pattern))
        bounded = [alt[2:] for alt in alternatives if alt.startswith("\\b")]
        other = [alt for alt in alternatives if not alt.startswith("\\b")]
        self.parts = [
            _Part("|".join(alts), flag) for alts, flag in ((bounded, True), (other, False)) if alts
        ]
        self.single = self.parts[0] if len(self.parts) == 1 else None
        known = all(part.anchors is not None for part in self.parts)
        # literals one of which any match needs (None: unknown, always search)
        self.needs = frozenset().union(*(p.anchor_set for p in self.parts)) if known else None

    def could_match(self, lowered: str | None) -> bool:
        """Cheap pre-check: False only when the pattern certainly has no match in the text."""
        if lowered is None or self.needs is None:
            return True
        return not self.needs.isdisjoint(anchor_positions(lowered, len(ANCHORS)).present)

    def finditer(self, text: str, lowered: str | None) -> Iterable[re.Match[str]]:
        """Matches in text, in order; lowered is text.lower() when that keeps offsets, else None."""
        if lowered is None:
            return self.insensitive.finditer(text)
        index = anchor_positions(lowered, len(ANCHORS))
        single = self.single
        if single is not None and single.prefix_set:
            return single._match_at_prefixes(lowered, index)  # it checks its literals itself
        if self.needs is not None and self.needs.isdisjoint(index.present):
            return ()
        if single is not None:
            return single.matches(lowered, index)
        out: list[re.Match[str]] = []
        last_end = -1
        for match in sorted(
            (m for part in self.parts for m in part.matches(lowered, index)),
            key=lambda m: m.start(),
        ):
            if match.start() >= last_end:
                out.append(match)
                last_end = max(match.end(), match.start() + 1)
        return out

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """First match, or None."""
        return next(iter(self.finditer(text, lowered)), None)
