"""Open questions: the gap patterns, each family a regex source compiled with IGNORECASE.

A sentence matching any of these states a gap on its own; the families that count only in
context (generic needs, "poorly defined", pointers to future work) and the vetoes stay in
open_questions.py. Moved here in round 8 to keep each module under 400 lines.
"""

from __future__ import annotations

from . import oq_vocab as vocab

# fmt: off
GAP_PATTERNS = [
    rf"\b(?:further|more|additional|future|larger|well{'-'}?designed|rigorous|controlled|prospective|longitudinal|long-term|"
    rf"randomi[sz]ed|clinical|systematic|mechanistic|high{'-'}?quality|continued|new|longer|comparative|"
    rf"improved|better|deeper|greater|stronger|robust|large|independent|multicent(?:er|re)|dedicated|critical|direct|formal|"
    rf"head-to-head)\s+(?:[\w-]+\s+){{0,4}}?"
    rf"{vocab.STUDY}\b[^.;]{{0,160}}?\b(?:is|are|will\s+be|would\s+be|remains?|seems?|appears?|be)\s+(?:\w+\s+){{0,2}}?{vocab.STUDY_NEED}\b",
    rf"\b{vocab.NEED}\s+to\s+(?:further\s+|better\s+|fully\s+)?(?:determine|establish|clarify|confirm|understand|elucidate|"
    r"assess|evaluate|investigate|examine|explore|identify|characteri[sz]e|address|define|quantify|validate|test|study|answer|resolve|replicate|verify|"
    r"ascertain|disentangle|unravel)\b",
    r"\b(?:warrants?|warranting|merits?|deserves?|requires?|calls?\s+for|needs?)\s+(?:further|more|additional|continued|"
    r"future|careful|urgent|larger|rigorous|deeper|closer|greater|detailed|thorough|much)\s+(?:[\w-]+\s+){0,2}?(?:research|"
    r"study|studies|investigations?|attention|"
    r"exploration|examination|evaluation|consideration|work|scrutiny|trials|validation|confirmation|clarification|"
    r"elucidation|verification|replication)\b",
    r"\b(?:remains?|remained)\s+(?:largely\s+|mostly\s+|still\s+|poorly\s+|partly\s+|partially\s+|currently\s+|"
    r"unclear\s+and\s+)?(?:"
    rf"{vocab.UNKNOWN}|controversial|inconclusive|equivocal|"
    r"unproven|unconfirmed|untested|questionable|debatable|speculative|poorly\s+understood|to\s+be\s+\w+)\b|"
    r"\b(?:is|are|has\s+been|have\s+been)\s+(?:still\s+|highly\s+|somewhat\s+)?controversial\b|\b(?:less|not|poorly|insufficiently)\s+"
    r"well[\s-]?(?:studied|understood|known|characteri[sz]ed|established|described|documented|researched|defined)\b|\b(?:is|are)\s+(?:still\s+|"
    r"thus\s+far\s+|so\s+far\s+|as\s+yet\s+)?(?:unproven|unconfirmed|untested|unverified)\b",
    rf"\b(?:is|are)\s+(?:still\s+|currently\s+|largely\s+|mostly\s+|partly\s+|also\s+|as\s+yet\s+)?(?:{vocab.UNKNOWN}|"
    r"not\s+(?:yet\s+)?"
    r"(?:as\s+|so\s+)?(?:well\s+|fully\s+|clearly\s+|completely\s+|entirely\s+|sufficiently\s+|adequately\s+)?(?:understood|"
    r"known|established|elucidated|"
    r"characteri[sz]ed|defined|clear))\b|\bthe\s+(?:as\s+yet\s+|still\s+)?"
    rf"{vocab.UNKNOWN}\s+(?:role|mechanisms?|significance|function|contribution|relevance|relationship|causes?|a?etiology|"
    r"pathogenesis|origins?|nature|impact|consequences|safety|efficacy)\b",
    r"\blittle\s+(?:is\s+|has\s+been\s+)?(?:currently\s+)?(?:known|understood|studied|researched)\b|\bless\s+is\s+known\b|"
    r"\bnot\s+much\s+is\s+known\b|\blimited\s+(?:is\s+)?known\b",
    r"\b(?:no|few|limited|scant|sparse|very\s+few|no\s+prior|no\s+previous)\s+(?:[\w-]+\s+){0,2}?(?:studies|data|research|"
    r"evidence|information|reports?|trials|publications?|findings)\s+(?:have|has|exists?|are\s+available|is\s+available|"
    r"to\s+date|were\s+found|address|on)\b",
    r"\b(?:there\s+(?:is|are|remains?)|(?:there\s+(?:was|were|has\s+been|have\s+been)|with)(?!\s+no\s+(?:[\w-]+\s+){0,2}?"
    r"(?:evidence\s+(?:of|for|that)|reports?)\b))\s+(?:currently\s+|still\s+|only\s+|very\s+|as\s+yet\s+|yet\s+|so\s+far\s+|"
    rf"to\s+date\s+|thus\s+far\s+|at\s+present\s+)?(?:{vocab.SCANT}|few)\s+(?:[\w-]+\s+){{0,2}}?(?:data|studies|evidence|research|information|experience|"
    r"guidance|consensus|knowledge|literature|trials|reports|publications)\b",
    rf"\b(?:has|have)\s+(?:\w+\s+)?not\s+(?:yet\s+|before\s+|previously\s+|ever\s+)?(?:been\s+)?{vocab.RESEARCH_VERB}\b",
    rf"\b(?:has|have)\s+(?:so\s+far\s+|thus\s+far\s+|hitherto\s+|to\s+date\s+)?(?:not\s+(?:yet\s+)?been|never\s+been|rarely\s+been|seldom\s+been|yet\s+to\s+be)\s+(?:\w+\s+)?"
    rf"(?:{vocab.RESEARCH_VERB}|reported|measured|described|documented|examined|resolved|answered|settled|explained|"
    rf"proven|proved|demonstrated|defined|identified|conducted|performed|undertaken|carried\s+out|possible)\b",
    r"\b(?:paucity|dearth|lack|absence|scarcity|shortage)\s+of\s+(?:[\w-]+\s+){0,3}?(?:data|evidence|research|studies|"
    r"information|knowledge|trials|literature|understanding|guidance|consensus|clarity|certainty|insights?|documentation|"
    r"validations?|adaptations|replications?|comparisons|investigations|evaluations)\b",
    r"\b(?:knowledge|research|evidence|data)\s+gaps?\b|\bgaps?\s+in\s+(?:the\s+|our\s+)?(?:[\w-]+\s+)?(?:knowledge|"
    r"literature|research|evidence|understanding)\b",
    r"\b(?:data|evidence|research|information|knowledge|literature|understanding|studies|reports|publications|estimates|"
    r"statistics|guidance|basis|base)\s+(?:[\w,()'\u2019-]+\s+){0,14}?(?:(?:is|are|remains?)\s+(?:still\s+|currently\s+|very\s+|extremely\s+|"
    r"also\s+|largely\s+)?(?:limited|lacking|scarce|sparse|insufficient|inconclusive|incomplete|inadequate|conflicting|"
    r"fragmentary|rudimentary|unavailable|hampered|hindered|impeded|scant|thin|still\s+(?:emerging|missing)|in\s+(?:its|their)\s+(?:infancy|"
    r"early\s+stages?)|mixed|poor|"
    r"weak|inconsistent|contradictory|equivocal|few|uncertain|not\s+(?:sufficiently\s+)?(?:strong|robust|"
    r"conclusive|sufficient))|(?:was|were)\s+(?:very\s+|also\s+)?(?:limited|scarce|sparse|insufficient|inconclusive|"
    r"conflicting|inconsistent|uncertain)|(?:has|have)\s+been\s+(?:largely\s+)?(?:hampered|hindered|impeded|constrained|"
    r"limited|slowed))\b",
    r"\b(?:future|further)\s+(?:[\w-]+\s+){0,3}?(?:research|studies|work|investigations?|trials|exploration|analys[ie]s)\s+(?:(?:on|of|in|"
    r"into|with|among|for|about|regarding|using)\s+(?:[\w-]+\s+){0,6}?|(?:(?:that|which)\s+[\w,'\u2019/-]+|\w+ing|(?:aimed|"
    r"designed|intended)\s+(?:at|to)|focused\s+on)\s+(?:[\w,'\u2019/-]+\s+){0,10}?)?(?:should|must|could(?!\s+not)|may(?!\s+not)|"
    r"might(?!\s+not)|will|would|can(?!not|\s+not)|is\s+needed|are\s+needed|is\s+required|are\s+required)\b",
    r"\bunanswered\s+questions?\b|\bopen\s+questions?\b|\b(?:unclear|unknown|uncertain)\s+(?:whether|if|how|why|what|"
    r"which|to\s+what\s+extent)\b|\bit\s+is\s+not\s+(?:yet\s+)?(?:known|clear)\b",
    rf"\b(?:has|have|is|are)\s+(?:yet|still)\s+to\s+be\b|\bnot\s+yet\s+(?:known|clear|established|understood|been|available)\b|"
    rf"\b(?:needs?|need)\s+to\s+be\s+(?:further\s+|better\s+|fully\s+)?{vocab.RESEARCH_VERB}\b|"
    rf"\bshould\s+be\s+(?:further\s+)?(?:investigated|explored|studied|examined|elucidated|clarified|validated|"
    rf"replicated)\b|\bshould\s+be\s+(?:further\s+confirmed|confirmed\s+(?:in|by)\s+(?:larger|further|future|other|"
    rf"additional|prospective|independent|more))\b|\b(?:findings|results|observations?|associations?|hypothes[ie]s|"
    rf"effects?)\s+(?:[\w-]+\s+){{0,3}}?should\s+be\s+confirmed\b",
    # gaps stated in the background or in passing (issue 14): "we know little about", "little
    # literature exists", "largely unstudied", "seldom reported", "no such study in humans"
    rf"\b(?:know|knew|understand)\s+(?:very\s+|relatively\s+|surprisingly\s+)?little\s+(?:of|{vocab.ABOUT})\b|"
    r"\b(?:little|less)\s+(?:\w+\s+)?(?:research|attention|work)\s+has\s+(?:been\s+)?\w+|"
    r"\bquestions\s+remain\b|\bwe\s+(?:still\s+)?need\s+to\s+(?:better\s+)?(?:understand|know|learn|determine)\b|"
    r"\blittle\s+(?:\w+\s+){0,2}?(?:is|has\s+been|was)\s+(?:currently\s+)?(?:known|understood|studied|reported)\b|"
    r"\blittle\s+(?:\w+\s+)?(?:literature|research|data|evidence|information)\s+(?:exists?|is\s+available|has\s+been)\b",
    r"\b(?:largely|still|remains?|is|are|relatively|poorly)\s+(?:un|under-?)(?:studied|explored|investigated|examined|"
    r"researched|characteri[sz]ed)\b|\b(?:is|are|has|have)\s+(?:been\s+)?(?:seldom|rarely|never|less|poorly|"
    r"infrequently|scarcely|not\s+(?:before|previously))\s+(?:been\s+)?(?:reported|described|studied|investigated|examined|documented|evaluated|assessed)\b|"
    r"\b(?:is|are)\s+(?:still\s+)?poorly\s+(?:understood|characteri[sz]ed)\b|\b(?:is|are|remains?)\s+(?:still\s+|"
    r"widely\s+)?(?:debated|disputed)\b|\b(?:is|are|remains?)\s+(?:largely\s+|mostly\s+)?anecdotal\b",
    r"\bno\s+such\s+(?:study|studies|data|trials?|research|reports?)\b|"
    r"\b(?:studied|investigated|tested|examined|evaluated)\s+only\s+in\s+(?:animals|rodents|vitro|rats|mice)\b",
    r"\bthere\s+(?:is|are)\s+(?:currently\s+|still\s+|as\s+yet\s+|yet\s+)?no\s+(?:[\w-]+\s+){0,2}?(?:(?:or|and)\s+[\w-]+\s+)?"
    r"(?:guidelines?|treatments?|therap(?:y|ies)|medications?|cure|standards?|protocols?|recommendations|study|criteria|"
    r"biomarkers?|vaccines?|instruments|medicines?|drugs?|remed(?:y|ies)|options)\b"
    r"(?!-|\s+(?:effects?|differences?|groups?|arms?|related|interactions?|use))",
    r"\b(?:no|few|very\s+few)\s+(?:[\w-]+\s+)?(?:stud(?:y|ies)|trials?|reports?)\s+(?:[\w-]+\s+){0,4}?(?:have\s+|has\s+)?"
    r"(?:examined|investigated|evaluated|assessed|explored|addressed|described|focused|studied|compared|reported|"
    r"measured|included|looked|identified|categori[sz]ed|quantified|documented|characteri[sz]ed|mapped|"
    r"synthesi[sz]ed|tested|analy[sz]ed|considered|tracked|estimated|determined)\b",
    r"\b(?:future|further)\s+(?:[\w-]+\s+)?(?:research|studies|work|investigations?|trials)\s+(?:needs?\s+to|ought\s+to)\b|"
    r"\b(?:studies|research|trials?|investigations?)\b[^.;]{0,60}?\bshould\s+be\s+(?:conducted|performed|undertaken|"
    r"carried\s+out|done|designed|pursued)\b|\b(?:studies|research|trials)\s+(?:[\w-]+\s+){0,5}?should\s+(?:include|"
    r"incorporate|address|focus|examine|investigate|explore|assess|evaluate|compare|consider|aim)\b|"
    r"\b(?:limited|scant|sparse|little|insufficient)\s+(?:[\w-]+\s+){0,2}?(?:data|evidence|information|research|"
    r"literature)\s+(?:was|were)\s+available\s+(?:on|about|regarding|concerning|for\s+th(?:e|is|ese))\b",
    r"\bif\s+(?:reproduced|replicated|confirmed|validated|corroborated)\b|"
    r"\b(?:not\s+possible|impossible)\b[^.;]{0,60}\b(?:based\s+on|from|given)\s+(?:the\s+)?(?:current\s+|available\s+|"
    r"existing\s+|published\s+)?(?:literature|evidence|data|studies)\b",
    r"\b(?:despite|given|due\s+to|because\s+of)\s+(?:the\s+|our\s+)?(?:very\s+)?(?:limited|insufficient|incomplete|poor|scant)\s+"
    r"(?:knowledge|understanding|evidence|data|information|research)\b",
    # round 3: "no formal guidance exists", "only a handful of reports", "little evidence to guide"
    r"\bno\s+(?:formal|approved|established|standard|evidence-based|specific|effective|validated|agreed|definitive|"
    r"curative|proven)\s+(?:[\w-]+\s+)?"
    r"(?:guidance|guidelines?|treatments?|therap(?:y|ies)|protocols?|recommendations|consensus|tools?)\s+(?:exists?|(?:is\s+|"
    r"are\s+|currently\s+)?available|has\s+been|have\s+been)\b|\bonly\s+(?:a\s+)?(?:handful|few|small\s+number|limited\s+"
    r"number)\s+(?:of\s+)?(?:[\w-]+\s+)?(?:studies|reports|trials|papers|publications|investigations)\b|"
    r"\b(?:have|has|with|offers?|provides?)\s+(?:very\s+)?(?:little|limited|scant)\s+(?:[\w-]+\s+)?(?:evidence|data|"
    r"guidance|information)\s+(?:to\s+guide|on\s+which\s+to)\b|\b(?:trials|tools|instruments|biomarkers|treatments|therapies|"
    r"guidelines|measures|methods)\s+(?:[\w-]+\s+){0,6}?(?:are|is|remain)\s+"
    r"(?:still\s+|currently\s+)?(?:lacking|scarce|missing|absent)\b",
    r"\b(?:merits?|deserves?|warrants?)\s+(?:serious|scientific|closer|detailed|systematic|in-depth|thorough|careful)\s+"
    r"(?:[\w-]+\s+)?(?:research|study|investigation|attention|scrutiny|evaluation)\b",
    # round 4 (silver text): gaps said as absence ("no explanation is available", "no such
    # experiments were reported so far"), studies "not designed to", treatment "lacking",
    # "awaits confirmation", "yet to be explored", "too few to allow conclusions", "premature to"
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:explanations?|relationships?|associations?|links?|data|evidence|experiments|studies|"
    r"reports|information|consensus|agreement)\s+(?:[\w-]+\s+){0,6}?(?:is|are|has\s+been|have\s+been)\s+(?:yet\s+|"
    r"currently\s+|as\s+yet\s+)?(?:available|documented|established|known|agreed)\b|\bno\s+(?:[\w-]+\s+)?(?:experiments|"
    r"studies|trials|data|reports|investigations|cases)\s+(?:(?:of|on|in|into|with|for)\s+(?:[\w-]+\s+){0,5}?)?(?:were|"
    r"have\s+been|has\s+been|had\s+been)\s+(?:reported|"
    r"published|conducted|performed|done|described)\s+(?:thus\s+far|so\s+far|to\s+date|until\s+now|previously)\b",
    r"\b(?:studies|study|trials?)\s+(?:were|was|are|is)\s+not\s+(?:designed|powered|able)\s+to\b|"
    r"\black(?:s|ing)?\s+(?:of\s+)?(?:an?\s+|any\s+)?(?:established|effective|approved|standard|specific|proven|validated|"
    r"evidence-based|definitive|reliable|sensitive)\s+(?:[\w-]+\s+)?(?:treatments?|therap(?:y|ies)|cures?|guidelines?|"
    r"biomarkers?|tests|modalities|tools)\b",
    r"\b(?:warrants?|warranting|merits?|deserves?|awaits?|awaiting)\s+(?:[\w-]+\s+)?(?:verification|confirmation|"
    r"validation|replication|corroboration|elucidation|clarification|exploration)\b|\byet\s+to\s+be\s+(?:fully\s+|"
    rf"further\s+|properly\s+|systematically\s+)?(?:{vocab.RESEARCH_VERB}|reported|documented|identified|resolved|proven)\b",
    r"\b(?:too\s+(?:few|small|limited|scarce|sparse|heterogeneous)|insufficient|inadequate)\b[^.;]{0,60}?\bto\s+(?:allow|"
    r"permit|draw|reach|make|support|justify)\s+(?:[\w-]+\s+){0,2}?(?:conclusions?|recommendations?|inferences?)\b|"
    r"\bno\s+(?:firm|definite|definitive|clear|reliable|robust)\s+conclusions?\s+(?:can|could|may)\s+be\s+"
    r"(?:drawn|made|reached)\b|\buntil\s+(?:there\s+(?:is|are)\s+)?(?:further|more|additional|larger|better|controlled|adequate|"
    r"rigorous|randomi[sz]ed)\s+(?:[\w-]+\s+)?(?:data|evidence|"
    r"studies|research|trials|information)\b|\b(?:is|are|seems?|appears?|would\s+be)\s+(?:\w+\s+)?premature\s+to\s+"
    r"(?:conclude|recommend|draw|discard|advocate|endorse|state|assume|make)\b",
    r"\b(?:there\s+(?:is|was|remains)\s+(?:still\s+)?(?:considerable\s+|substantial\s+|much\s+|great\s+|some\s+)?|"
    rf"(?:considerable|substantial|much|great|important)\s+)uncertainty\s+(?:in|{vocab.ABOUT})\b|"
    r"\bwith\s+(?:as\s+yet\s+|still\s+|largely\s+|mostly\s+|often\s+|poorly\s+)?(?:unknown|uncertain|unclear|unproven|"
    r"understood|uncharacteri[sz]ed)\s+(?:[\w-]+\s+)?"
    r"(?:efficacy|effectiveness|effects?|safety|benefits?|value|significance|mechanisms?)\b",
    r"\bwe\s+are\s+(?:very\s+|still\s+)?uncertain\s+(?:about|whether|if|how|of)\b|\b(?:unable|failed)\s+to\s+(?:identify|"
    r"find|locate)\s+any\s+(?:[\w-]+\s+)?(?:studies|trials|reports|data|evidence)\b|\b(?:poorly|incompletely|"
    r"insufficiently)[\s-]understood\b|\b(?:subject|matter|source)\s+of\s+(?:(?:ongoing|much|considerable|continuing|"
    r"intense|some|great)\s+)?(?:debate|controversy|dispute|speculation)\b|\b(?:still|ongoing)\s+(?:an?\s+)?(?:subject|"
    r"matter)\s+of\s+discussion\b|\b(?:is|are|remains?)\s+(?:still\s+)?(?:in\s+dispute|under\s+debate|open\s+to\s+"
    r"(?:debate|question))\b|\bno\b[^.;]{0,80}?\b(?:described|reported|documented)\s+in\s+the\s+literature\b|"
    r"\b(?:inconsistent|conflicting|contradictory)\s+(?:results|findings|evidence)\b|\bnot\s+reported\s+(?:in|by)\s+"
    r"(?:most|many|any|all|several|some|the)\s+(?:of\s+the\s+)?(?:included\s+)?(?:studies|trials)\b|\b(?:in|by)\s+only\s+"
    r"(?:a\s+few|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:of\s+the\s+)?(?:included\s+)?(?:studies|"
    r"trials)\b",
    r"\b(?:have|has)\s+not\s+found\s+(?:any\s+)?(?:information|data|studies|reports|evidence)\s+(?:on|about|regarding|"
    r"concerning)\b|\b(?:provides?|offers?|gives?)\s+(?:very\s+)?(?:little|limited|no)\s+(?:direction|guidance)\b|"
    r"\b(?:is|are|remains?)\s*,?\s+(?:\w+,?\s+)?questioned\s*(?:[.;,]|$|by\b)|\b(?:requires?|needs?|warrants?)\s+(?:an?\s+|"
    r"further\s+)?(?:prospective|randomi[sz]ed|controlled|larger|multicent(?:er|re)|long-term)\s+(?:[\w-]+\s+)?(?:study|"
    r"studies|trials?|investigation|evaluation)\b",
    r"\bneed\s+for\s+(?:an?\s+)?(?:further|more|additional|larger|future|new|randomi[sz]ed|controlled|prospective|long-term|"
    r"multicent(?:er|re)|systematic|comparative|well-designed|rigorous|quality|high-quality|good-quality|"
    r"higher-quality|better|stronger|robust|reliable|solid)\s+(?:[\w-]+\s+){0,3}?(?:research|studies|study|trials?|"
    r"investigations?|work|data|evidence)\b|\b(?:remains?\s+(?:still\s+)?|(?:is|are)\s+still\s+)under\s+(?:investigation|study|debate)\b|"
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:studies|trials|RCTs)\s+(?:were|have\s+been|was)\s+(?:identified|found|located|retrieved)\b|"
    r"\bit\s+is\s+(?:now\s+)?timely\s+to\s+(?:investigate|explore|examine|study|evaluate|assess|determine)\b",
    rf"(?<!should\s)(?<!must\s)\b(?:raises?|raising|poses?|posing|prompts?|prompting|leaves?\s+open|leaving\s+open)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:questions?|doubts?)\s+(?:of|whether|if|how|why|what|which|{vocab.ABOUT})\b|"
    r"\b(?:identified|found|located|retrieved)\s+no\s+(?:[\w-]+\s+){0,2}?(?:trials|studies|RCTs|reports)\b|\bnone\s+of\s+"
    r"the\s+(?:[\w-]+\s+)?(?:studies|trials|reviews|RCTs)\s+(?:[\w-]+\s+){0,2}?(?:reported|assessed|measured|examined|"
    r"evaluated|investigated|addressed|studied|looked)\b|\b(?:insufficient|inadequate|limited|scant)\s+(?:[\w-]+\s+)?"
    r"(?:data|evidence|information)\s+(?:to|for)\s+(?:evaluate|assess|determine|draw|support|establish|judge|recommend|"
    r"guide|conclude)\b|\b(?:found|provides?|provided|showed|yielded)\s+(?:only\s+)?(?:limited|insufficient|scant|"
    r"sparse|weak)\s+(?:[\w-]+\s+)?(?:evidence|data)\b|\b(?:much|more|further|considerable)\s+(?:work|research)\s+(?:remains|is\s+still\s+needed|"
    r"still\s+needs)\b",
    r"\blimitations?\b(?!\s*:)[^.;]{0,160}\b(?:small\s+sample|lack\s+of|cannot|could\s+not|unable\s+to|not\s+possible)\b",
    # round 5: the slots filled from shared vocabularies ("there is limited understanding", "with
    # little knowledge of", "there is still controversy", "too few have been studied", "poorly defined")
    r"\bthere\s+(?:is|are|remains?|exists?)\s+(?:currently\s+|still\s+|only\s+|very\s+|relatively\s+|as\s+yet\s+)?"
    rf"(?:{vocab.SCANT}|poor|incomplete|fragmentary)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:understanding|insights?|clarity|certainty|documentation)\b|\b(?:with|despite|given)\s+"
    r"(?:the\s+|our\s+|a\s+)?(?:very\s+|still\s+|relatively\s+)?(?:limited|little|poor|incomplete|insufficient|scant)\s+"
    r"(?:[\w-]+\s+)?(?:understanding|knowledge)\s+(?:of|about|regarding|on|concerning)\b",
    r"\bthere\s+(?:is|remains|exists)\s+(?:still\s+|also\s+)?(?:an?\s+|much\s+|some\s+)?(?:[\w-]+\s+)?"
    r"(?:controversy|debate|disagreement|confusion)\b|\b(?:controversy|debate|disagreement)\s+(?:still\s+)?(?:exists|"
    r"persists|remains|continues|surrounds)\b|\btoo\s+few\s+(?:[\w-]+\s+){0,3}?(?:have|has|had)\s+been\s+(?:studied|"
    r"reported|examined|described|investigated|evaluated|published)\b",
    r"\b(?:remains?|is|are)\s+(?:still\s+|largely\s+)?(?:an?\s+)?(?:\w+\s+)?(?:mystery|enigma|puzzle|conundrum)\b|"
    r"\bpoorly[\s-](?:known|studied|researched|characteri[sz]ed)\b|\b(?:conclusions?|recommendations)\s+(?:are|is|remain)\s+"
    r"(?:still\s+)?(?:difficult|hard|impossible)\s+to\s+(?:reach|draw|make)\b|\b(?:too\s+early|premature)\s+to\s+(?:say|"
    r"tell|know|judge)\b|\b(?:questionable|doubtful|debatable)\s*(?:,\s*\w+\s*,)?\s+(?:whether|if)\b|\b(?:awaits?|awaiting|"
    r"(?:will|must)\s+await)\s+(?:[\w-]+\s+){0,3}?(?:studies|trials|research|investigation|data|evidence)\b|"
    r"\b(?:deserves?|merits?|worthy\s+of)\s+(?:\w+\s+){0,2}?(?:investigation|study|research|exploration|evaluation|"
    r"attention|scrutiny)\b|\b(?:proved|proven|"
    r"remained)\s+(?:\w+\s+)?elusive\b|\b(?:will|would)\s+(?:have|need)\s+to\s+be\s+(?:further\s+)?(?:determined|established|"
    r"investigated|studied|explored|clarified|confirmed|evaluated|assessed|developed)\b|\b(?:the|a|an)\s+(?:\w+\s+)?question\s+"
    r"remains\b|"
    rf"\b(?:as\s+yet|still)\s+{vocab.UNKNOWN}\b|\b(?:explored|studied|investigated|examined|researched)\s+"
    r"only\s+(?:minimally|rarely|superficially|partially|sporadically|to\s+a\s+limited\s+extent)\b|\b(?:our|the|current|present)\s+(?:limited|poor|"
    r"incomplete|insufficient)\s+(?:scientific\s+)?understanding\s+of\b|\b(?:studies|reports|research|trials|literature)\s+"
    r"(?:[\w-]+\s+){0,5}?(?:have|has)\s+(?:largely\s+|often\s+|generally\s+|mostly\s+)?lacked\b|\b(?:called|brought)\s+in(?:to)?\s+question\b|"
    r"\b(?:little|limited|scant|weak|insufficient|no)\s+(?:[\w-]+\s+)?(?:evidence|data)\s+(?:supports?|exists?|to\s+support)\b|"
    r"\b(?:is|are|remains?)\s+(?:still\s+|currently\s+)?(?:difficult|hard|impossible)\s+to\s+(?:predict|quantify|estimate|"
    r"ascertain|know)\b|\b(?:replication|validation|corroboration)\s+(?:[\w-]+\s+){0,6}?(?:is|are|will\s+be|would\s+be)\s+"
    r"(?:\w+\s+)?(?:needed|required|necessary|warranted|essential)\b|\bgaps?\s+(?:still\s+)?(?:remain|exist|persist)\b|"
    r"\bquestions?\s+(?:[\w-]+\s+){0,6}?remains?\s+open\b|\b(?:require|requires|need|needs)\s+(?:\w+\s+)?(?:testing|"
    r"evaluation|validation|confirmation|replication)\s+in\s+(?:\w+\s+){0,3}?(?:studies|trials|samples|cohorts|"
    r"populations)\b|\bfar\s+from\s+(?:settled|clear|resolved|understood|established|conclusive)\b|"
    r"\b(?:more|further|additional|larger)\s+(?:[\w-]+\s+)?(?:cases|case\s+series|patients|samples|series|cohorts)\s+(?:are|"
    r"is|will\s+be|would\s+be)\s+(?:\w+\s+)?(?:needed|required|necessary|warranted)\b|"
    r"\b(?:evidence|literature|data|knowledge|information|understanding)\s+(?:[\w-]+\s+){0,6}?(?:(?:is|are)\s+(?:mainly|largely|mostly|primarily|"
    r"predominantly|still)\s+(?:based\s+on|derived\s+from|confined\s+to|restricted\s+to)|consists?\s+(?:mainly\s+|largely\s+|"
    r"mostly\s+|primarily\s+)?of|(?:is|are)\s+dominated\s+by)\s+(?:[\w,-]+\s+){0,2}?(?:case|animal|anecdotal|preclinical|"
    r"uncontrolled|observational|in\s+vitro|retrospective|self-report\w*|surveys?|online|cross-sectional)\b|\b(?:few|limited|no)\s+(?:evidence-based|effective|approved|"
    r"proven|therapeutic|treatment|pharmacological|pharmacologic)\s+(?:treatment\s+)?options\b|\bcannot\s+be\s+(?:ruled\s+"
    r"out|excluded|determined|established|answered|assessed)\s+(?:\w+\s+){0,2}?(?:given|from|based\s+on|with)\s+(?:the\s+)?"
    r"(?:current|available|existing|present)\s+(?:data|evidence|literature|studies)\b|"
r"\b(?:evidence|data|studies|literature)\s+(?:do|does)\s+not\s+(?:yet\s+)?(?:allow|permit|support|justify)\s+(?:any\s+|"
    r"firm\s+|definitive\s+|clear\s+)?(?:conclusions?|recommendations?)\b|\bno\s+(?:[\w-]+\s+){0,2}?(?:trials?|studies|"
    r"study)\s+(?:(?:of|on|in|into|with|for|comparing)\s+(?:[\w-]+\s+){0,5}?)?(?:has|have)\s+(?:yet\s+|ever\s+)?been\s+"
    r"(?:conducted|performed|published|undertaken|done|carried\s+out|reported)\b|\bfew\s+(?:investigators|researchers|"
    r"authors)\s+have\b|"
    rf"\b{vocab.NEED_NOUN}\s+(?:[\w,-]+\s+){{0,10}}?(?:further|more|additional|future)\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:research|studies|investigations?|trials)\b|\b(?:have|has)\s+yet\s+to\s+(?:identify|determine|establish|clarify|"
    r"understand|explain|examine|investigate|study|explore|demonstrate|resolve|confirm|define|characteri[sz]e|elucidate|"
    r"evaluate|assess|test|replicate)\b|\b(?:under-?studied|under-?researched|under-?explored|unexplored|neglected|"
    r"overlooked)\s+(?:area|topic|field|aspect|question|issue|population|subject|domain)\b|\bshould\s+be\s+(?:addressed|"
    r"examined|explored|investigated|tested|evaluated|assessed|studied)\s+in\s+(?:future|further|larger|prospective|"
    r"subsequent|additional|controlled|randomi[sz]ed)\b|\b(?:recommendations|guidelines|treatments?|therap(?:y|ies)|data|"
    r"studies|trials|tools|criteria|biomarkers|measures|instruments|guidance)\s+(?:[\w-]+\s+){0,5}?(?:do|does)\s+not\s+"
    r"(?:yet\s+|currently\s+)?exist\b|\b(?:understanding|knowledge|research|evidence|science)\s+(?:[\w-]+\s+){0,4}?lags?\s+"
    r"behind\b|"
    r"\b(?:stimulate|prompt|encourage|motivate|invite|promote)s?\s+(?:further|more|additional|future)\s+(?:[\w-]+\s+)?(?:research|"
    r"studies|study|investigations?|work|exploration)\b|\b(?:need|necessity)\s+(?:for|of)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:studies|research|trials|investigations)\b|\bthere\s+(?:are|remain)\s+(?:still\s+)?(?:many|several|"
    rf"numerous|important|a\s+number\s+of)\s+(?:\w+\s+)?questions\s+{vocab.ABOUT}\b|"
    r"\b(?:we|researchers|clinicians|scientists)\s+(?:still\s+)?(?:do\s+not|don't|cannot|can\s*not)\s+(?:yet\s+|fully\s+|"
    r"really\s+)?(?:know|understand|explain)\b|\bnot\s+(?:yet\s+)?(?:fully|completely|entirely|clearly|well)\s+(?:understood|"
    r"elucidated|characteri[sz]ed|known|explained|established|clarified)\b|\b(?:unresolved|unanswered|unsettled)\s+"
    r"(?:issues?|problems?|questions?)\b|\bonly\s+(?:one|two|three|four|five|\d+)\s+(?:[\w-]+\s+){0,2}?(?:studies|study|"
    r"trials?|reports?|series|articles|papers|publications)\s+(?:[\w-]+\s+){0,4}?(?:have|has)\s+(?:been\s+)?(?:examined|investigated|evaluated|assessed|"
    r"reported|described|published|addressed|conducted)\b",
    r"\b(?:received|receives|attracted|drawn|garnered|gotten|got|gets|seen)\s+(?:relatively\s+|very\s+|surprisingly\s+)?(?:little|limited|scant|"
    r"less|minimal|insufficient)\s+(?:research\s+|scientific\s+|clinical\s+)?(?:attention|interest|study|investigation|"
    r"scrutiny|research|examination|focus)\b|\b(?:has|have)\s+been\s+(?:largely\s+|mostly\s+|often\s+|relatively\s+)?neglected\b|\bin\s+(?:its|their)\s+"
    r"infancy\b|\b(?:no|little|limited)\s+(?:clear\s+|general\s+)?(?:consensus|agreement)\s+(?:exists|has\s+been\s+reached|"
    r"on|about|regarding|as\s+to)\b|\b(?:remains?|is|are)\s+(?:still\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?(?:area|subject|"
    r"topic|focus|matter)\s+of\s+(?:ongoing|active|current|intense|continuing|further)\s+(?:research|investigation|study|"
    r"inquiry|debate)\b|\b(?:still\s+|currently\s+)?lacks?\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){0,2}?(?:understanding|consensus|"
    r"knowledge|research|studies|trials|information|guidance|guidelines|data|evidence(?!\s+(?:of|for)\b))\b",
    r"\b(?:is|are|remains?|has\s+been|have\s+been)\s+(?:still\s+|largely\s+|currently\s+|only\s+)?(?:poorly|"
    r"incompletely|insufficiently|inadequately)\s+(?:characteri[sz]ed|described|documented|explored|investigated|"
    r"studied|known|elucidated|established|explained)\b",
    # end of session: guidance or data that people "have no" of; evidence that exists "only" in animals
    r"\b(?:have|has)\s+(?:no|little|limited)\s+(?:evidence-based\s+|formal\s+|clear\s+|reliable\s+|specific\s+)?"
    r"(?:guidance|guidelines|evidence|data)\s+(?:on|for|about|regarding|concerning|to\s+guide)\b"
    r"(?!\s+(?:the\s+|these\s+|those\s+)?(?:remaining|other|rest|\d))|\bonly\s+(?:animal|"
    r"preclinical|rodent|in\s+vitro|anecdotal|case)\s+(?:[\w-]+\s+)?(?:data|studies|evidence|reports|research)\s+"
    r"(?:exists?|are\s+available|is\s+available|have\s+been\s+(?:published|reported))\b",
    # round 6 (topic batches K, W, P): "not yet shown" ("claims are unsubstantiated", "is not
    # scientifically evaluated"), a design that "could assess", "not enough evidence exists",
    # weak evidence that "limits conclusions", "also unknown is", "recommend future studies",
    # "requires X and further studies", and rarity only when said of reports on a topic
    r"\b(?:is|are|remains?)\s+(?:still\s+|as\s+yet\s+|largely\s+|mostly\s+|currently\s+|scientifically\s+)?(?:unsubstantiated|"
    r"unvalidated)\b|\b(?:is|are)\s+not\s+(?:yet\s+)?(?:scientifically|systematically|formally|properly|adequately|"
    r"rigorously|experimentally|empirically)\s+(?:evaluated|studied|tested|investigated|validated|proven|demonstrated|"
    r"substantiated|researched|verified|established|assessed|examined)\b|\b(?:is|are)\s+(?:(?:still|as\s+yet)\s+not|not\s+yet)\s+"
    r"(?:evaluated|studied|tested|investigated|validated|proven|demonstrated|substantiated|researched|verified)\b",
    r"\b(?:controlled|blinded|double-blind(?:ed)?|placebo-controlled|randomi[sz]ed|prospective|longitudinal|larger|"
    r"well-designed|large-scale|multicent(?:er|re)|mechanistic|experimental)\s*,?\s+(?:[\w-]+\s*,?\s+){0,3}?(?:studies|"
    r"trials|experiments|investigations|research)\s+(?:could|would|will|may|might|should|can)\s+(?:help\s+(?:to\s+)?|"
    r"further\s+|better\s+)?(?:assess|clarify|determine|establish|examine|investigate|explore|elucidate|address|test|"
    r"confirm|answer|resolve|evaluate|verify|ascertain)\b",
    r"\bnot\s+enough\s+(?:[\w-]+\s+)?(?:evidence|data|information|research|studies)\s+(?:exists?|is\s+available|are\s+"
    r"available|(?:yet\s+)?to\s+(?:compare|recommend|support|conclude|determine|establish|draw|assess|evaluate|make|guide|"
    r"confirm))\b|\b(?:poor|low|weak|limited|insufficient|sparse|scarce|heterogeneous|conflicting)[\s-]+(?:[\w-]+\s+)?"
    r"(?:evidence|data|literature)\s+(?:[\w-]+\s+)?(?:limits?|precludes?|prevents?|hampers?|restricts?|hinders?)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:conclusions?|inferences?|recommendations?|interpretation)\b",
    r"\b(?:(?:also|still|equally|even\s+less|less|as\s+yet|largely)\s+)?(?:unknown|unclear|uncertain|unexplored|unstudied|"
    r"poorly\s+understood)\s+(?:is|are)\s+(?:the|whether|how|if|what|why|which|its|their)\b|\b(?:recommends?|recommended|"
    r"suggests?|proposes?|advocates?|urges?)\s+(?:that\s+)?(?:future|further|more|additional|larger|longitudinal|"
    r"prospective)\s+(?:[\w-]+\s+){0,3}?(?:research|studies|study|investigations?|trials|work)\b|\b(?:requires?|required|"
    r"necessitates?|demands?)\s+(?:[\w,-]+\s+){0,8}?(?:further|more|additional|larger|future)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:research|studies|investigations?|trials)\b",
    r"\b(?:data|evidence|research|information|knowledge|literature|studies|reports(?!\s+of\b)|publications)\s+"
    r"(?:[\w,()'\u2019-]+\s+){0,14}?(?:is|are|remains?)\s+(?:still\s+|currently\s+|very\s+|extremely\s+|also\s+)?rare\b",
    # round 7 (topic batch V): the missing thing after the verb ("lacking is a direct comparison"),
    # what is left for future work ("hypotheses for future examination", "questions for further
    # study") and a need for better treatments ("better agents are needed", "the need for new drugs")
    rf"{vocab.CLAUSE_START}(?:lacking|missing|wanting|absent){vocab.ASIDE}\s+(?:is|are|remains?)\s+(?!\d)",
    rf"\b(?:hypothes[ie]s|questions?)\s+for\s+(?:future|further|subsequent|later)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"{vocab.FUTURE_WORK}\b|\b(?:targets?|leads)\s+for\s+(?:future|subsequent)\s+(?:[\w-]+\s+){{0,2}}?{vocab.FUTURE_WORK}\b",
    rf"{vocab.BETTER_TREATMENT}\s+(?:[\w-]+\s+){{0,6}}?(?:is|are)\s+(?:still\s+|urgently\s+|clearly\s+|sorely\s+|badly\s+|"
    rf"greatly\s+|critically\s+|therefore\s+|thus\s+)?(?:needed|required|warranted|necessary|desirable|awaited)\b"
    rf"(?!\s+to\s+(?:be|have|undergo|carry|bear)\b)|\bneed(?:s|ed)?\s+(?:for|to\s+(?:develop|discover|identify|find|"
    rf"design))\s+(?:the\s+)?(?:(?:development|discovery|identification)\s+of\s+)?(?:[\w-]+\s+)?{vocab.BETTER_TREATMENT}\b",
    # round 8 (topic batches U and T): a literature thin "in the medical literature", an unknown
    # only "beginning to be understood", current uncertainties, future work as a condition ("but
    # only after its dose is further studied"), a design that "may provide insights", decisions
    # "to be informed by further research", and reporting that "would improve the quality of" evidence
    r"\b(?:sparse|scarce|lacking|scant|limited|few|absent|missing|under-?represented)\s+in\s+the\s+(?:medical|"
    r"scientific|published|peer-reviewed|clinical|biomedical|academic|research|current|existing|available)\s+literature\b|"
    r"\b(?:only|just)\s+(?:now\s+|recently\s+)?(?:beginning|starting)\s+to\s+(?:be\s+(?:\w+\s+)?(?:understood|explored|"
    r"studied|investigated|examined|elucidated|appreciated|recogni[sz]ed|characteri[sz]ed|unravell?ed|addressed|"
    r"clarified|uncovered|described)|understand|explore|study|investigate|examine|elucidate|appreciate|unravel|grasp|"
    r"emerge)\b",
    rf"\b(?:current|remaining|persisting|persistent|ongoing|many|several|key|important|major|considerable|"
    rf"substantial|significant|great|numerous)\s+uncertaint(?:y|ies)\s+{vocab.ABOUT}\b|\buncertainties\s+(?:still\s+)?"
    rf"(?:remain|exist|persist|surround)\b",
    r"\b(?:only\s+after|until|unless|once)\s+(?:[\w,'\u2019-]+\s+){1,12}?(?:is|are|has\s+been|have\s+been|can\s+be|"
    r"could\s+be)\s+(?:further|better|more\s+(?:fully|thoroughly|closely)|properly|adequately|systematically|rigorously|"
    r"thoroughly|fully)\s+(?:investigated|studied|explored|understood|elucidated|characteri[sz]ed|clarified|established|"
    r"known|researched|validated|confirmed|defined|quantified)\b",
    r"\b(?:in\s+vivo|in\s+vitro|follow-up|further|future|additional|larger|controlled|prospective|longitudinal|"
    r"randomi[sz]ed|mechanistic|comparative)\s+(?:[\w-]+\s+){0,3}?(?:studies|trials|experiments|investigations|"
    r"research|work)\s+(?:(?:in|on|with|of|using)\s+(?:[\w-]+\s+){1,3}?)?(?:could|would|will|may|might)\s+(?:also\s+|"
    r"further\s+|help\s+(?:to\s+)?)?(?:provide|give|yield|offer|shed|bring|generate)\s+(?:\w+\s+){0,2}?(?:insights?|"
    r"light|clues|answers|information|understanding|evidence|data)\b",
    r"\bfuture\s+(?:[\w-]+\s+){0,3}?(?:decisions?|polic(?:y|ies)|regulations?|guidelines|recommendations|legislation|"
    r"practices?|interventions|programs?|programmes?)\s+(?:should|must|need\s+to|ought\s+to|will\s+need\s+to)\s+be\s+"
    r"(?:informed|guided|based|grounded|shaped|underpinned)\s+(?:by|through|on|upon|in|with)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:research|studies|evidence|data|trials|science)\b|\b(?:should|must|need\s+to|ought\s+to|will\s+need\s+to)\s+be\s+"
    r"(?:informed|guided|based|grounded|shaped)\s+(?:by|through|on|upon)\s+(?:further|more|additional|future|new|better|"
    r"rigorous|high-quality)\s+(?:[\w-]+\s+){0,2}?(?:research|studies|evidence|data|trials)\b",
    r"\b(?:would|will|could|should|may|might)\s+(?:help\s+(?:to\s+)?|further\s+|greatly\s+|substantially\s+)?(?:improve|"
    r"strengthen|enhance)\s+the\s+(?:quality|rigou?r|reliability|validity|usefulness)\s+(?:and\s+\w+\s+)?of\s+(?:the\s+)?"
    r"(?:future\s+)?(?:case\s+reports|reports|research|studies|evidence|data|reporting|trials|literature)\b",
    # round 9 (held-out batches Z, Z2): a need as a noun with a research verb ("a need to develop and
    # test the effectiveness of", "the need to determine whether"), a field studied one way and
    # little another, earlier attempts with mixed success, a search that finds only a few reports,
    # weak or conflicting evidence said with "there is", a method useful for studies to uncover
    rf"\b(?:a|an|the)\s+(?:[\w-]+\s+)?(?:need|necessity)\s+to\s+(?:\w+\s+(?:and|or)\s+)?(?:further\s+|better\s+|fully\s+|"
    rf"systematically\s+|rigorously\s+|formally\s+)?(?:{vocab.INQUIRE}\b|{vocab.APPRAISE}\b)",
    rf"\b(?:has|have)\s+(?:so\s+far\s+|to\s+date\s+|thus\s+far\s+|until\s+now\s+|hitherto\s+)?(?:been\s+)?(?:{vocab.FOCUS}\s+"
    rf"(?:been\s+)?{vocab.LOOKED}|{vocab.LOOKED}\s+{vocab.FOCUS})\b[^.;]{{0,120}}?(?:(?:\bbut|\bwhile|\bwhereas|,?\s+with|"
    r"\band|\bnot)\s+(?:\w+\s+){0,3}?(?:less|little|rarely|seldom|few|not|scarcely|hardly|neglect\w*|overlook\w*|"
    r"ignor\w*)\b|\brather\s+than\b|\binstead\s+of\b)",
    r"\b(?:(?:previous|prior|earlier|past|existing|published|several|many|numerous|repeated|various|most)\s+(?:[\w-]+\s+)"
    r"{0,2}?(?:attempts|efforts|studies|research|investigations|trials|work|reports|approaches|experiments)|attempts|"
    r"efforts)\b[^.;]{0,120}?\b(?:have|has)\s+(?:so\s+far\s+|to\s+date\s+|thus\s+far\s+)?(?:met\s+with|had|achieved|shown|"
    r"yielded|produced|given|provided|generated|been\s+met\s+with)\s+(?:only\s+|very\s+)?(?:mixed|limited|little|variable|"
    r"modest|inconsistent|conflicting|equivocal|contradictory|partial|uneven|no|disappointing|poor)\s+(?:\w+\s+)?"
    r"(?:success|results|findings|outcomes|evidence)\b|\b(?:results|findings|outcomes|data)\s+(?:of|from)\s+(?:previous|"
    r"prior|earlier|past|existing|published)\s+(?:[\w-]+\s+){0,3}?(?:studies|trials|research|reports|work|experiments)\b"
    r"[^.;]{0,80}?\b(?:have\s+been|are|remain)\s+(?:\w+\s+)?(?:mixed|inconsistent|conflicting|contradictory|equivocal|"
    r"inconclusive|variable|disappointing)\b",
    r"\b(?:search\w*|(?:review|survey)\s+of\s+the\s+(?:[\w-]+\s+)?literature|literature\s+(?:review|search)|PubMed|MEDLINE|"
    r"Embase|Scopus|databases?)\b[^.;]{0,100}?\b(?:reveal(?:s|ed)?|yield(?:s|ed)?|found|finds|identif(?:y|ies|ied)|"
    r"retriev(?:es|ed)|return(?:s|ed)|show(?:s|ed)?|uncover(?:s|ed)|produce[sd]?|locate[sd]?|turn(?:s|ed)\s+up)\s+(?:only|"
    r"just|merely|no|very\s+few|few|a\s+single)\s+(?:a\s+)?(?:handful\s+of\s+|single\s+|(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|a\s+few|\d+)\s+)?(?:[\w-]+\s+){0,2}?(?:case\s+series|case\s+reports?|reports?|studies|study|"
    r"trials?|articles?|papers?|publications?|descriptions)\b",
    rf"\bthere\s+(?:is|are|remains?|has\s+been|have\s+been)\s+(?:currently\s+|still\s+|only\s+|at\s+present\s+|as\s+yet\s+|"
    rf"so\s+far\s+)?(?:{vocab.AT_ODDS}\s+(?:[\w-]+\s+){{0,2}}?{vocab.EVIDENCE}\b|{vocab.WEAK}\s+(?:[\w-]+\s+){{0,2}}?"
    rf"{vocab.EVIDENCE}\b(?!\s+(?:that|to\s+suggest|suggesting)\b))",
    r"\b(?:may|might|could|would|should|will|can)\s+(?:also\s+|well\s+|therefore\s+|thus\s+|eventually\s+)?(?:be|prove"
    r"(?:\s+to\s+be)?)\s+(?:\w+\s+)?(?:useful|helpful|valuable|of\s+(?:use|value|help|interest)|instrumental)\b[^.;]{0,100}?"
    r"\b(?:studies|research|investigations?|experiments|work|trials|analyses)\s+(?:(?:aimed|designed|intended|needed)\s+"
    r"(?:at|to)\s+|that\s+(?:\w+\s+)?|to\s+)(?:uncover|elucidat|clarif|unravel|identif|determin|dissect|defin|"
    r"characteri[sz]|understand|explor|investigat|reveal|establish|examin|disentangl|delineat|map|pinpoint)\w*",
]
# fmt: on
