"""Study-type classifier: weighs publication types, MeSH and design wording, then applies precedence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .design_cues import (
    AMBIGUOUS_HUMAN,
    BACKGROUND,
    CITED,
    FUTURE,
    HUMAN_NOUNS,
    MESH,
    MESH_ANIMALS,
    PRIMARY_DATA,
    PUBTYPES,
    TEXT_CUES,
)
from .precheck import PatternSet, finditer
from .text import (
    MAX_SCAN_CHARS,
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
_PRIMARY_DESIGNS: tuple[str, ...] = STUDY_TYPES[1:10]  # the designs a review must outweigh
SUBJECTS: dict[str, str | None] = {code: "human" for code in STUDY_TYPES[1:8]}
SUBJECTS.update(
    {"animal": "animal", "in_vitro": "in_vitro", "systematic_review": None, "review": None}
)

#: Designs that the winner's own wording is expected to mention: not a conflict, not a rival.
#: A systematic review names the designs it pooled; a trial says "trial"; a nested case-control
#: study sits in a cohort; an animal study often has an in vitro part.
COMPANIONS: dict[str, tuple[str, ...]] = {
    "systematic_review": STUDY_TYPES,
    "rct": ("nonrandomized_trial",),
    "case_control": ("cohort",),
    "animal": ("in_vitro",),
}
#: Below this design confidence a record goes to the researchers' review queue.
REVIEW_CONFIDENCE = 0.5
#: A winning score under this rests on one or two weak cues (the weak step of decide()).
WEAK_EVIDENCE = 1.5

TITLE_FACTOR = 2.0
KEYWORD_FACTOR = 1.5
BACKGROUND_FACTOR = 0.3
# what IGNORECASE matches to the first letters of MESH_ANIMALS (long s for s)
_ANIMAL_INITIALS = "armzdsgcARMZDSGC\u017f"
_ALSO = re.compile(r"\b(?:is|are|was|were)\s+also\b|\bin\s+addition\b", re.I)
_ANIMAL_WORD = re.compile(
    r"\b(?:rats?|mice|mouse|animals?|zebrafish|rabbits?|dogs?|monkeys?|pigs?)\b", re.I
)


_NO_SIGNAL = (0.0, "")


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
    # set instead of primary_data when only the fallback needs it: computed on first use
    primary_check: Callable[[], bool] | None = field(default=None, repr=False, compare=False)

    def add(self, code: str, weight: float, signal: str) -> None:
        """Add weight to a code and remember the signal if it is the strongest so far."""
        if weight <= 0:
            return
        self.scores[code] = self.scores.get(code, 0.0) + weight
        if weight > self.best.get(code, _NO_SIGNAL)[0]:
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
    for i in _CUES.candidates(text):
        code, weight, max_hits, pattern = TEXT_CUES[i]
        hits = 0
        for match in pattern.finditer(text):
            factor = base
            if factors:
                i = bisect.bisect_right(starts, match.start()) - 1
                if i < 0:
                    continue
                s, e, factor = factors[i]
                if factor == 0:
                    continue
                if code == "rct" and _ANIMAL_WORD.search(text, s, e):
                    continue  # animals randomly divided into groups: not a human trial
                if _ALSO.search(text, s, e):
                    # "a literature review is also presented", "cohort analyses were also
                    # conducted": a secondary part, not the paper's own design
                    factor *= BACKGROUND_FACTOR
            # ev.add, quoting the match only when it becomes the code's strongest signal
            added = weight * factor
            if added > 0:
                scores[code] = scores.get(code, 0.0) + added
                if added > best.get(code, _NO_SIGNAL)[0]:
                    best[code] = (added, f"{where}: '{_quote(text[match.start() : match.end()])}'")
            hits += 1
            if hits >= max_hits:
                break


def _sentence_factors(abstract: str) -> list[tuple[int, int, float]]:
    """Weight each sentence: 0 for statements of future need, low for background on other work."""
    spans = sentence_spans(abstract)
    future = sentences_matching(FUTURE, abstract, spans)
    background = sentences_matching(BACKGROUND, abstract, spans)
    background |= sentences_matching(CITED, abstract, spans)
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


def _primary_data(ev: Evidence) -> bool:
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
) -> Evidence:
    """Gather every design signal from metadata and text into one Evidence.

    lazy: leave primary_data to be found when decide() needs it (only its fallback does).
    """
    ev = Evidence(has_text=bool(title.strip() or abstract.strip()))
    abstract = abstract[:MAX_SCAN_CHARS]
    factors = _sentence_factors(abstract)
    _scan(ev, title[:2000], "title", None)
    _scan(ev, abstract, "text", factors)
    if keywords:
        _scan(ev, " ; ".join(k[:200] for k in keywords[:50]), "keyword", None)
    _count_humans(ev, title[:2000], abstract, factors, lazy)
    _metadata(ev, pubtypes, mesh)
    _combine_blinding(ev)
    _narrative_veto(ev)
    _fold(ev, "nrt_design", "nonrandomized_trial")
    return ev


def _combine_blinding(ev: Evidence) -> None:
    """Double-blind with placebo or crossover counts as a trial; any one of them alone does not."""
    parts = [ev.get(c) for c in ("rct_blind", "rct_placebo", "rct_crossover")]
    if sum(1 for p in parts if p > 0) >= 2 and parts[0] > 0:
        ev.add("rct_implied", 3.0, "")
        ev.add("rct", 3.0, ev.best["rct_blind"][1] + " with placebo/crossover")


def _fold(ev: Evidence, part: str, code: str) -> None:
    """Add a named sub-cue's score to its design, keeping the sub-cue visible to decide()."""
    if ev.get(part):
        ev.add(code, ev.get(part), ev.best[part][1])


def _implied_trial_contradicted(ev: Evidence) -> bool:
    """Blinding implies random allocation only until the paper says open-label or fixed order."""
    explicit = ev.get("rct") - ev.get("rct_implied")
    return explicit < 2.5 and ev.get("nrt_design") >= 2.5


def _narrative_veto(ev: Evidence) -> None:
    """A self-declared narrative or scoping review with only a literature search is a review."""
    label = ev.get("review_label")
    if label:
        ev.add("review", label, ev.best["review_label"][1])
    if label >= ev.get("systematic_review") + 1.0:
        return
    search = ev.get("sr_search")
    if search:
        ev.add("systematic_review", search, ev.best["sr_search"][1])


def _human_ok(ev: Evidence) -> bool:
    """Human designs apply unless the paper is clearly about animals only."""
    if ev.human_mesh:
        return True
    animal = ev.get("animal")
    if ev.animal_mesh or animal >= 4.5:
        return ev.human >= max(3.0, animal)
    return ev.human >= 1.0 or animal < 1.5


def _best_of(ev: Evidence, codes: tuple[str, ...], minimum: float) -> str | None:
    """Highest-scoring code among codes reaching minimum; ties go to precedence order."""
    best, best_score, get = None, minimum - 1e-9, ev.scores.get
    for code in codes:
        score = get(code, 0.0)
        if score > best_score:
            best, best_score = code, score
    return best


def decide(ev: Evidence) -> tuple[str, float, str]:
    """Apply the precedence rules to the evidence: (code, confidence, signal)."""
    human_ok = _human_ok(ev)
    get = ev.scores.get
    primary = max([get(c, 0.0) for c in _PRIMARY_DESIGNS] + [0.0])
    if ev.get("systematic_review") >= 3.0:
        return _result(ev, "systematic_review")
    review = ev.get("review")
    reported_case = ev.get("case_report") >= 4.5 and human_ok  # "a review and a case report"
    if not reported_case and (
        (review >= 3.5 and review > primary) or (review >= 2.5 and review > 1.5 * primary)
    ):
        return _result(ev, "review")
    if human_ok and ev.get("rct") >= 2.5 and not _implied_trial_contradicted(ev):
        return _result(ev, "rct")
    if ev.get("other") >= 4.0 and ev.get("other") > 1.5 * max(get(c, 0.0) for c in HUMAN_DESIGNS):
        return _result(ev, "other")  # an economic or simulation model that names its cohort
    code = _best_of(ev, HUMAN_DESIGNS, 2.0) if human_ok else None
    if code:
        return _result(ev, code)
    if ev.get("animal") >= 2.5:
        return _result(ev, "animal")
    if ev.get("in_vitro") >= 2.0 and not (
        human_ok and ev.human >= 4.0 and ev.get("in_vitro") < 4.0
    ):
        return _result(ev, "in_vitro")  # lab measurements in a study of people stay a human design
    code = _best_of(ev, HUMAN_DESIGNS, 1.0) if human_ok else None
    if code:
        return _result(ev, code)
    for code, minimum in (("animal", 1.5), ("review", 1.5), ("other", 2.0), ("in_vitro", 1.5)):
        if ev.get(code) >= minimum:
            return _result(ev, code)
    return _fallback(ev, human_ok)


def _fallback(ev: Evidence, human_ok: bool) -> tuple[str, float, str]:
    """No design named: primary data on people reads as cross-sectional; no data reads as a review."""
    ev.fallback = True
    primary_data = _primary_data(ev)
    if primary_data and human_ok and ev.human >= 2.0:
        return "cross_sectional", 0.35, "fallback: primary data on people, no design named"
    if primary_data:
        return "other", 0.3, "fallback: primary data, no design named"
    if ev.has_text:
        return "review", 0.25, "fallback: no primary data or design wording"
    return "other", 0.0, "no text to classify"


def _rival(ev: Evidence, code: str) -> float:
    """Score of the strongest design that contradicts code (expected companions do not count)."""
    companions = COMPANIONS.get(code, ())
    get = ev.scores.get
    return max([get(c, 0.0) for c in STUDY_TYPES if c != code and c not in companions] + [0.0])


def _result(ev: Evidence, code: str) -> tuple[str, float, str]:
    """Package the decision with a confidence from the winning score and its strongest rival."""
    score = ev.get(code)
    confidence = max(0.2, min(0.97, score / (score + _rival(ev, code) + 1.0)))
    if ev.best.get(code, (0, ""))[1].startswith("publication type") and ev.best[code][0] >= 3:
        confidence = max(confidence, 0.9)
    return code, round(confidence, 2), ev.best.get(code, (0.0, "rule"))[1]


def design_review_reasons(ev: Evidence, code: str, confidence: float) -> list[str]:
    """Why a researcher should check this design call: codes for the review queue, empty if sound."""
    if ev.fallback:
        return ["fallback_design"]  # no design wording at all: the call is a guess
    reasons = []
    score, rival = ev.get(code), _rival(ev, code)
    if score < WEAK_EVIDENCE and not ev.best.get(code, _NO_SIGNAL)[1].startswith("publication"):
        reasons.append("weak_design_evidence")
    if rival >= 2.5 and rival >= 0.5 * score:
        reasons.append("conflicting_design_cues")
    if code == "rct" and ev.get("rct") - ev.get("rct_implied") < 2.5:
        reasons.append("random_allocation_not_stated")
    if confidence < REVIEW_CONFIDENCE:
        reasons.append("low_design_confidence")
    return reasons


def classify(
    title: str, abstract: str, pubtypes: list[str], mesh: list[str], keywords: list[str]
) -> tuple[str, float, str]:
    """Classify one record's design: (study_type code, confidence 0..1, deciding signal)."""
    ev = collect_evidence(title, abstract, pubtypes, mesh, keywords)
    return decide(ev)


def subjects_for(code: str, ev_human: float | None = None) -> str | None:
    """Dashboard subject filter derived from the design ('other' is human only with people evidence)."""
    if code == "other":
        return "human" if ev_human and ev_human >= 2.0 else None
    return SUBJECTS.get(code)
