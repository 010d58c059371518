"""Counts given per group or per arm: a per-group size times the groups, arms told by one verb."""

from __future__ import annotations

import re

from .numbers import WORD_NUMBER_CORE, Number, word_value
from .sample_grammar import (
    GROUP_COUNT,
    GROUPS_BRACKET,
    GROUPS_OF_BEFORE,
    N_EQUALS,
    PER_GROUP_AFTER,
    PER_GROUP_NUMBER,
    Candidate,
    score_context,
    sentence_of,
)


def group_candidates(
    text: str, numbers: list[Number], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """'3 groups (n = 10)' or 'n = 8 per group' times a stated number of groups."""
    low = text.lower()
    if "group" not in low and "arms" not in low:
        return []
    counts = []
    for match in GROUP_COUNT.finditer(text):
        raw = match.group(1) or match.group(2)
        value = int(raw) if raw.isdigit() else word_value(raw)
        if value and 2 <= value <= 20:
            counts.append((match.start(), match.end(), value))
    if not counts:
        return []
    out = []
    for per_start, per_end, per_value in per_group_sizes(text, numbers):
        g_start, g_end, g_value = min(counts, key=lambda c: abs(c[0] - per_start))
        start, end = min(g_start, per_start), max(g_end, per_end)
        if end - start > 200:
            start, end = per_start, per_end
        sent = sentence_of(sents, per_start)
        score = 4.0 + (score_context(text, per_start, per_end, sent, "groups") if sent else 0.0)
        out.append(Candidate(g_value * per_value, start, end, None, score, "groups"))
    return out


def per_group_sizes(text: str, numbers: list[Number]) -> list[tuple[int, int, int]]:
    """Per-group sizes: 'n = 8 per group', '10 rats per group', '3 groups (n = 10)'."""
    out = []
    for match in N_EQUALS.finditer(text):
        value = int(match.group(1).replace(",", ""))
        after = text[match.end() : match.end() + 15]
        before = text[max(0, match.start() - 25) : match.start()]
        if PER_GROUP_AFTER.search(after) or GROUPS_BRACKET.search(before):
            out.append((match.start(), match.end(), value))
    for num in numbers:
        rest = text[num.end : num.end + 60]
        m = PER_GROUP_NUMBER.match(rest)
        if m and num.in_count_context(text):
            out.append((num.start, num.end + m.end(), num.value))
        elif GROUPS_OF_BEFORE.search(text, max(0, num.start - 15), num.start):
            out.append((num.start, num.end, num.value))  # "five groups of 6 rats"
    return out


#: "Twenty volunteers received kratom tea and 20 received placebo": two arms told by one verb each
#: (no number between the first count and its verb; "and 12 received it" again is a subset)
_PARALLEL = re.compile(
    r"[^.;\d]{0,80}?\b(received|were\s+given|were\s+treated\s+with|were\s+fed)\b(?:[^.;]|\.\d){0,80}?\band\s+"
    rf"(\d+|{WORD_NUMBER_CORE})\s+(?:others?\s+)?\1\b(?!\s+(?:it|them|this|the\s+same)\b)",
    re.IGNORECASE,
)


def parallel_arms(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A counted group, then 'and N' with the same verb: the second arm adds to the first."""
    out: list[Candidate] = []
    if "receiv" not in text and "given" not in text and "treated" not in text and "fed" not in text:
        return out
    for cand in cands:
        if cand.kind != "noun" or cand.arm:
            continue
        match = _PARALLEL.match(text, cand.end)
        if match is None:
            continue
        raw = match.group(2)
        value = int(raw) if raw.isdigit() else word_value(raw)
        if value and value > 1:
            total = cand.value + value
            out.append(
                Candidate(total, cand.start, match.end(), cand.unit, cand.score + 1.0, "arms")
            )
    return out
