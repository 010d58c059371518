"""Sample sizes told without the usual count grammar (round 9): an n = closing the sentence that
identified the people, two samples told as 'one ... the other', a fraction of the whole cohort,
a case report's two or three patients told apart with no numeral; and completers of a later wave."""

from __future__ import annotations

import re

from .sample_fractions import FRACTION, SCORE_BEFORE
from .sample_grammar import (
    MIN_SCORE,
    STOP_WORDS,
    WORD,
    Candidate,
    noun_key,
    score_context,
    sentence_of,
    unit_in,
)
from .sample_groups import FOLLOW_UP_DONE
from .sample_nouns import UNIT_NOUNS, unit_for

_F = re.IGNORECASE

#: "data were used to identify infants with X ... (n = 3395)": the verb, then up to three modifiers
#: and a counted noun (_people_after)
_IDENTIFY = re.compile(
    r"\b(?:identif(?:y|ied|ying)|find|found|select(?:ed)?|includ(?:e|ed)|enroll?(?:ed)?|recruit(?:ed)?|"
    r"sampl(?:e|ed))\s+(?:all\s+(?:the\s+)?|every\s+|each\s+|the\s+)?",
    _F,
)
_CLOSES_SENTENCE = re.compile(r"\s*[)\]]\s*[.;]?\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SUBSET_WORDS = re.compile(r"[;\d]|\b(?:of\s+whom|of\s+these|those|among|including|subgroup)\b", _F)


def identified_people(
    text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """'We linked records to identify infants with a withdrawal diagnosis ... (n = 3395).': an
    n = closing a sentence whose verb found, included or recruited the people it counts."""
    out: list[Candidate] = []
    for cand in cands:
        sent = sentence_of(sents, cand.start) if cand.kind == "n_eq" else None
        if sent is None or cand.score >= MIN_SCORE or cand.value <= 1:
            continue
        if not _CLOSES_SENTENCE.match(text[cand.end : sent[1]]):
            continue
        for verb in _IDENTIFY.finditer(text, sent[0], cand.start):
            noun, noun_end = _people_after(text, verb.end(), cand.start)
            if noun is None or _SUBSET_WORDS.search(_YEAR.sub("", text[noun_end : cand.start])):
                continue
            score = MIN_SCORE + score_context(text, cand.start, cand.end, sent, "n_eq")
            out.append(Candidate(cand.value, cand.start, cand.end, unit_for(noun), score, "n_eq"))
            break
    return out


def _people_after(text: str, start: int, limit: int) -> tuple[str | None, int]:
    """The counted people noun among the first four words from start ('pregnant women', 'every
    newborn'), with no stop word before it."""
    for i, word in enumerate(WORD.finditer(text, start, min(limit, start + 60))):
        key = noun_key(word.group(0))
        key = key + "s" if key + "s" in UNIT_NOUNS else key  # "every newborn"
        if key in UNIT_NOUNS:
            return (None if unit_for(key) == "animals" else key), word.end()
        if i >= 3 or key in STOP_WORDS:
            break
    return None, start


# "In one study (n = 364) ... In the other study (n = 146)": two samples of one analysis. Not phases,
# waves or surveys, which may ask the same people again.
_PLACE = (
    r"(study|trial|cohort|sample|site|centre|center|clinic|hospital|program|programme|school|city|county|"
    r"region|country|unit|ward|series|setting|population|group|arm)"
)
_PLACE_AFTER = re.compile(rf"\s+{_PLACE}\b", _F)
_OTHER = r"\b(?:the\s+other|the\s+second|another|a\s+second)\s+{}\b"


def one_and_the_other(
    text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """The counts right after 'one <site>' and 'the other <site>' (or 'the first', 'the second',
    'the third' ...) add up."""
    out: list[Candidate] = []
    for start, end, place, first in _ones(text):
        place = re.escape(place)
        ordinals = ("second", "third", "fourth", "fifth") if first else ()
        markers = [end]  # "the first group (13) ..., the second group (11) ..., the third ..."
        for ordinal in ordinals:
            nxt = re.compile(rf"\bthe\s+{ordinal}\s+{place}\b", _F).search(
                text, markers[-1], markers[-1] + 600
            )
            if nxt is None:
                break
            markers.append(nxt.end())
        if not ordinals:
            other = re.compile(_OTHER.format(place), _F).search(text, end, end + 600)
            markers += [other.end()] if other else []
        found = [_count_after(text, cands, sents, m) for m in markers]
        parts = [c for c in found if c is not None]
        if len(parts) < 2 or len(parts) < len(found):
            continue
        units = {c.unit for c in parts if c.unit}
        unit = units.pop() if len(units) == 1 else ("participants" if units else None)
        score = max(MIN_SCORE + 0.5, max(c.score for c in parts) + 1.0)
        total = sum(c.value for c in parts)
        out.append(Candidate(total, start, parts[-1].end, unit, score, "arms"))
    return out


def _ones(text: str) -> list[tuple[int, int, str, bool]]:
    """'one <place>' and 'the first <place>' (start, end, place, whether first), found by plain
    substring search: a regex scan of every abstract for them cost more than the rest of the rule."""
    out = []
    for word in ("one", "One", "first"):
        pos = text.find(word)
        while pos >= 0:
            end = pos + len(word)
            before = text[max(0, pos - 4) : pos].lower()
            place = _PLACE_AFTER.match(text, end)
            if place and (pos == 0 or not text[pos - 1].isalnum()):
                if word != "first":
                    out.append((pos, place.end(), place.group(1), False))
                elif before.endswith(("the ", " a ")):
                    out.append(
                        (pos - len(before.split()[-1]) - 1, place.end(), place.group(1), True)
                    )
            pos = text.find(word, end)
    return sorted(out)


def _count_after(
    text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...], pos: int
) -> Candidate | None:
    """The first count of people within 60 characters after pos, in the same sentence."""
    sent = sentence_of(sents, pos)
    near = [
        c for c in cands
        if c.kind in {"noun", "n_eq"} and pos <= c.start < pos + 60 and c.value > 1
        and sentence_of(sents, c.start) == sent and c.unit != "animals"
    ]  # fmt: skip
    first = min(near, key=lambda c: c.start, default=None)
    if first is None or re.search(r"\d", text[pos : first.start]):
        return None
    return first


#: "in our study cohort", "across the entire sample": the study's whole group
_WHOLE_GROUP = re.compile(
    r"\b(?:our|this|the\s+(?:whole|entire|total|overall|study))\s+(?:study\s+)?(?:cohort|sample|series|"
    r"population)\b|\b(?:across|in|of|among)\s+(?:the\s+)?(?:whole|entire|total|overall)\s+(?:study\s+)?"
    r"(?:cohort|sample|series|population|group)\b",
    _F,
)


def whole_group_fractions(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'The incidence was 31% (n = 28/90) in our study cohort': the only fraction of a sentence
    that names the study's whole group has the sample as its denominator."""
    if "/" not in text:
        return []
    out: list[Candidate] = []
    for start, end in sents:
        if "/" not in text[start:end] or not _WHOLE_GROUP.search(text, start, end):
            continue
        found = list(FRACTION.finditer(text, start, end))
        if len({m.group(2) for m in found}) != 1:
            continue  # fractions over several groups: subgroups
        num, den = (int(g.replace(",", "")) for g in found[0].groups())
        if SCORE_BEFORE.search(text, max(start, found[0].start() - 25), found[0].start()):
            continue  # "a median score of 10/24": a rating
        if 0 < num < den and den >= 10:
            unit = unit_in(text, (start, end)) or "participants"
            m = found[0]
            out.append(Candidate(den, m.start(), m.end(), unit, MIN_SCORE + 0.5, "fraction"))
    return out


#: "The first patient ... The second patient": a case report's patients told apart by ordinals
_ORDINAL_CASE = re.compile(
    r"\b(?:the|our)\s+(first|second|third|fourth|fifth)\s+(?:patient|case|man|woman|boy|girl|child|infant|"
    r"subject)\b(?!\s+(?:of|to|in\s+the\s+literature|reported|described|published|ever)\b)",
    _F,
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth")
_ONE_OF = re.compile(r"\bone\s+(?:of\s+(?:our|the|these)\s+)?(?:patients?|cases?)\b", _F)
_THE_OTHER = re.compile(r"\bthe\s+other\s+(?:patient|case|one|man|woman|child)\b", _F)
#: "Both patients recovered" as a sentence's subject (not "in both cases", "both men and women")
_BOTH = re.compile(
    r"(?:^|[.;:]\s+)(Both\s+(?:patients|women|men|children|boys|girls|infants|siblings|brothers|sisters|"
    r"twins))\b(?!\s+and\b)"
)


def few_cases(text: str) -> Candidate | None:
    """Two or three described patients with no numeral: ordinals ('the second patient'), 'one of
    our patients ... the other patient', 'both patients'."""
    found = {m.group(1).lower(): m for m in _ORDINAL_CASE.finditer(text)}
    count = 0
    while count < len(_ORDINALS) and _ORDINALS[count] in found:
        count += 1
    if count >= 2:
        first, last = found["first"], found[_ORDINALS[count - 1]]
        return Candidate(count, first.start(), last.end(), "patients", MIN_SCORE, "single")
    one = _ONE_OF.search(text)
    other = _THE_OTHER.search(text, one.end(), one.end() + 400) if one else None
    if one and other:
        return Candidate(2, one.start(), other.end(), "patients", MIN_SCORE, "single")
    both = _BOTH.search(text)
    if both:
        return Candidate(2, both.start(1), both.end(1), "patients", MIN_SCORE, "single")
    return None


#: "and 25 completed the three-month follow-up" after an earlier completion in its sentence: a later wave
_EARLIER_DONE = re.compile(r"\b(?:completed|finished|replied|responded|returned|answered)\b", _F)


def later_waves(text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]) -> None:
    """Completers of a follow-up visit are the analysed set (round 9), unless their sentence already
    counted the completers of an earlier wave ('33 completed the baseline survey, and 25 ...')."""
    for cand in cands:
        if cand.kind != "noun" or not FOLLOW_UP_DONE.match(text, cand.end):
            continue
        sent = sentence_of(sents, cand.start)
        if sent and _EARLIER_DONE.search(text, sent[0], cand.start):
            cand.score -= 3.0
