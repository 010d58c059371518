"""Sample-size grammar: counted nouns, the words around a count, and the candidate record."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NUMBER_WORD_INITIALS, WORD_NUMBER, WORD_NUMBER_CORE
from .sample_nouns import (
    TYPOS,
    UNIT_NOUNS,
    unit_for,
)
from .text import sentence_index

_F = re.IGNORECASE
MIN_SCORE = 3.0  # a count noun with no contrary signal; anything weaker is left null

_COMPOUND_AFTER = re.compile(
    r"\s*(?:reports?|series|studies|study|groups?|control|records?|notes|files|charts|populations?|samples?|"
    r"strains?|lines|models?|species)\b",
    _F,
)
SAMPLE_WORDS = {
    "sample", "series", "cohort", "total", "overall", "study", "survey", "trial", "population",
}  # fmt: skip
# Words that may not sit between a number and its noun (they mean the number counts something else).
_STOP = set(
    "of in on at to for from with without by and or but were was are is be been had have has who which that the "
    "a an per each than between during after before over under within across via into vs versus groups group "
    "times doses dose items points sessions visits days weeks months years hours minutes times studies articles "
    "trials papers million billion thousand hundred dozen percent more less fewer additional other mg g kg ml "
    "year month week day old "
    "l µg μg mcg ng mmol µm μm nm mm cm h hr hrs min s d wk yr y".split()
)
#: "8 more cases", "eight other subjects": a further group, counted only with the first (FURTHER_AFTER)
_FURTHER = {"more", "other", "additional", "further"}
FURTHER_AFTER = re.compile(r"\s+(?:more|other|additional|further)\s", _F)
FURTHER_BEFORE = re.compile(
    r"\b(?:another|a\s+further|an\s+additional)\s+$", _F
)  # "another two were ..."
#: "Four of the eight were studied": the eight is the denominator, not the subject of the verb
PART_OF_BEFORE = re.compile(r"(?:\d|\b[a-z]+)\s+(?:of|out\s+of)\s+(?:the|these|those)\s+$", _F)
#: "Three of 25 patients ..., and in one patient": a denominator never opens a list of arms
DENOMINATOR_BEFORE = re.compile(
    rf"(?:\d|\b(?:{WORD_NUMBER_CORE}))\s+(?:of|out\s+of)\s+(?:the\s+)?$", _F
)
STOP_WORDS = frozenset(_STOP)
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'’\u2010\u2011-]*|\S")
_PCT_AFTER = re.compile(
    r"^(?:\s+[\w-]+){0,3}\s*[(\[]\s*\d+(?:[.·]\d+)?\s*%\s*[)\]]|^\s*,?\s*(?:or|i\.e\.,?)\s+\d+(?:[.·]\d+)?\s*%"
)
_PCT_BEFORE = re.compile(
    r"(?:\d\s*%|\bpercent|\bper\s+cent)(?:\s+(?:of\s+)?(?:the\s+)?[\w-]+){0,3}\s*[(\[]?\s*$",
    _F,
)
_TOTAL_BEFORE = re.compile(
    r"(?:\ba\s+total\s+of|\btotal\s+of|\bin\s+total,?|\boverall,?|\baltogether,?|\b(?:final|total|study|analytic(?:al)?)"
    r"\s+sample\s+(?:of|was|comprised|included|consisted\s+of)|\bsample\s+of|\bcomprised|\bconsisted\s+of|"
    r"\b(?:final|total|study|analytic(?:al)?)\s+sample\s*[(\[]?\s*(?:[nN]\s*=)?|\bleaving|\bresulting\s+in|"
    r"\byielding)\s*$",
    _F,
)
_VERB_BEFORE = re.compile(
    r"\b(?:we|authors|investigators|researchers|study|survey|trial|analysis|review|sample)\s+(?:\w+\s+){0,2}(?:recruited|enrolled|included|studied|"
    r"analy[sz]ed|surveyed|interviewed|assessed|evaluated|examined|identified|followed|reviewed|describe|report|present|"
    r"involved|involving|investigated)\b|\b(?:conducted|performed|carried\s+out)\s+(?:with|among|in)\b|"
    r"\b(?:survey|study|trial|sample|series|interviews?|analysis|assessments?|examinations?|evaluation)\s+(?:of|among|with|"
    r"involving)\b|"
    r"\b(?:based\s+on|data\s+(?:from|on)|involving|involved|enrolled|recruited|included)\b|"
    r"\b(?:contained|yielded|listed|captured|retrieved|extracted)\s+(?:data\s+on\s+)?$",  # a registry's records
    _F,
)
#: "was studied in five patients", "was given to 35 patients": the study's own action on its sample
_ACTION_BEFORE = re.compile(
    r"\b(?:studied|investigated|evaluated|examined|assessed|measured|compared|undertaken|performed|conducted|"
    r"tested|given|administered|applied|followed(?:\s+up)?|analy[sz]ed|used)\s+(?:\w+ly\s+)?(?:in|to|on|among)"
    r"\s+(?:a\s+total\s+of\s+|all\s+)?$",
    _F,
)
#: The analysed set: survey completers ("finished all sections"), "had complete data", "were retained"
COMPLETED = (
    r"(?:completed|finished)\s+(?:it\b|them\b|(?:the|an?|all|both)\s+(?:[\w-]+\s+){0,2}(?:surveys?|"
    r"questionnaires?|interviews?|sections?|modules?|items|visits?|follow-?ups?|assessments?)\b)|(?:had|provided)\s+complete\s+(?:data|"
    r"follow-?up|records)\b|(?:were|was)\s+retained\b|had\s+(?:[\w-]+\s+){0,2}?(?:scores?|data|measurements?|"
    r"assessments?|values|results)\s+(?:recorded|available|documented|measured|obtained)\b"
)
COMPLETED_AFTER = re.compile(r"\s+(?:" + COMPLETED + ")", _F)
_VERB_AFTER = re.compile(
    r"\b(?:were|was|ha(?:ve|s)\s+been)\s+(?:\w+\s+)?(?:recruited|enrolled|included|randomi[sz]ed|assigned|allocated|divided|studied|"
    r"analy[sz]ed|surveyed|interviewed|evaluated|assessed|examined|identified|selected|treated|admitted|"
    r"investigated|tested|followed|observed|reviewed|used|collected|returned|obtained|reported|received|"
    r"recorded|vaccinated|immuni[sz]ed|operated\s+on|monitored|allotted|utili[sz]ed)\b|"
    r"\bcompleted\s+(?:the|a|an|all|both)\b|\bparticipated\b|"
    r"\btook\s+part\b|\brandomly\s+assigned\b|\bcame\s+to\b|\bresponded\b|\b(?:are|is)\s+(?:\w+\s+)?(?:described|"
    r"presented|reported)\b|" + COMPLETED,
    _F,
)
_PRESENTED_AFTER = re.compile(r"\s*(?:were\s+)?(?:presented|referred)\s+(?:with|to|for)\b", _F)
#: The analysed set outranks the enrolled one (STUDY_TYPES.md): survey completers, the analysis sample.
_ANALYSED_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:(?:were|was)\s+(?:eligible\s+and\s+|then\s+|finally\s+)?(?:included|retained|kept)\s+in\s+(?:the\s+)?(?:final\s+)?"
    r"(?:analys[ie]s|sample)|(?:were|was)\s+analy[sz]ed|" + COMPLETED + r"|"
    r"(?:were|was)\s+(?:randomi[sz]ed|randomly\s+(?:assigned|allocated))|(?:were|was)\s+successfully\s+"
    r"(?:surveyed|interviewed|contacted|reached|followed|assessed|recruited|enrolled))\b",
    _F,
)
_FINAL_SAMPLE_AFTER = re.compile(
    r"^\s*(?:that\s+|which\s+|who\s+)?(?:comprised|constituted|formed|made\s+up)\s+the\s+(?:final|total|"
    r"analytic(?:al)?|study)\s+sample",
    _F,
)
_POOL_AFTER = re.compile(
    r"^[^.;]{0,40}\b(?:screened|assessed\s+for\s+eligibility|approached|invited|contacted|sent|distributed|"
    r"mailed|e-?mailed)\b",
    _F,
)
#: "Four patients ... had to be withdrawn", "12 dropped out": drop-outs, not the sample (no count between)
_ATTRITION_AFTER = re.compile(
    r"^[^.;\d]{0,40}?\b(?:withdrew|dropped\s+out|discontinued|(?:were|was|had\s+to\s+be)\s+(?:\w+\s+)?"
    r"(?:withdrawn|excluded|lost\s+to\s+follow))",
    _F,
)
#: "395 samples from 302 individuals", "57 knees in 44 patients": the people the specimens came from
_SPECIMENS_BEFORE = re.compile(
    r"\b(?:samples|specimens|sera|biopsies|eyes|knees|joints|teeth|grafts|lesions|tumou?rs|limbs|hips|fractures|"
    r"procedures|operations|scans|images|recordings|concentrations|measurements|values|readings|observations|swabs|"
    r"arthroplasties|implants|prostheses|pregnancies)\s+(?:obtained\s+|taken\s+|collected\s+)?(?:from|in)\s+$",
    _F,
)
_SUBSET_AFTER = re.compile(r"^\s*(?:of|out\s+of)\s+(?:the|these|those|all|\d)", _F)
_NAMED_SOURCE_AFTER = re.compile(r"^\s*of\s+the\s+[A-Z]")  # "participants of the Fasa Cohort"
_OF_A_DISEASE = re.compile(r"\s*of\s+the\s+[a-z]")  # "four cases of the syndrome", not "of the 40"
_OF_THE_BEFORE = re.compile(r"\b(?:of|among|out\s+of)\s+(?:the|these|all|all\s+the)\s*$", _F)
_FROM_BEFORE = re.compile(r"\bfrom\s*$", _F)
_SUBGROUP_BEFORE = re.compile(
    r"\b(?:of\s+these|of\s+them|of\s+whom|among\s+them|among\s+these|including)\s*,?\s*$",
    _F,
)
# [nN](?<!\w[nN]) is \b[nN] with the letter first, so re can skip ahead to an n
N_EQUALS = re.compile(
    r"[nN](?<!\w[nN])\s*[=:]\s*(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]\d)(?!\s*(?:[-\u2013]|to\s)\s*\d)"
)
N_BRACKET_AFTER = re.compile(r"\s*[(\[]\s*N\s*=")  # capital N: the whole sample
PER_GROUP_AFTER = re.compile(
    r"^\s*(?:/\s*(?:group|arm)|per\s+(?:group|arm|condition)|in\s+each\s+(?:group|arm)|each\b)", _F
)
# the lookahead: a digit, a number word's first letter or the d of "divided" (\b(?:a|b) is
# \ba|\bb), so re tries the branches only where one can start (same matches)
GROUP_COUNT = re.compile(
    rf"\b(?=[\d{NUMBER_WORD_INITIALS}d])(?:(\d+|{WORD_NUMBER_CORE})\s+(?:\w+\s+)?(?:groups|arms)\b"
    rf"|divided\s+into\s+(\d+|{WORD_NUMBER_CORE})\b)",
    _F,
)


SINGLE_CASE = re.compile(
    r"\b(?:(?:we|the\s+authors?|authors)\s+(?:present|report|describe)\s+(?:the\s+case\s+(?:history\s+|report\s+)?of\s+)?"
    r"(?:a|an)\b[^.;]{0,60}?\b(?:case|patient|man|woman|male|female|boy|girl|infant|neonate|newborn|baby|child|"
    r"adolescent)\b|(?:a|an)\s+\d+[-\u2010 ](?:year|month|week|day|yr|mo)s?\.?[-\u2010 ]old\b|\b(?:our|this)\s+case\b(?!\s+series)|"
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?case\s+(?:of|is|was|with|in)\b|\bthe\s+case\s+(?:is\s+|was\s+)?(?:presented|"
    r"reported|described)\b|\b(?:a|the)\s+patient\b|\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|infant|"
    r"neonate|child|male|female)\b)",
    _F,
)
#: "a letter in response to ... who published a Case Report": "this Case Report" is their paper (round 8)
CITED_REPORT = re.compile(
    r"\b(?:published|respon(?:se|ds?|ding)\s+to|letter|comment(?:s|ary|ing)?\s+on)\b[^.;]{0,80}?\bcase\s+"
    r"(?:reports?|series|study)\b",
    _F,
)
BREAKDOWN_BEFORE = re.compile(
    r"(?:\(|\bcomprising|\bincluding|\bconsisting\s+of|\bof\s+whom|:)\s*$", _F
)
NEED = re.compile(
    r"\b(?:is|are)\s+(?:\w+\s+){0,2}(?:needed|warranted|required)\b|\bfuture\b|\bshould\s+(?:be|include|examine)\b|"
    r"\bfurther\s+(?:\w+\s+){0,2}(?:studies|research|trials|investigation)\b",
    _F,
)
# "leaving 72 for analysis", "resulting in 310 analysable": the analysed set, its noun implied
LEFT_FOR_ANALYSIS = re.compile(
    r"\b(?:leaving|left|resulting\s+in|yielding)\s+(?:a\s+(?:final\s+)?(?:sample|total)\s+of\s+)?$",
    _F,
)
FOR_ANALYSIS_AFTER = re.compile(
    r"\s+(?:(?:for|in)\s+(?:the\s+)?(?:final\s+)?analys[ie]s|analy[sz]able|evaluable)\b", _F
)
BARE_VERB = re.compile(
    r"\s+(?:(?:were|was)\s+(?:\w+\s+|eligible\s+and\s+)?(?:randomi[sz]ed|enrolled|recruited|included|analy[sz]ed|studied|"
    r"surveyed|interviewed|allocated|assigned|returned)\b|"
    + COMPLETED
    + r"|(?:responded|took\s+part|participated)\b)",
    _F,
)
PER_GROUP_NUMBER = re.compile(
    r"\s*(?:(?:(?!(?:of|in|groups?)\b)[A-Za-z][\w-]*\s+){0,3}?(?:rats|mice|animals|participants|subjects|patients|fish|larvae)\s+)?(?:(?:per|in\s+each|for\s+each)"
    r"\s+(?:group|arm)|each(?=\s*[,.;)]|\s+(?:and|were|was)\b))",
    _F,
)
ARM_LABEL = re.compile(
    r"\b(?:groups?|arms?|protocols?|conditions?|placebo|cohorts?\s+[A-Z0-9])\b", _F
)
ARM_JOIN = re.compile(
    r"^(?:\s+(?:with|without|who|whose|on|receiving|taking|using|treated|maintained|attending|aged|diagnosed|"
    r"undergoing|born|exposed|admitted|hospitali[sz]ed|living|residing|presenting|referred|prescribed)\b"
    r"(?!(?:(?!\band\b)[^,;.()])*?\b(?:were|was)\b(?:(?!\band\b)[^,;.()])*?\b(?:were|was)\b)"  # a main verb
    r"[^,;.()]{0,80}?)?\s*(?:\)\s*)?(?:\([^()]{0,40}\)\s*)?"
    r"(?:,\s*(?:and|or)?|and|or|vs\.?|versus|plus|(?:were\s+|was\s+)?(?:compared|matched)\s+(?:with|to)|"
    r"than(?=\s+(?:in|among)\b))"
    r"(?:\s+(?:for|from|among|to|in)\b|\s+(?:the\s+)?[\w-]+\s+(?:group|arm|cohort)\s+(?:comprised|included|consisted\s+of|"
    r"had|of|with)\b|\s+(?:in|among)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:group|sample|series)\s+of\b)?\s*(?:\(\s*)?$",
    _F,
)

#: "This study compared 15 users receiving X twice daily with 15 users receiving Y": the verb before
#: the first count, its qualifier, then the second count (round 8)
COMPARED_BEFORE = re.compile(r"\bcompar(?:ed|es?|ing)\s+(?:the\s+)?$", _F)
COMPARED_GAP = re.compile(
    r"(?:\s(?:[^,;.()]|\.\d){0,80}?)?\s*(?:\([^()]{0,40}\)\s*)?\s(?:with|to|and|versus|vs\.?)\s*",
    _F,
)

#: "13 current users, seen a day after use (group A), 14 former users ... (group B), and 22 controls":
#: each count described, then labelled as a group, then listed on (round 7)
LABELLED_ARM_GAP = re.compile(
    r"\s*,?[^;.()%=]{0,100}?\(\s*(?:group|arm|cohort)\s+[A-Z0-9]{1,3}\s*\)\s*(?:,\s*(?:and\s+)?|and\s+)",
    _F,
)

_NEGATED_PREFIXES = ("non-", "ex-")
# what IGNORECASE matches to the first letter of a number word (long s for s)
_NUMBER_INITIALS = NUMBER_WORD_INITIALS + NUMBER_WORD_INITIALS.upper() + "\u017f"
_PWU = re.compile(r"pw[ui]\w{1,4}")
_DIGIT = re.compile(r"\d")
#: An aside with numbers between a count and its noun (ages, scores; one nested bracket), not a share
_ASIDE = re.compile(r"\((?=[^()]*\d)(?:[^()%=]|\([^()%=]*\)){1,40}\)")
_SELECTED_FROM = re.compile(r"^\s*[^.;]{0,25}\bfrom\s+(?:a\s+total\s+of\s+)?\d")
WORD = re.compile(r"[A-Za-z][\w-]*")
SAMPLE_BRACKET = re.compile(r"\b(?:sample|total|series|cohort|population)\s*[(\[]?\s*$", _F)
INTERVIEWS_WITH = re.compile(
    r"\s+(?:with|of)\s+(?:[\w-]+\s+){0,2}?(?:patients|participants|people|women|men|users|mothers|parents|clients|"
    r"individuals|adults|adolescents|veterans|providers|clinicians|staff)\b",
    _F,
)
#: A structured-abstract heading ("Methods:", "Design, Setting, and Participants:").
SECTION_LABEL = re.compile(r"\s*[A-Z][A-Za-z ,&]{0,50}:\s*")
GROUPS_BRACKET = re.compile(r"\b(?:groups|arms)\s*\(\s*$", _F)
POOL_BEFORE = re.compile(r"^\s*(?:of|out\s+of|from|among)(?:\s+(?:the|a\s+total\s+of))?\s*$", _F)
GROUPS_OF_BEFORE = re.compile(r"\b(?:groups|arms)\s+of\s*$", _F)
N_EQ_GAP_STOP = re.compile(r"[.;]|\bn\s*=")
N_EQ_GAP_JOIN = re.compile(r",|\band\b|\bor\b|\bvs|\bversus\b|\bwith\b|\bthan\b")
ELIGIBLE = re.compile(r"\b(?:eligible|potential|potentially)\b", _F)


@dataclass
class Candidate:
    """One possible sample size with its evidence span and score."""

    value: int
    start: int
    end: int
    unit: str | None
    score: float
    kind: str  # noun | n_eq | arms | groups | single | fraction
    arm: bool = (
        False  # an n= naming one arm or group of a study, or a further group ("8 more cases")
    )
    doubts: tuple[str, ...] = ()  # review reasons (sample_size_review_reasons)


def noun_key(token: str) -> str:
    """Lower-case a token and drop 'non-'/'ex-' prefixes so 'ex-users' counts as users."""
    token = token.lower().replace("\u2010", "-").replace("\u2011", "-").strip("'’")
    if token.startswith(_NEGATED_PREFIXES):
        token = token[4:] if token.startswith("non-") else token[3:]
    # PWID, PWUO, PWUIO...
    return "pwud" if token.startswith("pw") and _PWU.fullmatch(token) else token


def noun_after(text: str, end: int, limit: int) -> tuple[str, int] | None:
    """Find the counted noun right after a number: up to 5 modifier words, no stop words."""
    stop = min(limit, end + 90)
    first = text[end:stop].lstrip()[:1]
    if not first.isalpha():
        return None  # no token, or a first token that is one non-letter ("%", ")", ",")
    words, after_comma, pos = 0, False, end
    while match := _TOKEN.search(text, pos, stop):
        token, pos = match.group(0), match.end()
        key = noun_key(token)
        key = TYPOS.get(key, key)  # "104 patiets"
        if key in UNIT_NOUNS:
            if _COMPOUND_AFTER.match(text, match.end()):
                return None  # "three case reports", "two patient groups": the noun is a modifier
            return key, match.end()
        if words and (token == "," or (after_comma and key in {"and", "or"})):
            after_comma = (
                token == ","
            )  # "41 age-matched, non-dependent controls", "untrained, and naive rats"
            continue
        if words and key in {"and", "or"} and text[match.start() - 2 : match.start() - 1] == "-":
            continue  # "22 age- and sex-matched controls": a suspended hyphen, one modifier
        aside = _ASIDE.match(text, match.start()) if words and token == "(" else None
        if aside:
            pos, after_comma = aside.end(), False  # "84 young (37 ± 8 years (SD)), obese patients"
            continue
        if (
            words >= 5
            or not token[0].isalpha()
            or (key in _STOP and not (words == 0 and key in _FURTHER))
            or (token[0] in _NUMBER_INITIALS and WORD_NUMBER.fullmatch(token))
        ):
            return None
        words, after_comma = words + 1, False
    return None


def clause_start(text: str, pos: int, sent_start: int) -> int:
    """Start of the clause holding pos (after the last , ; ( ) or sentence start), for look-back."""
    window_start = max(sent_start, pos - 60)
    cut = max(text.rfind(ch, window_start, pos) for ch in ",;()[]")
    return max(window_start, cut + 1)


def score_context(
    text: str, start: int, end: int, sent: tuple[int, int], kind: str = "noun"
) -> float:
    """Score the words around a count: recruitment verbs and totals up, subsets and pools down."""
    s_start, s_end = sent
    before = text[max(s_start, start - 60) : start]
    after = text[end:s_end]
    score = 0.0
    if _TOTAL_BEFORE.search(before[-30:]) or _FINAL_SAMPLE_AFTER.search(after[:60]):
        score += 2.0
    if _VERB_BEFORE.search(before) or _VERB_AFTER.search(after):
        score += 1.5
    elif _ACTION_BEFORE.search(before[-40:]):
        score += 1.0  # weaker than a recruitment verb
    elif _PRESENTED_AFTER.match(after):
        score += 1.5  # "Forty women presented with ...": the clinic's population (not "who were referred")
    if _ANALYSED_AFTER.search(after[:80]):
        score += 1.0  # completers of a survey, randomized participants of a trial
    if _OF_THE_BEFORE.search(before[-20:]):
        score += 1.0
    if _PCT_AFTER.search(after[:40]) or (kind == "n_eq" and _PCT_BEFORE.search(before[-40:])):
        score -= 3.0  # "54 patients (67%)", "34% of patients (n = 42)": a subgroup
    disease = text[max(0, end - 5) : end].lower() == "cases" and _OF_A_DISEASE.match(after)
    if (
        _SUBSET_AFTER.search(after[:20]) and not _NAMED_SOURCE_AFTER.match(after) and not disease
    ) or _SUBGROUP_BEFORE.search(before[-25:]):
        score -= 2.0  # "20 of the 28", "of these, 12 patients": part of a larger group
    if _SPECIMENS_BEFORE.search(before[-40:]):
        score += 1.0
    elif _POOL_AFTER.search(after) or (
        _FROM_BEFORE.search(before[-8:]) and _DIGIT.search(before[-40:])
    ):
        score -= 2.5
    if _ATTRITION_AFTER.search(after):
        score -= 2.0
    if kind == "noun" and before.count("(") > before.count(")"):
        score -= 1.5  # an aside count in brackets is a breakdown, not the sample
    if _SELECTED_FROM.match(after):
        score += 1.0  # "24 cases from 2160 autopsies": the selected cases are the sample
    return score


def sentence_of(sents: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int] | None:
    """The sentence span containing pos."""
    i = sentence_index(sents, pos)
    return sents[i] if i >= 0 else None


def unit_in(text: str, sent: tuple[int, int]) -> str | None:
    """Unit of the first counted noun in a sentence, for a bare 'N = 122' with no noun beside it."""
    for word in WORD.findall(text, sent[0], sent[1]):
        if noun_key(word) in UNIT_NOUNS:
            return unit_for(noun_key(word))
    return None


def single_case(text: str) -> Candidate | None:
    """A single described patient ('We report a 19-year-old man') counts as 1."""
    for match in SINGLE_CASE.finditer(text):
        this_case = match.group(0).lower().startswith(("this", "our"))
        if not this_case or not CITED_REPORT.search(text, 0, match.start()):
            break  # "this Case Report" after a cited one is that paper, not a patient (round 8)
    else:
        return None
    return Candidate(1, match.start(), match.end(), "patients", MIN_SCORE, "single")
