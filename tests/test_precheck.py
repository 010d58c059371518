"""The RE2 pre-check may skip a pattern only when re would find nothing (analysis/precheck.py)."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import design_cues, open_questions, oq_themes
from analysis.precheck import PatternSet, alternatives, finditer, widen
from analysis.text import any_of

_MODULES = tuple(
    importlib.import_module(f"analysis.{name}")
    for name in (
        "design_cues",
        "design_metadata",
        "numbers",
        "open_questions",
        "relevance",
        "sample_grammar",
        "study_type",
    )
)
PATTERNS = [
    *[cue[3] for cue in design_cues.TEXT_CUES],
    *open_questions._GAPS.patterns,
    *open_questions._NEEDS.patterns,
    *open_questions._SHAPES.patterns,
    *open_questions._POINTERS.patterns,
    *oq_themes._THEMES.patterns,
    *[
        value
        for module in _MODULES
        for value in vars(module).values()
        if isinstance(value, re.Pattern)
    ],
]
ALL = PatternSet(PATTERNS)

# cue and context wording, and characters where re and RE2 differ: dotted/dotless I, long s and
# the Kelvin sign (IGNORECASE folds them to i, s, k), micro and Greek mu, no-break space, en dash
_WORDS = st.sampled_from(
    "randomized RANDOMISED non-randomized double-blind placebo rats mice review systematic "
    "searched PubMed were cohort followed-up case report we report a 45-year-old man survey "
    "cross-sectional in vitro HEK293 cells further research is needed remains unclear The patient "
    "was . , ; ( ) n = 10 n=12 she he p < 0.05 12% of patients were twenty-one thirty groups "
    "registry-based data from Delphi EHR c. elegans i.p. self-reported pre-post design withdrawal "
    "kratom µ-opioid μ-opioid GTPγS prolactin limitations small sample ? "
    "\u0130 \u0131 \u017f \u212a RANDOM\u0130ZED \u017furvey \u212aratom \xa0 \u2013 \u2010".split()
)
_TEXTS = st.lists(_WORDS | st.text(max_size=3), max_size=40).map(" ".join)


def _matching(text: str) -> set[int]:
    """The patterns re finds in text."""
    return {i for i, pattern in enumerate(PATTERNS) if pattern.search(text)}


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("Participants were randomızed")  # dotless i: re matches it to i, RE2 does not
@example("randomized \ud800 trial")  # a lone surrogate (JSON can hold one)
@example("A \u212aratom survey of 40 adults")  # Kelvin sign for K
@example("a 30\u2010year\u2010old man; binding at µ-opioid receptors")
def test_pre_check_never_skips_a_pattern_that_matches(text):
    assert _matching(text) <= set(ALL.candidates(text))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
@example("human rats and rats; concat cat")  # lookbehind and \b just before the first match
@example("A \u212aratom survey of 40 adults")  # Kelvin sign: scanned from the start
def test_a_scan_begun_where_the_twin_first_matches_finds_every_match(text):
    for i in ALL.candidates(text):
        expected = [m.span() for m in PATTERNS[i].finditer(text)]
        assert [m.span() for m in ALL.finditer(i, text)] == expected, PATTERNS[i].pattern
    scanned = {i: [m.span() for m in matches] for i, matches in ALL.scan(text)}
    assert scanned == {
        i: [m.span() for m in PATTERNS[i].finditer(text)] for i in ALL.candidates(text)
    }


def test_a_scan_starts_late_but_still_sees_the_text_before_it():
    rats = PatternSet([re.compile(r"(?<!human\s)\brats?\b", re.IGNORECASE)])
    text = "Cells from human rats, then scrats, then RATS."
    assert [m.group(0) for m in rats.finditer(0, text)] == ["RATS"]


def test_pre_check_skips_patterns_that_cannot_match():
    text = "An observational study of kratom use among adults in Malaysia."
    candidates = set(ALL.candidates(text))
    assert _matching(text) <= candidates
    assert len(candidates) < len(PATTERNS) / 4  # most patterns are not scanned at all


def test_every_project_pattern_gets_a_pre_check():
    assert ALL._always == frozenset()


def test_finditer_gives_re_matches_or_nothing():
    pattern = re.compile(r"\brandomi[sz]ed\b", re.IGNORECASE)
    text = "Patients were Randomised; randomized again."
    assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
    assert list(finditer(pattern, "An observational study")) == []


def test_widening_drops_lookarounds_and_boundaries():
    assert (
        widen(r"(?<![\w-])(?<!not\s)randomi[sz](?:ed|ation)\b")
        == "(?s)randomi[\\x{73}\\x{7a}](?:ed|ation)"
    )


def test_a_negated_class_never_excludes_what_stands_for_non_ascii():
    # every non-ASCII character reaches RE2 as "?": [^?.] must still accept it
    assert PatternSet([re.compile(r"a[^?.]b")]).candidates("a\u2013b") == [0]
    assert PatternSet([re.compile(r"a[^?.]b")]).candidates("a.b") == []


def test_a_pattern_it_cannot_translate_is_always_scanned():
    patterns = PatternSet([re.compile(r"(a)\1"), re.compile(r"(?x) a b"), re.compile("zz")])
    assert patterns.candidates("nothing here") == [0, 1]


def test_the_pre_check_keeps_the_pattern_s_case_rule():
    # a case-sensitive [^b] accepts "B"; under IGNORECASE it does not
    assert PatternSet([re.compile("a[^b]")]).candidates("aB") == [0]
    assert PatternSet([re.compile("a[^b]", re.IGNORECASE)]).candidates("aB") == []


def test_a_pattern_with_a_letter_that_folds_to_ascii_is_always_scanned():
    kelvin = re.compile("\u212a", re.IGNORECASE)  # matches a plain k
    assert kelvin.search("k") and PatternSet([kelvin]).candidates("k") == [0]


_ALTERNATIVES = [
    "rats?",
    "mice",
    "C\\.\\s?elegans",
    "kratom\\b",
    "7-OH-?MG",
    "self-reported",
    "s\\w+",
]


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
@example("\u212aratom and \u017fmokers; RATS, Mice, c. elegans, 7-oh-mg")
def test_any_of_gives_the_plain_alternation_s_matches(text):
    for flags in (re.IGNORECASE, 0):
        plain = re.compile(rf"\b(?:{'|'.join(_ALTERNATIVES)})", flags)
        guarded = re.compile(rf"\b{any_of(_ALTERNATIVES)}", flags)
        assert [m.span() for m in guarded.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


@pytest.mark.parametrize("branch", ["s?he", "e*", "x{0,2}y", "(?:were|was)", "a|b", "\\d+", "µg"])
def test_any_of_refuses_a_branch_it_cannot_see_the_first_character_of(branch):
    with pytest.raises(ValueError):
        any_of(["rats", branch])


def test_a_long_count_widens_to_any_number_and_a_short_one_stays():
    assert (
        widen(r"a[^.]{0,200}?b(?:c\s){0,3}d{1,80}")
        == "(?s)a[^\\x{2e}]*?b(?:c[\\x{9}-\\x{d}\\x{1c}-\\x{20}\\x{3f}]){0,3}d*"
    )


def test_a_pattern_with_an_open_gap_is_pre_checked_on_its_own():
    # "[^.]*" would keep a state alive in the set's shared DFA across a whole sentence
    gap = re.compile(r"\ba\s+patient\b[^.]{0,200}?\bis\s+presented\b", re.IGNORECASE)
    patterns = PatternSet([gap, re.compile("zz")])
    assert patterns.candidates("nothing here") == [0]  # always offered ...
    assert (
        list(patterns.finditer(0, "A patient was seen. It is presented.")) == []
    )  # ... twin says no
    text = "A patient with seizures is presented here."
    assert [m.span() for m in patterns.finditer(0, text)] == [m.span() for m in gap.finditer(text)]


def test_patterns_split_only_at_top_level_bars_not_inside_groups_classes_or_escapes():
    pattern = r"\bno\s+(?:data|studies)\b|[|;]\s+gap|\|\s+x|\\|y"
    assert alternatives(pattern) == [
        r"\bno\s+(?:data|studies)\b",
        r"[|;]\s+gap",
        r"\|\s+x",
        "\\\\",
        "y",
    ]
