"""Topic relevance: is a record really about kratom, opioid-linked prolactin or opioid withdrawal?"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .precheck import finditer
from .text import MAX_SCAN_CHARS, any_of, clean, clean_list

RELEVANCE_THRESHOLD = 0.5
_F = re.IGNORECASE

# each branch starts at a word boundary: \b(?:a|b) is \ba|\bb, tried only where one can start
KRATOM = re.compile(
    r"\b"
    + any_of(
        r"kratom\b mitragyn\w* Mitragyna\b M\.\s*speciosa\b 7-?hydroxy-?mitragynine\b 7-OH-?MG\b "
        r"ketum\b krathom\b speciociliatine\b paynantheine\b speciogynine\b corynantheidine\b "
        r"mitraphylline\b".split()
    ),
    _F,
)
OPIOID = re.compile(
    r"\bopioids?\b|\bopiates?\b|\bopioid\w+|\bopium\b|\bmorphine\b|\bheroin\b|\bmethadone\b|\bbuprenorphine\b|\bfentanyl\w*|"
    r"\boxycodone\b|\bhydrocodone\b|\bcodeine\b|\btramadol\b|\btapentadol\b|\bnaloxone\b|\bnaltrexone\b|\bnalmefene\b|"
    r"\bhydromorphone\b|\boxymorphone\b|\bmeperidine\b|\bpethidine\b|\bendorphin\w*|\benkephalin\w*|\bdynorphin\w*|"
    r"\bloperamide\b|\blofexidine\b|\bOUD\b|\bMOUD\b|\bMMT\b|\bnarcotics?\b|\bmu\W?receptor|\bμ\W?opioid",
    _F,
)
WITHDRAWAL = re.compile(
    r"\bwithdrawals?\b|\babstinence\s+syndrome\b|\bdetoxi\w*|\bdetox\b|\bNAS\b|\bNOWS\b|\bCOWS\b|\bSOWS\b|\bOWS\b",
    _F,
)
RELATED_TO_WITHDRAWAL = re.compile(
    r"\babstinen\w+|\bcessation\b|\bdiscontinu\w+|\btaper\w*|\b(?:physical|opioid|kratom)\s+dependence\b|"
    r"\bcraving\w*|\brelapse\w*|\babstain\w*",
    _F,
)
OFF_TOPIC_WITHDRAWAL = re.compile(
    r"\bwithdrawn\s+from\s+(?:the\s+)?(?:\w+\s+)?market\b|\bmarket\s+withdrawals?\b|\bwithdrawal\s+of\s+(?:informed\s+)?"
    r"(?:consent|(?:life[- ]sustaining\s+)?(?:support|treatment|care|therapy)|the\s+(?:drug|product|application|"
    r"licen[cs]e))\b|\bwithdrawal\s+from\s+(?:the\s+)?(?:study|trial|market)\b|\bsocial\s+withdrawal\b|"
    r"\b(?:paw|tail|hind\s*paw|foot|limb|hindlimb)\s+withdrawals?\b|\bwithdrawal\s+(?:reflex|latency|threshold)\w*",
    _F,
)
OTHER_SUBSTANCES = re.compile(
    r"\b(?:alcohol|ethanol|nicotine|tobacco|smoking|cigarettes?|benzodiazepines?|diazepam|alprazolam|lorazepam|"
    r"cannabis|cannabinoids?|marijuana|THC|caffeine|antidepressants?|SSRIs?|SNRIs?|paroxetine|venlafaxine|"
    r"gabapentin\w*|pregabalin|baclofen|corticosteroids?|glucocorticoids?|steroids?|cocaine|amphetamines?|"
    r"methamphetamine|stimulants?|GHB|barbiturates?|antipsychotics?|clozapine|ketamine)\b",
    _F,
)
PROLACTIN = re.compile(
    r"\bprolactin\w*|\bhyperprolactin\w+|\bPRL\b|\blactotroph\w*|\bgalactorrh\w+", _F
)
ENDOCRINE = re.compile(
    r"\bhormon\w+|\bendocrin\w+|\bhypogonad\w+|\btestosterone\b|\bcortisol\b|\badrenal\b|\bgonad\w*|\bpituitary\b|"
    r"\bhypothalam\w+|\bLH\b|\bFSH\b|\bsexual\s+(?:function|dysfunction|desire)|\blibido\b",
    _F,
)
_STOPWORDS = {"and", "the", "for", "with", "from", "use", "effects", "effect", "study", "studies"}


def _texts(record: dict) -> tuple[str, str]:
    """Title and the rest (abstract, keywords, MeSH) as plain strings."""
    title = clean(record.get("title"))[:2000]
    rest = " ".join(
        [clean(record.get("abstract"))[:MAX_SCAN_CHARS]]
        + clean_list(record.get("keywords"))[:50]
        + clean_list(record.get("mesh_terms"))[:100]
    )
    return title, rest


_UNSET = object()  # a _Doc's link() not looked for yet (None is a possible answer)


class _Doc:
    """A record's title and rest, with the opioid or kratom link found once for all rules."""

    __slots__ = ("_link", "rest", "title")

    def __init__(self, title: str, rest: str) -> None:
        self.title, self.rest = title, rest
        self._link: str | None | object = _UNSET  # link(), once found

    def first(self, pattern: re.Pattern[str]) -> str | None:
        """The first match in the title, else in the rest (as written), or None."""
        return _first(pattern, self.title) or _first(pattern, self.rest)

    def link(self) -> str | None:
        """The first opioid or kratom word (title, rest, then kratom in title, rest), or None."""
        if self._link is _UNSET:
            self._link = (
                _first(OPIOID, self.title) or _first(OPIOID, self.rest) or self.first(KRATOM)
            )
        return self._link  # type: ignore[return-value]


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    """The first match of pattern in text, as written, or None."""
    match = next(iter(finditer(pattern, text)), None)
    return None if match is None else match.group(0)


def _count(pattern: re.Pattern[str], text: str) -> int:
    """How many times pattern matches in text."""
    return sum(1 for _match in finditer(pattern, text))


def _mitragynine(doc: _Doc) -> tuple[float, str]:
    """Kratom named in the title or repeatedly is on topic; one passing mention is borderline."""
    if _count(KRATOM, doc.title):  # (the rest is only counted without)
        return 1.0, "title names kratom or a Mitragyna alkaloid"
    in_rest = _count(KRATOM, doc.rest)
    if in_rest >= 2:
        return 0.85, f"kratom or its alkaloids mentioned {in_rest} times"
    if in_rest == 1:
        return 0.45, "kratom mentioned once, in passing"
    return 0.0, "no mention of kratom, Mitragyna or its alkaloids"


def _prolactin(doc: _Doc) -> tuple[float, str]:
    """Prolactin counts only with an opioid or kratom link; opioid endocrine work without it is borderline."""
    prl_title = _count(PROLACTIN, doc.title)
    prl_rest = 0 if prl_title else _count(PROLACTIN, doc.rest)  # (then unused)
    link = doc.link()
    if prl_title or prl_rest:
        if not link:
            return 0.15, "prolactin without any opioid or kratom link"
        if prl_title or prl_rest >= 2:
            return 0.95, f"prolactin with an opioid/kratom link ('{link}')"
        return 0.7, f"prolactin mentioned once, with an opioid/kratom link ('{link}')"
    if link and (_first(ENDOCRINE, doc.title) is not None or _count(ENDOCRINE, doc.rest) >= 2):
        return 0.55, "opioid/kratom endocrine effects; prolactin not named"
    return 0.0, "prolactin not mentioned"


def _withdrawal(doc: _Doc) -> tuple[float, str]:
    """Opioid or kratom withdrawal is on topic; other drugs' withdrawal and 'withdrawn from market' are not."""
    # a title mention makes hits >= 2, all the rules below ask: count the rest only without one
    hits = _real_withdrawal(doc.title) * 2 or _real_withdrawal(doc.rest)
    link = doc.link()
    if not hits and link:
        related = doc.first(RELATED_TO_WITHDRAWAL)  # (only looked for when it decides)
        if related:
            return 0.55, f"opioid/kratom paper on a withdrawal-related theme ('{related}')"
    if not hits:
        off = doc.first(OFF_TOPIC_WITHDRAWAL)
        if off:
            return 0.05, f"'{off}' is not a withdrawal syndrome"
        if link:
            return 0.3, "opioid or kratom paper that does not discuss withdrawal"
        return 0.0, "withdrawal not mentioned"
    if link:
        if hits >= 2:
            return 0.95, f"withdrawal with an opioid/kratom link ('{link}')"
        return 0.7, f"withdrawal mentioned once, with an opioid/kratom link ('{link}')"
    other = doc.first(OTHER_SUBSTANCES)
    if other:
        return 0.1, f"{other.lower()} withdrawal with no opioid or kratom mention"
    return 0.4, "withdrawal without a named opioid or kratom"


def _real_withdrawal(text: str) -> int:
    """Withdrawal mentions that are not inside an off-topic phrase (paw withdrawal, withdrawn consent)."""
    mentions = [m.start() for m in finditer(WITHDRAWAL, text)]
    if not mentions:
        return 0  # (no off-topic phrase to look for)
    off = [m.span() for m in finditer(OFF_TOPIC_WITHDRAWAL, text)]
    return sum(1 for start in mentions if not any(s <= start < e for s, e in off))


@functools.lru_cache(maxsize=256)
def _topic_patterns(topic: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Word patterns for an unknown topic slug ('liver_injury' -> liver, injury)."""
    words = [w for w in re.split(r"[\W_]+", topic.lower()) if len(w) >= 3 and w not in _STOPWORDS]
    return tuple((w, re.compile(rf"\b{re.escape(w)}\w*", _F)) for w in dict.fromkeys(words))


def _generic(topic: str, title: str, rest: str) -> tuple[float, str]:
    """Score an unknown topic by how many of its own words the record uses."""
    patterns = _topic_patterns(topic)
    if not patterns:
        return 1.0, "no relevance rule for this topic"
    found = [w for w, p in patterns if p.search(title) or p.search(rest)]
    if not found:
        return 0.0, f"none of the topic words ({', '.join(w for w, _ in patterns)}) appear"
    share = len(found) / len(patterns)
    in_title = any(p.search(title) for _w, p in patterns)
    score = min(1.0, 0.3 + 0.6 * share + (0.1 if in_title else 0.0))
    return round(score, 2), f"topic words found: {', '.join(found)}"


_RULES = {
    "mitragynine": _mitragynine,
    "kratom": _mitragynine,
    "prolactin": _prolactin,
    "withdrawal": _withdrawal,
}


def relevance(record: dict, topic: str) -> tuple[float, str]:
    """Score 0..1 for how squarely a record addresses a topic, with a one-line reason."""
    return relevance_many(record, [topic])[topic]


def relevance_many(record: dict, topics: Iterable[str]) -> dict[str, tuple[float, str]]:
    """relevance() per topic, the record's texts (and its opioid or kratom link) found once."""
    if not isinstance(record, dict):
        record = {}
    title, rest = _texts(record)
    doc = _Doc(title, rest)
    scores = {}
    for topic in topics:
        slug = clean(topic).strip().lower()
        rule = _RULES.get(slug)
        scores[topic] = rule(doc) if rule else _generic(slug, title, rest)
    return scores
