"""Observational designs' wording: cohort, case-control, cross-sectional, case report, qualitative.

Kept apart from design_cues.py (trials, reviews, animal and laboratory work) so each module
stays readable; the cues are spliced into design_cues.TEXT_CUES in their old place.
"""

from __future__ import annotations

from .text import HY

_AGE = rf"(?:\d+|(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:{HY}\w+)?|\w+teen|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve){HY}(?:year|yr|month|week|day)s?\.?{HY}old"
_PEOPLE = (
    r"(?:cases?|patients?|m[ae]n|wom[ae]n|males?|females?|boys?|girls?|infants?|neonates?|"
    r"newborns?|child|children|adolescents?|individuals?|persons?|veterans?|fatalities|deaths|famil(?:y|ies)|kindreds?|pedigrees?|"
    r"(?:fatal\s+)?(?:intoxications|poisonings)|" + _AGE + r")"
)
_NUM_WORD = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"

# fmt: off
OBSERVATIONAL_CUES: list[tuple[str, float, int, str]] = [
    # cohort
    ("cohort", 2.0, 2, r"\bcohort(?<!theoretical\scohort)(?<!hypothetical\scohort)(?<!simulated\scohort)(?<!virtual\scohort)s?\b|"
                       r"\blongitudinal(?:ly)?\b(?!\s+(?:scans?|sections?|images?|views?|axis|planes?|ultrasound|muscles?|fib(?:er|re)s?|relaxation))"),
    ("cohort", 1.0, 1, r"\bat\s+(?:baseline|admission|intake|entry)\s+and\s+(?:again\s+)?(?:after|at|on|during)\b"),
    # round 2: the same people measured again after a stretch of abstinence or treatment
    ("cohort", 1.5, 1, r"\b(?:after|over)\s+(?:\d+|one|two|three|four|five|six|eight|ten|twelve|several)\s+(?:days?|weeks?|months?|years?)"
                       r"\s+of\s+(?:\w+\s+){0,2}?(?:abstinence|abstention|treatment|maintenance|therapy|withdrawal|follow)|"
                       # round 6: the same people compared with their own baseline
                       r"\b(?:compared\s+(?:with|to)|relative\s+to)\s+(?:their\s+|the\s+)?baseline\b|"
                       rf"\b(?:\d+|one|two|three|six|twelve){HY}(?:weeks?|months?|years?)\s+post{HY}(?:discharge|treatment|partum)\b"),
    ("cohort", 1.0, 1, r"\bat\s+(?:various|regular|different|several|set|fixed)\s+intervals\b"),
    # round 6: "time course" on its own line; not hours of sampling in one session, nor a drug's effects over time
    ("cohort", 1.5, 1, r"\b(?<!hour\s)(?<!-h\s)(?<!minute\s)time\s+course\b(?!\s+of\s+(?:[\w-]+\s+){0,3}?(?:effects?|actions?|"
                       r"withdrawal|responses?|analgesia|intoxication|pharmaco\w+|absorption|elimination)\b)"),
    ("cohort", 1.5, 1, r"\b(?:(?:1|2|3|4|5|6|7|8|9)\d*|two|three|four|five|six|several|multiple|repeated)\s+"
                       r"time\s?points\b|\b(?:repeated|serial)\s+(?:\w+\s+)?(?:measures|measurements|observations|assessments|sampling|examinations|estimations|determinations|recordings)\b"),
    ("cohort", 2.0, 2, rf"\bfollowed{HY}up\b|\bfollowed\s+(?:(?:them|participants|patients|subjects|infants|children|"
                       r"women|men|adults|users|the\s+cohort|(?:a|the|this)\s+(?:\w+\s+)?(?:cohort|group|sample)\s+of\s+(?:[\d,]+\s+)?"
                       r"(?:\w+\s+)?\w+)\s+)?(?:for|over|until|through|prospectively)\b(?!\s+(?:\w+\s+)?(?:min(?:utes)?|h|hours?)\b)"
                       # round 6: followed from a starting event ("newborns were followed after birth until discharge")
                       r"|\bfollowed\s+(?:from|after|since)\s+(?:their\s+)?(?:birth|delivery|admission|enrol\w+|diagnosis|baseline|discharge)\b"),
    ("cohort", 1.5, 1, r"\bprospective(?:ly)?\b|\bhazard\s+ratios?\b|\bKaplan|\bperson" + HY + r"years\b"),
    # round 2: time-to-event analysis and outcomes at a list of later time points
    ("cohort", 1.5, 1, r"\btrajector(?:y|ies)\b|\bpanel\s+(?:study|data|survey)\b"),
    ("cohort", 1.5, 1, rf"\b(?:un|non{HY})?exposed\s+(?:and|or|vs\.?|versus)\s+(?:un|non{HY})exposed\b"),
    # round 6: the same inpatients measured on admission and again at discharge
    ("cohort", 2.0, 1, r"\b(?:measured|determined|assessed|obtained|recorded|collected|evaluated|rated|scored)\b[^.;]{0,80}?"
                       r"\b(?:on|at|after|upon)\s+(?:hospital\s+|ward\s+)?admission\b[^.;]{0,120}?\b(?:at|before|until|to)\s+discharge\b"),
    ("cohort", 1.5, 1, r"\bCox\s+(?:proportional|regression|model)|\bsurvival\s+analys[ie]s\b|\bcumulative\s+incidence\b|"
                       r"\bincidence\s+rates?\b|\btime\s+to\s+(?:first\s+)?(?:relapse|discontinuation|dropout|death|readmission|"
                       r"overdose|event)\b|\b(?:at|after)\s+\d+(?:\s*,\s*\d+)*,?\s+and\s+\d+\s+(?:weeks|months|years)\b"),
    # round 6: a retrospective review of patients' records or information
    ("cohort", 1.0, 1, r"\bretrospective\s+review\s+of\s+(?:[\w-]+\s+){0,4}?(?:information|data|records|charts|notes|files)\b"),
    ("cohort", 1.5, 1, r"\b(?:chart|charts|records?|case" + HY + r"notes)\s+(?:review|abstraction|audit)\b|"
                       r"\breview(?:ed)?\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,2}(?:charts|records)\b|"
                       r"\b(?:charts|records|case\s+notes|files)\s+(?:of\s+(?:\w+\s+){1,8}?)?(?:were|was|are|is|have\s+been|had\s+been)\s+(?:retrospectively\s+)?"
                       r"(?:reviewed|abstracted|audited|examined|analy[sz]ed)\b"),
    ("cohort", 1.0, 2, rf"\bfollow{HY}up\s+(?:period|visits?|assessments?|interviews?|data|of|at|was|were)\b|"
                       rf"\b(?:lost|loss)\s+to\s+follow{HY}up\b|\b(?:month|year|week)s?{HY}follow{HY}up\b|"
                       rf"\bat\s+follow{HY}up\b"),
    ("cohort", 1.0, 1, r"\bretrospective(?:ly)?\b|\belectronic\s+(?:health|medical|patient)\s+records?\b|"
                       r"\bE[HM]Rs?\b"),
    ("cohort", 1.5, 1, rf"\b(?:baseline|follow{HY}up|second|third|subsequent|repeated)\s+(?:and\s+\w+\s+)?"
                       r"(?:surveys?|waves?|assessments?)\b"),
    # round 4: the same people seen again later ("re-examined", "two years after surgery")
    ("cohort", 1.5, 1, rf"\bre{HY}(?:examined|assessed|evaluated|interviewed|contacted|surveyed|visited)\b"),
    ("cohort", 1.0, 1, r"\b(?:\d+|one|two|three|four|five|six|eight|ten|twelve|\w+teen|several)(?:\s+(?:to|or)\s+\w+)?\s+(?:months?|years?)\s+"
                       r"(?:after|following)\s+(?:the\s+|their\s+|initial\s+|completion\s+of\s+)?(?:operation|surgery|treatment|discharge|delivery|birth|"
                       r"injury|diagnosis|admission|initiation|enrol?lment|baseline)\b"),
    ("cohort", 0.5, 1, r"\bobservational\b|\bconsecutive(?:ly)?\b|\bnaturalistic\b"),
    # case_control
    ("case_control", 3.0, 1, rf"\bcase{HY}control\b|\bcases\s+and\s+(?:\w+\s+)?controls\b"),
    ("case_control", 1.0, 1, r"\bmatched\s+(?:healthy\s+)?controls?\b"),
    ("case_control", 3.0, 1, rf"\bnested\s+case{HY}control\b"),
    ("case_control", 1.5, 1, r"\bmatched\s+(?:with|to)\s+(?:up\s+to\s+)?(?:\d+|one|two|three|four|five|ten)\s+"
                             r"(?:\w+\s+)?controls\b|\b(?:allele|genotype|haplotype)\s+(?:or\s+genotype\s+|and\s+"
                             r"genotype\s+)?frequenc\w+"),
    # cross_sectional
    ("cross_sectional", 3.0, 1, rf"\bcross{HY}sectional(?:ly)?\b(?!\s+(?:images?|imaging|areas?|views?|scans?|slices?|planes?|anatomy|echo\w*))"),
    # round 2: a one-time analysis of a named cohort's data (the cohort is the source, not the design)
    ("xs_of_cohort", 2.0, 1, rf"\bcross{HY}sectional(?:ly)?\s+(?:study|analys[ie]s|data|design)\s+(?:on|of|in|from|within|"
                             r"using|nested\s+in)\s+(?:\w+\s+){0,6}?cohort\b|\bbaseline\s+(?:data|survey|assessment|"
                             r"visit)\s+(?:of|from|in)\s+(?:\w+\s+){0,6}?cohort\b"),
    ("cross_sectional", 2.5, 1, r"\becological\s+(?:study|analysis|design)\b"),
    ("cross_sectional", 3.0, 1, r"\bpoison\s+(?:control\s+)?(?:cent(?:er|re)s?|information|data\s+system)\b|\bNPDS\b"),
    ("cross_sectional", 2.5, 1, r"\bFAERS\b|\bCAERS\b|\bVAERS\b|\badverse\s+event\s+reporting\s+system\b|"
                                r"\bpharmacovigilance\b|\bspontaneous(?:ly)?\s+report"),
    ("cross_sectional", 2.5, 1, rf"\b(?:online|web{HY}based|anonymous|national(?:ly\s+representative)?|nationwide|"
                                rf"internet|telephone|household|community(?:{HY}based)?|postal|e?{HY}mail)\s+"
                                r"(?:\w+\s+)?surveys?\b"),
    # round 6: a questionnaire sent out and returned ("a questionnaire was mailed to ...", "returned by 565 of")
    ("cross_sectional", 2.0, 1, r"\b(?:questionnaires?|surveys?)\s+(?:was|were)\s+(?:\w+\s+)?(?:mailed|sent|posted|e-?mailed|"
                                r"distributed|returned|completed\s+by|answered)\b|\breturned\s+(?:by|from)\s+\d"),
    ("cross_sectional", 1.0, 1, r"\bsurvey(?:s|ed)?\b(?!\s+of\s+(?:the\s+)?(?:literature|arguments|evidence|studies|research))"),
    # round 2: how survey samples are drawn; questions put to people once
    ("cross_sectional", 2.0, 1, r"\bMechanical\s+Turk\b|\bMTurk\b|\bQualtrics\b|\bcrowdsourc\w+"),
    ("cross_sectional", 1.0, 1, rf"\b(?:past|last|previous){HY}(?:month|year|30{HY}days?|12{HY}months?)\s+(?:\w+\s+)?"
                                r"(?:use|prevalence|users?)\b|\blifetime\s+(?:\w+\s+)?(?:use|prevalence)\b"),
    ("cross_sectional", 2.0, 1, rf"\b(?:nationally\s+)?representative\s+sample\b|\bpoint\s+prevalence\b|"
                                rf"\bat\s+a\s+single\s+(?:time{HY}point|visit|occasion)\b|\bsingle{HY}visit\b|"
                                rf"\bone{HY}time\s+(?:assessment|measurement|survey|screening)\b"),
    ("cross_sectional", 1.5, 1, rf"\b(?:convenience|snowball|respondent{HY}driven|targeted|quota|stratified|multi{HY}stage)\s+"
                                r"sampl(?:e|es|ing)\b|\bwere\s+asked\s+(?:about|whether|to\s+(?:rate|report|indicate))\b"),
    ("cross_sectional", 2.0, 1, rf"\b(?:self{HY}administered|anonymous|online|web{HY}based|structured|standardi[sz]ed|postal)\s+"
                                rf"questionnaires?\b|\bquestionnaire{HY}based\b"),
    ("cross_sectional", 2.0, 1, rf"\bregistry{HY}(?:based\s+)?(?:data|study|analysis)\b|\bdata\s+(?:from|of)\s+(?:the\s+|a\s+)?"
                                r"(?:\w+\s+){0,4}(?:registry|registries|surveillance\s+system)\b|\b(?:national|nationwide)\s+"
                                r"(?:inpatient|emergency\s+department|readmissions?)\s+(?:sample|database)s?\b|\bNSDUH\b|"
                                r"\bnational\s+survey\s+on\s+drug\s+use\b|\b(?:national|state|statewide)\s+(?:\w+\s+)?"
                                r"surveillance\s+data\b|\btrend\s+analysis\b"),
    # round 6: a study that names itself cross-sectional while calling its population a cohort
    ("cross_sectional", 2.0, 1, rf"\b(?:conducted|performed|carried\s+out|undertook|designed)\s+an?\s+(?:[\w,-]+\s+){{0,4}}?"
                                rf"cross{HY}sectional\s+(?:study|survey|analysis)\b"),
    # round 6: population rates and scales built on one sample
    ("cross_sectional", 1.5, 1, r"\bper\s+(?:1,?000|10,?000|100,?000)\s+(?:live\s+)?(?:births|deliveries|population|persons|"
                                r"inhabitants|residents|admissions)\b|\bdevelopment\s+of\s+(?:a|an|the|such\s+a)\s+(?:[\w-]+\s+){0,3}?"
                                r"(?:scale|questionnaire|instrument|inventory|checklist)\b|\b(?:exploratory|confirmatory)\s+factor\s+analys[ie]s\b"),
    # round 6: administrative hospital data counted once ("hospital discharge data from 28 states")
    ("cross_sectional", 2.0, 1, r"\bhospital\s+discharge\s+(?:data|records|abstracts?|databases?|diagnoses)\b|"
                                r"\bhospital\s+admissions?\s+data\b|\badministrative\s+(?:health\s+)?(?:data|databases?)\b|"
                                r"\b(?:state|kids'?)\s+inpatient\s+databases?\b|\bHCUP\b|\bHealthcare\s+Cost\s+and\s+Utilization\b"),
    ("cross_sectional", 0.75, 2, r"\bfatalit(?:y|ies)\b|\bdeaths\b"),
    ("cross_sectional", 1.5, 2, r"\b(?<!at\s)autops(?:y|ies|ied)\b(?!\s+(?:revealed|showed|disclosed|demonstrated|confirmed|confirmation))|\bmedical\s+examiners?\b|\bcoroners?\b|\bdecedents\b|"
                                r"\bdeath\s+certificates?\b|\btoxicology\s+reports?\b"),
    ("cross_sectional", 0.75, 2, r"\brespondents?\b|\bregistry\b|\bclaims\s+data\b|\bnon" + HY + r"users\b"),
    ("xs_controls", 0.75, 2, r"\bhealthy\s+controls?\b|\bcontrol\s+(?:group|participants|subjects)\b"),
    ("cross_sectional", 0.5, 1, r"\binterview(?:s|ed)?\b|\bprevalence\b|\bdatabases?\b"),
    ("cross_sectional", 1.0, 1, r"\b(?:emergency\s+department|ED|hospital)\s+(?:visits|presentations|admissions)\b|"
                                r"\bhospitali[sz]ations\b|\bdischarge\s+(?:data|records)\b|\bclaims\b"),
    ("xs_controls", 0.75, 2, r"\b(?:compared\s+(?:with|to)|versus|vs\.?|than(?:\s+(?:in\s+)?the)?|and)\s+(?:\w+[- ]matched,?\s+)?"
                             r"(?:healthy\s+|normal\s+|matched\s+)?(?:controls|control\s+(?:group|values|subjects))\b"),
    # round 2: people recruited and measured once; instruments validated on one sample
    ("cross_sectional", 1.5, 1, r"\brecruited\s+(?:\w+\s+){0,6}?and\s+(?:were\s+)?(?:interviewed|surveyed|screened)\b|"
                                r"\bcompleted\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+)?(?:\w+\s+)?(?:questionnaires?|surveys?)\b"),
    ("cross_sectional", 1.5, 1, r"\bCronbach|\binternal\s+consistency\b|\bpsychometric\s+properties\b|"
                                rf"\binter{HY}rater\s+reliability\b|\b(?:reliability|validity)\s+(?:and\s+(?:reliability|validity)\s+)?"
                                r"(?:study|analys[ie]s)\b"),
    ("cross_sectional", 0.3, 2, r"\bquestionnaires?\b|\bodds\s+ratios?\b|\blogistic\s+regression\b"),
    # case_report
    ("case_report", 2.0, 1, rf"\bcase{HY}report\b(?!s)|\bcase\s+(?:series|presentation)\b|\bcase\s+study\b"),
    ("case_report", 3.0, 1, rf"\b(?:we|authors?)\s+(?:present|report|describe|discuss)s?\s+(?:here\s+)?{_NUM_WORD}\s+"
                            rf"[^.;]{{0,40}}?\b{_PEOPLE}\b"),
    ("case_report", 2.0, 1, r"\b(?:our|this|the\s+present|the\s+current)\s+case\b|\bfirst\s+(?:reported\s+)?"
                            r"(?:case|report)\s+of\b"),
    ("case_report", 1.5, 1, rf"\ban?\s+{_AGE}\b"),
    ("case_report", 2.5, 1, r"\b(?<![-\u2010\u2011])(?:two|three|four|five|2|3|4|5)\s+(?:\w+\s+)?(?:cases|fatalities|deaths)\s+"
                            r"(?:of\s+(?:\w+\s+){1,3})?(?:are|were)\s+(?:reported|presented|described)\b|"
                            r"\bcases?\s+(?:reported|presented|described)\s+here(?:in)?\b|\billustrative\s+case\b|"
                            r"\b(?:presented|reported|described)\s+(?:here\s+)?is\s+a\s+case\b"),
    ("case_report", 0.75, 1, r"\bpresented\s+(?:to|with)\b"),
    ("case_report", 0.5, 2, r"\b(?:the\s+patient|she|he)\s+(?:was|presented|developed|had|reported|denied|underwent)\b"),
    ("case_report", 0.5, 1, rf"\bcase{HY}reports\b"),
    # round 3: case reports in older and terser forms ("report of a case", "in a case of ...",
    # "a case of X is reported", "in a patient with ...", "experience with three cases")
    ("case_report", 2.5, 1, rf"\b(?:report|description|presentation)\s+of\s+{_NUM_WORD}\s+(?:\w+\s+){{0,2}}?"
                            r"(?:cases?|patients?|famil(?:y|ies)|pedigrees?|siblings|brothers|sisters|twins)\b"),
    ("case_report", 2.0, 1, r"\b(?:an?|one|another)\s+(?:\w+\s+){0,2}?case\s+(?:of|with)\b|"
                            r"\b(?:we|authors?)\s+(?:present|report|describe)s?\s+(?:here\s+)?the\s+(?:\w+\s+)?cases?\s+of\b|"
                            r"\b(?:a|one|this)\s+case\s+(?:(?:of|that|which|with|where)\s+[^.;]{1,80}?)?(?:is|was)\s+(?:here\s+)?(?:reported|presented|described)\b|"
                            r"\b(?:cases|patients|families|pedigrees)\s+(?:is|are)\s+(?:here\s+)?(?:reported|presented|described)\b|"
                            r"\bexperience\s+with\s+(?:two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+(?:\w+\s+)?(?:cases|patients)\b|"
                            r"\bwe\s+(?:report|describe|present)\s+(?:an?|one)\s+(?:\w+\s+)?(?:instance|example|patient)\s+(?:of|with|who|in)\b|"
                            r"\b(?:this|the\s+present|our)\s+(?:paper|report|article|communication)\s+(?:describes|reports|presents|documents)\s+"
                            r"(?:an?\s+|the\s+)?(?:additional\s+|further\s+|new\s+|\w+\s+){0,2}(?:cases?|patients?)\b|"
                            r"\b(?:a|an|one)\s+(?:\w+\s+){0,3}?(?:patient|man|woman|boy|girl|child|infant|neonate|newborn|adolescent|male|female)\b"
                            r"[^.]{0,200}?\b(?:is|was)\s+(?:here(?:in)?\s+)?(?:presented|reported|described|studied|documented)\b|"
                            r"\b(?:is|are)\s+(?:presented|reported|described)\s+herein\b"),
    ("case_report", 1.5, 1, r"\b(?:in|of|to|for|concerns|describes)\s+an?\s+[^.;]{0,25}?\b(?:patient|man|woman|boy|girl|child|infant|neonate|newborn|adolescent|baby)\s+(?:with|who|suffering|presenting|admitted|"
                            r"undergoing|receiving|on)\b"),
    # round 4: one person named as the subject ("this patient", "the patient's lymphocytes", "A woman with ..." opening a sentence)
    ("case_report", 1.0, 1, r"\b(?:this|our|the\s+index)\s+patient\b(?!\s+(?:population|group|cohort|sample|series|base|care|"
                            r"safety|education|experience|perspective))|\bthe\s+patient's\b|\bfrom\s+(?:a|the|this)\s+patient\b"),
    ("case_report", 2.0, 1, r"\b(?<![\w,;:]\s)(?:a|an)\s+(?:[\w-]+\s+)?(?:man|woman|boy|girl|patient|adult|child|infant|neonate|newborn|adolescent|baby)\s+"
                            r"(?:with|who|whose|experienced|developed|suffered|underwent|sustained|became|presented|was\s+admitted)\b"),
    # a case report that also reviews the literature is still a case report (the review label
    # is set aside in study_type._narrative_veto)
    ("case_lit", 3.0, 1, r"\b(?:case\s+(?:reports?|series|presentations?)|(?:report|description|presentation)\s+of\s+"
                         rf"{_NUM_WORD}\s+(?:\w+\s+){{0,2}}?(?:cases?|patients?)|{_NUM_WORD}\s+"
                         r"(?:new\s+|further\s+|additional\s+|personal\s+)?(?:cases?|patients?)(?:\s+(?:of|with)\s+[^.;,]{1,80}?)?)\s*,?\s+(?:and|with)\s+(?:an?\s+)?"
                         r"(?:brief\s+|short\s+|updated\s+|concise\s+)?(?:review\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}?literature|"
                         r"literature\s+review|review\b(?!\s+(?:board|committee)))"),
    # a small number of patients described one by one: a case series
    ("case_report", 1.25, 1, r"\b(?<![-\u2010\u2011])(?:two|three|four|five|six|seven|eight|nine|ten|2|3|4|5|6|7|8|9)\s+(?:\w+\s+)?"
                             r"(?:cases|patients|children|infants|adults|men|women|boys|girls|members)\s+(?:of|with|who|from|ranging|aged|suffering|presenting)\b"),
    # qualitative
    ("qualitative", 2.5, 2, rf"\bsemi{HY}structured\b(?!\s+(?:clinical\s+)?(?:assessment|diagnostic))|\bqualitative\s+(?:\w+\s+)?interviews?\b|\bin{HY}depth\s+(?:qualitative\s+)?interviews?\b|"
                            r"\bfocus\s+groups?\b|\bgrounded\s+theory\b|\bnarrative\s+inquiry\b|\bthematic(?:ally)?\b|"
                            r"\bcontent\s+analysis\b|\bphenomenolog\w*|\bethnograph\w*|\binterpretative\b"),
    # "qualitative" as a design, not "quantitative but not qualitative differences" or qualitative chemistry (round 6)
    ("qualitative", 2.0, 2, r"\b(?<!quantitative\sand\s)(?<!quantitative\sor\s)(?<!but\snot\s)qualitative\b(?!\s+(?:and\s+quantitative\s+)?"
                            r"(?:differences?|changes?|detection|screening|identification|determination|tests?|assays?|"
                            r"(?:chemical\s+)?analys[ie]s\s+of\s+(?:\w+\s+)?(?:alkaloids?|compounds?|constituents|samples|products)))|\breddit\b|\bsubreddits?\b"),
    ("qualitative", 1.5, 1, rf"\bnatural\s+language\s+processing\b|\btext{HY}mining\b|\btopic\s+model|"
                            r"\bnamed\s+entity\s+recognition\b"),
    ("qualitative", 1.5, 1, r"\bframework\s+analysis\b|\binterviews\s+were\s+(?:\w+\s+)?(?:transcribed|coded)\b"),
    ("qualitative", 1.0, 1, r"\btwitter\b|\btweets?\b|\byoutube\b|\bsocial\s+media\b|\bforums?\b|\bonline\s+"
                            r"(?:posts|discussions|communit(?:y|ies))\b"),
    ("qualitative", 0.5, 1, r"\binterviews?\b|\bposts\b|\bthemes?\b|\bcoded\b"),
]
# fmt: on
