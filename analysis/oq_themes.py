"""Research themes of open questions: keyword families, counts and the fallback theme."""

from __future__ import annotations

import re

from .oq_vocab import BETTER_TREATMENT
from .precheck import PatternSet

_F = re.IGNORECASE

THEMES: dict[str, str] = {
    "withdrawal_dependence": "Withdrawal & dependence",
    "dosing_pharmacokinetics": "Dosing & pharmacokinetics",
    "long_term_safety": "Long-term safety & toxicity",
    "drug_interactions": "Drug interactions",
    "endocrine_prolactin": "Endocrine & prolactin",
    "mechanism_receptors": "Mechanism & receptors",
    "product_quality": "Product quality & contamination",
    "therapeutic_efficacy": "Therapeutic efficacy",
    "epidemiology_policy": "Epidemiology & policy",
}
MAX_THEMES = 3

# fmt: off
_THEME_WORDS: dict[str, str] = {
    "withdrawal_dependence": r"withdrawal|dependen(?:ce|t|cy)|addict\w*|abuse\s+(?:liability|potential)|craving\w*|"
                             r"tolerance|use\s+disorders?|OUD|KUD|SUD|relapse\w*|detox\w*|taper\w*|abstinen\w+|"
                             r"neonatal\s+abstinence|NAS|NOWS|misuse|cessation|discontinu\w+|self-administration|"
                             r"reinforc\w+|rewarding",
    "dosing_pharmacokinetics": r"dos(?:e|es|ing|age|ages)|pharmacokinetic\w*|PK|half-lives|half-life|absorption|"
                               r"bioavailab\w+|metaboli[sz]\w*|metabolites?|clearance|concentrations?|plasma\s+levels?|"
                               r"blood\s+levels?|serum\s+levels?|lethal\s+(?:range|levels?)|exposure-response|Cmax|"
                               r"Tmax|AUC|titrat\w+|distribution|excretion|elimination|(?:treatment|therapy)\s+"
                               r"duration|(?:duration|length)\s+of\s+(?:the\s+)?(?:treatment|therapy|maintenance|"
                               r"administration|dosing|tapering)|"
                               r"(?:buprenorphine|BUP(?:/NX)?|methadone|naltrexone|opioid|agonist|micro|macro|"
                               r"low-dose|high-dose|rapid|standard|home)[\s-]*(?:inductions?|initiations?)|induction\s+"
                               r"(?:process|protocols?|phase|regimens?|strateg(?:y|ies)|methods?|doses?|schedules?)",
    "long_term_safety": r"safety|safe|toxic\w*|adverse|harms?|harmful|side[- ]effects?|hepato\w+|liver\s+injury|"
                        r"cardio\w+|cardiac|QTc?|seizures?|deaths?|fatal\w*|mortality|overdoses?|long[- ]term|"
                        r"chronic\s+(?:use|exposure|consumption|administration)|risks?|injur\w+|damage|poisoning\w*|"
                        r"cognitive|health\s+(?:effects|consequences|impacts?|outcomes)|prolonged\s+use|impair\w*|"
                        r"quality\s+of\s+life|well-?being|consequences|(?:neuro)?development(?:al)?\s+(?:outcomes?|delays?|problems)",
    "drug_interactions": r"interactions?|interact\w*|co-?(?:use|administration|ingestion|ingested|exposure)|"
                         r"polysubstance|polydrug|concomitant\w*|combined\s+with|in\s+combination|together\s+with|"
                         r"CYP\w*|cytochrome|herb-drug|drug-drug|P-glycoprotein|other\s+(?:substances|drugs|medications)",
    "endocrine_prolactin": r"prolactin\w*|hyperprolactin\w+|(?:micro|macro)prolactin\w+|PRL|hormon\w+|endocrin\w+|hypogonad\w+|testosterone|"
                           r"oestrogen|estrogen\w*|cortisol|adrenal|gonad\w*|pituitary|hypothalam\w+|HPA|HPG|LH|FSH|"
                           r"thyroid\w*|hypothyroid\w*|hyperthyroid\w*|reproductive|contracepti\w+|hyponatr\w+|hypoglyc\w+|"
                           r"sexual|libido|fertility|infertility|bone\s+(?:density|health|mineral)|"
                           r"osteopor\w+|lactation|galactorrh\w+|menstrua\w+|amenorrh\w+|osteopen\w+|skeletal\s+(?:health|effects?|"
                           r"fragility|integrity|metabolism|status)|"
                           r"bone\s+(?:mass|metabolism|turnover|loss|markers?)|(?:mineral|calcium|phosphate)\s+"
                           r"(?:metabolism|homeostasis)",
    "mechanism_receptors": r"mechanis\w+|receptors?|(?:ant|co|super|inverse|kappa|mu|delta|K|κ|μ|µ|δ)?-?agonis\w+|pathways?|signal(?:l)?ing|binding|affinit\w+|"
                           r"mu-opioid|μ-opioid|kappa|MOR|KOR|DOR|pharmacodynamic\w*|neurobiolog\w+|neural|neuronal|"
                           r"molecular|arrestin|G-protein|mode\s+of\s+action|pharmacolog\w+|circuit\w*|"
                           r"neurotransmi\w+|dopamin\w+|serotonin\w*|adrenergic",
    "product_quality": r"products?|contaminat\w+|adulter\w+|purity|quality\s+control|standardi[sz]\w+|label(?:l)?ing|"
                       r"labels?|alkaloid\s+(?:content|composition|profiles?|concentrations?)|formulations?|"
                       r"salmonella|heavy\s+metals?|potency|composition|vendors?|marketed|supply|strains?|"
                       r"preparations?|chemotypes?|cultivars?|processing|post-?harvest|alkaloidal\s+content",
    "therapeutic_efficacy": r"efficac\w+|effective\w*|therapeutic\w*|therap(?:y|ies)|treat\w*|benefits?|beneficial|"
                            r"pain\s+(?:relief|management)|analges\w+|clinical\s+(?:trials?|use|utility|practice|"
                            r"application)|medicinal|self-?(?:treat\w*|medicat\w*)|harm\s+reduction|"
                            r"interventions?|management|substitut\w+|alternative|placebo\w*|randomi[sz]ed|(?:double-)?blind(?:ed)?|"
                            r"maintenance\s+(?:on|with|therapy|treatment|programs?|phase)|(?:opioid|methadone|"
                            r"buprenorphine|agonist|opiate|substitution|naltrexone)\s+maintenance|"
                            r"pharmacolog\w*\s+(?:trials?|treatments?|therap(?:y|ies)|management|interventions?|"
                            r"options|approaches|agents)|outcomes?\s+(?:of|for|from|with|after|following|in)\s+(?:th(?:is|e|ese|at)\s+|an?\s+|such\s+|each\s+)?"
                            r"(?:[\w-]+\s+){0,2}?(?:models?|programs?|programmes?|interventions?|approach(?:es)?|"
                            r"protocols?|strateg(?:y|ies)|services?|care|initiatives?)|" + BETTER_TREATMENT,
    "epidemiology_policy": r"prevalence|epidemiolog\w+|populations?|patterns?\s+of\s+use|use\s+patterns?|"
                           r"regulat\w+|polic(?:y|ies)|legal\w*|laws?|legislat\w+|scheduling|public\s+health|"
                           r"surveillance|demographic\w*|trends?|FDA|DEA|incidence|national|access|availability|"
                           r"stigma|awareness|education|guidelines?|consumers?|communit(?:y|ies)|social|societal|costs?|"
                           r"cost-effective\w*|economic\w*|health\s+care\s+utili[sz]ation|care\s+(?:models?|needs|"
                           r"delivery|services|systems?|pathways?|coordination)|models?\s+of\s+care|(?:\w+-(?:oriented|"
                           r"centred|centered)|integrated|coordinated|comprehensive|collaborative|perinatal|prenatal|"
                           r"primary)\s+care|health\s*care\s+(?:services|systems?|delivery)|health\s+services|service\s+"
                           r"(?:delivery|provision)|attitudes?|beliefs|perceptions|(?:clinical|prescribing|"
                           r"treatment|screening|referral|care)\s+practices|practice\s+patterns?|psychosocial|"
                           r"socio-?demographic\w*|socio-?economic|(?:correlates\s+of|factors\s+associated\s+with)\s+"
                           r"(?:\w+\s+)?use",
}
# fmt: on
# "withdrawal" of a non-opioid treatment (cabergoline, steroids) is stopping a drug, not dependence
_DRUG_STOP = re.compile(
    r"\b(?:(?:cabergoline|CBG|bromocriptine|quinagolide|dopamine[\s-]agonists?|DAs?|(?:gluco|cortico)?steroids?|"
    r"antipsychotics?)\s+(?:(?:treatment|therapy)\s+(?:and\s+)?)?|(?:treatment|therapy)\s+)(?:withdrawal|discontinuation)|"
    r"\b(?:withdrawal|discontinuation|tapering)\s+of\s+"
    r"(?:the\s+|a\s+)?(?:cabergoline|CBG|bromocriptine|quinagolide|dopamine[\s-]agonists?|DAs?|(?:gluco|cortico)?steroids?|"
    r"antipsychotics?|treatment|therapy)\b",
    _F,
)
# words of a theme that belong to another here: the body's own metabolism is not a drug's
# ("bone and mineral metabolism"); drug treatment said as "pharmacologic" is not a mechanism
_NOT_THEIRS = {
    "withdrawal_dependence": _DRUG_STOP,
    "dosing_pharmacokinetics": re.compile(
        r"\b(?:bone|mineral|calcium|phosph\w+|glucose|lipid|energy|iron|carbohydrate|cholesterol|fat|protein)\s+"
        r"metaboli[sz]\w*",
        _F,
    ),
    "mechanism_receptors": re.compile(
        r"\b(?:non-)?pharmacolog\w*\s+(?:trials?|treatments?|therap(?:y|ies)|management|interventions?|options|"
        r"approaches|agents|strateg\w+|support)\b|\bnon-pharmacolog\w*",
        _F,
    ),
}
_THEMES = PatternSet([re.compile(rf"\b(?:{words})\b", _F) for words in _THEME_WORDS.values()])
_TOPIC_FALLBACK = {
    "withdrawal": "withdrawal_dependence",
    "prolactin": "endocrine_prolactin",
    "mitragynine": "therapeutic_efficacy",
}


def theme_counts(text: str) -> dict[str, int]:
    """Count theme keyword hits in a piece of text."""
    counts = {}
    slugs = list(_THEME_WORDS)
    for i, matches in _THEMES.scan(text):
        hits = sum(1 for _match in matches)
        if slugs[i] in _NOT_THEIRS and hits:
            hits -= sum(1 for _match in _NOT_THEIRS[slugs[i]].finditer(text))
        if hits > 0:
            counts[slugs[i]] = hits
    return counts


def top_themes(counts: dict[str, int]) -> list[str]:
    """Themes by hit count (ties in THEMES order), at most MAX_THEMES."""
    order = list(THEMES)
    ranked = sorted(counts, key=lambda slug: (-counts[slug], order.index(slug)))
    return ranked[:MAX_THEMES]


def fallback_theme(title: str, abstract: str, topic: str | None) -> str:
    """Best theme for a statement with no theme words: the title's, the abstract's, then the topic's."""
    for text in (title, abstract):
        ranked = top_themes(theme_counts(text))
        if ranked:
            return ranked[0]
    return _TOPIC_FALLBACK.get((topic or "").lower(), "epidemiology_policy")
