"""Where a count comes from: someone else's (pooled, modelled, from the literature), a fraction's
denominator, arms that share one noun, groups in other sentences; and doubts about the chosen N.
Issue 14's failure families on unseen abstracts."""

from __future__ import annotations

import re

from .numbers import WORD_NUMBER_CORE, Number, find_numbers
from .sample_grammar import (
    COMPLETED,
    ELIGIBLE,
    MIN_SCORE,
    SECTION_LABEL,
    STOP_WORDS,
    Candidate,
    noun_after,
    sentence_of,
)

_F = re.IGNORECASE
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z][\w-]*")
SHARED_NOUN_GAP = re.compile(r"\s+(?:[A-Za-z][\w-]*\s+){0,2}?(?:and|or|vs\.?|versus)\s+")
RANGE_OPENER = re.compile(r"\bbetween\s+$", _F)
# Counts that are not the study's own sample (issue 14): pooled over included studies, a modelled
# population, cases found in the literature, round figures quoted from elsewhere.
_POOLED_BEFORE = re.compile(
    r"(?:\b(?:studies|trials|RCTs|articles|publications|papers)\s*(?:\(\s*|,\s*)?(?:(?:involving|with|including|"
    r"enrolling|comprising|totall?ing|that\s+included|which\s+included|and|in)\s+)?|\b(?:single|one|(?:the\s+)?other|another)\s+"
    r"(?:trial|study)\s*\(\s*|\b(?:studies|trials|RCTs|articles)\b[^()]{0,40}\)\s*(?:with|involving|including|"
    r"comprising|totall?ing)\s+)(?:a\s+total\s+of\s+|over\s+|more\s+than\s+)?$",
    _F,
)  # the last branch: "19 studies (six cohorts, ..., one case series) with 8754 patients"
_MODELLED_BEFORE = re.compile(
    r"\b(?:theoretical|hypothetical|simulated|virtual|modell?ed|synthetic|notional)\s+(?:[\w-]+\s+)?(?:cohort|"
    r"population|sample|group|patients)\s+of\s*$",
    _F,
)
_LITERATURE_BEFORE = re.compile(
    r"\b(?:literature|published|previously\s+reported)\b[^.;]{0,40}$|\bcase\s+reports\s+of\s+(?:the\s+)?$",
    _F,
)
# "only 12 cases have been published": the perfect tense reports what others found
_LITERATURE_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:have|has)\s+(?:\w+\s+)?been\s+(?:\w+\s+)?(?:published|reported|described)\b|"
    r"[^.;]{0,60}?\b(?:reported|described|published)\s+in\s+(?:the\s+)?(?:[\w-]+\s+)?literature\b",
    _F,
)
#: "alongside a previously reported randomized trial of 570 adults": the trial's own participants
_OWN_TRIAL_BEFORE = re.compile(r"\b(?:trial|RCT)\s+(?:of|in|among|involving)\s+$", _F)
_LITERATURE_SPAN = re.compile(r"\b(?:reported|published|previous|literature)\b", _F)
_APPROX_BEFORE = re.compile(
    r"\b(?:more\s+than|over|nearly|almost|approximately|about|around|roughly|an\s+estimated|estimated|"
    r"up\s+to)\s*$",
    _F,
)
_SAMPLE_SECTION = re.compile(
    r"\s*(?:patients|participants|subjects|population|sample|study\s+population|(?:design,\s+)?setting,?\s+"
    r"(?:and\s+)?participants)\s*:",
    _F,
)
# "Out of 100 admitted, 64 were included": an opening pool before the count that was kept
_OPENING_POOL = re.compile(
    r"(?:^|[,;:(])\s*(?:out\s+of|of|from)\s+(?:the\s+|a\s+total\s+of\s+|all\s+)?$", _F
)
_KEPT_AFTER = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+)?(?:included|enrolled|eligible|analy[sz]ed|recruited|randomi[sz]ed|selected|"
    r"retained)\b|\bmet\s+(?:the\s+)?(?:inclusion|eligibility)|\b(?:qualified|remained)\b|"
    + COMPLETED,
    _F,
)


#: "housed in groups of four animals", "five mice per cage": how animals or people were grouped (round 9)
_MAKE_UP_BEFORE = re.compile(
    rf"(?:^\s*|(?:\b(?:in|into|of|as|to|with|and|each|the|{WORD_NUMBER_CORE})|\d)\s+)(?:groups|pairs|pairings|"
    r"triads|trios|tetrads|cages|litters|teams)\s+of\s*$",
    _F,
)  # not "blood groups of 57 macaques", "data sets of 4121 children"
_MAKE_UP_AFTER = re.compile(
    r"\s*(?:per|in\s+each|to\s+a|a)\s+(?:cage|pair|litter|pen|box|tank|dyad|triad|enclosure|hutch|stall)\b",
    _F,
)


def _own_trial(before: str) -> bool:
    """'a previously reported randomized trial of 570 adults' (not 'trials in the literature')."""
    return bool(_OWN_TRIAL_BEFORE.search(before)) and "literature" not in before.lower()


def not_own_count(text: str, start: int, end: int, sent: tuple[int, int]) -> float:
    """Penalty for a count that is someone else's (pooled, modelled, from the literature)."""
    before = text[max(sent[0], start - 60) : start]
    score = 0.0
    if _POOLED_BEFORE.search(before) or _MODELLED_BEFORE.search(before):
        score -= 6.0  # "27 studies involving 3048 participants", "a theoretical cohort of 23,200"
    if (
        (_LITERATURE_BEFORE.search(before) and not _own_trial(before))
        or _LITERATURE_SPAN.search(text, start, end)
        or _LITERATURE_AFTER.match(text, end, sent[1])
    ):
        score -= 4.0  # "a review of the literature identified 22 reported cases"
    if _APPROX_BEFORE.search(before[-20:]):
        score -= 1.0  # "more than 760,000 people": a round figure quoted from elsewhere
    if start - sent[0] <= 40 and _OPENING_POOL.search(text[sent[0] : start]):
        rest = text[end : sent[1]]
        if _DIGIT.search(rest) and _KEPT_AFTER.search(rest):
            score -= 2.5
    make_up = before.rstrip().lower().endswith(" of") and _MAKE_UP_BEFORE.search(before)
    if make_up or _MAKE_UP_AFTER.match(text, end):
        score -= 3.0  # the size of each cage, pair or group, not of the sample
    if _SAMPLE_SECTION.match(text, sent[0], start):
        score += 1.0  # "Participants: ... (n = 48)": the structured abstract's sample section
    return score


def shared_noun_arms(text: str, numbers: list[Number], cands: list[Candidate]) -> list[Candidate]:
    """'151 FNASS and 100 ESC managed infants': two arms that share the noun written after the second."""
    by_start = {c.start: c for c in cands if c.kind == "noun"}
    out = []
    for left, right in zip(numbers, numbers[1:], strict=False):
        second = by_start.get(right.start)
        if second is None or second.arm or left.start in by_start or left.value <= 1:
            continue
        if any(w.lower() in STOP_WORDS for w in _WORD.findall(text, left.end, right.start)[:-1]):
            continue  # "six hours and three more workers": the first number counts something else
        if SHARED_NOUN_GAP.fullmatch(text, left.end, right.start) and left.in_count_context(text):
            if not RANGE_OPENER.search(text, max(0, left.start - 10), left.start):
                total = left.value + right.value
                out.append(
                    Candidate(
                        total, left.start, second.end, second.unit, second.score + 1.0, "arms"
                    )
                )
    return out


# "of whom 1105 were hospitalized ... and matched to 11,019 controls": a nested case-control set
_MATCHED_SET = re.compile(
    r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\w-]+\s+)?(?:were|was)\b[^;]{0,160}?\bmatched\s+(?:to|with)\s+"
    r"(\d{1,3}(?:,\d{3})+|\d+)\s+(?:[\w-]+\s+){0,2}?controls\b",
    _F,
)


def matched_case_sets(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """Cases plus the controls they were matched to, when the cases carry no noun of their own."""
    if "matched" not in text:
        return []
    out = []
    for start, end in sents:
        for match in _MATCHED_SET.finditer(text, start, end):
            cases, controls = (int(g.replace(",", "")) for g in match.groups())
            if 1 < cases < controls:
                total = cases + controls
                out.append(
                    Candidate(
                        total, match.start(), match.end(), "participants", MIN_SCORE + 2.0, "arms"
                    )
                )
    return out


#: Headings of the parts of a structured abstract that do not report the study's own sample.
_NOT_OWN_SECTIONS = ("background", "introduction", "objective", "aim", "purpose", "importance",
                     "context", "rationale", "conclusion", "discussion", "implications")  # fmt: skip
#: A chosen N scoring at least this is backed by a recruitment verb or a stated total.
BACKED_SCORE = MIN_SCORE + 1.0


def doubts(
    text: str,
    sents: tuple[tuple[int, int], ...],
    best: Candidate,
    kept: list[Candidate],
    weights: dict[tuple[int, int], float],
) -> tuple[str, ...]:
    """Why a researcher should check this N: a different size scored as high (the choice was a tie
    broken by position or repetition), or a weakly backed N sits in a background or conclusion."""
    doubts = []
    home = sentence_of(sents, best.start)
    rivals = [
        c for c in kept
        if c.value != best.value and not best.start <= c.start < best.end and c.kind != "single"
        and not (c.value < best.value and sentence_of(sents, c.start) == home)  # parts of it
    ]  # fmt: skip
    if any(c.score >= best.score for c in rivals):
        doubts.append("several_candidate_sizes")
    if (
        home is not None
        and best.score < BACKED_SCORE
        and (
            weights.get(home, 0.0) < 0
            or section_heading(text, sents, home).startswith(_NOT_OWN_SECTIONS)
        )
    ):
        doubts.append("size_outside_methods_results")
    return tuple(doubts)


def section_heading(text: str, sents: tuple[tuple[int, int], ...], upto: tuple[int, int]) -> str:
    """The lower-cased heading of the structured-abstract part holding the sentence upto ('' if none)."""
    label = ""
    for sent in sents:
        if sent[0] > upto[0]:
            break
        heading = SECTION_LABEL.match(text, sent[0])
        if heading:
            label = text[heading.start() : heading.end()].strip().rstrip(":").lower()
    return label


def patients_over_providers(
    cands: list[Candidate], providers: list[bool], sents: tuple[tuple[int, int], ...]
) -> None:
    """'40 surgeons operated on 310 patients': with patients counted beside them, the clinicians
    who gave the care are not the sample."""
    patients = {sentence_of(sents, c.start) for c in cands if c.unit == "patients"}
    for cand, provider in zip(cands, providers, strict=True):
        if provider and sentence_of(sents, cand.start) in patients:
            cand.score -= 1.0


def eligible_is_a_pool(text: str, kept: list[Candidate]) -> None:
    """'300 eligible patients' beside a smaller kept count: the pool before consent or exclusions."""
    pools = [c for c in kept if c.kind == "noun" and ELIGIBLE.search(text, c.start, c.end)]
    for pool in pools:
        if any(c.value < pool.value and c not in pools for c in kept):
            pool.score -= 1.0


def title_counts(title: str) -> set[int]:
    """Counts of people or cases the title names ('Retrospective study of 99 cases')."""
    out = set()
    for num in find_numbers(title, check_context=False):
        if num.value > 1 and noun_after(title, num.end, len(title)) and num.in_count_context(title):
            out.add(num.value)
    return out


def separate_arms(cands: list[Candidate]) -> Candidate | None:
    """Arms given in separate sentences ('Protocol 1 (n = 146) ... Protocol 2 (n = 44)') add up."""
    arms = [c for c in cands if c.kind == "n_eq" and c.arm and c.score >= 2.0 and c.value > 1]
    if len(arms) < 2 or arms[-1].end - arms[0].start > 400:
        return None
    units = {c.unit for c in arms if c.unit}
    unit = units.pop() if len(units) == 1 else "participants"
    return Candidate(
        sum(c.value for c in arms), arms[0].start, arms[-1].end, unit, MIN_SCORE, "arms"
    )


def further_only_after_first(kept: list[Candidate]) -> list[Candidate]:
    """'8 more cases' after a kept count is only added to it (with_extra_group); '4 further cases'
    after 10 from the literature (not kept) is the sample."""
    first = min((c.start for c in kept if not (c.kind == "noun" and c.arm)), default=None)
    return [
        c
        for c in kept
        if not (c.kind == "noun" and c.arm and first is not None and c.start > first)
    ]
