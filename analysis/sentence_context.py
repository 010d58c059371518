"""Sentence context: what the words around a design cue or a count say about whose study it is.

A need ("trials are needed"), other people's work ("previous studies have shown") or an
attribution ("according to national surveys") makes a design word count for little; primary
data markers tell an abstract with results from one without.
"""

from __future__ import annotations

import re

_F = re.IGNORECASE

#: A sentence that states a need or a future direction: design words in it are not this paper's design.
# ("required" and "needed" only as a need: "required treatment" in a case narrative is not one)
FUTURE = re.compile(
    r"\b(?:(?:is|are|be|been|remains?)\s+(?:\w+\s+)?(?:needed|required)|(?:research|studies|trials|data|evidence|work)"
    r"\s+(?:\w+\s+)?(?:needed|required)|needs?\s+(?:to|for)|warrant(?:ed|s)?|should|future|further\s+(?:\w+\s+){0,2}"
    r"(?:studies|research|trials|investigation|work)|await\w*|would\s+be|are\s+lacking|is\s+lacking|"
    r"remains?\s+(?:unclear|unknown)|"
    # round 6: a call for trials said without "needed" ("needs further clarification through well-designed
    # randomized trials", "deserves further study", "controlled studies will clarify")
    r"needs?\s+(?:further\s+)?(?:clarification|confirmation|investigation|evaluation|exploration|validation|study)|"
    r"(?:deserves?|merits?)\s+(?:further|more)|(?:well|properly|adequately|rigorously|carefully)[-\s]designed|"
    r"(?:studies|trials)\s+(?:will|could|would)\s+(?:help\s+)?(?:clarify|establish|determine|confirm|show))\b",
    _F,
)
#: A sentence that reports other people's work: design words in it count for little.
BACKGROUND = re.compile(
    r"\b(?:previous(?:ly)?|prior|earlier|past|existing|published)\s+(?:\w+\s+){0,2}(?:studies|study|research|"
    r"work|reports?|trials?|surveys?|literature|data|findings)\b|\b(?:have|has)\s+(?:been\s+)?(?:shown|reported|"
    r"documented|demonstrated|suggested|found|described|examined|investigated|come|relied)\b|\bstudies\s+(?:have|has|"
    r"show|suggest|indicate|report)\b|\bin\s+the\s+literature\b|\b(?:was|were)\s+(?:first\s+)?(?:reported|described)\s+in\s+\d{4}\b|\breliant\s+on\b|\bmost\s+(?:\w+\s+)?(?:data|studies)\b",
    _F,
)
#: The paper naming itself ("This letter is a response to X and colleagues, who published ..."): such a
#: sentence is the paper's own, even when it also cites other work (round 6; design weighting only).
SELF_REFERENCE = re.compile(
    r"\b(?:this|the\s+present|our)\s+(?:letter|commentary|correspondence|review|article|paper|editorial)\b",
    _F,
)
#: Attribution of a design to others ("according to surveys by ..."): study type only, like BACKGROUND.
CITED = re.compile(
    r"\baccording\s+to\s+(?:\w+\s+){0,2}(?:studies|surveys|reports|data|literature|estimates|statistics)\b",
    _F,
)
#: Markers of primary data in an abstract (results, statistics, measured things).
PRIMARY_DATA = re.compile(
    r"\bp\s*(?:[<=>≤]|value|less\s+than)|\b(?:were|was)\s+(?:measured|recorded|assessed|analy[sz]ed|compared|"
    r"collected|recruited|enrolled|examined|evaluated|tested|treated|determined|included|interviewed)\b|\bwe\s+"
    r"(?:found|measured|recruited|enrolled|observed|assessed|examined|tested|evaluated|analy[sz]ed|conducted|"
    r"investigated|compared|included|identified)\b|\b(?:this|the\s+present|our)\s+study\b|\bresults\s+"
    r"(?:showed|revealed|indicated|demonstrated)\b|\b95\s?%\s?CI\b|\(n\s?=\s?\d|"
    # \d(?<![\w.]\d)\d* is (?<![\w.])\d+ with the digit first, so re can skip ahead to '(' or a digit
    r"\d(?<![\w.]\d)\d*(?:\.\d+)?\s?%\s+(?:of\s+(?:them|these|participants|patients|respondents)\s+)?(?:were|was|had|received|"
    r"reported|used|died|developed|met)\b",
    _F,
)
