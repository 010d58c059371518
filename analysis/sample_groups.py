"""Counts given per group or per arm: a per-group size times the groups, arms told by one verb."""

from __future__ import annotations

import re

from .numbers import WORD_NUMBER_CORE, Number, count_value
from .sample_grammar import (
    DENOMINATOR_BEFORE,
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
        value = count_value(match.group(1) or match.group(2))
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


#: "390 patients with high and 131 with normal levels": a second count that shares the noun and
#: repeats only the preposition of its qualifier
_ELLIPTIC = re.compile(
    r"\s+(with|without|on|receiving|taking)\s+(?:[\w-]+\s+){1,3}?and\s+"
    rf"(\d+|{WORD_NUMBER_CORE})\s+\1\b",
    re.IGNORECASE,
)


def elliptic_arms(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A counted group, then 'and N with ...': the second group adds to the first."""
    out: list[Candidate] = []
    for cand in cands:
        if cand.kind != "noun" or cand.arm or cand.value <= 1:
            continue
        match = _ELLIPTIC.match(text, cand.end)
        if match is None or DENOMINATOR_BEFORE.search(text, max(0, cand.start - 30), cand.start):
            continue  # "Three of 40 patients with X and 2 with Y": parts of a denominator
        joined = _joined_arms(cand, match)
        if joined:
            out.append(joined)
    return out


def _joined_arms(cand: Candidate, match: re.Match[str]) -> Candidate | None:
    """The first group plus the count in match's group 2, spanning both; None when that is no count."""
    value = count_value(match.group(2))
    if not value or value <= 1:
        return None
    return Candidate(
        cand.value + value, cand.start, match.end(), cand.unit, cand.score + 1.0, "arms"
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
        joined = _joined_arms(cand, match)
        if joined:
            out.append(joined)
    return out


_RANDOMISED_AFTER = re.compile(
    r"[^.;]{0,60}?\b(?:(?:were|was)\s+(?:\w+\s+)?(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))|"
    r"underwent\s+randomi[sz]ation)\b",
    re.IGNORECASE,
)
_RANDOMISED_BEFORE = re.compile(
    r"\b(?:randomi[sz]ed|randomly\s+assigned)\s+(?:\w+\s+){0,2}[(\[]?\s*$", re.IGNORECASE
)


#: "They were randomly assigned to the active group (n=24) or placebo group (n=24)"
_ARMS_RANDOMISED = re.compile(
    r"\b(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))\b[^.;]{0,150}$", re.IGNORECASE
)


_SENTENCE_END = re.compile(r"[.;]\s")


#: "70 participants (ITT: 68.6%) in the methadone arm": a count inside one arm of the trial
_ONE_ARM_AFTER = re.compile(
    r"\s*(?:\([^()]{0,60}\)\s*)?(?:in|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:arm|group)\b",
    re.IGNORECASE,
)
FOLLOW_UP_DONE = re.compile(
    r"\s+(?:completed|finished)\s+(?:the|an?|all|both)\s+(?:[\w-]+\s+){0,2}(?:visits?|follow-?ups?|"
    r"assessments?)\b",
    re.IGNORECASE,
)
_TRIAL_WORDS = re.compile(r"\b(?:trial|randomi[sz]\w*)", re.IGNORECASE)


def randomised_over_analysed(
    text: str, best: Candidate, kept: list[Candidate], sents: tuple[tuple[int, int], ...] = ()
) -> Candidate:
    """A trial that gives both counts is sized by its randomised count, not the slightly smaller
    analysed remainder after exclusions (STUDY_TYPES.md: randomized participants of a trial), nor
    the larger run-in or screened count before the randomised arms, nor one arm's count (round 8)."""
    if _randomised(text, best):
        return best
    if best.kind == "noun" and _ONE_ARM_AFTER.match(text, best.end):
        for cand in sorted(kept, key=lambda c: c.start):
            sent = sentence_of(sents, cand.start) if cand.start < best.start else None
            if cand.kind in {"noun", "n_eq"} and cand.value > best.value and sent:
                if _TRIAL_WORDS.search(text, *sent) and sent != sentence_of(sents, best.start):
                    return cand  # "a randomised trial with 204 participants" over one arm's 70
    for cand in sorted(kept, key=lambda c: c.start):
        if cand.kind in {"noun", "n_eq"} and cand.start < best.start and _randomised(text, cand):
            if cand.value > best.value and (
                best.value >= 0.8 * cand.value or FOLLOW_UP_DONE.match(text, best.end)
            ):
                return cand  # not "110 completed the 12-week visit" (round 9)
        if cand.kind == "arms" and cand.start > best.end and best.value > cand.value:
            verb = _ARMS_RANDOMISED.search(text, max(best.end, cand.start - 150), cand.start)
            if verb and _SENTENCE_END.search(text, best.end, verb.start()):
                return cand  # the arms randomised in a later sentence than the run-in count
    return best


def _randomised(text: str, cand: Candidate) -> bool:
    """'148 patients were randomly assigned', 'we randomised 148 adults', 'randomized (n = 60)'."""
    return bool(
        _RANDOMISED_AFTER.match(text, cand.end)
        or _RANDOMISED_BEFORE.search(text, max(0, cand.start - 40), cand.start)
    )


#: "surveys with 457 residents, ... and online surveys conducted with 1,058 people": a survey's sample
_SURVEY_WITH = re.compile(
    r"\b(?:surveys?|questionnaires?)\s+(?:[\w-]+\s+){0,3}?(?:with|among|of|by)\s+(?:a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
#: Waves or repeats of one survey ask the same people again
_SAME_PEOPLE = re.compile(r"\b(?:baseline|follow-?up|waves?|repeated|same|again)\b", re.IGNORECASE)


def survey_samples(
    text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """Separate surveys named in one sentence, each with its own sample: their respondents add up
    (participants enrolled, STUDY_TYPES.md); a survey's groups listed together come as one arms sum."""
    if "urvey" not in text and "uestionnaire" not in text:
        return []
    out = []
    for start, end in sents:
        heads = [
            c for c in cands
            if c.kind == "noun" and c.unit in {"participants", "patients"} and start <= c.start < end
            and _SURVEY_WITH.search(text, max(start, c.start - 60), c.start)
        ]  # fmt: skip
        if len(heads) < 2 or _SAME_PEOPLE.search(text, start, end):
            continue
        parts = []
        for i, head in enumerate(heads):
            limit = heads[i + 1].start if i + 1 < len(heads) else end
            lists = [
                c for c in cands if c.kind == "arms" and c.start == head.start and c.end <= limit
            ]
            parts.append(max(lists, key=lambda c: c.end, default=head))
        total = sum(c.value for c in parts)
        score = max(c.score for c in parts) + 1.0
        out.append(Candidate(total, parts[0].start, parts[-1].end, "participants", score, "arms"))
    return out
