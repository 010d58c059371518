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
from bisect import bisect_left
from collections.abc import Iterable
from sys import intern

from .literals import ANCHORS, WORD_START, Index, anchor_positions, occurrences
from .pattern_literals import (
    Requirements,
    anchors_for,
    lower_pattern,
    prefix_analysis,
    rare_literals,
    requirements_for,
    split_alternatives,
)

__all__ = ["FastPattern", "PatternGroup", "lower_pattern"]


def _at_boundary(text: str, pos: int) -> bool:
    """True where \\b would match at pos."""
    before = pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")
    after = pos < len(text) and (text[pos].isalnum() or text[pos] == "_")
    return before != after


_WORDY = re.compile(r"\w+")


_NO_PREFIXES: frozenset[str] = frozenset()
_MAX_REQUIRED = 16  # a requirement with more literals is nearly always met: checking it costs more


def _marked(prefix: str) -> str:
    """The index key of a prefix in a \\b part: word-character literals are looked up at word starts."""
    return intern(WORD_START + prefix if _WORDY.fullmatch(prefix) else prefix)


_WINDOW_BEFORE = 320  # a match starts at most this far before its anchor literal
_WINDOW_AFTER = 320  # ...and ends at most this far after it


class _Part:
    """One case-sensitive regex over lower-cased text, with its anchor literals."""

    __slots__ = (
        "anchor_set",
        "anchors",
        "boundary",
        "contains",
        "prefix_needs",
        "prefix_set",
        "regex",
        "required",
        "unchecked",
    )

    def __init__(self, pattern: str, boundary: bool) -> None:
        self.regex = re.compile(pattern)
        self.boundary = boundary
        # literals are interned: the index's sets hold the same objects, so lookups compare
        # identities, not characters
        prefixes, by_prefix = prefix_analysis(pattern)
        self.contains = () if prefixes else rare_literals(pattern)
        marked = _marked if boundary else intern
        if prefixes:
            # a word-character literal is indexed only where a word starts, so \b holds there
            prefixes = tuple(marked(p) for p in prefixes)
        # per prefix, what the matches starting with it also need ("the" of "the present study")
        self.prefix_needs: dict[str, tuple[Requirements, ...]] = {
            marked(p): tuple(frozenset(map(intern, option)) for option in options)
            for p, options in by_prefix.items()
        }
        for options in self.prefix_needs.values():
            for literal in sorted({a for option in options for a in option}):
                ANCHORS.setdefault(literal, None)
        self.unchecked = frozenset(p for p in prefixes or () if p.startswith(WORD_START))
        self.prefix_set = frozenset(prefixes or ())
        for prefix in self.prefix_set:
            ANCHORS.setdefault(prefix, None)
        anchors = prefixes or tuple(map(intern, anchors_for(pattern) or ()))
        self.anchors = anchors if anchors and len(anchors) <= 100 else None
        self.anchor_set = frozenset(self.anchors or ())
        for anchor in self.anchor_set:
            ANCHORS.setdefault(anchor, None)
        # sets of literals (anywhere in a match) each of which a match also needs one of, when
        # they differ from the first literals ("is|are ... unclear|unknown"): skip cheaply
        known = [{p.removeprefix(WORD_START) for p in self.prefix_set}, set(self.anchor_set)]
        needed = [
            frozenset(map(intern, r))
            for r in requirements_for(pattern)
            if set(r) not in known and len(r) <= _MAX_REQUIRED
        ]
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
        contains = self.contains  # every match holds one of these ("%", "(n"): search only then
        if contains and not any(c in lowered for c in contains):
            return []
        if self.anchors is not None:
            windows = self._windows(lowered, index)
        else:
            windows = [(0, len(lowered))]
        out: list[re.Match[str]] = []
        search, last_end, find = self.regex.search, -1, lowered.find
        for win_start, win_end in windows:
            pos = max(win_start, last_end)
            while pos <= win_end:
                if contains and all(find(c, pos, win_end) < 0 for c in contains):
                    break
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

    def _still_possible(
        self, found: set[str], present: frozenset[str] | set[str]
    ) -> set[str] | frozenset[str]:
        """Of the prefixes found, those whose matches' other needed literals are present too."""
        isdisjoint = present.isdisjoint
        if self.required and any(map(isdisjoint, self.required)):
            return _NO_PREFIXES
        needs = self.prefix_needs
        if not needs or found.isdisjoint(needs):
            return found
        return {
            p
            for p in found
            if (options := needs.get(p)) is None or not all(map(isdisjoint, options))
        }

    def _match_at_prefixes(self, lowered: str, index: Index) -> list[re.Match[str]]:
        """Every match starts with a prefix literal: try the pattern only where one occurs."""
        found = self.prefix_set.intersection(index.present)
        return self.match_found(lowered, index, found) if found else []

    def match_found(self, lowered: str, index: Index, found: set[str]) -> list[re.Match[str]]:
        """_match_at_prefixes, given the (non-empty) set of its prefixes that occur in the text."""
        if self.required or self.prefix_needs:
            found = self._still_possible(found, index.present)
            if not found:
                return []
        return self.match_possible(lowered, index, found)

    def match_possible(
        self, lowered: str, index: Index, found: set[str] | frozenset[str]
    ) -> list[re.Match[str]]:
        """match_found, given prefixes that _still_possible already kept (non-empty)."""
        if len(found) == 1:
            starts = index.positions(next(iter(found)))
        else:
            starts = sorted(set().union(*map(index.positions, found)))
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

    def count_in(self, lowered: str, found: list[str], lo: int, hi: int) -> int:
        """Matches in lowered[lo:hi] on its own, given the prefix literals found in it, as
        _match_at_prefixes would count them there; the text before lo must not be a word."""
        if len(found) == 1:
            starts = occurrences(lowered, found[0], lo, hi)
        else:
            starts = sorted(set().union(*[occurrences(lowered, p, lo, hi) for p in found]))
        # (the literal prefilters of _match_at_prefixes are skipped: the regex decides anyway)
        check = self.boundary and not self.unchecked.issuperset(found)
        return self.count_between(lowered, starts, check, lo, hi)

    def count_between(self, lowered: str, starts: list[int], check: bool, lo: int, hi: int) -> int:
        """Matches of lowered[lo:hi] on its own, for a span whose text before lo is whitespace."""
        count, last_end, match_at = 0, -1, self.regex.match
        for i in range(bisect_left(starts, lo), len(starts)):
            start = starts[i]
            if start >= hi:
                break
            if start < last_end or (check and not _at_boundary(lowered, start)):
                continue
            match = match_at(lowered, start, hi)
            if match is not None:
                count += 1
                last_end = max(match.end(), start + 1)
        return count

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

    __slots__ = ("indexed_matches", "insensitive", "needs", "parts", "single")

    def __init__(self, pattern: str) -> None:
        self.insensitive = re.compile(pattern, re.IGNORECASE)
        alternatives = split_alternatives(lower_pattern(pattern))
        bounded = [alt[2:] for alt in alternatives if alt.startswith("\\b")]
        other = [alt for alt in alternatives if not alt.startswith("\\b")]
        self.parts = [
            _Part("|".join(alts), flag) for alts, flag in ((bounded, True), (other, False)) if alts
        ]
        self.single = self.parts[0] if len(self.parts) == 1 else None
        known = all(part.anchors is not None for part in self.parts)
        # literals one of which any match needs (None: unknown, always search)
        self.needs = frozenset().union(*(p.anchor_set for p in self.parts)) if known else None
        # finditer on lower-cased text whose literal index the caller already holds; a pattern
        # whose matches all start with a literal goes straight to its part (it checks its literals)
        single = self.single
        prefixed = single is not None and bool(single.prefix_set)
        self.indexed_matches = single._match_at_prefixes if prefixed else self._indexed_matches  # type: ignore[union-attr]

    def could_match(self, lowered: str | None) -> bool:
        """Cheap pre-check: False only when the pattern certainly has no match in the text."""
        if lowered is None or self.needs is None:
            return True
        return not self.needs.isdisjoint(anchor_positions(lowered, len(ANCHORS)).present)

    def finditer(self, text: str, lowered: str | None) -> Iterable[re.Match[str]]:
        """Matches in text, in order; lowered is text.lower() when that keeps offsets, else None."""
        if lowered is None:
            return self.insensitive.finditer(text)
        return self.indexed_matches(lowered, anchor_positions(lowered, len(ANCHORS)))

    def _indexed_matches(self, lowered: str, index: Index) -> Iterable[re.Match[str]]:
        """indexed_matches for patterns that are not one prefix-anchored part."""
        single = self.single
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


_Owner = tuple[int, tuple[frozenset[str], ...], tuple[frozenset[str], ...] | None]


class PatternGroup:
    """Several FastPatterns scanned together: a table per prefix literal says which patterns may
    match where it starts (_Part._still_possible's tests, made per literal up front), so the
    patterns whose literals are absent cost no call at all."""

    __slots__ = ("general", "owners", "patterns", "prefixes")

    def __init__(self, patterns: list[FastPattern]) -> None:
        self.patterns = patterns
        owners: dict[str, list[_Owner]] = {}
        general = []
        for i, pattern in enumerate(patterns):
            part = pattern.single
            if part is not None and part.prefix_set:
                for literal in sorted(part.prefix_set):
                    options = part.prefix_needs.get(literal)
                    owners.setdefault(literal, []).append((i, part.required, options))
            else:
                general.append(i)
        self.owners = {k: tuple(v) for k, v in owners.items()}
        self.prefixes = frozenset(owners)
        self.general = tuple(general)

    def matches(self, lowered: str, index: Index) -> list[tuple[int, list[re.Match[str]]]]:
        """(pattern number, its matches), in pattern order; patterns that cannot match may be left out."""
        present = index.present
        isdisjoint = present.isdisjoint
        found: dict[int, set[str]] = {}
        for literal in self.prefixes.intersection(present):
            for i, required, options in self.owners[literal]:
                # a prefix whose matches need literals the text lacks cannot start a match
                if required and any(map(isdisjoint, required)):
                    continue
                if options is not None and all(map(isdisjoint, options)):
                    continue
                if i in found:
                    found[i].add(literal)
                else:
                    found[i] = {literal}
        patterns = self.patterns
        general = [i for i in self.general if (n := patterns[i].needs) is None or not isdisjoint(n)]
        out = []
        for i in sorted([*found, *general]):
            literals = found.get(i)
            if literals:  # a prefix-anchored pattern: match where its (possible) literals start
                matches = patterns[i].single.match_possible(lowered, index, literals)  # type: ignore[union-attr]
            else:
                matches = patterns[i].indexed_matches(lowered, index)
            out.append((i, matches))
        return out
