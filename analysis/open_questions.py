"""Open questions: sentences stating what is unknown or still needed, tagged with research themes."""

from __future__ import annotations

import re

from . import oq_vocab as vocab
from .oq_gaps import GAP_PATTERNS
from .oq_themes import fallback_theme, theme_counts, top_themes
from .precheck import PatternSet, alternatives
from .text import sentence_spans, sentences_matching_any

_F = re.IGNORECASE

# fmt: off
# "poorly defined" is a gap ("the molecular players are poorly defined") except in imaging,
# where margins, masses and opacities are "ill-defined"
_SHAPE_PATTERNS = [
    r"\b(?:is|are|remains?|has\s+been|have\s+been)\s+(?:still\s+|largely\s+|currently\s+)?(?:poorly|ill|incompletely)"
    r"[\s-]defined\b",
]
_IMAGING = re.compile(vocab.IMAGING, _F)
# round 7: areas, avenues or directions "for future research" are a gap when findings point to
# them ("these findings provide insight into areas for future research"), not in the paper's own
# outline ("we conclude by prioritizing avenues for ...", "directions for ... are discussed")
_POINTER_PATTERNS = [
    rf"\b(?:areas?|avenues?|directions?|topics?|priorities|agenda)\s+for\s+(?:future|further|subsequent|later)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{vocab.FUTURE_WORK}\b",
]
_ROADMAP = re.compile(vocab.ROADMAP, _F)
# Needs that count only in sentences about research, evidence or new tools: "caution is
# needed", "the urgent need to pay attention to X" and "investigating a fever is essential" are advice.
_NEED_PATTERNS = [
    rf"{vocab.CLAUSE_START}needed{vocab.ASIDE}\s+(?:is|are)\s+(?!\d)",
    r"\b(?:is|are|seems?|appears?)\s+(?:\w+\s+)?(?:urgently\s+|clearly\s+|still\s+|also\s+|critically\s+)?(?:needed|warranted)\b",
    r"\b(?:urgent|pressing|critical|clear|great|growing|mounting|increasing|unmet|important)\s+need\s+(?:to|for)\b|"
    r"\bthere\s+(?:is|remains)\s+(?:still\s+|currently\s+)?(?:an?\s+)?need\s+(?:to|for)\b"
    r"(?!\s+(?:ensure|reduce|curb|prevent|minimi[sz]e|avoid|raise|increase|promote|implement)\b)",
    r"\b(?:investigating|studying|exploring|researching)\s+[^.;]{0,80}?\b(?:is|are|will\s+be|remains?)\s+(?:\w+\s+)?"
    r"(?:critical|crucial|essential|vital|necessary|needed|warranted|imperative)\b|\b(?:is|are|should\s+be|remains?)\s+"
    r"(?:an?\s+)?(?:key\s+|top\s+|major\s+|research\s+|important\s+|urgent\s+)?priorit(?:y|ies)\b",
]
# round 8: an unknown said in passing ("varies for unknown reasons", "through an unknown
# mechanism") is a gap in a statement about a condition, not in a patient's story
_PASSING_PATTERNS = [
    r"\b(?:for|by|through|via)\s+(?:an?\s+)?(?:as\s+yet\s+|still\s+|largely\s+|currently\s+)?(?:unknown|unclear|"
    r"unexplained|undetermined|obscure|poorly\s+understood)\s+(?:reasons|mechanisms?|pathways?|means)\b",
]
_NARRATIVE = re.compile(vocab.NARRATIVE, _F)
# round 8: wordings that look like a gap but are not, blanked before a sentence is matched
# again: a negative finding ("clinically relevant thyroid dysfunction has not been identified"),
# unmet need as a measured variable ("unmet need for treatment correlated with"), and calls for
# action or service work ("interventions to control the abuse are needed", "more work is needed
# to improve access to care"); a need for *new* interventions stays a need for better treatments
_NOT_GAPS = re.compile(
    r"(?:\bclinically\s+(?:relevant|significant|important|meaningful)\s+(?:[\w-]+\s+){0,3}?|\b(?:dysfunction|"
    r"abnormalit(?:y|ies)|toxicit(?:y|ies)|insufficiency|deficiency|impairment|adverse\s+(?:events?|effects?|"
    r"reactions?)|side[\s-]effects?|complications?)\s+(?:[\w-]+\s+){0,4}?)(?:has|have)\s+not\s+been\s+(?:identified|"
    r"observed|found|detected|seen|noted)\b(?!\s+(?:yet|so\s+far|to\s+date)\b)|"
    r"\bunmet\s+needs?\s+(?:for\s+(?:[\w-]+\s+){1,5}?)?(?:correlated|was|were|is\s+associated|predicted|increased|"
    r"decreased|declined|rose|fell|varied|ranged|differed)\b|\b(?:rates?|prevalence|levels?|proportions?|estimates?|"
    r"percentage)\s+of\s+unmet\s+needs?\b|"
    r"(?<!new\s)(?<!novel\s)(?<!better\s)(?<!effective\s)(?<!safer\s)(?<!improved\s)\b(?:interventions|measures|"
    r"strategies|efforts?|actions?|steps|programs?|programmes?|policies|campaigns|initiatives)\s+(?:[\w-]+\s+){0,2}?to\s+"
    r"(?:\w+\s+(?:and|or)\s+)?(?:minimi[sz]e|reduce|control|prevent|curb|combat|tackle|limit|decrease|stop|mitigate|"
    r"counter|lower|halt|deter|discourage)\b[^.;]{0,100}?\b(?:is|are)\s+(?:\w+\s+)?(?:needed|required|necessary|"
    r"warranted|essential|imperative)\b|"
    r"\b(?:work|efforts?|action|investment)\s+(?:is|are)\s+(?:\w+\s+){0,2}?(?:needed|required|necessary|warranted)\s+"
    r"to\s+(?:(?:continue|help)\s+(?:to\s+)?)?(?:\w+\s+(?:and|or)\s+)?(?:improve|expand|increase|ensure|strengthen|"
    r"scale\s+up|enhance|broaden|promote|facilitate|sustain)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:access|availability|uptake|"
    r"delivery|provision|coverage|retention|engagement|utili[sz]ation|implementation|care|services)\b",
    _F,
)
# round 8: a section heading at the start of a sentence ("BACKGROUND:", "Conclusions:") is not
# part of the statement returned
_HEADING = re.compile(
    r"(?:[A-Z][A-Z&/-]+(?:\s+(?:AND|OF|&|/|[A-Z][A-Z&/-]+))*|(?:Background|Introduction|Objectives?|Aims?|Purpose|"
    r"Methods?|Results?|Findings|Conclusions?|Discussion|Context|Significance|Implications|Interpretation|Summary|"
    r"Rationale)(?:\s+(?:and|&)\s+[A-Za-z]+)?)\s*:\s+"
)
# fmt: on


_GAPS = PatternSet([re.compile(a, _F) for p in GAP_PATTERNS for a in alternatives(p)])
_NEEDS = PatternSet([re.compile(p, _F) for p in _NEED_PATTERNS])
_SHAPES = PatternSet([re.compile(p, _F) for p in _SHAPE_PATTERNS])
_POINTERS = PatternSet([re.compile(p, _F) for p in _POINTER_PATTERNS])
_PASSING = PatternSet([re.compile(p, _F) for p in _PASSING_PATTERNS])
# a "Limitation:" heading lists this study's own weak points, not a gap in the field
_OWN_LIMITS = re.compile(
    r"\s*(?:study\s+)?limitations?\s*:(?![^.]*\b(?:future|further|needed|warranted)\b)", _F
)
_RESEARCHY = re.compile(vocab.RESEARCHY, _F)


def is_gap_statement(sentence: str) -> bool:
    """True when a sentence states a gap; generic 'X is needed' only counts for research-like X."""
    return bool(find_open_questions(sentence))


def find_open_questions(
    abstract: str,
    title: str = "",
    topic: str | None = None,
    spans: tuple[tuple[int, int], ...] | None = None,
) -> list[dict]:
    """Every gap statement in the abstract, verbatim with offsets and one to three themes.

    spans: sentence_spans(abstract), when the caller has them already.
    """
    out: list[dict] = []
    fallback: str | None = None
    spans = sentence_spans(abstract) if spans is None else spans
    for i in sorted(_gap_sentences(abstract, spans)):
        start, end = spans[i]
        if _OWN_LIMITS.match(abstract, start, end):
            continue
        if _NOT_GAPS.search(abstract, start, end) and not _still_a_gap(abstract[start:end]):
            continue
        if heading := _HEADING.match(abstract, start, end):
            start = heading.end()
        sentence = abstract[start:end]
        themes = top_themes(theme_counts(sentence))
        if not themes:
            if fallback is None:
                fallback = fallback_theme(title, abstract, topic)
            themes = [fallback]
        out.append({"text": sentence, "themes": themes, "start": start, "end": end})
    return out


def _gap_sentences(text: str, spans: tuple[tuple[int, int], ...]) -> set[int]:
    """Indices of the sentences that match a gap, or a family that counts in its context."""
    gaps = sentences_matching_any(_GAPS, text, spans)
    # (candidates, context, whether the context must be there or must not)
    for found, context, wanted in (
        (_NEEDS, _RESEARCHY, True),
        (_SHAPES, _IMAGING, False),
        (_POINTERS, _ROADMAP, False),
        (_PASSING, _NARRATIVE, False),
    ):
        for i in sentences_matching_any(found, text, spans) - gaps:
            if bool(context.search(text, *spans[i])) is wanted:
                gaps.add(i)
    return gaps


def _still_a_gap(sentence: str) -> bool:
    """Whether a sentence states a gap once its look-alike wording (_NOT_GAPS) is blanked."""
    blanked = _NOT_GAPS.sub(lambda match: " " * len(match.group()), sentence)
    return bool(_gap_sentences(blanked, sentence_spans(blanked)))
