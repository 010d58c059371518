"""Counted nouns: who or what a count counts, its dashboard unit, and common misspellings ('104 patiets')."""

from __future__ import annotations

import string

_PATIENT_NOUNS = {"patient", "patients", "inpatients", "outpatients"}
_CASE_NOUNS = {
    "case", "cases", "deaths", "fatalities", "decedents", "exposures", "calls", "reports", "autopsies",
    "admissions", "hospitalizations", "hospitalisations", "visits", "encounters",
}  # fmt: skip
RESPONSE_NOUNS = {"surveys", "questionnaires", "responses", "interviews"}
TEXT_NOUNS = {
    "posts",
    "websites",
    "webpages",
    "comments",
    "threads",
    "tweets",
    "videos",
    "narratives",
    "messages",
    "submissions",
}
_ANIMAL_NOUNS = {
    "rats", "rat", "mice", "mouse", "animals", "zebrafish", "fish", "larvae", "rabbits", "dogs", "monkeys",
    "macaques", "pigs", "piglets", "hamsters", "worms", "nematodes", "guinea", "cats", "kittens", "sheep",
    "lambs", "ewes", "calves", "cattle", "cows", "goats", "horses", "ponies", "baboons", "primates", "ferrets",
    "gerbils", "chickens", "chicks", "birds", "frogs", "marmosets", "mink", "puppies", "beagles",
    "heifers", "bulls", "steers", "sows", "gilts", "boars", "barrows", "rams", "wethers", "mares", "geldings",
    "stallions", "foals", "donkeys", "camels", "buffaloes", "hens", "broilers", "turkeys", "ducks", "deer",
}  # fmt: skip
#: Livestock: the design cues know lab animals, so a farm study may be read as a human design
FARM_ANIMALS = {
    "pigs", "piglets", "sheep", "lambs", "ewes", "calves", "cattle", "cows", "goats", "horses", "ponies",
    "chickens", "heifers", "bulls", "steers", "sows", "gilts", "boars", "barrows", "rams", "wethers", "mares",
    "geldings", "stallions", "foals", "donkeys", "camels", "buffaloes", "hens", "broilers", "turkeys", "ducks",
}  # fmt: skip
_PERSON_NOUNS = {
    "participant", "participants", "subject", "subjects", "individuals", "people", "persons", "adults",
    "adolescents", "children", "youths", "youth", "infants", "neonates", "newborns", "babies", "men", "women",
    "males", "females", "boys", "girls", "volunteers", "respondents", "users", "consumers", "smokers",
    "drinkers", "veterans", "students", "workers", "residents", "mothers", "dyads", "pwid", "pwud", "pwuo",
    "pwus", "clients", "addicts", "abusers", "controls", "employees", "nurses", "physicians", "clinicians",
    "pharmacists", "providers", "caregivers", "parents", "couples", "twins", "pregnancies", "survivors",
    "athletes", "prisoners", "inmates", "members", "attendees", "completers", "villagers", "farmers",
    "experts", "panelists", "panellists", "stakeholders", "professionals", "practitioners", "informants",
    "trainees", "doctors", "midwives", "counselors", "counsellors", "recipients", "enrollees", "beneficiaries",
    "detainees", "juveniles", "teenagers", "families", "households", "births", "deliveries", "probands",
    "travelers", "travellers", "soldiers", "recruits", "pilots", "players", "runners", "donors", "siblings",
    "relatives", "pupils", "undergraduates", "laborers", "labourers", "schoolchildren", "miners", "drivers",
    "teachers", "fishermen", "seafarers", "applicants", "asthmatics", "diabetics", "epileptics",
    "alcoholics", "schizophrenics", "hypertensives", "haemophiliacs", "hemophiliacs", "paraplegics",
    "tetraplegics", "cirrhotics", "gps", "dentists", "surgeons", "psychiatrists", "psychologists",
    "paediatricians", "pediatricians", "obstetricians", "anaesthetists", "anesthesiologists", "paramedics",
    "toddlers",
}  # fmt: skip
#: People who may assess or code rather than be studied ("two experts adjudicated").
ASSESSOR_NOUNS = {
    "experts", "panelists", "panellists", "professionals", "practitioners", "clinicians", "physicians",
    "nurses", "pharmacists", "doctors", "midwives", "counselors", "counsellors", "informants", "gps",
    "dentists", "surgeons", "psychiatrists", "psychologists", "paediatricians", "pediatricians",
    "obstetricians", "anaesthetists", "anesthesiologists", "paramedics",
}  # fmt: skip
UNIT_NOUNS = (
    _PATIENT_NOUNS | _CASE_NOUNS | TEXT_NOUNS | _ANIMAL_NOUNS | _PERSON_NOUNS | RESPONSE_NOUNS
)
WEAK_NOUNS = {"reports", "calls", "visits", "encounters", "admissions"}


def unit_for(noun: str) -> str | None:
    """Map the counted noun to the dashboard unit vocabulary."""
    noun = noun.lower()
    if noun in _PATIENT_NOUNS:
        return "patients"
    if noun in _CASE_NOUNS:
        return "cases"
    if noun in _ANIMAL_NOUNS:
        return "animals"
    if noun in TEXT_NOUNS:
        return None
    return "participants"


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
