"""Subject vocabulary: the words that show a paper studies people, apart from the design cues."""

from __future__ import annotations

import re

from .text import HY, any_of

_F = re.IGNORECASE

#: Whole-word people nouns: evidence that the paper has human subjects (weight 1; ambiguous 0.3).
HUMAN_NOUNS = re.compile(
    r"\b(?:"
    + any_of(
        r"patients? participants? volunteers? respondents? people persons? individuals? adolescents? "
        r"child children boys? girls? baby babies toddlers? infants? neonates? newborns? man men woman "
        r"women users smokers veterans students recipients survivors "
        r"mothers? pregnan\w+ clients inpatients outpatients decedents PWID PWUD PWUO humans? youths? "
        r"consumers addicts healthy\s+controls adults? males females abusers were\s+recruited "
        r"was\s+recruited enrolled informed\s+consent consented interviewed self-reported "
        # round 5: people named by their condition or role in older clinical abstracts
        r"insomniacs paraplegics tetraplegics quadriplegics epileptics diabetics alcoholics asthmatics "
        r"schizophrenics ha?emophiliacs drinkers inmates prisoners workers employees nurses physicians "
        r"twins siblings probands donors pupils subjects cases "
        # round 6: professionals surveyed about their practice
        r"clinicians pharmacists surgeons dentists psychiatrists psychologists practitioners GPs "
        r"midwives paediatricians pediatricians prescribers providers".split()
    )
    # an age, unless an animal's ("a 34-yr-old nurse"; not "2-year-old rats")
    + rf"|\d+{HY}(?:year|yr)s?\.?{HY}old(?!\s+(?:\w+\s+)?(?:rats?|mice|mouse|dogs?|cats?|horses?|cattle|cows?|"
    r"monkeys?|animals?|pigs?|sheep|rabbits?|trees?|plants?)\b))\b",
    _F,
)
AMBIGUOUS_HUMAN = frozenset(
    "adult adults human humans man men people males females enrolled subjects cases donors".split()
)
