"""Number grammar: find counts written as digits or words, with offsets, and reject non-counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from .precheck import finditer
from .text import any_of

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ONES = "one two three four five six seven eight nine".split()
#: "Twentyfive patients": a unit word may follow a number word with no space (old typesetting);
#: word_value keeps only the tens-and-unit ones ("tenfive" is no number)
_W = rf"{any_of(sorted(_UNITS, key=len, reverse=True))}(?:{any_of(_ONES)})?"
_GLUED_SPLIT = re.compile(rf"({any_of(_TENS)})(?={any_of(_ONES)})")
#: The letters a number word starts with (for a lookahead before patterns that begin with one).
NUMBER_WORD_INITIALS = "".join(sorted({unit[0] for unit in _UNITS}))
_HYPHENS = r"\-" + "\u2010\u2011\u2012\u2013"  # for a character class
WORD_NUMBER_CORE = rf"{_W}(?:(?:[\s{_HYPHENS}]+(?:and\s+)?){_W})*"
WORD_NUMBER = re.compile(rf"\b{WORD_NUMBER_CORE}\b", re.IGNORECASE)
# Digits with optional thousands separators; the context (not part of a code such as CYP2D6 or
# COVID-19, not a decimal or fraction) is checked in Python, which keeps the scan itself fast.
# Written digit-first (same matches as \d{1,3}(?:,\d{3})+(?!\d)|\d+) so re can skip to digits.
# Thousands may also be grouped by a space ("21 272 users", JAMA style; thin or no-break spaces too).
DIGIT_NUMBER = re.compile(
    r"\d(?:\d{0,2}(?:,\d{3})+(?!\d)|\d{0,2}(?:[ \u2009\u202f\u00a0]\d{3})+(?![\d,.]?\d)|\d*)"
)
_SEPARATORS = str.maketrans("", "", ", \u2009\u202f\u00a0")
_WORDLIKE = "_.,/^·"  # with alphanumerics (\w): characters a standalone count may not follow
_HYPHEN_CHARS = "-\u2010\u2011"

_RANGE_AFTER = re.compile(
    rf"^\s*(?:[{_HYPHENS}]|to\s|:)\s*\d|^\s*[{_HYPHENS}]\s*[A-Za-z]|^[{_HYPHENS}]\w"
)
_RANGE_BEFORE = re.compile(rf"(?:\d\s*[{_HYPHENS}]|\d\s+to|\d:|[±+×*^]|(?<![A-Za-z])x)\s*$")
_BAD_BEFORE = re.compile(
    r"(?:\b(?:aged?|ages|age\s+of|p|OR|aOR|HR|RR|IRR|CI|SD|SE|IQR|r|t|F|β|beta|version|phase|grade|stage|type|"
    r"CYP|day|days|week|weeks|month|months|year|years|visit|wave|session|study|protocol|group|arm|cohort|"
    r"table|figure|fig|item|items|score|scale|level|step|class|category|model|cycle|round|trial|generation|"
    r"ratio|odds|mean|median|average|approximately\s+every|during|family|pedigree|kindred|per)\s*[:=]?\s*|[=<>≤≥±×]\s*|\$\s*|#\s*)$",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|between|during|until|till|through|from|to|and|by|before|after|early|late|mid|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
    r"jun|jul|aug|sep|sept|oct|nov|dec|spring|summer|autumn|fall|winter)|[{(,–-])\s*$",
    re.IGNORECASE,
)
#: "In a randomised trial 72 patients were ...": a design word after an article or "this" names the
#: study, not a numbered one ("trial 2"), so the count right after it stands (round 7)
_DESIGN_NAMED_BEFORE = re.compile(
    r"\b(?:a|an|this|our|the\s+(?:present|current))\s+(?:[\w-]+\s+){0,4}?(?:study|trial)\s+$",
    re.IGNORECASE,
)
_AFTER_NOT_COUNT = re.compile(
    r"^\s*(?:%|percent|per\s*cent|million|billion|thousand|[.,]\d|°|‰|x\b|×|-?fold)", re.IGNORECASE
)


_ANY_HYPHEN = re.compile(rf"[{_HYPHENS}]")
_SPACES = re.compile(r"\s+")
_CLOSES_AFTER = re.compile(r"^\s*[)\],;–-]")
#: "Nineteen (19) newborns": the same count repeated in digits belongs to the word
_SAME_IN_DIGITS = re.compile(r"\s*\(\s*(\d{1,4})\s*\)")
_FIRST_WORD_NUMBER = re.compile(rf"{_W}(?:[{_HYPHENS}]{_W})?", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A count written in the text: value and its [start, end) offsets."""

    value: int
    start: int
    end: int
    has_comma: bool = False

    def in_count_context(self, text: str) -> bool:
        """See is_count_context."""
        return is_count_context(text, self.start, self.end, self.value, self.has_comma)


def word_value(span: str) -> int | None:
    """Convert number words ('Twenty-four') to int with text2num; None when not a number."""
    cleaned = _GLUED_SPLIT.sub(r"\1-", _SPACES.sub(" ", _ANY_HYPHEN.sub("-", span.lower())))
    try:
        return int(text2num(cleaned, "en"))
    except (ValueError, TypeError, AttributeError, IndexError):
        return None


def count_value(raw: str) -> int | None:
    """A captured count as int: digits with optional thousands commas, or number words."""
    return int(raw.replace(",", "")) if raw[:1].isdigit() else word_value(raw)


def is_count_context(text: str, start: int, end: int, value: int, has_comma: bool) -> bool:
    """False for ranges, percentages, statistics, ages, decimals and calendar years."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 12]
    if _RANGE_AFTER.search(after) or _RANGE_BEFORE.search(before) or _AFTER_NOT_COUNT.search(after):
        return False
    if _BAD_BEFORE.search(before) and not _DESIGN_NAMED_BEFORE.search(
        text, max(0, start - 80), start
    ):
        return False
    if 1900 <= value <= 2099 and not has_comma:
        if _YEAR_BEFORE.search(before) or _CLOSES_AFTER.match(after):
            return False
    return True


def _digits_ok(text: str, start: int, end: int) -> bool:
    """A digit run stands alone: not inside a code, decimal, fraction or hyphenated name."""
    if start and ((ch := text[start - 1]).isalnum() or ch in _WORDLIKE):  # [\w.,/^·] before
        return False
    if start >= 2 and text[start - 1] in _HYPHEN_CHARS and text[start - 2].isalpha():
        return False
    nxt = text[end : end + 2]
    if nxt[:1].isalnum() or nxt[:1] == "_":
        return False
    return not (len(nxt) == 2 and nxt[0] in ".,·/" and nxt[1].isdigit())


def find_numbers(text: str, check_context: bool = True) -> list[Number]:
    """All plausible counts in text, digits and words, in order of appearance.

    With check_context=False the (slower) context test is left to the caller, who can apply
    it only to the few numbers that are followed by a counted noun.
    """
    found: list[Number] = []
    for match in DIGIT_NUMBER.finditer(text):
        start, end = match.span()
        if not _digits_ok(text, start, end):
            continue
        raw = match.group(0)
        grouped = not raw.isdigit()
        value = int(raw.translate(_SEPARATORS))
        if not check_context or is_count_context(text, start, end, value, grouped):
            found.append(Number(value, start, end, grouped))
    for match in finditer(WORD_NUMBER, text):
        span = text[match.start() : match.end()]
        value = word_value(span)
        match_end = match.end()
        if value is None and " " in span:
            # "one two" is not a number; try the first word alone
            first = _FIRST_WORD_NUMBER.match(span)
            if not first:
                continue
            value = word_value(first.group(0))
            match_end = match.start() + first.end()
        if value is None:
            continue
        repeat = _SAME_IN_DIGITS.match(text, match_end)
        if repeat and int(repeat.group(1)) == value:
            match_end = repeat.end()
            found = [n for n in found if not match.start() <= n.start < match_end]
        if not check_context or is_count_context(text, match.start(), match_end, value, False):
            found.append(Number(value, match.start(), match_end))
    found.sort(key=lambda n: n.start)
    return found
