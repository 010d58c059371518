"""Sample-size extractor: candidate counts of people, cases or animals, scored by their grammar."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .design_cues import BACKGROUND

from .numbers import WORD_NUMBER, WORD_NUMBER_CORE, Number, find_numbers, word_value
from .text import MAX_SCAN_CHARS, FastPattern, lowered_or_none, sentence_spans, sentences_matching

_F = re.IGNORECASE
MIN_SCORE = 3.0  # a count noun with no contrary signal; anything weaker is left null
NO_SAMPLE_DESIGNS = {"systematic_review", "review", "in_vitro"}

_PATIENT_NOUNS = {"patient", "patients", "inpatients", "outpatients"}
_CASE_NOUNS = {
    "case", "cases", "deaths", "fatalities", "decedents", "exposures", "calls", "reports", "autopsies",
    "admissions", "hospitalizations", "hospitalisations", "visits", "encounters",
}  # fmt: skip
_RESPONSE_NOUNS = {"surveys", "questionnaires", "responses", "interviews"}
_TEXT_NOUNS = {"posts", "comments", "threads", "tweets", "videos", "narratives", "messages", "submissions"}
_ANIMAL_NOUNS = {
    "rats", "rat", "mice", "mouse", "animals", "zebrafish", "fish", "larvae", "rabbits", "dogs", "monkeys",
    "macaques", "pigs", "piglets", "hamsters", "worms", "nematodes", "guinea",
}  # fmt: skip
_PERSON_NOUNS = {
    "participant", "participants", "subject", "subjects", "individuals", "people", "persons", "adults",
    "adolescents", "children", "youths", "youth", "infants", "neonates", "newborns", "babies", "men", "women",
    "males", "females", "boys", "girls", "volunteers", "respondents", "users", "consumers", "smokers",
    "drinkers", "veterans", "students", "workers", "residents", "mothers", "dyads", "pwid", "pwud", "pwuo",
    "pwus", "clients", "addicts", "abusers", "controls", "employees", "nurses", "physicians", "clinicians",
    "pharmacists", "providers", "caregivers", "parents", "couples", "twins", "pregnancies", "survivors",
    "athletes", "prisoners", "inmates", "members", "attendees", "completers", "villagers", "farmers",
}  # fmt: skip
UNIT_NOUNS = _PATIENT_NOUNS | _CASE_NOUNS | _TEXT_NOUNS | _ANIMAL_NOUNS | _PERSON_NOUNS | _RESPONSE_NOUNS
_COMPOUND_AFTER = re.compile(
    r"\s*(?:reports?|series|studies|study|groups?|control|records?|notes|files|charts|populations?|samples?)\b", _F
)
_SAMPLE_WORDS = {"sample", "series", "cohort", "total", "overall"}
# Words that may not sit between a number and its noun (they mean the number counts something else).
_STOP = set(
    "of in on at to for from with without by and or but were was are is be been had have has who which that the "
    "a an per each than between during after before over under within across via into vs versus groups group "
    "times doses dose items points sessions visits days weeks months years hours minutes times studies articles "
    "trials papers million billion thousand hundred dozen percent more less fewer additional other mg g kg ml "
    "l µg μg mcg ng mmol µm μm nm mm cm h hr hrs min s d wk yr y".split()
)
_TOKEN = re.compile(r"[A-Za-z][\w'’\u2010\u2011-]*|\S")
_PCT_AFTER = re.compile(r"^(?:\s+[\w-]+){0,3}\s*[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]|^\s*,?\s*(?:or|i\.e\.,?)\s+\d+(?:\.\d+)?\s*%")
_PCT_BEFORE = re.compile(r"(?:\d\s*%|\bpercent|\bper\s+cent)(?:\s+(?:of\s+)?(?:the\s+)?[\w-]+){0,3}\s*[(\[]?\s*$", re.I)
_TOTAL_BEFORE = re.compile(
    r"(?:\ba\s+total\s+of|\btotal\s+of|\bin\s+total,?|\boverall,?|\baltogether,?|\b(?:final|total|study|analytic(?:al)?)"
    r"\s+sample\s+(?:of|was|comprised|included|consisted\s+of)|\bsample\s+of|\bcomprised|\bconsisted\s+of|"
    r"\b(?:final|total|study|analytic(?:al)?)\s+sample\s*[(\[]?\s*(?:[nN]\s*=)?)\s*$",
    _F,
)
_VERB_BEFORE = re.compile(
    r"\b(?:we|study|survey|trial|analysis|review|sample)\s+(?:\w+\s+){0,2}(?:recruited|enrolled|included|studied|"
    r"analy[sz]ed|surveyed|interviewed|assessed|evaluated|examined|identified|followed|describe|report|present|"
    r"involved|involving|investigated)\b|\b(?:conducted|performed|carried\s+out)\s+(?:with|among|in)\b|"
    r"\b(?:survey|study|sample|series|interviews?|analysis|assessment)\s+(?:of|among|with|involving)\b|"
    r"\b(?:based\s+on|data\s+(?:from|on)|involving|involved|enrolled|recruited|included)\b",
    _F,
)
_VERB_AFTER = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+)?(?:recruited|enrolled|included|randomi[sz]ed|assigned|allocated|divided|studied|"
    r"analy[sz]ed|surveyed|interviewed|evaluated|assessed|examined|identified|selected|treated|admitted|"
    r"investigated|tested|followed|observed|reviewed|used|collected|returned|obtained)\b|\bcompleted\s+(?:the|a|an|all|both)\b|\bparticipated\b|"
    r"\btook\s+part\b|\brandomly\s+assigned\b|\bcame\s+to\b|\bresponded\b",
    _F,
)
_FINAL_SAMPLE_AFTER = re.compile(
    r"^\s*(?:that\s+|which\s+|who\s+)?(?:comprised|constituted|formed|made\s+up)\s+the\s+(?:final|total|"
    r"analytic(?:al)?|study)\s+sample",
    _F,
)
_POOL_AFTER = re.compile(r"^[^.;]{0,40}\b(?:screened|assessed\s+for\s+eligibility|approached|invited|contacted)\b", _F)
_SUBSET_AFTER = re.compile(r"^\s*(?:of|out\s+of)\s+(?:the|these|those|all|\d)", _F)
_OF_THE_BEFORE = re.compile(r"\b(?:of|among|out\s+of)\s+(?:the|these|all|all\s+the)\s*$", _F)
_FROM_BEFORE = re.compile(r"\bfrom\s*$", _F)
_SUBGROUP_BEFORE = re.compile(r"\b(?:of\s+these|of\s+them|of\s+whom|among\s+them|among\s+these|including)\s*,?\s*$", _F)
_N_EQUALS = re.compile(r"\b[nN]\s*[=:]\s*(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)")
_PER_GROUP_AFTER = re.compile(r"^\s*(?:/\s*(?:group|arm)|per\s+(?:group|arm|condition)|in\s+each\s+(?:group|arm)|each\b)", _F)
_GROUP_COUNT = re.compile(
    rf"\b(\d+|{WORD_NUMBER_CORE})\s+(?:\w+\s+)?(?:groups|arms)\b|\bdivided\s+into\s+(\d+|{WORD_NUMBER_CORE})\b",
    _F,
)
_SINGLE_CASE = re.compile(
    r"\b(?:we\s+(?:present|report|describe)\s+(?:the\s+case\s+of\s+)?(?:a|an)\b[^.;]{0,60}?\b(?:case|patient|man|"
    r"woman|male|female|boy|girl|infant|neonate|newborn|baby|child|adolescent)\b|(?:a|an)\s+\d+[-\u2010 ]"
    r"(?:year|month|week|day)s?[-\u2010 ]old\b|\b(?:our|this)\s+case\b|\ba\s+case\s+of\b|\ba\s+patient\b)",
    _F,
)
_BREAKDOWN_BEFORE = re.compile(r"(?:\(|\bcomprising|\bincluding|\bconsisting\s+of|\bof\s+whom|:)\s*$", _F)
_NEED = FastPattern(
    r"\b(?:is|are)\s+(?:\w+\s+){0,2}(?:needed|warranted|required)\b|\bfuture\b|\bshould\s+(?:be|include|examine)\b|"
    r"\bfurther\s+(?:\w+\s+){0,2}(?:studies|research|trials|investigation)\b"
)
_ARM_LABEL = re.compile(r"\b(?:groups?|arms?|protocols?|conditions?|placebo|cohorts?\s+[A-Z0-9])\b", _F)
_ARM_JOIN = re.compile(r"^\s*(?:\)\s*)?(?:,\s*(?:and|or)?|and|or|vs\.?|versus|plus)\s*(?:\(\s*)?$", _F)


@dataclass
class Candidate:
    """One possible sample size with its evidence span and score."""

    value: int
    start: int
    end: int
    unit: str | None
    score: float
    kind: str  # noun | n_eq | arms | groups | single
    arm: bool = False  # an n= naming one arm or group of a study


def _unit_for(noun: str) -> str | None:
    """Map the counted noun to the dashboard unit vocabulary."""
    noun = noun.lower()
    if noun in _PATIENT_NOUNS:
        return "patients"
    if noun in _CASE_NOUNS:
        return "cases"
    if noun in _ANIMAL_NOUNS:
        return "animals"
    if noun in _TEXT_NOUNS:
        return None
    return "participants"


def _noun_key(token: str) -> str:
    """Lower-case a token and drop 'non-'/'ex-' prefixes so 'ex-users' counts as users."""
    token = token.lower().replace("\u2010", "-").replace("\u2011", "-").strip("'’")
    token = re.sub(r"^(?:non|ex)-", "", token)
    return "pwud" if re.fullmatch(r"pw[ui]\w{1,4}", token) else token  # PWID, PWUO, PWUIO...


def _noun_after(text: str, end: int, limit: int) -> tuple[str, int] | None:
    """Find the counted noun right after a number: up to 5 modifier words, no stop words."""
    prev_hyphenated = False
    for count, match in enumerate(_TOKEN.finditer(text, end, min(limit, end + 90))):
        token = match.group(0)
        key = _noun_key(token)
        if key in UNIT_NOUNS:
            if _COMPOUND_AFTER.match(text, match.end()):
                return None  # "three case reports", "two patient groups": the noun is a modifier
            return key, match.end()
        if token == "," and count and prev_hyphenated:
            continue  # "41 age-matched, non-dependent controls"
        if count >= 5 or not token[0].isalpha() or key in _STOP or WORD_NUMBER.fullmatch(token):
            return None
        prev_hyphenated = "-" in key
    return None


def _clause_start(text: str, pos: int, sent_start: int) -> int:
    """Start of the clause holding pos (after the last , ; ( ) or sentence start), for look-back."""
    window_start = max(sent_start, pos - 60)
    cut = max(text.rfind(ch, window_start, pos) for ch in ",;()[]")
    return max(window_start, cut + 1)


def _score_context(text: str, start: int, end: int, sent: tuple[int, int], value: int, kind: str = "noun") -> float:
    """Score the words around a count: recruitment verbs and totals up, subsets and pools down."""
    s_start, s_end = sent
    before = text[max(s_start, start - 60) : start]
    after = text[end:s_end]
    score = 0.0
    if _TOTAL_BEFORE.search(before[-30:]) or _FINAL_SAMPLE_AFTER.search(after[:60]):
        score += 2.0
    if _VERB_BEFORE.search(before) or _VERB_AFTER.search(after):
        score += 1.5
    if _OF_THE_BEFORE.search(before[-20:]):
        score += 1.0
    if _PCT_AFTER.search(after[:40]) or _PCT_BEFORE.search(before[-40:]):
        score -= 3.0
    if _SUBSET_AFTER.search(text[start:s_end][len(str(value)) :][:20]) or _SUBGROUP_BEFORE.search(before[-25:]):
        score -= 2.0
    if _POOL_AFTER.search(after) or (_FROM_BEFORE.search(before[-8:]) and re.search(r"\d", before[-40:])):
        score -= 2.5
    if kind == "noun" and before.count("(") > before.count(")"):
        score -= 1.5  # an aside count in brackets is a breakdown, not the sample
    if re.match(r"^\s*[^.;]{0,25}\bfrom\s+(?:a\s+total\s+of\s+)?\d", after):
        score += 1.0  # "24 cases from 2160 autopsies": the selected cases are the sample
    return score


def _noun_candidates(text: str, numbers: list[Number], sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """Counts followed by a unit noun ('Twenty-six males', '1,274 posts')."""
    out = []
    for num in numbers:
        sent = _sentence_of(sents, num.start)
        if sent is None:
            continue
        found = _noun_after(text, num.end, sent[1])
        if not found:
            continue
        noun, noun_end = found
        score = 3.0 + _score_context(text, num.start, noun_end, sent, num.value)
        if noun in _TEXT_NOUNS or noun in {"reports", "calls", "visits", "encounters", "admissions"}:
            score -= 0.5
        if noun in _RESPONSE_NOUNS:
            score -= 1.0 if num.value > 10 else 3.0  # 129 surveys returned vs three survey waves
        if num.value <= 1:
            score -= 2.0
        out.append(Candidate(num.value, num.start, noun_end, _unit_for(noun), score, "noun"))
    return out


def _n_equals_candidates(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'(n = 603)' style counts; the unit comes from the noun just before in the same clause."""
    out = []
    for match in _N_EQUALS.finditer(text):
        sent = _sentence_of(sents, match.start())
        if sent is None:
            continue
        value = int(match.group(1).replace(",", ""))
        if _PER_GROUP_AFTER.search(text[match.end() : match.end() + 15]):
            continue  # per-group sizes are handled with the group count
        head = text[sent[0] : match.start()].rstrip()
        anchor = len(head) - 1 if head.endswith(("(", "[")) else match.start()
        clause = text[_clause_start(text, sent[0] + max(anchor, 0), sent[0]) : sent[0] + max(anchor, 0)]
        words = [_noun_key(w) for w in re.findall(r"[A-Za-z][\w-]*", clause)]
        nouns = [w for w in words if w in UNIT_NOUNS]
        unit = _unit_for(nouns[-1]) if nouns else None
        base = 3.0 if nouns or any(w in _SAMPLE_WORDS for w in words) else 1.0
        if base == 1.0 and any(_noun_key(w) in UNIT_NOUNS for w in re.findall(r"[A-Za-z][\w-]*", text[sent[0] : match.start()])):
            base = 2.0
        arm = bool(_ARM_LABEL.search(text, sent[0], match.start()))
        if arm:
            base = 2.0  # one arm: counts only added to the other arms
        score = base + _score_context(text, match.start(), match.end(), sent, value, "n_eq")
        if re.search(r"\b(?:sample|total|series|cohort)\s*[(\[]?\s*$", head, _F):
            score += 1.0  # "the final sample (n=280)": the bracket names the sample itself
        if value <= 1:
            score -= 2.0
        out.append(Candidate(value, match.start(), match.end(), unit, score, "n_eq", arm))
    return out


def _arm_candidates(text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """Arms listed together ('70 users and 25 controls', '(n = 50) or placebo (n = 48)') add up."""
    out = []
    ordered = sorted((c for c in cands if c.kind in {"noun", "n_eq"} and c.value > 1), key=lambda c: c.start)
    i = 0
    while i < len(ordered):
        group = [ordered[i]]
        j = i + 1
        while j < len(ordered) and _joined(text, group[-1], ordered[j], sents):
            group.append(ordered[j])
            j += 1
        if len(group) >= 2 and not _is_breakdown(text, group[0], sents):
            units = {c.unit for c in group if c.unit}
            unit = units.pop() if len(units) == 1 else ("participants" if units else None)
            score = max(c.score for c in group) + 1.0
            total = sum(c.value for c in group)
            out.append(Candidate(total, group[0].start, group[-1].end, unit, score, "arms"))
        i = j
    return out


def _joined(text: str, left: Candidate, right: Candidate, sents: tuple[tuple[int, int], ...]) -> bool:
    """True when only a list connector (and the arm label for n=) separates two counts."""
    if _sentence_of(sents, left.start) != _sentence_of(sents, right.start):
        return False
    gap = text[left.end : right.start]
    if left.kind == right.kind == "noun":
        return bool(_ARM_JOIN.match(gap))
    if left.kind == right.kind == "n_eq":
        return len(gap) < 80 and not re.search(r"[.;]|\bn\s*=", gap) and bool(re.search(r",|\band\b|\bor\b|\bvs", gap))
    return False


def _is_breakdown(text: str, first: Candidate, sents: tuple[tuple[int, int], ...]) -> bool:
    """Arms that follow 'comprising', a colon or an opening bracket describe a total already given."""
    sent = _sentence_of(sents, first.start)
    before = text[sent[0] if sent else 0 : first.start]
    return bool(_BREAKDOWN_BEFORE.search(before[-30:])) if first.kind == "noun" else False


def _group_candidates(text: str, numbers: list[Number], sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'3 groups (n = 10)' or 'n = 8 per group' times a stated number of groups."""
    lowered = text.lower()
    if "group" not in lowered and "arms" not in lowered:
        return []
    counts = []
    for match in _GROUP_COUNT.finditer(text):
        raw = match.group(1) or match.group(2)
        value = int(raw) if raw.isdigit() else word_value(raw)
        if value and 2 <= value <= 20:
            counts.append((match.start(), match.end(), value))
    if not counts:
        return []
    out = []
    for per_start, per_end, per_value in _per_group_sizes(text, numbers):
        g_start, g_end, g_value = min(counts, key=lambda c: abs(c[0] - per_start))
        start, end = min(g_start, per_start), max(g_end, per_end)
        if end - start > 200:
            start, end = per_start, per_end
        sent = _sentence_of(sents, per_start)
        score = 4.0 + (_score_context(text, per_start, per_end, sent, per_value, "groups") if sent else 0.0)
        out.append(Candidate(g_value * per_value, start, end, None, score, "groups"))
    return out


def _per_group_sizes(text: str, numbers: list[Number]) -> list[tuple[int, int, int]]:
    """Per-group sizes: 'n = 8 per group', '10 rats per group', '3 groups (n = 10)'."""
    out = []
    for match in _N_EQUALS.finditer(text):
        value = int(match.group(1).replace(",", ""))
        after = text[match.end() : match.end() + 15]
        before = text[max(0, match.start() - 25) : match.start()]
        if _PER_GROUP_AFTER.search(after) or re.search(r"\b(?:groups|arms)\s*\(\s*$", before, _F):
            out.append((match.start(), match.end(), value))
    for num in numbers:
        rest = text[num.end : num.end + 40]
        m = re.match(r"^\s*(?:(?:rats|mice|animals|participants|subjects|fish|larvae)\s+)?(?:per|in\s+each|for\s+each)\s+(?:group|arm)", rest, _F)
        if m:
            out.append((num.start, num.end + m.end(), num.value))
    return out


def _single_case(text: str) -> Candidate | None:
    """A single described patient ('We report a 19-year-old man') counts as 1."""
    match = _SINGLE_CASE.search(text)
    if not match:
        return None
    return Candidate(1, match.start(), match.end(), "patients", MIN_SCORE, "single")


def _sentence_of(sents: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int] | None:
    """The sentence span containing pos."""
    i = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if i >= 0 and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    return None


def _sentence_weights(text: str, sents: tuple[tuple[int, int], ...]) -> dict[tuple[int, int], float]:
    """Score adjustment per sentence: drop statements of need, discount other people's studies."""
    lowered = lowered_or_none(text)
    need = sentences_matching(_NEED, text, lowered, sents)
    background = sentences_matching(BACKGROUND, text, lowered, sents)
    return {span: -99.0 if i in need else -2.0 if i in background else 0.0 for i, span in enumerate(sents)}


def _fits_design(cand: Candidate, study_type: str) -> bool:
    """Animal studies count animals only; human designs never count animals."""
    if study_type == "animal":
        return cand.unit == "animals" or cand.kind == "groups"
    return cand.unit != "animals"


def _pick(cands: list[Candidate]) -> Candidate | None:
    """Best value: its strongest mention, plus a little for each repeat of the same number."""
    by_value: dict[int, list[Candidate]] = {}
    for cand in cands:
        by_value.setdefault(cand.value, []).append(cand)
    best: Candidate | None = None
    for value, group in by_value.items():
        top = max(group, key=lambda c: (c.score, -c.start))
        bonus = min(1.0, 0.5 * (sum(1 for c in group if c.score >= MIN_SCORE) - 1))
        score = top.score + max(0.0, bonus)
        if best is None or (score, -top.start) > (best.score, -best.start):
            best = Candidate(value, top.start, top.end, top.unit, score, top.kind)
    return best


def _separate_arms(text: str, cands: list[Candidate]) -> Candidate | None:
    """Arms given in separate sentences ('Protocol 1 (n = 146) ... Protocol 2 (n = 44)') add up."""
    arms = [c for c in cands if c.kind == "n_eq" and c.arm and c.score >= 2.0 and c.value > 1]
    if len(arms) < 2 or arms[-1].end - arms[0].start > 400:
        return None
    units = {c.unit for c in arms if c.unit}
    unit = units.pop() if len(units) == 1 else "participants"
    return Candidate(sum(c.value for c in arms), arms[0].start, arms[-1].end, unit, MIN_SCORE, "arms")


def extract_sample_size(abstract: str, study_type: str) -> Candidate | None:
    """The primary-analysis sample size per STUDY_TYPES.md, or None when the abstract gives none."""
    if study_type in NO_SAMPLE_DESIGNS or not abstract:
        return None
    text = abstract[:MAX_SCAN_CHARS]
    sents = sentence_spans(text)
    weights = _sentence_weights(text, sents)
    numbers = find_numbers(text)
    cands = _noun_candidates(text, numbers, sents) + _n_equals_candidates(text, sents)
    cands += _arm_candidates(text, cands, sents) + _group_candidates(text, numbers, sents)
    kept = []
    for cand in cands:
        sent = _sentence_of(sents, cand.start)
        cand.score += weights.get(sent, 0.0) if sent else 0.0
        if cand.score >= MIN_SCORE and _fits_design(cand, study_type):
            kept.append(cand)
    best = _pick(kept) or _separate_arms(text, cands)
    if study_type == "other" and best and best.score < MIN_SCORE + 1:
        best = None
    if study_type == "case_report" and (best is None or best.value < 2):
        best = _single_case(text) or best
    if best and best.unit is None and best.kind == "groups":
        best.unit = "animals" if study_type == "animal" else "participants"
    return best
