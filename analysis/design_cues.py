"""Study-design vocabulary: weighted text cues, publication types and MeSH check tags.

Every cue is general design wording from the biomedical literature; weights say how
strongly the phrase, used about the paper itself, marks that design.
"""

from __future__ import annotations

import re

from .observational_cues import OBSERVATIONAL_CUES
from .text import HY, any_of

Cue = tuple[str, float, int, re.Pattern[str]]  # code, weight, max hits counted, pattern

_F = re.IGNORECASE
# the animal cue's words, its lookbehinds (EC50 rats, human and mice) tried only before one
_ANIMALS = any_of(
    r"rats? mice mouse murine rodents? zebrafish C\.\s?elegans Caenorhabditis nematodes? Drosophila "
    r"rabbits? guinea\s+pigs? hamsters? dogs? monkeys? macaques? rhesus primates? piglets? swine sheep "
    r"Wistar Sprague\W{0,2}Dawley C57BL\w* BALB\w*".split()
    # round 6: farm and other research animals, plural only (a cow's milk, horse serum and goat
    # antibodies are not animal studies); cows only qualified, as COWS and SOWS are withdrawal scales
    + r"dairy\s+cows lactating\s+cows Holstein\w* cattle heifers bulls ewes lambs goats calves pigs horses mares ponies cats ferrets "
    r"marmosets baboons chickens hens broilers quails? birds".split()
    + ["Long" + HY + "Evans"],
    then=r"(?<!EC50\s)(?<!IC50\s)(?<!ki\s)(?<!human\sand\s)(?<!human\sor\s)",
)
# "... administered to N healthy": a drug, not a questionnaire or a scale, given by the investigators
# (the lookbehinds sit after the literal, so re tries them only where "administered" is)
_NOT_INSTRUMENT = "".join(
    rf"(?<!{noun}\s{verb}\sadministered)"
    for noun in ("questionnaire", "questionnaires", "survey", "surveys", "scale", "interview")
    for verb in ("was", "were")
)
_GIVEN_TO = rf"\badminister(?:ed{_NOT_INSTRUMENT}|ing)\s+(?:[\w-]+\s+){{0,4}}to\s+(?:[\w-]+,?\s+){{0,5}}"  # round 6: hyphenated words and lists too
# round 5: a handful of people, counted ("three infants", "both patients"), and a counted group
_FEW = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|both|[2-9]|1[0-2])"
_COUNT = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:-\w+)?)"
_FOLK = r"(?:cases|patients|famil(?:y|ies)|kindreds?|siblings|brothers|sisters|twins|m[ae]n|wom[ae]n|boys|girls|infants|babies|children|neonates|newborns|adults|members|athletes|adolescents|subjects|persons|individuals|volunteers|outpatients|inpatients|clients|addicts)"

# round 6: "X was evaluated in N women" is a tested treatment, unless X is a measured attribute
# ("body image was evaluated in 80 women": a one-time measurement)
_TESTED_IN = (
    r"\b(?<!levels\s)(?<!function\s)(?<!status\s)(?<!symptoms\s)(?<!image\s)(?<!quality\s)(?<!satisfaction\s)(?<!dissatisfaction\s)(?<!knowledge\s)(?<!attitudes\s)(?<!perceptions\s)(?<!prevalence\s)(?<!profile\s)(?<!profiles\s)(?<!parameters\s)(?<!characteristics\s)(?<!behavior\s)(?<!behaviour\s)(?<!scores\s)(?:was|were)\s+evaluated\s+(?:\w+\s+){0,2}?in\s+"
    r"(?:a\s+(?:group|series|total)\s+of\s+)?" + _COUNT + r"\s+(?:\w+\s+){0,3}?" + _FOLK + r"\b|"
)
# fmt: off
_RAW_CUES: list[tuple[str, float, int, str]] = [
    # systematic_review ("sr_search" cues only count when no narrative/scoping label)
    ("systematic_review", 3.0, 1, r"\bsystematic(?:ally)?\s+(?:literature\s+)?reviews?\b"),
    ("systematic_review", 3.0, 1, rf"\bmeta{HY}analy(?:sis|ses|tic)\b|\bmeta{HY}synthes[ie]s\b"),
    ("systematic_review", 3.0, 1, r"\bPRISMA\b|\bumbrella\s+review\b|\bqualitative\s+evidence\s+synthesis\b"),
    ("sr_search", 3.0, 1, r"\bsystematic(?:ally)?\s+(?:literature\s+)?search(?:ed|es)?\b|\bsearched\s+systematically\b"),
    ("sr_search", 2.0, 1, r"\b(?:databases?|PubMed|MEDLINE|Embase|Scopus|Web\s+of\s+Science|CINAHL|PsycINFO|"
                          r"Cochrane)\b[^.]{0,80}?\b(?:were|was)\s+searched\b|\bwe\s+searched\b"),
    # round 6: a search said as a noun ("we conducted a PubMed search for articles on ...")
    ("sr_search", 2.0, 1, r"\b(?:conducted|performed|carried\s+out|ran)\s+an?\s+(?:\w+\s+){0,2}?(?:PubMed|MEDLINE|Embase|"
                          r"database|electronic|bibliographic|Cochrane)\s+(?:\w+\s+)?search(?:es)?\b"),
    ("sr_search", 2.0, 1, rf"\b(?:random|fixed){HY}effects?\s+(?:model|meta)"),
    ("sr_search", 1.5, 1, r"\bpooled\s+(?:analysis|estimates?|prevalence|odds|risk|mean|effect)"),
    ("sr_search", 1.5, 1, r"\b(?:studies|articles|trials|records|publications)\s+(?:were|was)\s+(?:included|eligible|"
                          r"identified|screened|retrieved)|\b(?<!who\s)(?<!that\s)met\s+(?:the\s+)?(?:inclusion|eligibility)\s+criteria\b"),
    ("sr_search", 1.0, 1, r"\bliterature\s+search\b"),
    # Cochrane-form reviews: structured headings and the review's own vocabulary
    ("systematic_review", 2.0, 2, r"\bsearch\s+(?:methods|strategy)\s*:|\bselection\s+criteria\s*:|"
                                  r"\bdata\s+collection\s+and\s+analysis\b|\breview\s+authors\b|\bstudy\s+selection\s*:|"
                                  r"\bdata\s+(?:extraction|synthesis)\s*:|\b(?:two|three)\s+reviewers\s+independently\b|"
                                  r"\breviewers'?\s+conclusions\b"),
    ("systematic_review", 1.5, 1, r"\bwe\s+included\s+\d+\s+(?:\w+\s+)?(?:studies|trials|RCTs|articles|reports)\b|"
                                  r"\b(?:studies|trials)\s+(?:were\s+)?(?:at|with)\s+(?:\w+\s+)?risk\s+of\s+bias\b|"
                                  r"\bcertainty\s+of\s+(?:the\s+)?evidence\b"),
    # rct (random allocation); the blinding trio only counts in combination (see study_type)
    ("rct", 3.0, 2, r"(?<![\w-])(?<!not\s)randomi[sz](?:ed|ation)\b"),
    ("rct", 3.0, 2, r"\brandomly\s+(?:assigned|allocated|(?:sub)?divided|split\s+into|alternat\w+|ordered|sequenced)\b|"
                      r"\brandom\s+(?:assignment|allocation|order|sequence)\b"),
    ("rct", 2.5, 1, rf"\bn{HY}of{HY}(?:1|one)\s+(?:\w+\s+)?trials?\b"),
    ("rct", 2.5, 1, r"\bRCTs?\b"),
    ("rct_controlled", 2.5, 1, r"\bplacebo" + HY + r"controlled\b|\bsham" + HY + r"controlled\b"),
    ("rct_blind", 1.0, 1, r"\b(?:double|triple)" + HY + r"(?:blind|mask)(?:ed)?\b"),
    ("rct_placebo", 1.0, 1, r"\bplacebo\b|\bsaline\b|\bsham\b"),
    # round 4: a placebo arm named in passing ("the drug or a matching placebo", "versus placebo"); without
    # random allocation or blinding that is an investigator-given comparison, not yet an rct
    ("nonrandomized_trial", 2.0, 1, r"\b(?:or|versus|vs\.?|than|compared\s+(?:with|to))\s+(?:(?:on|with|to|those\s+on)\s+)?"
                                    r"(?:an?\s+)?(?:matching\s+|matched\s+|identical\s+|inactive\s+|inert\s+|dummy\s+)?placebo\b|"
                                    r"\bplacebo\s+(?:group|arm|condition|period|phase|sessions?|capsules?|tablets?|pills?)\b"),
    ("rct_crossover", 1.0, 1, r"(?<!case-)(?<!case\s)\bcross" + HY + r"over\b"),
    # nonrandomized_trial
    ("nrt_design", 2.5, 1, rf"\bopen{HY}label\b|\bopen\s+(?:trial|study)\b|\buncontrolled\s+(?:\w+\s+)?(?:study|trial)\b|\bsingle{HY}(?:arm|group)\b|\bquasi{HY}experimental\b|"
                           r"\b(?:in\s+(?:a\s+)?|by\s+)(?:fixed|sequential|ascending)\s+(?:order|sequence)\b|"
                           rf"\bsequential\s+dos(?:ing|es)\b"),
    ("nrt_design", 2.5, 1, rf"\bnon{HY}randomi[sz]ed\b|\bnot\s+randomi[sz]ed\b|\bunblinded\b|"
                                    rf"\bpre{HY}(?:and{HY})?post(?:{HY}(?:test|intervention))?\s+(?:design|study|evaluation)\b|"
                                    rf"\bbefore{HY}(?:and{HY})?after\s+(?:design|study|evaluation)\b"),
    ("nonrandomized_trial", 2.0, 1, r"\bblinding\b[^.;]{0,30}\bnot\b|\bnot\s+blinded\b"),
    ("nonrandomized_trial", 2.0, 1, rf"\bdose{HY}(?:escalation|ranging|finding)\b|\bascending{HY}dose\b|\bhuman\s+lab(?:oratory)?\b|"
                                    rf"\bascending{HY}doses?\b"),
    ("nonrandomized_trial", 2.0, 1, r"\bchallenged\s+(?:\w+\s+)?with\b|\b(?:challenge|stimulation|suppression|provocation)\s+test(?:s|ing)?\b|\b(?:challenge|infusion|injection)s?\s+(?:was|were)\s+"
                                    r"(?:administered|given|performed|carried\s+out|repeated)\b|\b(?:was|were)\s+administered\s+"
                                    r"(?:intravenously|orally|intramuscularly|subcutaneously|intranasally|sublingually)\b"),
    # round 2: samples timed from the dose the investigators gave
    ("nonrandomized_trial", 1.5, 1, r"\b\d+\s+(?:min(?:utes)?|h|hours?)\s+after\s+(?:the\s+)?(?:\w+\s+){0,2}(?:administration|"
                                    r"injection|infusion|ingestion|dosing)\b"),
    ("nonrandomized_trial", 1.5, 1, r"\bphase\s+(?:I|1|Ib|1b|I/II|1/2|II|2|IIa|2a)\b(?!\s+(?:enzyme|metabol))"),
    ("nonrandomized_trial", 1.5, 1, rf"\b(?:healthy|normal)\s+(?:adult\s+|male\s+|female\s+)?volunteers?\b|\bpre{HY}(?:and\s+)?post{HY}"
                                    r"(?:intervention|treatment|test)\b|\bwithin" + HY + r"subjects?\b"),
    ("nonrandomized_trial", 2.5, 1, _GIVEN_TO + r"(?:participants|volunteers|"
                                    r"subjects|men|women|males|females|adults|addicts|abusers)\b|"
                                    r"\b(?:chronic|repeated|acute)\s+(?:drug\s+)?administration\s+to\b"),
    ("nonrandomized_trial", 1.5, 1, _GIVEN_TO + r"(?:patients|users)\b|"
                                    r"\bafter\s+(?:an?\s+)?(?:single\s+)?(?:oral|intravenous|i\.v\.|intramuscular|subcutaneous|"
                                    r"sublingual|intranasal)\s+(?:dose|administration|injection|infusion|bolus)\s+of\b"),
    ("nonrandomized_trial", 1.0, 1, r"\b(?:participants|volunteers|subjects|men|women|males|adults|addicts)\s+(?:\w+\s+)?"
                                    r"(?:received|were\s+given|were\s+administered|were\s+injected|were\s+infused|self" + HY +
                                    r"administered)\b"),
    ("nonrandomized_trial", 2.0, 1, r"\b(?:was|were)\s+(?:injected|infused)\s+(?:\w+\s+){0,3}(?:to|in|into)\s+(?:\w+\s+){0,4}"
                                    r"(?:subjects|volunteers|men|women|males|females|addicts|participants)\b|"
                                    r"\bbefore\s+and\s+(?:\w+\s+){0,3}after\s+(?:the\s+)?(?:\w+\s+)?(?:administration|injection|infusion|"
                                    r"ingestion)\s+of\b"),
    ("nonrandomized_trial", 1.0, 1, r"(?<=\d)\s?(?:mg|µg|μg|ug|mcg|micrograms?|milligrams?)(?:/kg)?\s+(?:\w+\s+){0,2}"
                                    r"(?:i\.v\.|iv|intravenously|orally|p\.o\.|i\.m\.|intramuscularly|s\.c\.|subcutaneously)(?!\w)"),
    ("nonrandomized_trial", 1.0, 2, rf"\b(?:post|pre){HY}(?:dos(?:e|ing)|injection|infusion|challenge)\b|\bon\s+\w+\s+(?:separate\s+)?occasions\b"),
    ("nonrandomized_trial", 0.75, 1, r"\b(?:healthy|normal)\s+(?:adult\s+)?(?:males|men|women|females|participants|subjects|adults)\b"
                                     r"|\bsingle\s+(?:oral\s+|low\s+|intravenous\s+)?dose\b|\bpharmacokinetics?\b"),
    ("nonrandomized_trial", 0.75, 1, r"\btrial\b|\bpilot\s+(?:study|trial)\b"),
    # round 4: an interventional design named by its masking, or a treatment's efficacy tested in N people
    ("nonrandomized_trial", 2.0, 1, rf"\b(?:double|single|triple){HY}(?:blind(?:ed)?|mask(?:ed)?),?\s+(?:(?:and\s+)?\w+,?\s+){{0,2}}?(?:study|trial|"
                                    rf"comparison|design|fashion|manner|conditions|evaluation|crossover|test)\b|\b(?:study|trial)\s+was\s+(?:double|single|triple){HY}(?:blind|mask)"),
    ("nonrandomized_trial", 1.5, 1, r"\b(?:efficacy|tolerability)\s+(?:and\s+\w+\s+)?of\s+(?:\w+\s+){1,4}?(?:was|were)\s+"
                                    r"(?:tested|studied|evaluated|assessed|investigated|examined)\s+in\s+(?:\w+\s+)?"
                                    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+ty(?:-[a-z]+)?)\s+"
                                    r"(?:\w+\s+){0,2}?(?:patients|volunteers|subjects|participants|men|women|children|adults)\b"),
    # round 2: human laboratory sessions and pharmacokinetic parameters of a dose given to people
    ("nonrandomized_trial", 1.5, 1, r"\b(?:experimental|dosing|drug|laboratory|test)\s+sessions?\b|\bwere\s+dosed\b|\bdrug\s+liking\b|"
                                    r"\bAddiction\s+Research\s+Cent(?:er|re)\s+Inventory\b|\bARCI\b|\bdrug\s+effects?\s+questionnaire\b"),
    ("nonrandomized_trial", 1.0, 1, rf"\bC\s?max\b|\bT\s?max\b|\b(?:elimination|terminal)\s+half{HY}li(?:fe|ves)\b|\bbioavailability\b|"
                                    r"\barea\s+under\s+the\s+(?:\w+\s+)?concentration|\bmaximum\s+plasma\s+concentration|"
                                    r"\bvolume\s+of\s+distribution\b"),
    ("nonrandomized_trial", 2.5, 1, rf"\bfirst{HY}in{HY}(?:human|man)\b|\bsafety,?\s+tolerability,?\s+(?:and\s+)?pharmacokinetic"),
    ("nonrandomized_trial", 1.5, 1, r"\beach\s+(?:subject|participant|volunteer|patient)\s+(?:received|was\s+given|was\s+"
                                    r"administered|was\s+injected|took)\b(?!\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:questionnaires?|surveys?|"
                                    r"interviews?|information|instructions|consent|training|education|counsel\w*|payment|vouchers?))"),
    ("nonrandomized_trial", 2.0, 1, r"\b(?:gave|giving)\s+(?:\w+\s+){0,4}?(?:doses?|amounts?)\s+(?:of\s+(?:\w+\s+){1,3}?)?to\s+"
                                    r"(?:the\s+|each\s+|all\s+)?(?:\w+\s+){0,2}(?:subjects|participants|volunteers|patients|users|men|women)\b"),
    # round 6: a response measured after a dose the investigators gave, or a drug's effects studied in N people
    ("nonrandomized_trial", 2.0, 1, r"\b(?:measured|determined|assessed|studied|evaluated|recorded|examined)\s+(?:\w+\s+){0,3}?(?:after|following|"
                                    r"before\s+and\s+after)\s+(?:the\s+)?(?:acute\s+|single\s+|oral\s+|intravenous\s+|i\.v\.\s+)?"
                                    r"(?:administration|injection|infusion|ingestion)\s+of\b|"
                                    rf"\b(?:infusion|injection|administration)\b(?:[^.;]|\.\d){{0,80}}?\b(?:were|was)\s+(?:studied|tested|evaluated|"
                                    rf"examined|investigated)\s+in\s+{_COUNT}\s+"),
    # round 6: one drug given before another to block or change its effect
    ("nonrandomized_trial", 1.5, 1, rf"\bprior\s+administration\s+of\b|\bpre{HY}?treatment\s+with\b|\bpre{HY}?treated\s+with\b"),
    # round 6: a dose given by vein or muscle ("following administration of morphine sulfate, 5 mg, i.v.")
    ("nonrandomized_trial", 1.5, 1, r"\b(?:administration|injection|infusion)\s+of\s+(?:[\w-]+,?\s+){1,3}?(?:\d+(?:\.\d+)?\s*"
                                    r"(?:mg|µg|μg|mcg|ug)\b[^.;]{0,20}?)?(?:i\.v\.|i\.m\.|intravenously|intramuscularly)"),
    # round 6: a drug given to people, said the old way ("morphine administration in man", "injection in healthy men")
    ("nonrandomized_trial", 2.0, 1, r"\b(?:administration|injections?|infusions?|ingestion)\s+(?:of\s+(?:\w+\s+){1,3}?)?(?:in|to)\s+"
                                    r"(?:man|humans|healthy\s+(?:adult\s+)?(?:men|women|subjects|volunteers|males|females))\b"),
    ("nonrandomized_trial", 0.5, 2, r"\b(?:intramuscular|intravenous|subcutaneous|parenteral)\w*\s+(?:\w+\s+)?"
                                    r"(?:injections?|infusions?|administration)\b"),
    *OBSERVATIONAL_CUES,
    # animal (non-animal uses such as 'rat liver microsomes' are excluded by the lookahead)
    ("animal", 1.5, 4, r"\b" + _ANIMALS + r"\b"
                       r"(?!\s+(?:liver\s+|brain\s+)?(?:microsom|hepatocyt|cell|serum\s+albumin|monoclonal|anti|"
                       r"synaptosom|homogenat|membrane|red\s+(?:blood\s+)?cell|antibod|antiser|recombinant|S9|plasma\s+protein|(?:\w+\s+)?receptors?|orthologs?)|"
                       r"\s+of\s+\d)"),
    # round 6: an animal named only as the source of cells or tissue ("cultures of pituitary cells obtained
    # from neonatal rats") is laboratory work: study_type takes these mentions back off the animal score
    ("animal_source", 1.5, 4, r"\b(?:cells|cultures?|tissues?|slices|neurons|hepatocytes|microsomes|homogenates?|synaptosomes|"
                              r"explants|glands)\s+(?:\w+\s+){0,2}?(?:(?:obtained|isolated|prepared|harvested|derived|taken|"
                              r"dissected)\s+)?(?:from|of)\s+(?:\w+\s+){0,3}?" + _ANIMALS + r"\b|"
                              # or before it: "rodent and monkey plasma", "rat liver microsomes" (not serum: "rabbit serum" is a reagent)
                              r"\b" + _ANIMALS + r"(?:,?\s+(?:and|or)\s+\w+)?\s+(?:[\w-]+\s+){0,2}?(?:glands|pituitaries|explants|plasma|"
                              r"microsomes|hepatocytes|S9|homogenates?|synaptosomes|tissue\s+slices)\b"),
    # round 6: genetically altered animals ("orexin knock-out mice", "transgenic rats")
    ("animal", 2.0, 1, r"\b(?:knock-?outs?|knock-?ins?|transgenic|wild-?type|null|mutant|deficient)\s+(?:mice|rats|mouse|zebrafish|littermates)\b"),
    ("animal", 1.5, 2, r"\bin\s+vivo\b|\banimals?\b(?!\s+(?:and\s+)?(?:studies|data|research|models?\s+(?:have|has|suggest)))"),
    # round 6: a rodent's withdrawal signs and brain-region neurochemistry, in abstracts that never name the species
    ("animal", 1.5, 1, rf"\bwet{HY}(?:dog\s+)?shakes\b|\bteeth\s+chattering\b|\bjumping\b|"
                       r"\b(?:dopamine|DA|noradrenaline|serotonin|5-HT)\s+turnover\b|\bmedian\s+eminence\b"),
    ("animal", 1.0, 3, rf"\btail{HY}flick\b|\bhot{HY}plate\b|\bopen{HY}field\b|\bplus{HY}maze\b|\bforced\s+swim|"
                       r"\bconditioned\s+place\b|\bCPP\b|\bwater\s+maze\b|\brotarod\b|\bwrithing\b|"
                       r"\bintraperitoneal(?:ly)?\b|\bi\.p\.|\bintracerebroventricular\b|\bhistopatholog\w+|\bantinocicepti\w+"),
    # in_vitro
    ("in_vitro", 2.0, 2, r"\bin\s+vitro\b|\bsimulated\s+(?:gastric|intestinal|body)\s+fluids?\b|\bin\s+silico\b|\bmolecular\s+(?:docking|dynamics)\b|\bdocking\b|"
                         r"\bcomputational\b|\bQSAR\b"),
    ("in_vitro", 1.5, 2, r"\b(?:HEK\W?293\w*|HepG2|CHO|Caco-?2|SH-SY5Y|PC12|HeLa|MCF-?7|hepatocytes|microsomes|"
                         r"synaptosomes|recombinant|cell\s+lines?|cultured\s+cells|spiked)\b"),
    # round 6: binding work named by its kind ("receptor binding assays were undertaken")
    ("in_vitro", 2.0, 1, r"\b(?:receptor|radioligand|competitive|competition|saturation|displacement)\s+binding\s+"
                         r"(?:assays?|experiments|studies)\b|\bcompetitive\s+displacement\b"),
    ("in_vitro", 1.0, 3, r"\bassays?\b|\bbinding\s+affinit(?:y|ies)\b|\bIC50\b|\bEC50\b|\bradioligand\b|"
                         r"\bGTP\W?(?:γ|gamma)\W?S\b|\barrestin\b|\bpatch" + HY + r"clamp\b|\bWestern\s+blot\w*|"
                         r"\bRT-?PCR\b|\bqPCR\b|\bimmunofluorescence\b|\bcells\b"),
    ("in_vitro", 1.5, 1, r"\bmethod\s+(?:was|has\s+been)\s+developed\b|\bdevelop(?:ed)?\s+(?:a|an)\s+(?:\w+\s+){0,4}"
                         r"(?:method|assay)\s+for\b|\bspectroscop\w+|\bspectromet(?:er|ers|ric)\b|\bdetectable\s+concentration\b"),
    ("in_vitro", 1.5, 1, r"\b(?:quantif(?:y|ied|ication)|determination|identification)\s+of\s+(?:\w+\s+){0,4}(?:in|from)\s+"
                         r"(?:\w+\s+){0,3}(?:products|leaves|leaf|extracts?|materials?|powders?|plants?)\b"),
    ("in_vitro", 0.75, 2, r"\b(?:UHPLC|HPLC|UPLC|LC\W?MS(?:/MS)?|GC\W?MS|Q\W?TOF|QToF|NMR)\b|"
                          r"\bmass\s+spectrometr\w+|\bchromatograph\w+"),
    ("in_vitro", 1.0, 2, r"\b(?:method\s+validation|validation)\b(?!\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:scale|questionnaire|"
                         r"instrument|tool|measure|survey|inventory))|"
                         r"\bvalidated\b(?!\s+(?:\w+\s+){0,2}(?:scale|questionnaire|instrument|tool|measure|survey|inventory)s?\b)|"
                         r"\blimits?\s+of\s+(?:detection|quantit?ation)\b|\bLOD\b|\bLOQ\b|"
                         r"\blinearity\b(?!\s+(?:in|of)\s+(?:the\s+)?pharmacokinetic)"),
    # round 6: constituents measured in products ("analysis of alkaloids in 12 kratom products")
    ("in_vitro", 2.0, 1, r"\b(?:analys[ie]s|content|contents|levels|concentrations?|amounts?|quantities|profiles?)\s+of\s+(?:\w+\s+){0,3}?"
                         r"(?:alkaloids?|constituents|compounds|contaminants|adulterants|metals|impurities)\s+in\s+(?:\w+\s+){0,4}?"
                         r"(?:products|samples|leaves|extracts|formulations|powders|capsules|teas?|preparations)\b"),
    ("in_vitro", 0.75, 2, r"\balkaloid\s+(?:content|profiles?|composition|concentrations?)\b|\bphytochemi\w+|"
                          r"\bchemical\s+(?:constituents|composition|characteri[sz]ation)\b|\bisolated\s+from\b|"
                          r"\bextraction\b|\bsynthes(?:is|ized|ised)\b|\banalog(?:ue)?s\b|\bstructure" + HY + r"activity\b"),
    ("in_vitro", 1.0, 2, r"\bantioxidant\b|\bantibacterial\b|\bantimicrobial\b|\bantifungal\b|\bcytotoxic\w*|"
                         r"\bgenotoxic\w*|\bDPPH\b|\bgenomes?\b|\bgenomic\b|\btranscriptom\w+|\bmetabolom\w+|"
                         r"\bgene\s+expression\b|\bchromosome\w*|\bgenetic\s+diversity\b"),
    ("in_vitro", 0.75, 2, r"\bcultivat\w+|\bgreenhouse\b|\bfertili[sz]\w+|\bseedlings?\b|\bharvest\w*|\bsoil\b|"
                          r"\bcultivars?\b|\bpostharvest\b|\bwithering\b|\bdrying\s+temperatures?\b|"
                          r"\b(?:products?|samples?)\s+(?:were|was)\s+(?:purchased|obtained|tested|analy[sz]ed)\b"),
    ("in_vitro", 0.75, 3, r"\bheavy\s+metals?\b|\bcadmium\b|\barsenic\b|\bICP\W?(?:MS|OES)\b|\bcontaminat\w+|"
                         r"\badulterat\w+|\bsalmonella\b|\bpurchased\s+(?:online|from)\b|\bmicrobial\s+load\b"),
    # review (narrative self-labels veto search-only systematic-review cues)
    ("review_label", 3.0, 1, rf"\b(?:narrative|scoping|literature|comprehensive|critical|historical|mini{HY}|"
                             r"integrative|clinical|brief|updated?|insight)\s+review\b|\breview\s+of\s+(?:the\s+)?"
                             r"(?:literature|evidence|current)\b"),
    ("review", 2.5, 1, r"\bwe\s+(?:have\s+)?reviewed\s+(?:the\s+)?(?:\w+\s+){0,2}(?:literature|studies|evidence|articles|"
                       r"publications)\b|\b(?:present|current)\s+(?:state\s+of\s+)?knowledge\s+and\b|"
                       r"\b(?:this|our|the\s+present|the\s+current)\s+(?:\w+\s+)?review\b|\bwe\s+(?:review|discuss|"
                       r"summari[sz]e|highlight|provide\s+an?\s+(?:overview|update|summary))\b|\b(?:this|the\s+present|the\s+current)"
                       r"\s+(?:article|paper|chapter|commentary|editorial|perspective|overview|primer|update)\s+(?:\w+\s+)?(?:reviews?|"
                       r"discuss\w*|summari[sz]\w*|describ\w*|examin\w*|explor\w*|provid\w*|aims?|highlight\w*|will|"
                       r"focus\w*|addresses|considers|presents|outlines)\b"
                       # round 6: not an article presenting its own results, data or a case
                       r"(?!\s+(?:on\s+)?(?:the\s+|our\s+)?(?:results|findings|data|outcomes|a\s+case|the\s+case|"
                       r"an?\s+(?:[\w-]+\s+){0,2}(?:study|trial|survey|analysis|experiment)))"),
    ("review", 2.0, 1, r"\bto\s+the\s+editor\b"),
    # round 6: a letter answering another paper ("This letter is a response to Smith and colleagues")
    ("review", 2.5, 1, r"\b(?:this|our)\s+(?:letter|commentary|correspondence)\b|\b(?:is\s+a|in)\s+(?:response|reply)\s+to\s+"
                       r"(?:\w+\s+){0,3}?(?:and\s+colleagues|et\s+al|the\s+authors|the\s+(?:recent\s+)?(?:article|paper|report|letter))\b"),
    ("review", 1.0, 1, r"\boverview\b|\bcommentary\b|\beditorial\b|\b(?:a|this|our)\s+perspective\b|\bperspective\s+(?:article|paper)\b|\bviewpoint\b|\bopinion\b|"
                       r"\bposition\s+(?:paper|statement)\b|\bguidelines?\b|\bconsensus\b|\bprimer\b|\bguide\b|"
                       r"\bstate\s+of\s+the\s+art\b|\bupdate\b|\bhistorical\b"),
    # (the lookbehinds after \b and an r-or-l lookahead: re tries them only before those letters)
    ("review", 0.5, 2, r"\b(?=[lr])(?:(?<!chart\s)(?<!charts\s)(?<!record\s)(?<!records\s)(?<!peer\s)(?<!peer-)"
                       r"review(?:s|ed)?|literature)\b"),
    # other primary research (economic, modelling, policy)
    ("other", 2.0, 1, rf"\bcost{HY}(?:effectiveness|benefit|utility)\b|\beconomic\s+(?:evaluation|analysis|model)\b|"
                      rf"\bmarkov\s+model\b|\bdecision{HY}(?:analytic|tree)\b|\bmicrosimulation\b|\bsimulation\s+model\b|"
                      r"\bbudget\s+impact\b|\bpolicy\s+analysis\b|\blegal\s+analysis\b|\bmathematical\s+model"),
    ("other", 2.5, 1, r"\bDelphi\b|\bnominal\s+group\s+technique\b|\blegal\s+epidemiology\b|\bpolicy\s+surveillance\b|"
                      r"\b(?:coded|analy[sz]ed|reviewed|compiled)\s+(?:\w+\s+){0,2}(?:legislation|statutes|laws|bills|"
                      r"regulations|policies)\b|\bmodel(?:l)?ing\s+study\b"),
    ("other", 2.0, 1, rf"\binterrupted\s+time{HY}series\b"),
    ("other", 2.0, 2, rf"\bmonte\s+carlo\b|\bsimulation\s+(?:estimates|parameters|modell?ing)\b|\bincremental\s+costs?\b|"
                      rf"\bQALYs?\b|\bquality{HY}adjusted\s+life\b|\bwillingness{HY}to{HY}pay\b|\b(?:systems?|agent){HY}based\s+"
                      r"model|\b(?:theoretical|hypothetical|simulated|virtual)\s+cohort\b|\bmodel\s+inputs\b"),
    ("other", 2.0, 1, r"\bDISCERN\b|\bquality\s+of\s+(?:the\s+)?(?:health|online|web|website|consumer|product|drug|medical)\s+information\b|\bwebsites?\s+(?:were|was)\s+"
                      r"(?:evaluated|assessed|rated|reviewed)\b|\b(?:evaluated|assessed|rated|reviewed)\s+(?:\w+\s+){0,6}?websites\b"),
    # round 4: design wording missing from single-sentence probes of the topic's usual designs
    ("rct", 3.0, 1, r"\b(?:allocated|assigned)\s+at\s+random\b|\bat\s+random\s+(?:to|into|between)\b|\bcomputer[- ]?generated\s+(?:\w+\s+)?(?:sequence|list|schedule|allocation)\b"),
    ("sr_search", 3.0, 1, r"\bsearched\s+(?:\w+\s+){0,3}?(?:electronic\s+|bibliographic\s+)?databases\b"),
    ("case_report", 2.5, 1, r"\b(?<![-\u2010\u2011])(?:two|three|four|five|2|3|4|5)\s+(?:\w+\s+)?(?:cases|fatalities|deaths)\s+"
                            r"(?:involving|associated\s+with|attributed\s+to|related\s+to|due\s+to|after)\s+(?:[\w-]+\s+){1,3}?"
                            r"(?:are|were)\s+(?:reported|presented|described)\b"),
    ("qualitative", 2.0, 1, r"\bcoded\s+(?:\w+\s+){0,2}?(?:for\s+)?(?:themes|thematically|inductively|deductively)\b|"
                            r"\b(?:posts|comments|threads|tweets|messages|narratives)\s+(?:\w+\s+){0,4}?(?:were|was)\s+coded\b"),
    ("other", 2.0, 1, r"\bdecision\s+(?:analytic\s+)?models?\b|\b(?:averted|prevented)\s+(?:deaths|overdoses|infections|cases)\b|\bunder\s+(?:\w+\s+){0,2}?(?:policy\s+|regulatory\s+)?scenarios\b"),
    # round 6: human laboratory wording: a single dose in N subjects, within-subject or
    # crossover designs (without random allocation), an open trial, people kept on set doses
    ("nonrandomized_trial", 2.0, 1, rf"\ba\s+single\s+(?:[\w.-]+\s+){{0,3}}?doses?\s+of\s+(?:[\w-]+\s+){{1,3}}?in\s+{_COUNT}\s+"
                                    r"(?:[\w-]+\s+){0,3}?(?:subjects|volunteers|men|women|participants|males|females|adults)\b"),
    ("nonrandomized_trial", 1.5, 1, r"\bwithin[-\s]subjects?\b|\bcross[-\s]?over\s+(?:design|study|fashion|trial)\b|"
                                    r"\bopen\s+(?:clinical\s+|pilot\s+)?(?:trial|study)\b|\bwere\s+maintained\s+on\s+\d"),
    ("nonrandomized_trial", 1.5, 1, r"\b(?:took|ingested|drank|inhaled|smoked|vaped|vapori[sz]ed|insufflated|were\s+given|received)\s+(?:a|one)\s+single\s+"
                                    r"(?:[\w-]+\s+){0,2}?doses?\b"),
    ("cohort", 1.5, 1, r"\b(?:and|then)\s+again\s+(?:at|after|when|in)\b|\b(?:monthly|weekly|quarterly|annually|yearly|every\s+\w+\s+"
                       r"(?:weeks|months|years))\s+for\s+(?:\d+|\w+)\s+(?:weeks|months|years)\b|\b(?:observed|monitored)\s+(?:\w+\s+){0,3}?"
                       r"(?:until|through)\s+(?:discharge|delivery|birth|death|(?:\d+|\w+)\s+(?:weeks|months|years))\b|\b(?:tracked|traced)\s+(?:\w+\s+){0,3}?"
                       r"(?:for|over|until|through)\s+(?:\d+|\w+)\s+(?:days|weeks|months|years)\b|\b(?:through|until|to)\s+(?:the\s+)?age\s+(?:of\s+)?\w+\b"),
    ("cohort", 1.0, 1, rf"\b(?:during|over|throughout)\s+(?:the\s+|a\s+)?(?:\w+\s+)?follow{HY}up\b"),
    ("cross_sectional", 2.0, 1, r"\badverse\s+(?:event|drug\s+reaction)\s+reports?\b|\bspontaneous\s+report(?:s|ing)\b|\bpharmacovigilance\b"),
    ("cross_sectional", 1.5, 1, r"\b(?:national|state|forensic|surveillance|toxicology)\s+(?:\w+\s+){0,2}?(?:database|data\s+system|"
                                r"surveillance\s+system)\b|\b(?:post-?mortem|autopsy|forensic)\s+cases\s+(?:submitted|referred|received|examined)\b|"
                                r"\b(?:web|online|internet|probability|survey|national)\s+panel\b(?!\s+(?:study|data))"),
    # round 5: old clinical abstracts that name no design (silver text, see docs/ANNOTATION.md)
    ("case_report", 2.5, 1, rf"\b{_FEW}\s+(?:\w+\s+){{0,3}}?{_FOLK}\b[^.;]{{0,120}}?\s(?:are|were)\s+(?:here(?:in)?\s+|briefly\s+)?"
                            r"(?:reported|presented|described|documented)\b(?!\s+(?:as|by|to|previously|elsewhere|in\s+the\s+literature))"),
    ("case_report", 2.0, 1, rf"\b(?:documented|illustrated|described|reported|exemplified)\s+in\s+{_FEW}\s+(?:\w+\s+)?{_FOLK}\b|\b{_FEW}\s+(?:\w+\s+)?case\s+(?:studies|histories|reports)\b|"
                            r"\bin\s+(?:both|all\s+(?:of\s+)?our\s+\w+)\s+(?:cases|patients)\b|\bthe\s+(?:other|first|second|third)\s+(?:case|patient)\b|"
                            r"\b(?:family|kindred|pedigree|sibship)\s+(?:is|was)\s+(?:here\s+)?(?:presented|reported|described)\b"),
    ("case_report", 2.5, 1, r"\b(?:apropos|[aà]\s+propos)\s+(?:of|d\w*)\s+(?:an?|one|un\w*|two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?:\w+\s+)?(?:cases?|observations?|cas)\b"),
    ("cohort", 2.0, 1, rf"\bfollow{HY}up\s+(?:study|studies|examinations?|investigations?|survey|time|duration|ranged|interval)\b|\b(?:months|years)\s+of\s+follow{HY}up\b|"
                       rf"\b(?:mean|median|average|minimum|maximum|minimal)\s+(?:\w+\s+)?follow{HY}up\b|\byears?'\s+follow{HY}up\b"),
    ("cohort", 1.5, 1, rf"\b(?:observed|followed|monitored|watched)\s+(?:\w+\s+){{0,2}}?(?:for|over)\s+(?:a\s+(?:period\s+of\s+)?|up\s+to\s+|at\s+least\s+)?"
                       rf"{_COUNT}(?:\s*(?:[-\u2013]+|to)\s*\d+)?\s+(?:months|years)\b|\b(?:months|years)'?\s+(?:of\s+)?observation\b"),
    ("cohort", 2.0, 1, r"\b(?:treated|operated(?:\s+on)?|seen|admitted|managed|underwent)\s+[^.;]{0,50}?\b(?:between|from)\s+(?:\w+\s+)?(?:19|20)\d\d\s+(?:and|to|through|until)\s+(?:\w+\s+)?(?:19|20)\d\d\b|"
                       rf"\bbetween\s+[^.;]{{0,25}}?(?:19|20)\d\d\s+and\s+[^.;]{{0,25}}?(?:19|20)\d\d\s*,\s+{_COUNT}\s+(?:\w+\s+){{0,3}}?{_FOLK}\b"),
    ("cohort", 1.0, 1, rf"\bactuarial\b|\blate\s+(?:deaths|results|complications|mortality)\b|\blong{HY}term\s+(?:results|outcomes?|evaluation)\b|\boperative\s+mortality\b"),
    ("nonrandomized_trial", 1.5, 1, rf"\b{_COUNT}\s+(?:\w+\s+){{0,3}}?{_FOLK}\b[^.;()]{{0,60}}?(?<!who)(?<!that)(?<!which)(?<!whose\smothers)(?<!whose\smother)(?<!whose\sparents)\s(?:(?:were|have\s+been|had\s+been)\s+(?:treated|withdrawn|detoxified|tapered|inducted|transitioned|switched)\s+"
                                    r"(?:(?:from|off)\s+(?:\w+\s+){1,2}?)?(?:with|by|for|using|on|onto|under|to)\b|(?:received|were\s+given|were\s+administered|took)\s+(?!(?:an?\s+|the\s+)?(?:\w+\s+)?(?:questionnaires?|surveys?|interviews?|diagnos\w+)))"),
    ("nonrandomized_trial", 1.5, 1, _TESTED_IN + rf"\b(?:was|were)\s+(?:tested|tried|applied)\s+(?:\w+\s+){{0,2}}?in\s+(?:a\s+(?:group|series|total)\s+of\s+)?{_COUNT}\s+(?:\w+\s+){{0,3}}?{_FOLK}\b|"
                                    rf"\bwe\s+(?:have\s+)?(?:treated|gave|administered)\s+{_COUNT}\s+(?:\w+\s+){{0,3}}?{_FOLK}\b"),
    ("nonrandomized_trial", 2.0, 1, r"\b(?:served|serving|used|acted|acting)\s+as\s+(?:his|her|their|its)\s+own\s+controls?\b"),
]
# fmt: on

TEXT_CUES: list[Cue] = [(c, w, n, re.compile(p, _F)) for c, w, n, p in _RAW_CUES]
