"""Misspelt counted nouns ('104 patiets'): one slip of a common people noun still counts."""

from __future__ import annotations

import string

#: The nouns old and hurried abstracts misspell most; short or word-like variants are excluded.
_COMMON = ("patients", "participants", "subjects", "volunteers", "respondents", "children")
#: Real words one slip away from a common noun: never a misspelling of it.
_REAL_WORDS = frozenset({"patents", "patience", "patient", "subject", "volunteer", "respondent"})


def _one_slip(word: str) -> set[str]:
    """Every string one deletion, swap, substitution or insertion away from word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = string.ascii_lowercase
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    return out


TYPOS: dict[str, str] = {
    slip: noun
    for noun in _COMMON
    for slip in _one_slip(noun)
    if slip != noun and slip not in _REAL_WORDS and len(slip) >= 7
}
