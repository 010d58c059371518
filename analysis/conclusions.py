"""The authors' own conclusion: the labelled CONCLUSION(S) section, else a sentence found by rule.

Claim cards quote it beside each study, so a reader sees what the authors concluded without
opening the abstract::

    conclusion(abstract, sections)  # sections: abstract_sections as stored (list of dicts)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .text import clean, sentence_spans

# A structured abstract's conclusion section, by NLM category or by the label authors chose.
_CONCLUSION_LABEL = re.compile(r"^\s*(?:conclusions?|interpretation|implications?)\b", re.I)
# The same label written inline in an unlabelled abstract ("... p = 0.04. Conclusions: We ...").
_INLINE_LABEL = re.compile(r"^(?:conclusions?|interpretation)\s*[:\-–]\s*", re.I)
# Another inline label ends the inline conclusion ("Trial registration: ..."); a sentence
# quoted by cue or as the last one loses a label like that ("Results: ...").
_NEXT_LABEL = re.compile(r"^[A-Z][A-Za-z ]{2,30}:\s")
# Cue phrases, strongest first: a sentence that says it concludes, then one that says what the
# findings show. The last sentence carrying the strongest cue wins.
_CUES = (
    re.compile(
        r"\b(?:in conclusion|to conclude|in summary|to summari[sz]e|taken together|overall, (?:our|these|the)"
        r"|we (?:therefore )?conclude|(?:our|this) (?:study|review|analysis) concludes?)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:these|our|the present|the) (?:findings|results|data|observations|study|case|report)"
        r" (?:\w+ )?(?:suggest|indicate|show|demonstrate|support|highlight|provide|reveal|confirm)s?\b"
        r"|\bthis (?:study|case|report|review) (?:suggests|shows|demonstrates|highlights|indicates)\b",
        re.I,
    ),
)


def labelled_conclusion(sections: Iterable[dict] | None) -> str | None:
    """The text of the abstract's conclusion section(s), where the abstract labels one."""
    found = [
        clean(s.get("text")).strip()
        for s in sections or ()
        if isinstance(s, dict)
        and (
            clean(s.get("category")).upper() == "CONCLUSIONS"
            or _CONCLUSION_LABEL.match(clean(s.get("label")))
        )
    ]
    return " ".join(t for t in found if t) or None


def concluding_sentence(abstract: str | None) -> str | None:
    """The concluding sentence of an unlabelled abstract: an inline "Conclusions:" section,
    else the last sentence with the strongest cue phrase, else the last sentence."""
    text = clean(abstract)
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    if not sentences:
        return None
    for i, sentence in enumerate(sentences):
        if _INLINE_LABEL.match(sentence):
            tail = [_INLINE_LABEL.sub("", sentence, count=1)]
            tail += _until_label(sentences[i + 1 :])
            return " ".join(tail).strip() or None
    for cue in _CUES:
        hits = [s for s in sentences if cue.search(s)]
        if hits:
            return _NEXT_LABEL.sub("", hits[-1], count=1)
    return _NEXT_LABEL.sub("", sentences[-1], count=1)  # "Results: ..." quoted without its label


def _until_label(sentences: list[str]) -> list[str]:
    """The sentences before the next inline section label."""
    out = []
    for sentence in sentences:
        if _NEXT_LABEL.match(sentence):
            break
        out.append(sentence)
    return out


def conclusion(abstract: str | None, sections: Iterable[dict] | None = None) -> str | None:
    """The authors' conclusion: the labelled section where there is one, else found by rule."""
    return labelled_conclusion(sections) or concluding_sentence(abstract)
