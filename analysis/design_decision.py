"""Design decision: precedence over the gathered evidence, confidence, and review reasons."""

from __future__ import annotations

from .study_type import (
    HUMAN_DESIGNS,
    NO_SIGNAL,
    PRIMARY_DESIGNS,
    STUDY_TYPES,
    Evidence,
    primary_data,
)

#: Designs that the winner's own wording is expected to mention: not a conflict, not a rival.
#: A systematic review names the designs it pooled; a trial says "trial"; a nested case-control
#: study sits in a cohort; a case report often reviews the literature; an animal study often
#: has an in vitro part.
COMPANIONS: dict[str, tuple[str, ...]] = {
    "systematic_review": STUDY_TYPES,
    "rct": ("nonrandomized_trial",),
    "case_control": ("cohort",),
    "case_report": ("review",),
    "animal": ("in_vitro",),
}
#: Below this design confidence a record goes to the researchers' review queue.
REVIEW_CONFIDENCE = 0.5
#: A winning score under this rests on one or two weak cues (the weak step of decide()).
WEAK_EVIDENCE = 1.5


def _implied_trial_contradicted(ev: Evidence) -> bool:
    """Blinding implies random allocation only until the paper says open-label or fixed order."""
    explicit = ev.get("rct") - ev.get("rct_implied")
    return explicit < 2.5 and ev.get("nrt_design") >= 2.5


def _human_ok(ev: Evidence) -> bool:
    """Human designs apply unless the paper is clearly about animals only."""
    if ev.human_mesh:
        return True
    animal = ev.get("animal")
    if ev.animal_mesh or animal >= 4.5:
        return ev.human >= max(3.0, animal)
    return ev.human >= 1.0 or animal < 1.5


def _lab_without_people(ev: Evidence, code: str) -> bool:
    """A human design's wording ("pharmacokinetic") with hardly a person in the text, outweighed
    by laboratory work, is not a human study (round 6)."""
    return ev.human < 1.0 and ev.get("in_vitro") >= max(4.0, ev.get(code))


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
    primary = max([get(c, 0.0) for c in PRIMARY_DESIGNS] + [0.0])
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
    if code and not _lab_without_people(ev, code):
        return _result(ev, code)
    if ev.get("animal") >= 2.5:
        return _result(ev, "animal")
    if ev.get("in_vitro") >= 2.0 and not (
        human_ok and ev.human >= 4.0 and ev.get("in_vitro") < 4.0
    ):
        return _result(ev, "in_vitro")  # lab measurements in a study of people stay a human design
    # a weak human-design cue with no people in the text is not a human study
    code = _best_of(ev, HUMAN_DESIGNS, 1.0) if human_ok and ev.human > 0 else None
    if code:
        return _result(ev, code)
    for code, minimum in (("animal", 1.5), ("review", 1.5), ("other", 2.0), ("in_vitro", 1.5)):
        if ev.get(code) >= minimum:
            return _result(ev, code)
    return _fallback(ev, human_ok)


def _fallback(ev: Evidence, human_ok: bool) -> tuple[str, float, str]:
    """No design named: primary data on people reads as cross-sectional; no data reads as a review."""
    ev.fallback = True
    has_data = primary_data(ev)
    if has_data and human_ok and ev.human >= 2.0:
        return "cross_sectional", 0.35, "fallback: primary data on people, no design named"
    if has_data:
        return "other", 0.3, "fallback: primary data, no design named"
    if ev.has_text:
        return "review", 0.25, "fallback: no primary data or design wording"
    return "other", 0.0, "no text to classify"


def _rival(ev: Evidence, code: str) -> float:
    """Score of the strongest design that contradicts code (expected companions do not count)."""
    companions = COMPANIONS.get(code, ())
    if code == "cross_sectional" and ev.get("xs_of_cohort"):
        companions = ("cohort",)  # "a cross-sectional study of the X cohort": the data's source
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
    if score < WEAK_EVIDENCE and not ev.best.get(code, NO_SIGNAL)[1].startswith("publication"):
        reasons.append("weak_design_evidence")
    if rival >= 2.5 and rival >= 0.5 * score:
        reasons.append("conflicting_design_cues")
    if code == "rct" and ev.get("rct") - ev.get("rct_implied") < 2.5:
        reasons.append("random_allocation_not_stated")
    if confidence < REVIEW_CONFIDENCE:
        reasons.append("low_design_confidence")
    return reasons
