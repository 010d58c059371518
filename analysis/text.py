"""Shared text helpers: input cleaning, sentence spans and MeSH normalisation."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from .precheck import PatternSet, finditer

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


HY = "[-\u2010\u2011\u2012\u2013 ]?"  # optional hyphen of any kind, or a space


def any_of(alternatives: Iterable[str], then: str = "") -> str:
    """(?:a|b|...) behind a lookahead for the characters its alternatives start with: re has no
    fast scan for a case-free pattern, so at every word start it would try each alternative in
    turn; the lookahead turns most places down at once (the matches stay the same).

    then: zero-width checks (lookbehinds) to make between the two, so only where one can start."""
    alternatives = list(alternatives)
    for alternative in alternatives:
        first, after = alternative[:1], alternative[1:2]
        if (
            not (first.isascii() and first.isalnum())
            or after in ("?", "*", "{")
            or "|" in alternative
        ):
            raise ValueError(f"not a branch that starts with a letter or digit: {alternative!r}")
    initials = sorted({c for a in alternatives for c in (a[0].lower(), a[0].upper())})
    return f"(?=[{''.join(initials)}]){then}(?:{'|'.join(alternatives)})"


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


_START = itemgetter(0)  # a span's start, the key sentence_index bisects on
_BREAK_AT = re.compile(r"[.!?\n]")  # a sentence end starts after . ! ? or at a newline
_QUOTES = "\"'”’)"


def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Split text into (start, end) sentence spans so evidence can be highlighted in place."""
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


def sentence_index(spans: tuple[tuple[int, int], ...], pos: int) -> int:
    """Index of the sentence span containing pos, or -1 (between sentences)."""
    i = bisect_right(spans, pos, key=_START) - 1
    return i if i >= 0 and pos < spans[i][1] else -1


def sentences_matching(
    pattern: re.Pattern[str], text: str, spans: tuple[tuple[int, int], ...]
) -> set[int]:
    """Indices of the sentences in which pattern matches: one pass over the text, not one per sentence."""
    found = {sentence_index(spans, match.start()) for match in finditer(pattern, text)}
    found.discard(-1)
    return found


def sentences_matching_any(
    patterns: PatternSet, text: str, spans: tuple[tuple[int, int], ...]
) -> set[int]:
    """The union of sentences_matching over several patterns (each keeps its own matches)."""
    found = set()
    for _i, matches in patterns.scan(text):
        found.update(sentence_index(spans, m.start()) for m in matches)
    found.discard(-1)
    return found
