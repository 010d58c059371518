"""Sample-size extractor: candidate counts of people, cases or animals, scored by their grammar."""

from __future__ import annotations

from .numbers import Number, find_numbers
from .sample_clauses import matching_ratio, sentence_weights
from .sample_extra_groups import with_extra_group
from .sample_fractions import (
    PEOPLE_DESIGNS,
    bracketed_totals,
    fraction_candidates,
    people_samples,
    responder_candidates,
    share_before,
)
from .sample_grammar import (
    ARM_JOIN,
    ARM_LABEL,
    BARE_VERB,
    BREAKDOWN_BEFORE,
    COMPARED_BEFORE,
    COMPARED_GAP,
    COMPLETED_AFTER,
    DENOMINATOR_BEFORE,
    FOR_ANALYSIS_AFTER,
    FURTHER_AFTER,
    FURTHER_BEFORE,
    INTERVIEWS_WITH,
    LABELLED_ARM_GAP,
    LEFT_FOR_ANALYSIS,
    MIN_SCORE,
    N_BRACKET_AFTER,
    N_EQ_GAP_JOIN,
    N_EQ_GAP_STOP,
    N_EQUALS,
    PART_OF_BEFORE,
    PER_GROUP_AFTER,
    POOL_BEFORE,
    SAMPLE_BRACKET,
    SAMPLE_WORDS,
    SECTION_LABEL,
    WORD,
    Candidate,
    clause_start,
    noun_after,
    noun_key,
    score_context,
    sentence_of,
    single_case,
    unit_in,
)
from .sample_groups import (
    elliptic_arms,
    group_candidates,
    parallel_arms,
    randomised_over_analysed,
    survey_samples,
)
from .sample_implicit import (
    few_cases,
    identified_people,
    later_waves,
    one_and_the_other,
    whole_group_fractions,
)
from .sample_nouns import (
    ASSESSOR_NOUNS,
    FARM_ANIMALS,
    RESPONSE_NOUNS,
    TEXT_NOUNS,
    UNIT_NOUNS,
    WEAK_NOUNS,
    unit_for,
)
from .sample_sources import (
    doubts,
    eligible_is_a_pool,
    further_only_after_first,
    matched_case_sets,
    not_own_count,
    patients_over_providers,
    separate_arms,
    shared_noun_arms,
    title_counts,
)
from .text import MAX_SCAN_CHARS, sentence_spans

NO_SAMPLE_DESIGNS = {"systematic_review"}
#: Designs read from weak signals: a count needs a recruitment verb or a stated total (issue 14,
#: round 4: many old unstructured reports of patients are read as review or in vitro).
STRONG_ONLY_DESIGNS = {"other", "review", "in_vitro"}
#: Designs whose animal counts stay uncounted even with no people in the text (tissue donors, cited work)
ANIMAL_NEVER_DESIGNS = {"animal", "in_vitro", "review", "case_report"}


def _bare_count(text: str, num: Number) -> tuple[str, int] | None:
    """'120 were randomized', 'a total of 95 were enrolled': a count whose noun is implied."""
    # BARE_VERB is whitespace then were/was/completed/finished/had/responded/took/participated
    if LEFT_FOR_ANALYSIS.search(
        text, max(0, num.start - 40), num.start
    ) and FOR_ANALYSIS_AFTER.match(text, num.end):
        return "participants", num.end
    after = text[num.end : num.end + 24]
    rest = after.lstrip()
    if not after[:1].isspace() or (rest and rest[0] not in "wcrtpfhWCRTPFH"):
        return None
    match = BARE_VERB.match(text, num.end)
    if not match or text[max(0, num.start - 2) : num.start].strip().endswith("("):
        return None
    if PART_OF_BEFORE.search(text, max(0, num.start - 25), num.start):
        return None
    return "participants", num.end


def _word_may_follow(text: str, end: int) -> bool:
    """False when the first non-space character after a count (within noun_after's reach) is not
    a letter: then neither a counted noun nor a bare verb can follow it."""
    first = text[end : end + 90].lstrip()[:1]
    return not first or first.isalpha()


def _noun_candidates(
    text: str, numbers: list[Number], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """Counts followed by a unit noun ('Twenty-six males', '1,274 posts')."""
    out: list[Candidate] = []
    providers: list[bool] = []
    for num in numbers:
        if not _word_may_follow(text, num.end):
            continue  # ("5%", "(n = 45)", "95% CI": most numbers) noun_after and _bare_count: None
        sent = sentence_of(sents, num.start)
        if sent is None:
            continue
        found = noun_after(text, num.end, sent[1]) or _bare_count(text, num)
        if not found or not num.in_count_context(text):
            continue
        noun, noun_end = found
        score = 3.0 + score_context(text, num.start, noun_end, sent)
        score += not_own_count(text, num.start, noun_end, sent)
        if matching_ratio(text, num.start, noun_end, sent[0]):
            score -= 4.0  # "up to 4 controls per case": a matching ratio, never the sample
        if noun in TEXT_NOUNS or noun in WEAK_NOUNS:
            score -= 0.5  # posts and reports count, but people are the usual unit
        if noun in RESPONSE_NOUNS and INTERVIEWS_WITH.match(text, noun_end):
            noun = "participants"  # "42 interviews with patients": one interview per person
        elif noun in RESPONSE_NOUNS:
            score -= 1.0 if num.value > 10 else 3.0  # 129 surveys returned vs three survey waves
        if num.value <= 1:
            score -= 2.0
        elif noun in ASSESSOR_NOUNS and num.value <= 5:
            score -= 1.5  # "two addiction medicine experts assessed": raters, not the sample
        elif noun in ASSESSOR_NOUNS and N_BRACKET_AFTER.match(text, noun_end):
            score -= 1.5  # "plans from seven dentists (N = 747)": the bracket sizes the sample
        further = bool(  # never the sample alone (see kept)
            FURTHER_AFTER.match(text, num.end)
            or FURTHER_BEFORE.search(text, max(0, num.start - 15), num.start)
        )
        out.append(
            Candidate(num.value, num.start, noun_end, unit_for(noun), score, "noun", further)
        )
        providers.append(noun in ASSESSOR_NOUNS)
    patients_over_providers(out, providers, sents)
    return out


def _n_equals_candidates(text: str, sents: tuple[tuple[int, int], ...]) -> list[Candidate]:
    """'(n = 603)' style counts; the unit comes from the noun just before in the same clause."""
    out = []
    for match in N_EQUALS.finditer(text):
        sent = sentence_of(sents, match.start())
        if sent is None:
            continue
        value = int(match.group(1).replace(",", ""))
        if PER_GROUP_AFTER.search(text[match.end() : match.end() + 15]):
            continue  # per-group sizes are handled with the group count
        head = text[sent[0] : match.start()].rstrip()
        anchor = len(head) - 1 if head.endswith(("(", "[")) else match.start()
        clause = text[
            clause_start(text, sent[0] + max(anchor, 0), sent[0]) : sent[0] + max(anchor, 0)
        ]
        words = [noun_key(w) for w in WORD.findall(clause)]
        nouns = [w for w in words if w in UNIT_NOUNS]
        unit = unit_for(nouns[-1]) if nouns else None
        base = 3.0 if nouns or any(w in SAMPLE_WORDS for w in words) else 1.0
        arm = bool(ARM_LABEL.search(text, sent[0], match.start()))
        if base == 1.0 and any(
            noun_key(w) in UNIT_NOUNS for w in WORD.findall(text, sent[0], match.start())
        ):
            base = 2.0
        if match.group(0)[0] == "N" and not arm:
            base = 3.0  # capital N conventionally states the whole sample
            unit = unit or unit_in(text, sent)
        if arm:
            base = 2.0  # one arm: counts only added to the other arms
        score = base + score_context(text, match.start(), match.end(), sent, "n_eq")
        score += not_own_count(text, match.start(), match.end(), sent)
        if share_before(text, match.start(), sent[0]):
            score -= 3.0  # "the one-third of patients with the lowest levels (n = 10)": a subgroup
        if SAMPLE_BRACKET.search(head):
            score += 1.0  # "the final sample (n=280)": the bracket names the sample itself
        if value <= 1:
            score -= 2.0
        out.append(Candidate(value, match.start(), match.end(), unit, score, "n_eq", arm))
    return out


def _arm_candidates(
    text: str, cands: list[Candidate], sents: tuple[tuple[int, int], ...]
) -> list[Candidate]:
    """Arms listed together ('70 users and 25 controls', '(n = 50) or placebo (n = 48)') add up."""
    out = []
    ordered = sorted((c for c in cands if c.kind in {"noun", "n_eq"}), key=lambda c: c.start)
    i = 0
    while i < len(ordered):
        group = [ordered[i]]
        j = i + 1
        while j < len(ordered) and _joined(text, group[-1], ordered[j], sents):
            group.append(ordered[j])
            j += 1
        if group[0].value <= 1 or DENOMINATOR_BEFORE.search(
            text, max(0, group[0].start - 30), group[0].start
        ):
            i += 1  # "one patient with X and two with Y" may close a list, never open one
            continue
        breakdown = len(group) >= 2 and _is_breakdown(text, group[0], sents)
        if breakdown and _demote_parts(group, ordered[:i], sents):
            i = j
            continue
        if len(group) >= 2 and _total_then_parts(group):
            _demote_parts(group[1:], group[:1], sents)
        elif (
            len(group) >= 2
        ):  # also "Patients (56 children and 63 adults)": parts of no stated total
            units = {c.unit for c in group if c.unit}
            unit = units.pop() if len(units) == 1 else ("participants" if units else None)
            score = max(c.score for c in group) + 1.0
            total = sum(c.value for c in group)
            home = sentence_of(sents, group[0].start)
            for earlier in ordered[:i]:  # "75 patients ... . In 48 with X than in 27 with Y": its
                if earlier.value == total and sentence_of(sents, earlier.start) != home:
                    earlier.score = max(earlier.score, score)  # parts: the stated count leads
            out.append(Candidate(total, group[0].start, group[-1].end, unit, score, "arms"))
        i = j
    return out


def _joined(
    text: str, left: Candidate, right: Candidate, sents: tuple[tuple[int, int], ...]
) -> bool:
    """True when only a list connector (and the arm label for n=) separates two counts."""
    if sentence_of(sents, left.start) != sentence_of(sents, right.start):
        return False
    gap = text[left.end : right.start]
    sent = sentence_of(sents, left.start)
    head = text[sent[0] : left.start] if sent else ""
    label = SECTION_LABEL.match(head)
    if POOL_BEFORE.match(head[label.end() :] if label else head):
        return False  # "(Results:) Of 2,150 invited, 1,642 completed": a pool and its subset, not two arms
    if left.kind == right.kind == "noun":
        kept_part = not text[right.start : right.end][-1:].isalpha() and COMPLETED_AFTER.match(
            text, right.end
        )  # "410 adults, and 366 were retained": the kept part, not a second arm
        joined = ARM_JOIN.match(gap) or LABELLED_ARM_GAP.fullmatch(gap)
        if not joined and COMPARED_BEFORE.search(text, max(0, left.start - 20), left.start):
            joined = COMPARED_GAP.fullmatch(gap)  # "compared 15 A on X with 15 B on Y"
        return bool(joined) and not kept_part
    if left.kind == right.kind == "n_eq":
        return len(gap) < 80 and not N_EQ_GAP_STOP.search(gap) and bool(N_EQ_GAP_JOIN.search(gap))
    return False


def _demote_parts(
    parts: list[Candidate], earlier: list[Candidate], sents: tuple[tuple[int, int], ...]
) -> bool:
    """Parts listed after their total in the same sentence ('90 participants: 45 users and 45
    non-users') score lower, so a repeated part size cannot outrank the total. True if demoted."""
    home = sentence_of(sents, parts[0].start)
    total = sum(c.value for c in parts)
    if not any(c.value >= total and sentence_of(sents, c.start) == home for c in earlier):
        return False
    for part in parts:
        part.score -= 2.0
    return True


def _total_then_parts(group: list[Candidate]) -> bool:
    """'50 outpatients, 45 men and 5 women': the first count is the sum of the parts after it."""
    return len(group) >= 3 and group[0].value == sum(c.value for c in group[1:])


def _is_breakdown(text: str, first: Candidate, sents: tuple[tuple[int, int], ...]) -> bool:
    """Arms that follow 'comprising', a colon or an opening bracket describe a total already given."""
    sent = sentence_of(sents, first.start)
    before = text[sent[0] if sent else 0 : first.start]
    if SECTION_LABEL.fullmatch(before):
        return False  # "Methods: 39 users and 39 controls": the colon ends a heading
    return bool(BREAKDOWN_BEFORE.search(before[-30:])) if first.kind == "noun" else False


def _fits_design(cand: Candidate, study_type: str) -> bool:
    """Animal studies count animals only; human designs never count animals."""
    if study_type == "animal":
        return cand.unit == "animals" or cand.kind == "groups"
    return cand.unit != "animals"


def _animals_of_a_misread_design(text: str, cands: list[Candidate]) -> Candidate | None:
    """'Six lactating dairy goats were used ...' under a human design read from weak words: with no
    count of people at all, livestock put to use by the study (a recruitment verb) are its sample.
    Lab animals (rats, mice) in a design read as human stay uncounted: the cues know them."""
    if any(c.unit != "animals" and c.score >= MIN_SCORE - 1.0 for c in cands):
        return None
    animals = [c for c in cands if c.unit == "animals" and c.score >= MIN_SCORE + 1.5]
    return _pick(
        [c for c in animals if noun_key(text[c.start : c.end].split()[-1]) in FARM_ANIMALS]
    )


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


def extract_sample_size(
    abstract: str,
    study_type: str,
    spans: tuple[tuple[int, int], ...] | None = None,
    background: set[int] | None = None,
    title: str = "",
    design_guessed: bool = False,
) -> Candidate | None:
    """The primary-analysis sample size per STUDY_TYPES.md, or None when the abstract gives none.

    spans: sentence_spans(abstract), and background: the indices of its sentences BACKGROUND
    matches (Evidence.background), when the caller has them already. A count the title names
    ('a report of 650 cases') scores higher in the abstract. design_guessed: the study type is
    decide()'s fallback (no design wording), so a plain count is not held to the strong bar.
    """
    if study_type in NO_SAMPLE_DESIGNS or not abstract:
        return None
    text = abstract[:MAX_SCAN_CHARS]
    sents = sentence_spans(text) if spans is None else spans
    numbers = find_numbers(text, check_context=False)
    cands = _noun_candidates(text, numbers, sents) + _n_equals_candidates(text, sents)
    cands += _arm_candidates(text, cands, sents) + group_candidates(text, numbers, sents)
    cands += shared_noun_arms(text, numbers, cands) + fraction_candidates(text, sents)
    cands += matched_case_sets(text, sents) + responder_candidates(text)
    cands += bracketed_totals(text, sents) + whole_group_fractions(text, sents)
    cands += identified_people(text, cands, sents) + one_and_the_other(text, cands, sents)
    later_waves(text, cands, sents)
    cands += people_samples(text, sents) if study_type in PEOPLE_DESIGNS else []
    cands += parallel_arms(text, cands) + elliptic_arms(text, cands)
    cands += survey_samples(text, cands, sents)
    weights = sentence_weights(text, sents, background) if cands else {}
    named = title_counts(title) if cands and title else set()
    kept = []
    for cand in cands:
        sent = sentence_of(sents, cand.start)
        cand.score += weights.get(sent, 0.0) if sent else 0.0
        cand.score += 1.0 if cand.value in named else 0.0
        if cand.score >= MIN_SCORE and cand.value > 0 and _fits_design(cand, study_type):
            kept.append(cand)
    kept = further_only_after_first(kept)
    eligible_is_a_pool(text, kept)
    best = _pick(kept) or separate_arms([c for c in cands if _fits_design(c, study_type)])
    if best is None and study_type not in ANIMAL_NEVER_DESIGNS:
        best = _animals_of_a_misread_design(text, cands)
    if best and study_type == "rct":
        best = randomised_over_analysed(text, best, kept, sents)
    if best:
        further = [c for c in cands if c.kind == "noun" and c.arm and _fits_design(c, study_type)]
        best = with_extra_group(text, best, kept, sents, further)
    strong_only = study_type in STRONG_ONLY_DESIGNS and not design_guessed
    if strong_only and best and best.score < MIN_SCORE + 1:
        best = None
    if study_type == "case_report" and (best is None or best.value < 2):
        best = few_cases(text) or single_case(text) or best
    if best and best.unit is None and best.kind == "groups":
        best.unit = "animals" if study_type == "animal" else "participants"
    if best:
        best.doubts = doubts(text, sents, best, kept, weights)
    return best


def sample_size_review_reasons(sample: Candidate | None) -> list[str]:
    """Short codes for annotate()'s review_reasons when the sample size itself is doubtful."""
    return list(sample.doubts) if sample else []
