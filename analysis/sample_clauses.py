"""Clause and sentence readings for sample sizes: sentence weights (statements of need, background),
where 'we have examined' in the perfect tense is the study's own work (round 7), and a matching ratio
('up to 4 controls per case') that is never a sample (round 7)."""

from __future__ import annotations

import re

from .sample_grammar import NEED
from .sentence_context import BACKGROUND
from .text import sentences_matching

_F = re.IGNORECASE
_OWN_PERFECT = re.compile(
    r"\bwe\s+have\s+(?:now\s+|also\s+|here\s+)?(?:examined|investigated|studied|evaluated|assessed|measured|"
    r"analy[sz]ed|compared|explored|tested)\b",
    _F,
)


def own_work_sentences(
    text: str, sents: tuple[tuple[int, int], ...], background: set[int]
) -> set[int]:
    """The background sentences whose only cue is the authors' own perfect ('We have examined bone
    mass in 13 users'): BACKGROUND reads 'have examined' as others' work."""
    out = set()
    for i in background:
        start, end = sents[i]
        own = _OWN_PERFECT.search(text, start, end)
        if own and not BACKGROUND.search(text[start : own.start()] + " " + text[own.end() : end]):
            out.add(i)
    return out


_CASE = r"(?:[\w-]+\s+)?(?:case|patient|index|subject|participant)\b"
#: "4 controls per case", "up to 4 controls, matched by age, were randomly selected for each
#: case": how many controls were drawn for each case
_PER_CASE_AFTER = re.compile(
    rf"\s+(?:per|for\s+(?:each|every))\s+{_CASE}|[^.;:]{{0,160}}?\b(?:selected|drawn|sampled|"
    rf"matched|chosen|identified|recruited|obtained)\s+(?:\w+\s+){{0,3}}?(?:per|for\s+(?:each|every))\s+{_CASE}",
    _F,
)
#: "For every case, five controls", "each case was matched with up to ten controls", "up to 4 controls"
_PER_CASE_BEFORE = re.compile(
    rf"(?:\b(?:per|for\s+(?:each|every))\s+{_CASE}\s*,?\s*|\beach\s+{_CASE}[^.;]{{0,40}}?\bmatched\s+"
    r"(?:\w+\s+)?(?:to|with)\s+(?:up\s+to\s+)?|\bup\s+to\s+)$",
    _F,
)
_CONTROLS = re.compile(r"\bcontrols?\b", _F)
_MATCHED_TO = re.compile(r"\bmatched\s+(?:\w+\s+)?(?:to|with)\s+$", _F)
_EACH_AFTER = re.compile(r"\s+each\b", _F)


def matching_ratio(text: str, start: int, end: int, sent_start: int) -> bool:
    """True when a count of controls is how many were matched to each case, not how many took part."""
    if not _CONTROLS.search(text, start, end):
        return False
    before = max(sent_start, start - 80)
    return bool(
        _PER_CASE_AFTER.match(text, end)
        or _PER_CASE_BEFORE.search(text, before, start)
        or (_MATCHED_TO.search(text, before, start) and _EACH_AFTER.match(text, end))
    )  # "matched to 2 controls each"


def sentence_weights(
    text: str, sents: tuple[tuple[int, int], ...], background: set[int] | None
) -> dict[tuple[int, int], float]:
    """Score adjustment per sentence: drop statements of need, discount other people's studies
    (background: the BACKGROUND sentences, when the caller found them already)."""
    need = sentences_matching(NEED, text, sents)
    if background is None:
        background = sentences_matching(BACKGROUND, text, sents)
    background = set(background) - own_work_sentences(text, sents, background)
    return {
        span: -99.0 if i in need else -2.0 if i in background else 0.0
        for i, span in enumerate(sents)
    }
