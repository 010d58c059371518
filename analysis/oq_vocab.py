"""Open questions: the vocabulary of each slot, shared by every gap family that has the slot.

Round 5 made one vocabulary per slot, so that a synonym seen with one wording counts with all
of them ("remains obscure", "is unexplained"); round 7 moved them here from open_questions.py.
Each is a regex source (a non-capturing group), compiled with IGNORECASE where it is used.
"""

from __future__ import annotations

# what research is called
STUDY = (
    r"(?:research|studies|study|trials?|investigations?|work|data|evidence|evaluation|examination|exploration|"
    r"validation|surveillance|analys[ie]s|efforts?|understanding|documentation|follow-up|comparisons?)"
)
# what further research "is"
NEED = r"(?:needed|required|warranted|necessary|essential|imperative|recommended|justified|called\s+for)"
# the needs above, and the words that only mean a need after research
STUDY_NEED = rf"(?:{NEED}|indicated|desirable|awaited|welcome|overdue)"
UNKNOWN = (
    r"(?:unclear|unknown|uncertain|obscure|unexplained|undetermined|undefined|unresolved|unsettled|"
    r"unsolved|elusive|enigmatic|mysterious|unanswered|unexplored|unidentified|unquantified|unstudied|undocumented|"
    r"unmeasured|unevaluated|"
    r"under-?(?:studied|explored|researched|investigated))"
)
RESEARCH_VERB = (
    r"(?:investigated|studied|explored|examined|evaluated|assessed|confirmed|validated|replicated|elucidated|"
    r"clarified|determined|established|characteri[sz]ed|addressed|understood|quantified|tested|analy[sz]ed|ascertained|"
    r"substantiated|verified|corroborated)"
)
# round 7: what a question or an uncertainty is "about" ("raises questions concerning the role of")
ABOUT = (
    r"(?:about|concerning|regarding|on|over|around|surrounding|as\s+to|in\s+regard\s+to|with\s+regard\s+to|"
    r"with\s+respect\s+to|relating\s+to)"
)
# round 7: what future work is called when it is pointed to ("areas for future research")
FUTURE_WORK = (
    r"(?:research|study|studies|investigations?|inquiry|enquiry|exploration|examination|work|trials|testing|"
    r"evaluation)"
)
# round 7: a better treatment, said as the thing that is needed ("better agents are needed")
BETTER_TREATMENT = (
    r"(?:better|new|newer|novel|safer|improved|more\s+(?:effective|efficacious|tolerable)|effective)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:agents?|drugs?|medications?|medicines?|therapies|pharmacotherap(?:y|ies)|compounds?|"
    r"therapeutics|treatments?|interventions?|options?)"
)
# a generic "X is needed" counts when the sentence is about research, evidence or new tools
RESEARCHY = (
    r"\b(?:research|studies|study|trials?|data|evidence|investigation|understanding|knowledge|strategies|reporting|"
    r"documentation|standardi[sz]\w+|"
    r"treatments?|interventions?|tools?|methods?|guidelines?|education|awareness|surveillance|regulation|"
    r"monitoring|testing|options|protocols?|guidance|criteria|measures|instruments|approaches|programs?|"
    r"programmes?|services|polic(?:y|ies)|screening|resources|standards|recommendations|oversight|"
    r"frameworks?|harm\s+reduction)\b"
)
# "poorly defined" is a description in imaging, not a gap
IMAGING = (
    r"\b(?:margins?|borders?|edges?|mass|masses|lesions?|nodules?|opacit(?:y|ies)|densit(?:y|ies)|shadows?|CT|MRI|"
    r"radiograph\w*|ultraso\w+|sonograph\w*|imaging|scans?|tumou?rs?)\b"
)
# round 7: where an inverted clause starts ("..., lacking is", "What is still missing is", "Also
# lacking are") and an aside after its first word ("Lacking, however, are")
CLAUSE_START = (
    r"(?:(?<=[.;:,!?]\s)|(?<=\n)|\A|\bwhat\s+(?:is|are|remains?)\s+(?:still\s+|currently\s+|now\s+)?|\b(?:also|still|"
    r"yet|further|now|currently|urgently|notably|especially|particularly|sorely|conspicuously|however)\s+)"
)
ASIDE = r"(?:\s*,\s*(?:however|though|so\s+far|to\s+date|as\s+yet|until\s+now|thus\s+far)\s*,)?"
# round 7: the paper's own outline ("we conclude by prioritizing avenues for ...", "directions
# for future research are discussed"), which lists topics rather than stating a gap
ROADMAP = (
    r"\b(?:we|this\s+(?:review|paper|article|chapter|report))\s+(?:also\s+|then\s+|further\s+|briefly\s+|finally\s+)?"
    r"(?:conclude\s+(?:by|with)|discuss|outline|describe|present|propose|prioriti[sz]|summari[sz]|consider|list|map\s+out|"
    r"identif(?:y|ies)|offer)\w*|\b(?:is|are)\s+(?:also\s+|then\s+|briefly\s+|finally\s+)?(?:discussed|presented|outlined|"
    r"proposed|described|identified|summari[sz]ed|considered|offered|listed)\b|\bto\s+(?:identify|outline|propose|"
    r"establish|map)\b|\b(?:it|this\s+(?:review|paper|article|chapter|report))\s+(?:also\s+)?(?:identifies|outlines|"
    r"proposes|discusses|describes)\b"
)
# round 8: a patient's story, where "for unknown reasons" tells what happened, not what is unknown
NARRATIVE = (
    r"\b(?:he|she|his|her|him|was|were|had|did)\b|\b(?:the|our|this|a|one)\s+(?:patient|man|woman|boy|girl|infant|"
    r"child|mother|father|subject|participant|case)\b"
)
# round 9: evidence that is scarce, said before its noun ("there is inadequate evidence",
# "there remains scarce literature"); "few" is left to the families that take a plural
SCANT = r"(?:limited|little|no|scant|sparse|insufficient|minimal|inadequate|scarce|meag(?:re|er))"
# round 9: evidence that exists but is at odds ("there are conflicting data") or weak ("there is
# only low-quality evidence"); counted in the present only, and only of evidence
AT_ODDS = r"(?:conflicting|inconsistent|contradictory|mixed|equivocal|inconclusive|incomplete|fragmentary)"
WEAK = r"(?:poor|weak|(?:very\s+)?low[\s-](?:quality|certainty|grade)|poor[\s-]quality)"
EVIDENCE = (
    r"(?:data|evidence|studies|research|literature|trials|reports|publications|findings|results)"
)
# round 9: a need said as a noun, before "for" or "of" ("the need of trials", "the necessity of
# larger studies", "the importance of further research")
NEED_NOUN = r"(?:(?:needs?|calls?)\s+for|(?:need|necessity|importance|requirement)\s+(?:of|for))"
# round 9: verbs that only mean research after "a need to", and the ones that do when their
# object is what research measures ("a need to test the effectiveness of", "to determine whether")
INQUIRE = r"(?:study|research|elucidate|replicate|quantify|characteri[sz]e|unravel|disentangle|understand|ascertain)"
APPRAISE = (
    r"(?:test|evaluate|assess|examine|investigate|determine|establish|compare|explore|clarify|validate|verify|"
    r"measure|confirm|identify)\s+(?:whether|how|if|why|to\s+what\s+extent|(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+)?"
    r"(?:effectiveness|efficacy|safety|feasibility|impact|effects?|utility|value|validity|reliability|benefits?|role|"
    r"mechanisms?|causes?|predictors|determinants))"
)
# round 9: how a field was studied one way ("have mostly been evaluated for", "has concentrated
# almost entirely on") before the other way it was not
FOCUS = (
    r"(?:mostly|mainly|largely|primarily|predominantly|chiefly|principally|almost\s+(?:entirely|exclusively|only)|"
    r"exclusively|only)"
)
LOOKED = rf"(?:{RESEARCH_VERB}|tested|focused|concentrated|cent(?:er|re)d|directed|looked)"
