"""Fractions and shares: '76/92' results share the analysed denominator; shares name subgroups."""

from __future__ import annotations

import re

from .numbers import WORD_NUMBER_CORE, count_value
from .sample_grammar import (
    MIN_SCORE,
    Candidate,
    noun_after,
    sentence_of,
    unit_in,
)
from .sample_nouns import (
    RESPONSE_NOUNS,
    unit_for,
)

_F = re.IGNORECASE
FRACTION = re.compile(
    r"(?<![\d.,/])(\d{1,3}(?:,\d{3})+|\d+)\s*/\s*(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,/]?\d)"
)
SCORE_BEFORE = re.compile(
    r"\b(?:scor(?:e|es|ed|ing)|scale|grade|index|rating|points?)\b[^.;/]{0,15}$", _F
)
TOTAL_OF_BEFORE = re.compile(r"\btotal\s+of\s+$", _F)
#: A share named in words, then its n = in brackets with no clause break between
_SHARE_BEFORE = re.compile(
    r"\b(?:half|(?:one|two|three)[\s-]+(?:thirds?|quarters?|fifths?)|a\s+(?:third|quarter|fifth)|(?:upper|"
    r"lower|top|bottom|highest|lowest)\s+(?:tertile|quartile|quintile|third|half))\s+of\b[^;:.()]{0,70}[(\[]\s*$",
    _F,
)
BRACKET_AFTER = re.compile(r"\s*(?:[(\[][^()\[\]]{0,20}[)\]])?")


def _fractions(text: str) -> list[re.Match[str]]:
    """FRACTION.finditer(text), searched only around each slash (a whole-text scan tries every digit)."""
    out: list[re.Match[str]] = []
    pos = text.find("/")
    while pos >= 0:
        match = FRACTION.search(text, max(0, pos - 16), pos + 24)
        if (
            match
            and match.start() < pos < match.end()
            and (not out or out[-1].start() != match.start())
        ):
            out.append(match)
        pos = text.find("/", pos + 1)
    return out


def fraction_candidates(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """Fractions: a denominator shared by several results ('83% (76/92)', '35% [32/92]') is the
    analysed sample; 'a total of 129/289 surveys were obtained' counts its numerator, unless its
    denominator is shared by three or more results ('a total of 56/117 patients' is one result)."""
    by_den: dict[int, list[re.Match[str]]] = {}
    totals: list[tuple[int, int, re.Match[str]]] = []
    for match in _fractions(text):
        num, den = (int(g.replace(",", "")) for g in match.groups())
        if not 0 < num < den or SCORE_BEFORE.search(
            text, max(0, match.start() - 25), match.start()
        ):
            continue  # "a scale score of 5/12" is a rating, not a share of the sample
        by_den.setdefault(den, []).append(match)
        if TOTAL_OF_BEFORE.search(text, max(0, match.start() - 15), match.start()):
            totals.append((num, den, match))
    out = []
    for num, den, match in totals:
        if len(by_den[den]) >= 3:
            continue
        found = noun_after(text, BRACKET_AFTER.match(text, match.end()).end(), len(text))
        unit = unit_for(found[0]) if found and found[0] not in RESPONSE_NOUNS else "participants"
        out.append(Candidate(num, match.start(), match.end(), unit, MIN_SCORE + 1.0, "fraction"))
    for den, matches in by_den.items():
        if den >= 10 and len(matches) >= 2:
            first = matches[0]
            sent = sentence_of(sents, first.start())
            unit = (unit_in(text, sent) if sent else None) or "participants"
            score = MIN_SCORE + min(1.5, 0.5 * (len(matches) - 2))  # each further result sharing it
            out.append(Candidate(den, first.start(), first.end(), unit, score, "fraction"))
    return out


def share_before(text: str, start: int, sent_start: int) -> bool:
    """'the one-third of patients with the lowest levels (n = 10)': an n = that sizes a share."""
    return bool(_SHARE_BEFORE.search(text, max(sent_start, start - 90), start))


_COUNT = rf"(\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER_CORE})"
#: "63 of the 80 invited clinicians responded": the responders of a pool that was invited are the sample
_RESPONDERS = re.compile(
    rf"\b{_COUNT}\s+(?:of|out\s+of)\s+(?:the\s+|all\s+)?{_COUNT}\s+(?:[\w-]+\s+){{0,2}}?(?:invited|approached|"
    r"contacted|eligible|sampled|surveyed)\s+(?:[\w-]+\s+){0,3}?(?:responded|participated|took\s+part|agreed\s+to|"
    r"completed|returned)\b",
    _F,
)


_POOL_STEMS = ("nvited", "pproached", "ontacted", "ligible", "ampled", "urveyed")
_POOL_WORD = re.compile(
    r"\b(?:[Ii]nvited|[Aa]pproached|[Cc]ontacted|[Ee]ligible|[Ss]ampled|[Ss]urveyed)\b"
)


#: "returned by 565 of 1,750 surgeons": the questionnaire's responders, in the passive (round 6)
_RETURNED_BY = re.compile(
    rf"\b(?:returned|completed|answered|filled\s+(?:in|out))\s+by\s+{_COUNT}\s+(?:of|out\s+of)\s+"
    rf"(?:the\s+|all\s+)?{_COUNT}\b",
    _F,
)
_RETURNED_STEMS = ("returned by", "completed by", "answered by", "in by", "out by")


def _responders(match: re.Match[str], end: int) -> Candidate | None:
    """The responders counted in match's group 1, as a strong participant count."""
    value = count_value(match.group(1))
    if not value or value <= 1:
        return None
    return Candidate(value, match.start(1), end, "participants", MIN_SCORE + 3.0, "noun")


def returned_by_candidates(text: str) -> list[Candidate]:
    """Responders named in the passive ('the survey was returned by 565 of 1,750 surgeons')."""
    if not any(stem in text for stem in _RETURNED_STEMS):
        return []
    found = (_responders(match, match.end(1)) for match in _RETURNED_BY.finditer(text))
    return [cand for cand in found if cand]


def responder_candidates(text: str) -> list[Candidate]:
    """Responders out of an invited pool ('Sixty-three of the 80 invited clinicians responded')."""
    out: list[Candidate] = returned_by_candidates(text)
    if not any(stem in text for stem in _POOL_STEMS):
        return out  # a case-free regex scan of every text would cost more than the rest of the rule
    seen = -1
    for pool in _POOL_WORD.finditer(text):  # the full pattern is tried only around a pool word
        match = _RESPONDERS.search(text, max(seen + 1, pool.start() - 90), pool.end() + 90)
        if match is None or match.start() > pool.start():
            continue
        seen = match.end()
        cand = _responders(match, match.end())
        if cand:
            out.append(cand)
    return out


#: "Of the total sample (18,457), 544 ...": the whole sample's size given only in brackets
_SAMPLE_IN_BRACKETS = re.compile(r"sample\s*\(\s*(\d{1,3}(?:,\d{3})+|\d+)\s*\)", _F)
_WHOLE_BEFORE = re.compile(
    r"\b(?:total|whole|entire|overall|final|analytic(?:al)?)\s+(?:study\s+)?$", _F
)


def bracketed_totals(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'the whole sample (12,340)': a total sample sized in brackets with no n = and no noun."""
    out: list[Candidate] = []
    pos = text.find("sample")
    while pos >= 0:
        match = _SAMPLE_IN_BRACKETS.match(text, pos)
        if match and _WHOLE_BEFORE.search(text, max(0, pos - 25), pos):
            value = int(match.group(1).replace(",", ""))
            sent = sentence_of(sents, pos)
            unit = (unit_in(text, sent) if sent else None) or "participants"
            if value > 1:
                out.append(
                    Candidate(value, match.start(1), match.end(1), unit, MIN_SCORE + 2.0, "n_eq")
                )
        pos = text.find("sample", pos + 6)
    return out


#: "obtaining a total of 720 samples": in a survey of people, the people sampled (round 8); not
#: "samples from 80 donors" or "samples of a product"
_TOTAL_SAMPLES = re.compile(
    r"\btotal\s+of\s+(\d{1,3}(?:,\d{3})+|\d+)\s+samples\b(?!\s+(?:(?:were|was)\s+)?(?:\w+\s+)?(?:from|of|in)\b|"
    r"\s+(?:(?:were|was)\s+)?(?:obtained|collected|taken|drawn|tested|assayed|analy[sz]ed|measured|processed))",
    _F,
)
_SPECIMEN_WORDS = re.compile(
    r"\b(?:blood|serum|sera|plasma|urine|saliva|hair|fluids?|tissues?|specimens?|swabs?|biops\w+|leaf|leaves|"
    r"powders?|extracts?|soil|milk|DNA|RNA|cells?|assays?|laboratory|samples\s+per)\b",
    _F,
)
#: Designs that sample people: a bare "samples" there counts the people sampled
PEOPLE_DESIGNS = {"cross_sectional", "cohort", "case_control", "qualitative", "rct",
                  "nonrandomized_trial"}  # fmt: skip


def people_samples(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'a total of 720 samples' in an abstract about no specimen: the people sampled."""
    out: list[Candidate] = []
    pos = text.find("samples")
    if pos >= 0 and _SPECIMEN_WORDS.search(text):
        return out  # a specimen anywhere: the samples may be its
    while pos >= 0:
        match = _TOTAL_SAMPLES.search(text, max(0, pos - 22), pos + 60)
        sent = sentence_of(sents, pos)
        if match and match.end() == pos + 7 and sent:
            value = int(match.group(1).replace(",", ""))
            if value > 1:
                out.append(
                    Candidate(
                        value, match.start(1), match.end(), "participants", MIN_SCORE + 1.0, "noun"
                    )
                )
        pos = text.find("samples", pos + 7)
    return out
