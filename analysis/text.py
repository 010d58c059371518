"""Shared text helpers: input cleaning, sentence spans and MeSH normalisation."""

from __future__ import annotations

import re
from re import _constants as _c, _parser
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

#: Abstracts longer than this are only scanned up to here; real abstracts are < 6,000 chars,
#: so the cap only protects throughput against pathological input.
MAX_SCAN_CHARS = 20_000

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket,
# or at a blank line / newline that starts a new paragraph or section label.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"'“‘(\[])|\n\s*\n|\n(?=[A-Z][A-Za-z ]{0,40}\n)")
# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|vs|approx|Fig|Figs|No|Dr|Mr|Mrs|Ms|Prof|ca|cf|resp|Ref|sp|spp|St|Inc|Ltd|Co)"
    r"|\b[A-Z])\.$"
)
_WORD = re.compile(r"[A-Za-z]")


def clean(value: Any) -> str:
    """Coerce any field value to a str so rules never see None or non-text input."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(clean(v) for v in value)
    return str(value)


def clean_list(value: Any) -> list[str]:
    """Coerce a list-ish field (publication types, MeSH, keywords) to a list of str."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple, set)):
        return [clean(v) for v in value if clean(v).strip()]
    return [clean(value)]


@lru_cache(maxsize=16)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into (start, end) sentence spans so evidence can be highlighted in place (cached)."""
    text = text[:MAX_SCAN_CHARS]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        if _NO_BREAK_BEFORE.search(head.rstrip("\"'”’)")):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return tuple(trimmed for s, e in spans if (trimmed := _trim(text, s, e)))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip surrounding whitespace from a span; drop spans without any letters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start or not _WORD.search(text[start:end]):
        return None
    return start, end


def normalise_mesh(term: str) -> tuple[str, bool]:
    """Reduce 'Liver / drug effects*' to ('liver', False); flag '... as Topic' descriptors."""
    descriptor = term.split("/", 1)[0].replace("*", "").strip().lower()
    return descriptor, descriptor.endswith(" as topic")


def normalise_pubtype(term: str) -> str:
    """Lower-case a publication type and drop a trailing star or whitespace."""
    return term.replace("*", "").strip().lower()


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
    options = [o for o in options if o and len(o) <= 40]
    if not options:
        return None
    return max(options, key=lambda o: (min(len(x) for x in o), -len(o)))


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


def _strip_leading_boundary(pattern: str) -> tuple[str, bool]:
    """Drop a leading \\b from every alternative (checked in Python instead) so re can use its literal prefix."""
    parts = _split_alternatives(pattern)
    if all(part.startswith("\\b") for part in parts):
        return "|".join(part[2:] for part in parts), True
    return pattern, False


def _at_boundary(text: str, pos: int) -> bool:
    """True where \\b would match at pos."""
    before = pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")
    after = pos < len(text) and (text[pos].isalnum() or text[pos] == "_")
    return before != after


_WINDOW_BEFORE = 200  # a match starts at most this far before its anchor literal
_WINDOW_AFTER = 300  # ...and ends at most this far after it


class FastPattern:
    """A case-insensitive regex run case-sensitively on lower-cased text, behind a substring prefilter.

    Lower-cased text plus no leading \\b lets re use its literal-prefix search, which is several
    times faster; the word boundary is then checked in Python on the (rare) matches.
    """

    __slots__ = ("anchors", "boundary", "insensitive", "lowered")

    def __init__(self, pattern: str) -> None:
        self.insensitive = re.compile(pattern, re.IGNORECASE)
        body, self.boundary = _strip_leading_boundary(lower_pattern(pattern))
        self.lowered = re.compile(body)
        anchors = anchors_for(pattern)
        self.anchors = anchors if anchors and len(anchors) <= 40 else None

    def finditer(self, text: str, lowered: str | None) -> Iterator[re.Match[str]]:
        """Matches in text; lowered is text.lower() when that keeps offsets, else None."""
        if lowered is None:
            yield from self.insensitive.finditer(text)
            return
        windows = self._windows(lowered) if self.anchors is not None else [(0, len(lowered))]
        search, last_end = self.lowered.search, -1
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

    def _windows(self, lowered: str) -> list[tuple[int, int]]:
        """Merged text windows around each anchor occurrence: the only places a match can be."""
        hits = []
        for anchor in self.anchors or ():
            i = lowered.find(anchor)
            while i != -1:
                hits.append(i)
                i = lowered.find(anchor, i + 1)
        if not hits:
            return []
        hits.sort()
        size, windows = len(lowered), []
        for hit in hits:
            start, end = max(0, hit - _WINDOW_BEFORE), min(size, hit + _WINDOW_AFTER)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def search(self, text: str, lowered: str | None) -> re.Match[str] | None:
        """First match, or None."""
        return next(self.finditer(text, lowered), None)


def lowered_or_none(text: str) -> str | None:
    """text.lower() when lower-casing keeps every offset (true for almost all text)."""
    low = text.lower()
    return low if len(low) == len(text) else None


def sentence_index(spans: tuple[tuple[int, int], ...], pos: int) -> int:
    """Index of the sentence span containing pos, or -1 (between sentences)."""
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= pos:
            lo = mid + 1
        else:
            hi = mid
    i = lo - 1
    return i if i >= 0 and pos < spans[i][1] else -1


def sentences_matching(
    pattern: FastPattern, text: str, lowered: str | None, spans: tuple[tuple[int, int], ...]
) -> set[int]:
    """Indices of the sentences in which pattern matches: one pass over the text, not one per sentence."""
    return {i for m in pattern.finditer(text, lowered) if (i := sentence_index(spans, m.start())) >= 0}
