"""Study-type evidence: weighs publication types, MeSH and design wording into per-design scores."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .design_cues import TEXT_CUES
from .design_metadata import MESH, MESH_ANIMALS, PUBTYPES
from .precheck import PatternSet, finditer
from .sentence_context import BACKGROUND, CITED, FUTURE, PRIMARY_DATA, SELF_REFERENCE
from .subjects import AMBIGUOUS_HUMAN, HUMAN_NOUNS
from .text import (
    MAX_SCAN_CHARS,
    any_of,
    normalise_mesh,
    normalise_pubtype,
    sentence_index,
    sentence_spans,
    sentences_matching,
)

STUDY_TYPES: tuple[str, ...] = (
    "systematic_review",
    "rct",
    "nonrandomized_trial",
    "cohort",
    "case_control",
    "cross_sectional",
    "case_report",
    "qualitative",
    "animal",
    "in_vitro",
    "review",
    "other",
)
STUDY_TYPE_LABELS: dict[str, str] = {
    "systematic_review": "Systematic review / meta-analysis",
    "rct": "Randomized controlled trial",
    "nonrandomized_trial": "Non-randomized trial",
    "cohort": "Cohort study",
    "case_control": "Case-control study",
    "cross_sectional": "Cross-sectional study",
    "case_report": "Case report / case series",
    "qualitative": "Qualitative study",
    "animal": "Animal study",
    "in_vitro": "In vitro / laboratory study",
    "review": "Narrative review / commentary",
    "other": "Other primary research",
}
HUMAN_DESIGNS: tuple[str, ...] = STUDY_TYPES[2:8]
PRIMARY_DESIGNS: tuple[str, ...] = STUDY_TYPES[1:10]  # the designs a review must outweigh
SUBJECTS: dict[str, str | None] = {code: "human" for code in STUDY_TYPES[1:8]}
SUBJECTS.update(
    {"animal": "animal", "in_vitro": "in_vitro", "systematic_review": None, "review": None}
)

TITLE_FACTOR = 2.0
KEYWORD_FACTOR = 1.5
BACKGROUND_FACTOR = 0.3
# people compared with controls where the paper also speaks of time: it can only tip a close call
CONTROLS_CAP = 1.5
# case-report evidence that sets aside a "review of the literature" label (one explicit cue)
CASE_STATED = 2.0
# what IGNORECASE matches to the first letters of MESH_ANIMALS (long s for s)
_ANIMAL_INITIALS = "armzdsgcARMZDSGC\u017f"
_ALSO = re.compile(
    r"\b"
    + any_of(
        [
            *(rf"{verb}\s+also\b" for verb in ("is", "are", "was", "were")),
            r"in\s+addition\b(?!\s+to\b)",
        ]
    ),  # not "in addition to X" (round 6)
    re.I,
)
_ANIMAL_WORD = re.compile(
    r"\b"
    + any_of(r"rats? mice mouse animals? zebrafish rabbits? dogs? monkeys? pigs?".split())
    + r"\b",
    re.I,
)

# living animals treated or tested (only looked for when animals were named as a source of tissue)
_IN_VIVO = re.compile(
    r"\bin\s+vivo\b|\b(?:administered|injected|given|fed|dosed|infused)\s+(?:\w+\s+){0,4}?to\s+(?:\w+\s+){0,2}?"
    r"(?:rats|mice|animals)\b|\b(?:rats|mice|animals)\s+(?:were|was)\s+(?:\w+\s+)?(?:given|treated|injected|"
    r"administered|dosed|exposed|fed|trained|tested|implanted)\b|\bintraperitoneal\w*|\bi\.p\.|\bsubcutaneous\w*|"
    r"\bgavage\b|\bknock-?out\s+mice\b|\btransgenic\b|\bself-administration\b|\bbehaviou?r\w*|mg/kg\b|"
    r"\b(?:oral(?:ly)?|intravenous(?:ly)?)\s+(?:\w+\s+)?(?:administ\w+|dos\w+)|"
    r"\b(?:treated|injected|dosed|fed|deficient|pregnant|lactating|castrated|\w+ectomi[sz]ed|immuni[sz]ed|sensiti[sz]ed|"
    r"infected)\s+(?:\w+\s+)?(?:rats|mice|animals|rabbits|dogs|monkeys|guinea\s+pigs)\b|\bdiets?\b|\bcarcinogen\w*",
    re.I,
)

NO_SIGNAL = (0.0, "")


@dataclass
class Evidence:
    """Accumulated design scores and, per code, the single strongest signal."""

    scores: dict[str, float] = field(default_factory=dict)
    best: dict[str, tuple[float, str]] = field(default_factory=dict)
    human: float = 0.0
    animal_mesh: bool = False
    human_mesh: bool = False
    primary_data: bool = False
    has_text: bool = False
    fallback: bool = False  # decide() found no design wording and fell back
    # the sentences (indices) that report other people's work: sample_size discounts them too
    background: set[int] = field(default_factory=set)
    # set instead of primary_data when only the fallback needs it: computed on first use
    primary_check: Callable[[], bool] | None = field(default=None, repr=False, compare=False)

    def add(self, code: str, weight: float, signal: str) -> None:
        """Add weight to a code and remember the signal if it is the strongest so far."""
        if weight <= 0:
            return
        self.scores[code] = self.scores.get(code, 0.0) + weight
        if weight > self.best.get(code, NO_SIGNAL)[0]:
            self.best[code] = (weight, signal)

    def get(self, code: str) -> float:
        """Score of a code, 0 when unseen."""
        return self.scores.get(code, 0.0)


def _quote(text: str) -> str:
    """Shorten matched wording for a readable signal string."""
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


_CUES = PatternSet([pattern for _code, _weight, _max, pattern in TEXT_CUES])


def _scan(
    ev: Evidence,
    text: str,
    where: str,
    factors: list[tuple[int, int, float]] | None,
) -> None:
    """Add every text cue found in text, weighted by where it is and its sentence context."""
    starts = [s for s, _e, _f in factors] if factors else []
    base = TITLE_FACTOR if where == "title" else KEYWORD_FACTOR if where == "keyword" else 1.0
    scores, best = ev.scores, ev.best
    contexts: dict[int, tuple[float, bool]] = {}  # per sentence, found once for all its matches
    for i, matches in _CUES.scan(text):
        code, weight, max_hits, pattern = TEXT_CUES[i]
        hits = 0
        for match in matches:
            factor = base
            if factors:
                sent = bisect.bisect_right(starts, match.start()) - 1
                if sent < 0:
                    continue
                if sent not in contexts:
                    contexts[sent] = _sentence_context(text, *factors[sent])
                factor, animals = contexts[sent]
                if factor == 0:
                    continue
                if code == "rct" and animals:
                    continue  # animals randomly divided into groups: not a human trial
            # ev.add, quoting the match only when it becomes the code's strongest signal
            added = weight * factor
            if added > 0:
                scores[code] = scores.get(code, 0.0) + added
                if added > best.get(code, NO_SIGNAL)[0]:
                    best[code] = (added, f"{where}: '{_quote(text[match.start() : match.end()])}'")
            hits += 1
            if hits >= max_hits:
                break


def _sentence_context(text: str, start: int, end: int, factor: float) -> tuple[float, bool]:
    """A sentence's weight for its cues, and whether it speaks of animals (which vetoes 'rct')."""
    if factor == 0:
        return 0.0, False
    if _ALSO.search(text, start, end):
        # "a literature review is also presented", "cohort analyses were also
        # conducted": a secondary part, not the paper's own design
        factor *= BACKGROUND_FACTOR
    return factor, bool(_ANIMAL_WORD.search(text, start, end))


def _sentence_factors(
    abstract: str, spans: tuple[tuple[int, int], ...], background: set[int]
) -> list[tuple[int, int, float]]:
    """Weight each sentence: 0 for statements of future need, low for background on other work
    (the BACKGROUND sentences, found by the caller, and those citing others' designs)."""
    future = sentences_matching(FUTURE, abstract, spans)
    background = (background | sentences_matching(CITED, abstract, spans)) - sentences_matching(
        SELF_REFERENCE, abstract, spans
    )
    return [
        (s, e, 0.0 if i in future else BACKGROUND_FACTOR if i in background else 1.0)
        for i, (s, e) in enumerate(spans)
    ]


def _count_humans(ev: Evidence, title: str, abstract: str, factors: list, lazy: bool) -> None:
    """Estimate how clearly the paper studies people (background sentences excluded)."""
    spans = tuple((s, e) for s, e, _f in factors)  # the sentence spans factors were built from
    primary = {i for i, (_s, _e, f) in enumerate(factors) if f == 1.0}
    total = 0.0
    for match in finditer(HUMAN_NOUNS, abstract):
        if sentence_index(spans, match.start()) in primary:
            total += 0.3 if match.group(0).lower() in AMBIGUOUS_HUMAN else 1.0
    for match in finditer(HUMAN_NOUNS, title):
        total += 0.3 if match.group(0).lower() in AMBIGUOUS_HUMAN else 1.5
    ev.human = total
    if lazy:
        ev.primary_check = partial(_has_primary_data, abstract, spans, primary)
    else:
        ev.primary_data = _has_primary_data(abstract, spans, primary)


def _has_primary_data(abstract: str, spans: tuple[tuple[int, int], ...], primary: set[int]) -> bool:
    """Whether a primary sentence (not background or future) reports primary data."""
    return bool(sentences_matching(PRIMARY_DATA, abstract, spans) & primary)


def primary_data(ev: Evidence) -> bool:
    """ev.primary_data, found now if collect_evidence left it for later."""
    if ev.primary_check is not None:
        ev.primary_data = ev.primary_check()
        ev.primary_check = None
    return ev.primary_data


def _metadata(ev: Evidence, pubtypes: list[str], mesh: list[str]) -> None:
    """Add publication types and MeSH check tags ('... as Topic' terms describe the subject, not the design)."""
    for raw in pubtypes:
        hit = PUBTYPES.get(normalise_pubtype(raw))
        if hit:
            ev.add(hit[0], hit[1], f"publication type: {raw.strip()}")
    for raw in mesh:
        term, as_topic = normalise_mesh(raw)
        if term == "humans":
            ev.human_mesh = True
        elif term[:1] in _ANIMAL_INITIALS and MESH_ANIMALS.match(term):
            ev.animal_mesh = True
        hit = MESH.get(term)
        if hit and (not as_topic or term == "interviews as topic"):
            ev.add(hit[0], hit[1], f"MeSH: {raw.replace('*', '').strip()}")
    if ev.animal_mesh and not ev.human_mesh:
        ev.add("animal", 3.0, "MeSH: Animals (no Humans)")
    if ev.human_mesh:
        ev.human += 3.0


def collect_evidence(
    title: str,
    abstract: str,
    pubtypes: list[str],
    mesh: list[str],
    keywords: list[str],
    lazy: bool = False,
    spans: tuple[tuple[int, int], ...] | None = None,
) -> Evidence:
    """Gather every design signal from metadata and text into one Evidence.

    lazy: leave primary_data to be found when decide() needs it (only its fallback does).
    spans: sentence_spans(abstract), when the caller has them already.
    """
    ev = Evidence(has_text=bool(title.strip() or abstract.strip()))
    abstract = abstract[:MAX_SCAN_CHARS]
    spans = sentence_spans(abstract) if spans is None else spans
    ev.background = sentences_matching(BACKGROUND, abstract, spans)
    factors = _sentence_factors(abstract, spans, ev.background)
    _scan(ev, title[:2000], "title", None)
    _scan(ev, abstract, "text", factors)
    if keywords:
        _scan(ev, " ; ".join(k[:200] for k in keywords[:50]), "keyword", None)
    _count_humans(ev, title[:2000], abstract, factors, lazy)
    _metadata(ev, pubtypes, mesh)
    _combine_blinding(ev)
    _narrative_veto(ev)
    _fold(ev, "nrt_design", "nonrandomized_trial")
    # with time words, people compared with controls are no sign of a one-time measurement
    _fold(ev, "xs_controls", "cross_sectional", cap=CONTROLS_CAP if ev.get("cohort") else None)
    _fold(ev, "xs_of_cohort", "cross_sectional")
    _animal_source(ev, title[:2000], abstract)
    return ev


def _animal_source(ev: Evidence, title: str, abstract: str) -> None:
    """Animals named as the source of cells or tissue make in vitro work; without a sign of
    living animals treated or tested, no mention of them counts for animal."""
    if not ev.get("animal_source") or _IN_VIVO.search(abstract) or _IN_VIVO.search(title):
        return  # living animals dosed or tested: their plasma or tissue is part of an animal study
    ev.scores["animal"] = 0.0
    _fold(ev, "animal_source", "in_vitro")


def _combine_blinding(ev: Evidence) -> None:
    """Double-blind with placebo or crossover, or placebo-controlled, implies random allocation.

    Kept apart as rct_implied: an explicit open-label or fixed-order design overrides it.
    """
    parts = [ev.get(c) for c in ("rct_blind", "rct_placebo", "rct_crossover")]
    if sum(1 for p in parts if p > 0) >= 2 and parts[0] > 0:
        ev.add("rct_implied", 3.0, "")
        ev.add("rct", 3.0, ev.best["rct_blind"][1] + " with placebo/crossover")
    if ev.get("rct_controlled"):
        ev.add("rct_implied", ev.get("rct_controlled"), "")
        _fold(ev, "rct_controlled", "rct")


def _fold(ev: Evidence, part: str, code: str, cap: float | None = None) -> None:
    """Add a named sub-cue's score (at most cap) to its design, keeping the sub-cue visible to decide()."""
    if ev.get(part):
        ev.add(code, min(ev.get(part), cap or ev.get(part)), ev.best[part][1])


def _narrative_veto(ev: Evidence) -> None:
    """A self-declared narrative or scoping review with only a literature search is a review."""
    # a described case with a look at the literature is a case report ("case_lit", or a case stated outright)
    label = (
        0.0
        if ev.get("case_lit") or ev.get("case_report") >= CASE_STATED
        else ev.get("review_label")
    )
    _fold(ev, "case_lit", "case_report")
    if label:
        ev.add("review", label, ev.best["review_label"][1])
    if label >= ev.get("systematic_review") + 1.0:
        return
    search = ev.get("sr_search")
    if search:
        ev.add("systematic_review", search, ev.best["sr_search"][1])


def subjects_for(code: str, ev_human: float | None = None) -> str | None:
    """Dashboard subject filter derived from the design ('other' is human only with people evidence)."""
    if code == "other":
        return "human" if ev_human and ev_human >= 2.0 else None
    return SUBJECTS.get(code)
