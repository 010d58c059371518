"""Shared text helpers: input cleaning, sentence spans and MeSH normalisation."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Any

from .fastre import FastPattern, PatternGroup
from .literals import present_index

#: Abstracts longer than this are only scanned up to here; real abstracts are < 6,000 chars,
#: so the cap only protects throughput against pathological input.
MAX_SCAN_CHARS = 20_000

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket,
# or at a blank line / newline that starts a new paragraph or section label.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"'“‘(\[])|\n\s*\n|\n(?=[A-Z][A-Za-z ]{0,40}\n)"
)
# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|vs|approx|Fig|Figs|No|Dr|Mr|Mrs|Ms|Prof|ca|cf|resp|Ref|sp|spp|St|Inc|Ltd|Co)"
    r"|\b[A-Z])\.$"
)
_ABBREVIATION_REACH = 16  # longest _NO_BREAK_BEFORE match ("approx." + a newline) is 8 chars
_WORD = re.compile(r"[A-Za-z]")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


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
        return [text for v in value if (text := clean(v)).strip()]
    return [clean(value)]


_BREAK_AT = re.compile(r"[.!?\n]")  # a sentence end starts after . ! ? or at a newline
_QUOTES = "\"'”’)"


@lru_cache(maxsize=16)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into (start, end) sentence spans so evidence can be highlighted in place (cached)."""
    text = text[:MAX_SCAN_CHARS]
    spans: list[tuple[int, int]] = []
    start = pos = 0
    end_at, no_break = _SENTENCE_END.match, _NO_BREAK_BEFORE.search
    # _SENTENCE_END.finditer, tried only where a match can start: right after . ! ? or at \n
    for candidate in _BREAK_AT.finditer(text):
        at = candidate.start()
        if text[at] != "\n":
            at += 1
        if at < pos or (match := end_at(text, at)) is None:
            continue
        pos = match.end()
        head_end = at
        while head_end > start and text[head_end - 1] in _QUOTES:
            head_end -= 1
        # every abbreviation match is anchored at the end and shorter than _ABBREVIATION_REACH;
        # text before a sentence start is whitespace, so \b there is as at the start of a string.
        # A match ends in a letter and "." (then maybe the newline $ allows): look only then.
        dot = head_end - 2 if head_end - 1 > start and text[head_end - 1] == "\n" else head_end - 1
        if (
            dot > start
            and text[dot] == "."
            and text[dot - 1] in _ASCII_LETTERS
            and no_break(text, max(start, head_end - _ABBREVIATION_REACH), head_end)
        ):
            continue
        spans.append((start, at))
        start = pos
    spans.append((start, len(text)))
    return tuple(trimmed for s, e in spans if (trimmed := _trim(text, s, e)))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip surrounding whitespace from a span; drop spans without any letters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    if not (text[start].isascii() and text[start].isalpha()) and not _WORD.search(text, start, end):
        return None  # no letter at all (a span that starts with one has one)
    return start, end


def normalise_mesh(term: str) -> tuple[str, bool]:
    """Reduce 'Liver / drug effects*' to ('liver', False); flag '... as Topic' descriptors."""
    descriptor = term.split("/", 1)[0].replace("*", "").strip().lower()
    return descriptor, descriptor.endswith(" as topic")


def normalise_pubtype(term: str) -> str:
    """Lower-case a publication type and drop a trailing star or whitespace."""
    return term.replace("*", "").strip().lower()


_LOWERED: list = [()]  # the last few (text, lowered_or_none(text)) pairs, newest first


def lowered_or_none(text: str) -> str | None:
    """text.lower() when lower-casing keeps every offset (true for almost all text).

    The last few texts are remembered by identity: one annotation asks for the same abstract
    and title several times, and the same lowered object lets the literal index be reused.
    """
    recent = _LOWERED[0]  # one tuple, read once: safe if another thread replaces it meanwhile
    for seen, result in recent:
        if seen is text:
            return result
    low = text.lower()
    result = low if len(low) == len(text) else None
    _LOWERED[0] = ((text, result), *recent[:3])
    return result


_STARTS: list = [None]  # (spans, their start offsets) of the spans being looked up right now


def _span_starts(spans: tuple[tuple[int, int], ...]) -> list[int]:
    """Start offsets of spans, kept for the last spans tuple (it is looked up many times)."""
    last = _STARTS[0]  # one tuple, read once: safe if another thread replaces it meanwhile
    if last is not None and last[0] is spans:
        return last[1]
    starts = [start for start, _end in spans]
    _STARTS[0] = (spans, starts)
    return starts


def sentence_index(spans: tuple[tuple[int, int], ...], pos: int) -> int:
    """Index of the sentence span containing pos, or -1 (between sentences)."""
    i = bisect_right(_span_starts(spans), pos) - 1
    return i if i >= 0 and pos < spans[i][1] else -1


_MATCHED: dict[FastPattern, tuple] = {}  # per pattern, its last (text, spans, lowered, result)


def sentences_matching(
    pattern: FastPattern, text: str, lowered: str | None, spans: tuple[tuple[int, int], ...]
) -> set[int]:
    """Indices of the sentences in which pattern matches: one pass over the text, not one per sentence."""
    last = _MATCHED.get(pattern)
    if last and last[0] is text and last[1] is spans and last[2] == lowered:
        return set(last[3])  # the same sentences asked again (background: study type and sample)
    starts = _span_starts(spans)
    found = set()
    for match in pattern.finditer(text, lowered):
        pos = match.start()
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            found.add(i)
    _MATCHED[pattern] = (text, spans, lowered, found)
    return set(found)


def sentences_matching_any(
    group: PatternGroup, text: str, lowered: str | None, spans: tuple[tuple[int, int], ...]
) -> set[int]:
    """The union of sentences_matching over a group's patterns, with the literal index looked up once."""
    if lowered is None:
        return set().union(*[sentences_matching(p, text, None, spans) for p in group.patterns])
    starts = _span_starts(spans)
    found: set[int] = set()
    for _i, matches in group.matches(lowered, present_index(lowered)):
        for match in matches:
            pos = match.start()
            i = bisect_right(starts, pos) - 1
            if i >= 0 and pos < spans[i][1]:
                found.add(i)
    return found
