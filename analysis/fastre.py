"""Fast case-insensitive regex scanning for the annotators' many cue patterns.

Python's re cannot use its literal-prefix search for IGNORECASE patterns or patterns that start
with \\b, and the cue tables are full of both. FastPattern runs the same pattern case-sensitively
on lower-cased text. One index pass per text finds where every needed literal occurs; a pattern
whose matches all start with a literal is only *matched* at those positions (no search at all),
and the others search only windows around their literals. Results are the same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as _c  # the parser's opcodes, used to read a pattern's literals
from re import _parser


def lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal characters but not its escapes (so \\W stays \\W)."""
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = ch == "\\" and not escaped
    return "".join(out)


def _required(items: list) -> list[str] | None:
    """Literal strings one of which every match must contain (the most selective choice), or None."""
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
    options = [o for o in options if o and len(o) <= 100]
    if not options:
        return None
    return max(options, key=lambda o: (min(len(x) for x in o), -len(o)))


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


_ANCHORS: dict[str, None] = {}  # every anchor literal of every pattern, in registration order
_WORD_START = "\x00"  # key prefix for literals indexed only where a word starts
_WORDY = re.compile(r"\w+")
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


def _index_regex() -> tuple[re.Pattern[str], dict[str, list[str]], list[str]]:
    """The word-start trie, per word it matches the literals it starts with, and the others."""
    key = len(_ANCHORS)
    cached = _INDEX_CACHE.get("regex")
    if cached is not None and cached[0] == key:  # type: ignore[index]
        return cached[1], cached[2], cached[3]  # type: ignore[index]
    anywhere = sorted(a for a in _ANCHORS if not a.startswith(_WORD_START))
    word_start = sorted(a[1:] for a in _ANCHORS if a.startswith(_WORD_START))
    # one pass: at a word start try the word-start literals; word-start literals are made of
    # word characters only, so one match per word start is enough (a match never reaches the
    # next word start) and every literal found there is a prefix of the longest one matched
    regex = re.compile(f"\\b({_trie_pattern(word_start) or '(?!)'})")
    prefixes = {w: [_WORD_START + a for a in word_start if w.startswith(a)] for w in word_start}
    _INDEX_CACHE["regex"] = (key, regex, prefixes, anywhere)
    return regex, prefixes, anywhere


_WORD_START_REGEX: dict[str, re.Pattern[str]] = {}


def _word_start_regex(word: str) -> re.Pattern[str]:
    """word where \\b holds before it, checked after the literal so re keeps its prefix search."""
    # word is all word characters, so its word-start occurrences cannot overlap one another
    return re.compile(f"{re.escape(word)}(?<!\\w[\\s\\S]{{{len(word)}}})")


class _Index:
    """Which registered literals occur in one lower-cased text; their positions only on demand."""

    __slots__ = ("_positions", "lowered", "present")

    def __init__(self, lowered: str) -> None:
        regex, prefixes, anywhere = _index_regex()
        present: set[str] = set()
        for word in set(regex.findall(lowered)):
            present.update(prefixes[word])
        present.update(a for a in anywhere if a in lowered)
        self.lowered = lowered
        self.present = frozenset(present)
        self._positions: dict[str, list[int]] = {}

    def positions(self, anchor: str) -> list[int]:
        """Every start of anchor (word-start literals: only where a word starts), ascending."""
        found = self._positions.get(anchor)
        if found is not None:
            return found
        if anchor.startswith(_WORD_START):
            regex = _WORD_START_REGEX.get(anchor)
            if regex is None:
                regex = _WORD_START_REGEX[anchor] = _word_start_regex(anchor[1:])
            found = [m.start() for m in regex.finditer(self.lowered)]
        else:
            found = []
            find = self.lowered.find
            pos = find(anchor)
            while pos >= 0:
                found.append(pos)
                pos = find(anchor, pos + 1)
        self._positions[anchor] = found
        return found


_LAST: list = [None, None, None]  # (text, version, index): the text being scanned right now


def anchor_positions(lowered: str, version: int) -> _Index:
    """The literal index of lowered (the last text is kept by identity)."""
    if _LAST[0] is lowered and _LAST[1] == version:
        return _LAST[2]
    found = _anchor_positions(lowered, version)
    _LAST[:] = [lowered, version, found]
    return found


def present_literals(lowered: str) -> frozenset[str]:
    """The registered literals that occur in lowered, for FastPattern.needs checks."""
    return anchor_positions(lowered, len(_ANCHORS)).present


@lru_cache(maxsize=8)
def _anchor_positions(lowered: str, version: int) -> _Index:
    """The literal index of a lower-cased text (version: how many literals are registered)."""
    return _Index(lowered)


_WINDOW_BEFORE = 320  # a match starts at most this far before its anchor literal
_WINDOW_AFTER = 320  # ...and ends at most this far after it


class _Part:
    """One case-sensitive regex over lower-cased text, with its anchor literals."""

    __slots__ = ("anchor_set", "anchors", "boundary", "prefix_set", "regex", "unchecked")

    def __init__(self, pattern: str, boundary: bool) -> None:
        self.regex = re.compile(pattern)
        self.boundary = boundary
        prefixes = prefixes_for(pattern)
        if prefixes and boundary:
            # a word-character literal is indexed only where a word starts, so \b holds there
            prefixes = tuple(_WORD_START + p if _WORDY.fullmatch(p) else p for p in prefixes)
        self.unchecked = frozenset(p for p in prefixes or () if p.startswith(_WORD_START))
        self.prefix_set = frozenset(prefixes or ())
        for prefix in self.prefix_set:
            _ANCHORS.setdefault(prefix, None)
        anchors = prefixes or anchors_for(pattern)
        self.anchors = anchors if anchors and len(anchors) <= 100 else None
        self.anchor_set = frozenset(self.anchors or ())
        for anchor in self.anchor_set:
            _ANCHORS.setdefault(anchor, None)

    def could_match(self, lowered: str) -> bool:
        """False when none of the literals a match needs occurs in the text."""
        if self.anchors is None:
            return True
        return not self.anchor_set.isdisjoint(anchor_positions(lowered, len(_ANCHORS)).present)

    def finditer(self, lowered: str) -> Iterator[re.Match[str]]:
        """Matches, searching only the windows around anchor literals."""
        if self.prefix_set:
            yield from self._match_at_prefixes(lowered)
            return
        windows = self._windows(lowered) if self.anchors is not None else [(0, len(lowered))]
        search, last_end = self.regex.search, -1
        for win_start, win_end in windows:
            pos = max(win_start, last_end)
            while pos <= win_end:
                match = search(lowered, pos, win_end)
                if match is None:
                    break
                start, end = match.span()
                if not self.boundary or _at_boundary(lowered, start):
                    yield match
                    last_end = pos = end if end > start else start + 1
                else:
                    pos = start + 1

    def _match_at_prefixes(self, lowered: str) -> Iterator[re.Match[str]]:
        """Every match starts with a prefix literal: try the pattern only where one occurs."""
        index = anchor_positions(lowered, len(_ANCHORS))
        found = self.prefix_set.intersection(index.present)
        if not found:
            return
        present = [index.positions(p) for p in found]
        starts = present[0] if len(present) == 1 else sorted(set().union(*present))
        check = self.boundary and not found <= self.unchecked
        match_at, last_end = self.regex.match, -1
        for start in starts:
            if start < last_end or (check and not _at_boundary(lowered, start)):
                continue
            match = match_at(lowered, start)
            if match is not None:
                yield match
                last_end = max(match.end(), start + 1)

    def _windows(self, lowered: str) -> list[tuple[int, int]]:
        """Merged text windows around each anchor occurrence: the only places a match can be."""
        size = len(lowered)
        index = anchor_positions(lowered, len(_ANCHORS))
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

    __slots__ = ("insensitive", "needs", "parts")

    def __init__(self, pattern: str) -> None:
        self.insensitive = re.compile(pattern, re.IGNORECASE)
        alternatives = _split_alternatives(lower_pattern(pattern))
        bounded = [alt[2:] for alt in alternatives if alt.startswith("\\b")]
        other = [alt for alt in alternatives if not alt.startswith("\\b")]
        self.parts = [
            _Part("|".join(alts), flag) for alts, flag in ((bounded, True), (other, False)) if alts
        ]
        known = all(part.anchors is not None for part in self.parts)
        # literals one of which any match needs (None: unknown, always search)
        self.needs = frozenset().union(*(p.anchor_set for p in self.parts)) if known else None

    def could_match(self, lowered: str | None) -> bool:
        """Cheap pre-check: False only when the pattern certainly has no match in the text."""
        if lowered is None or self.needs is None:
            return True
        return not self.needs.isdisjoint(anchor_positions(lowered, len(_ANCHORS)).present)

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        """Matches in text, in order; lowered is text.lower() when that keeps offsets, else None."""
        if lowered is None:
            yield from self.insensitive.finditer(text)
            return
        if self.needs is not None and self.needs.isdisjoint(
            anchor_positions(lowered, len(_ANCHORS)).present
        ):
            return
        if len(self.parts) == 1:
            yield from self.parts[0].finditer(lowered)
            return
        last_end = -1
        for match in sorted(
            (m for part in self.parts for m in part.finditer(lowered)), key=lambda m: m.start()
        ):
            if match.start() >= last_end:
                yield match
                last_end = max(match.end(), match.start() + 1)

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """First match, or None."""
        return next(self.finditer(text, lowered), None)
