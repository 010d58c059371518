"""Reading a regex's parse tree for the literals FastPattern filters on.

Every answer is conservative (None or nothing when unsure): the literals every match starts with
(prefix_analysis, with per prefix what the matches starting with it also contain, so a common
first word such as "the" is only looked up when the rest of its phrase occurs too) and literals
a match must contain somewhere (requirements_for, anchors_for, rare_literals).
"""

from __future__ import annotations

import re
from re import _constants as _c  # the parser's opcodes, used to read a pattern's literals
from re import _parser

Requirements = frozenset[str]  # one of these literals occurs in a match

_WORDY = re.compile(r"\w+")
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_MAX_PREFIXES = 64  # prefix lists are expanded (a small class, an optional letter) up to this size
_MAX_CLASS = 8  # a character class is expanded into its characters up to this size
# a requirement with a shorter literal ("ed", "on") is met by nearly every text: not worth checking
_MIN_NEED = 3
_SHORT_PREFIX = 5  # only prefixes up to this long (common words: the, in, was) are worth skipping


def lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literal characters but not its escapes (so \\W stays \\W)."""
    out, escaped = [], False
    for ch in pattern:
        out.append(ch if escaped else ch.lower())
        escaped = ch == "\\" and not escaped
    return "".join(out)


def _required(items: list) -> list[str] | None:
    """Literal strings one of which every match must contain (the most selective choice), or None."""
    options = _options(items)
    if not options:
        return None
    return max(options, key=lambda o: (min(len(x) for x in o), -len(o)))


def _options(items: list) -> list[list[str]]:
    """Every known requirement of a match: per entry, literal strings one of which it contains."""
    options: list[list[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append([run])
            run = ""
        sub = None
        if op is _c.SUBPATTERN:
            sub = _required(list(av[-1]))
        elif op is _c.BRANCH:
            alts = [_required(list(alt)) for alt in av[1]]
            sub = None if any(a is None for a in alts) else [x for a in alts for x in a]  # type: ignore[union-attr]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            sub = _required(list(av[2]))
        if sub:
            options.append(sub)
    if run:
        options.append([run])
    return [o for o in options if o and len(o) <= 100]


def _class_chars(av: list) -> list[str] | None:
    """The characters of a small character class without negation or categories."""
    chars: list[str] = []
    for kind, value in av:
        if kind is _c.LITERAL:
            chars.append(chr(value))
        elif kind is _c.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.extend(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    if len(chars) > _MAX_CLASS or any(ch.isspace() for ch in chars):
        return None  # literals with spaces would each cost the index a substring search
    return chars


def _exact(op: object, av: object) -> list[str] | None:
    """Every string one parsed item can match, when that is a short list ('a', [hm], x?)."""
    if op is _c.LITERAL:
        return [chr(av)]  # type: ignore[arg-type]
    if op is _c.IN:
        return _class_chars(av)  # type: ignore[arg-type]
    if op is _c.SUBPATTERN and not av[1] and not av[2]:  # type: ignore[index]
        return _exact_sequence(list(av[-1]))  # type: ignore[index]
    if op is _c.BRANCH:
        alts = [_exact_sequence(list(alt)) for alt in av[1]]  # type: ignore[index]
        if any(a is None for a in alts):
            return None
        found = [x for a in alts for x in a]  # type: ignore[union-attr]
        return found if len(found) <= _MAX_PREFIXES else None
    if op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # type: ignore[index]
        body = _exact_sequence(list(av[2]))  # type: ignore[index]
        return None if body is None else ["", *body]
    return None


def _exact_sequence(items: list) -> list[str] | None:
    """Every string a parsed sequence can match, when each item has a short list."""
    found = [""]
    for op, av in items:
        options = _exact(op, av)
        if options is None:
            return None
        found = [a + b for a in found for b in options]
        if len(found) > _MAX_PREFIXES:
            return None
    return found


def _plain_prefixes(items: list) -> list[str] | None:
    """Prefixes made of literal runs and groups only (the rule that decides which patterns are
    matched at their prefixes); _prefix_pairs then finds longer or rarer ones for those."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1  # \b and lookarounds consume nothing
    run = ""
    while i < len(items) and items[i][0] is _c.LITERAL:
        run += chr(items[i][1])
        i += 1
    if i >= len(items):
        return [run] if run else None
    op, av = items[i]
    if run:
        tails = _plain_prefixes(items[i:]) if op in (_c.SUBPATTERN, _c.BRANCH) else None
        return [run + tail for tail in tails] if tails else [run]
    if op is _c.SUBPATTERN:
        return _plain_prefixes(list(av[-1]))
    if op is _c.BRANCH:
        alts = [_plain_prefixes(list(alt)) for alt in av[1]]
        return None if any(a is None for a in alts) else [x for a in alts for x in a]  # type: ignore[union-attr]
    return None


def _prefix_pairs(items: list) -> list[tuple[str, list[list[str]]]] | None:
    """(prefix, requirements) pairs: every match starts with a pair's prefix and contains its needs."""
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1  # \b and lookarounds consume nothing
    heads = [""]
    while i < len(items):
        options = _exact(*items[i])
        if options is None or len(heads) * len(options) > _MAX_PREFIXES:
            break
        heads = [h + x for h in heads for x in options]
        i += 1
    needs = _options(items)
    tails = _tail_pairs(items[i], items[i + 1 :]) if i < len(items) else None
    if tails is not None and (len(heads) == 1 or len(heads) * len(tails) <= _MAX_PREFIXES):
        return [(h + t, needs + more) for h in heads for t, more in tails]
    if all(heads):
        return [(h, needs) for h in heads]
    return None


def _tail_pairs(item: tuple, rest: list) -> list[tuple[str, list[list[str]]]] | None:
    """_prefix_pairs of a group, alternation or repeat that follows a pattern's exact start."""
    op, av = item
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        return _prefix_pairs(list(av[-1]))
    if op is _c.BRANCH:
        alts = [_prefix_pairs(list(alt)) for alt in av[1]]
        return None if any(a is None for a in alts) else [x for a in alts for x in a]  # type: ignore[union-attr]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        body = _prefix_pairs(list(av[2]))
        if body is None or av[0] >= 1:
            return body
        after = _prefix_pairs(rest)  # the repeat may match nothing: then the rest starts the match
        return None if after is None else body + after
    return None


def _usable(prefixes: list[str]) -> bool:
    """Prefixes are usable for lookup if each has 2+ chars or is one word character."""
    return bool(prefixes) and all(len(a) >= 2 or _WORDY.fullmatch(a) for a in prefixes)


def _parse(pattern: str) -> list | None:
    """The parsed items of a pattern, or None on any parser surprise."""
    try:
        return list(_parser.parse(pattern, 0))
    except Exception:  # noqa: BLE001 - any parser surprise just disables the prefilters
        return None


def prefix_analysis(
    pattern: str,
) -> tuple[tuple[str, ...] | None, dict[str, tuple[Requirements, ...]]]:
    """Literals every match of a lower-case pattern starts with (None if unknown), and for short
    prefixes the literal sets one of which every match starting there contains, one per way of
    matching ("the" of "the present study": {"present"}); a text with none of them cannot match
    at that prefix, so its positions need not be looked up.

    A prefix that starts another is kept alone ("patient" stands for "patients" too).
    """
    items = _parse(pattern)
    if items is None or not _usable(_plain_prefixes(items) or []):
        # no prefixes by the plain rule: FastPattern searches windows around the pattern's
        # anchors instead, and its matches must stay those of the window search
        return None, {}
    pairs = _prefix_pairs(items)
    if not pairs or not _usable([prefix for prefix, _needs in pairs]):
        return None, {}
    shortest = sorted({prefix for prefix, _needs in pairs}, key=len)
    kept: list[str] = []
    for prefix in shortest:
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    lists: dict[str, list[frozenset[str] | None]] = {}
    for prefix, needs in pairs:
        owner = min((k for k in kept if prefix.startswith(k)), key=len)
        lists.setdefault(owner, []).append(_most_selective(owner, needs))
    ordered = tuple(dict.fromkeys(p for p, _needs in pairs if p in lists))
    needed = {
        p: tuple(dict.fromkeys(r))  # type: ignore[arg-type]
        for p, r in lists.items()
        if len(p) <= _SHORT_PREFIX and all(r)
    }
    return ordered, needed


def _most_selective(prefix: str, needs: list[list[str]]) -> frozenset[str] | None:
    """The requirement that best rules out a short prefix's matches (longest literals), if any."""
    useful = [
        o
        for o in needs
        if min(map(len, o)) >= _MIN_NEED and not any(prefix.startswith(a) for a in o)
    ]
    if not useful:
        return None
    return frozenset(max(useful, key=lambda o: (min(map(len, o)), -len(o))))


def rare_literals(pattern: str) -> tuple[str, ...]:
    """Literals one of which every match of a lower-case pattern contains, () if unknown.

    Per alternative the requirement most likely to be rare is taken: symbols ("%", "(n") first,
    then the longest words; a text without any of them has no match.
    """
    found: list[str] = []
    for alternative in split_alternatives(pattern):
        items = _parse(alternative)
        options = _options(items) if items is not None else []
        if not options:
            return ()
        found += max(options, key=_rarity)
    return tuple(dict.fromkeys(found))


def _rarity(option: list[str]) -> tuple[bool, int, int]:
    """Sort key: options of symbol literals, then of long literals, then of few literals."""
    symbols = all(not literal.isalnum() for literal in option)
    return symbols, min(map(len, option)), -len(option)


def requirements_for(pattern: str) -> list[tuple[str, ...]]:
    """Every set of lower-case substrings one of which must occur for pattern to match."""
    items = _parse(lower_pattern(pattern))
    found = _options(items) if items is not None else []
    return [tuple(dict.fromkeys(o)) for o in found if min(len(a) for a in o) >= _MIN_NEED]


def anchors_for(pattern: str) -> tuple[str, ...] | None:
    """Lower-case substrings one of which must occur for pattern to match; None if unknown."""
    items = _parse(lower_pattern(pattern))
    found = _required(items) if items is not None else None
    return tuple(dict.fromkeys(found)) if found and min(len(a) for a in found) >= 2 else None


def split_alternatives(pattern: str) -> list[str]:
    """Split a regex at its top-level '|' (outside groups and character classes)."""
    parts, buf, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            buf.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append("".join(buf))
            buf = []
            i += 1
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts
