"""Groups counted apart from the main count: a control, comparison, second or further group in
another sentence (issue 14), and groups listed as the controls (round 9). with_extra_group adds
such a group to the main count unless the main count is stated as a total or holds the group."""

from __future__ import annotations

import re

from .numbers import WORD_NUMBER_CORE, find_numbers
from .sample_grammar import MIN_SCORE, Candidate, sentence_of

_F = re.IGNORECASE

# "The control group included 783 adults", "a second group of seven volunteers": a group stated in
# its own sentence, apart from the main count.
_EXTRA_GROUP_BEFORE = re.compile(
    r"\b(?:control|comparison|reference|second|another|additional|separate)\s+(?:group|sample|cohort|arm)\s+"
    r"(?:(?:that\s+|which\s+)?(?:included|comprised|consisted\s+of|was\s+made\s+up\s+of|of|with)\s+)?"
    r"(?:a\s+total\s+of\s+)?$",
    _F,
)
# "and 179 women of a control group", "40 volunteers served as controls": the group named after the count
_EXTRA_GROUP_AFTER = re.compile(
    r"(?:[^.;\d()]|\([^()]{0,30}\)){0,120}?\b(?:(?:of|in|from|forming|as|represented|formed|constituted)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?"
    r"(?:control|comparison|reference)\s+(?:group|sample|cohort|arm)|(?:served|acted)\s+as\s+(?:[\w-]+\s+)?"
    r"(?:controls|comparisons?|control\s+(?:subjects|participants|individuals|cases))|(?:were|was)\s+(?:included|recruited|enrolled|studied)\s+(?:for|as\s+a)\s+comparison)\b",
    _F,
)
# "nor in any of 9 normal volunteers": a comparison group named by what its members are
_CONTROL_SPAN = re.compile(
    r"\b(?:healthy|normal)\b[^,;()]*\b(?:controls|volunteers|subjects|individuals|adults|participants)\b|"
    r"\bcontrols\b",
    _F,
)
_PEOPLE = {"participants", "patients"}
_OF_A_COUNT = re.compile(
    rf"\b(?:of|out\s+of)\s+(?:the|these|those)\s+(?:\d|(?:{WORD_NUMBER_CORE})\b)", _F
)
# "83 children aged 4-5 years with ... and 80 matched controls": controls listed after a long qualifier;
# "we compared 52 users with 48 non-using controls"
_CONTROLS_JOIN = re.compile(
    r"[^;:]{0,200}\b(?:and|versus|vs\.?|to|with|than(?=\s+(?:in|among)\b))\s+(?:(?:in|among)\s+(?:the\s+)?)?",
    _F,
)
# "of whom" after a count ("37 users, 17 of whom ...") sizes a subset of the cases, not a total
_TOTAL_WORDS = re.compile(
    r"\b(?:total|overall|in\s+all|altogether|including)\b|(?<!\d\s)\bof\s+whom\b", _F
)


def with_extra_group(
    text: str,
    best: Candidate,
    cands: list[Candidate],
    sents: tuple[tuple[int, int], ...],
    further: list[Candidate] = (),  # type: ignore[assignment]
) -> Candidate:
    """The main count plus a control, second or further group ('In eight other subjects') counted
    in another sentence, unless the main count is stated as a total."""
    lists = [  # "Ten men and 12 women ... served as controls": a listed group named apart (round 9)
        c for c in cands if c.kind == "arms" and c.unit in _PEOPLE
        and _is_extra(text, c, sents, _EXTRA_GROUP_BEFORE)
    ]  # fmt: skip
    if best.unit not in _PEOPLE or best.kind not in {"noun", "n_eq"} and best not in lists:
        return best
    people = [c for c in cands if c.kind == "noun" and c.unit in _PEOPLE]
    named = lists + [
        c for c in people
        if _is_extra(text, c, sents, _EXTRA_GROUP_BEFORE) and not _inside(c, lists)
    ]  # fmt: skip
    named += [
        c for c in further if c.unit in _PEOPLE and c not in named and c.score >= MIN_SCORE - 1.5
    ]
    named = [c for c in named if not (c in further and _names_value(text, sents, c, best.value))]
    main = best
    if any(c.start == best.start for c in named):  # "The control group consisted of 120 adults"
        others = [c for c in cands if c.kind in {"noun", "n_eq"} and c.unit in _PEOPLE]
        others = [  # "Eighteen patients underwent ... Fourteen men were included for comparison."
            c for c in others
            if c not in named and not _inside(c, named)
            and c.score >= MIN_SCORE + (1.0 if c.start > best.start else 0.0)
        ]  # fmt: skip
        if not others:
            return best
        main = max(others, key=lambda c: (c.score, -c.start))
    home = sentence_of(sents, main.start)
    if home is None:
        return best
    described = [c for c in people if _is_extra(text, c, sents, _CONTROL_SPAN)]
    if _TOTAL_WORDS.search(text, *home):  # a stated total takes only a control group named apart
        if not _cases_total(text, main, home, cands):
            return best
        named, described = [c for c in named if sentence_of(sents, c.start) != home], []
    for cand in named + described:
        if any(
            c.value + cand.value == main.value
            for c in cands
            if c is not cand and not _inside(c, [cand])
        ):
            continue  # "29 treated ... the 40 controls": the parts of the main count, not an extra group
        if _part_of_main(text, main, cand, home) or _opens_with_subset(text, sents, cand):
            continue
        later_in_home = cand.start > main.end and bool(
            _EXTRA_GROUP_AFTER.match(text, cand.end)
            or (cand in described and _CONTROLS_JOIN.fullmatch(text, main.end, cand.start))
        )
        if (sentence_of(sents, cand.start) != home or later_in_home) and abs(
            cand.start - main.start
        ) < 600:
            start, end = min(main.start, cand.start), max(main.end, cand.end)
            unit = main.unit if cand.unit == main.unit else "participants"
            return Candidate(main.value + cand.value, start, end, unit, main.score, "arms")
    return best


def _inside(cand: Candidate, spans: list[Candidate]) -> bool:
    """True when cand is one of the counts of a listed group in spans (not the list itself)."""
    return any(s is not cand and s.start <= cand.start < s.end for s in spans)


_SUBSET_OPENER = re.compile(
    r"\s*(?:[A-Z][A-Za-z ]{0,30}:\s*)?(?:of|among)\s+(?:these|them|whom|those)\b", _F
)


def _opens_with_subset(text: str, sents: tuple[tuple[int, int], ...], cand: Candidate) -> bool:
    """'Of these, 24 smokers and 24 non-smokers served as controls': a part of the count before."""
    sent = sentence_of(sents, cand.start)
    return bool(sent and _SUBSET_OPENER.match(text, sent[0], cand.start))


def _part_of_main(text: str, main: Candidate, cand: Candidate, home: tuple[int, int]) -> bool:
    """'82 patients (38 on opioids and 44 controls)': controls in a bracket opened after the total,
    or after a count that adds up with them to the total, are a part of it."""
    if not home[0] <= cand.start < home[1]:
        return False
    gap = text[main.end : cand.start]
    if cand.start > main.end and gap.count("(") > gap.count(")"):
        return True
    if cand.start < main.end:
        return False
    numbers = find_numbers(gap)  # "60 adults, 35 of whom were users, and 25 controls"
    return any(n.value + cand.value == main.value for n in numbers)


_CASES_TOTAL_BEFORE = re.compile(r"\b(?:in\s+total|a\s+total\s+of|altogether),?\s*$", _F)
_WHOLE_STUDY_NOUN = re.compile(
    r"\b(?:participants|subjects|individuals|persons|people|respondents)$", _F
)
_HOME_HAS_CONTROLS = re.compile(r"\b(?:controls?|comparison|healthy|including|of\s+whom)\b", _F)


def _cases_total(text: str, main: Candidate, home: tuple[int, int], cands: list[Candidate]) -> bool:
    """'In total 85 patients with X were included.' then a control group: the total counts only
    the cases when it counts patients or cases (not participants) and its sentence names no
    controls and no other count."""
    if not _CASES_TOTAL_BEFORE.search(text, max(home[0], main.start - 25), main.start):
        return False
    if _WHOLE_STUDY_NOUN.search(text, main.start, main.end):
        return False  # "A total of 200 participants ... The control group": the whole study
    others = [c for c in cands if home[0] <= c.start < home[1] and c.value != main.value]
    return not others and not _HOME_HAS_CONTROLS.search(text, *home)


def _names_value(
    text: str, sents: tuple[tuple[int, int], ...], cand: Candidate, value: int
) -> bool:
    """'Eight out of 15 ... and four additional subjects', 'Four of the eight ...; another two':
    the sentence still counts the main group or a part of it."""
    sent = sentence_of(sents, cand.start)
    if sent is None:
        return False
    home = text[sent[0] : sent[1]]
    return bool(re.search(rf"(?<![\d,.]){value}(?![\d,])", home) or _OF_A_COUNT.search(home))


def _is_extra(
    text: str, cand: Candidate, sents: tuple[tuple[int, int], ...], marker: re.Pattern[str]
) -> bool:
    """A count introduced as a control, comparison or second group (marker before it), or named as
    controls (marker in its span)."""
    sent = sentence_of(sents, cand.start)
    if sent is None or cand.score < MIN_SCORE - 0.5:
        return False
    if marker is _CONTROL_SPAN:
        return bool(marker.search(text, cand.start, cand.end))
    if marker is _EXTRA_GROUP_BEFORE and _EXTRA_GROUP_AFTER.match(text, cand.end):
        return True
    return bool(marker.search(text, max(sent[0], cand.start - 60), cand.start))
