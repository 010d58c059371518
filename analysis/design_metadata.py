"""Study-design metadata vocabulary: PubMed publication types and MeSH check tags with weights.

Kept apart from the text cues (design_cues.py): records that arrive without MeSH still get a
design from the text alone, and these tables only add weight when PubMed supplies them.
"""

from __future__ import annotations

import re

_F = re.IGNORECASE

# Publication types: (code, weight). "Review" and "Clinical Trial" are weak on purpose.
PUBTYPES: dict[str, tuple[str, float]] = {
    "systematic review": ("systematic_review", 5.0),
    "meta-analysis": ("systematic_review", 5.0),
    "network meta-analysis": ("systematic_review", 5.0),
    "randomized controlled trial": ("rct", 5.0),
    "pragmatic clinical trial": ("rct", 3.0),
    "equivalence trial": ("rct", 3.0),
    "randomized controlled trial, veterinary": ("animal", 5.0),
    "controlled clinical trial": ("nonrandomized_trial", 2.0),
    "clinical trial": ("nonrandomized_trial", 1.5),
    "clinical trial, phase i": ("nonrandomized_trial", 2.0),
    "clinical trial, phase ii": ("nonrandomized_trial", 1.5),
    "clinical trial, phase iii": ("nonrandomized_trial", 1.5),
    "clinical trial, phase iv": ("nonrandomized_trial", 1.5),
    "clinical study": ("nonrandomized_trial", 1.0),
    "observational study": ("cohort", 1.0),
    "case reports": ("case_report", 3.0),
    "review": ("review", 1.5),
    "scoping review": ("review", 3.0),
    "systematic review as topic": ("review", 0.0),
    "comment": ("review", 2.5),
    "editorial": ("review", 3.0),
    "letter": ("review", 1.0),
    "news": ("review", 3.0),
    "newspaper article": ("review", 3.0),
    "guideline": ("review", 3.0),
    "practice guideline": ("review", 3.0),
    "consensus development conference": ("review", 3.0),
    "historical article": ("review", 1.5),
    "lecture": ("review", 2.0),
    "interview": ("review", 1.0),
}

# MeSH descriptors (normalised, lower case): (code, weight). "Humans"/"Animals" handled separately.
MESH: dict[str, tuple[str, float]] = {
    "cross-sectional studies": ("cross_sectional", 3.0),
    "surveys and questionnaires": ("cross_sectional", 1.5),
    "health surveys": ("cross_sectional", 2.0),
    "poison control centers": ("cross_sectional", 2.5),
    "adverse drug reaction reporting systems": ("cross_sectional", 2.5),
    "cohort studies": ("cohort", 3.0),
    "prospective studies": ("cohort", 2.0),
    "longitudinal studies": ("cohort", 2.5),
    "follow-up studies": ("cohort", 2.0),
    "retrospective studies": ("cohort", 1.0),
    "case-control studies": ("case_control", 3.0),
    "qualitative research": ("qualitative", 3.0),
    "focus groups": ("qualitative", 2.5),
    "interviews as topic": ("qualitative", 1.0),
    "random allocation": ("rct", 2.5),
    "double-blind method": ("rct_blind", 1.0),
    "single-blind method": ("rct_blind", 1.0),
    "cross-over studies": ("rct_crossover", 1.0),
    "placebos": ("rct_placebo", 1.0),
    "in vitro techniques": ("in_vitro", 2.5),
    "cell line": ("in_vitro", 1.5),
    "hek293 cells": ("in_vitro", 2.0),
    "hep g2 cells": ("in_vitro", 2.0),
    "molecular docking simulation": ("in_vitro", 2.5),
    "microsomes, liver": ("in_vitro", 1.5),
    "disease models, animal": ("animal", 2.5),
}
MESH_ANIMALS = re.compile(
    r"^(?:animals|rats|mice|rats, \w+|mice, \w+|zebrafish|rabbits|dogs|swine|macaca\w*|guinea pigs|cricetinae|"
    r"caenorhabditis elegans|drosophila\w*)",
    _F,
)
