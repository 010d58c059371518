"""Score the annotators against labelled records (dev_labelled.jsonl format)."""

from __future__ import annotations

import re
from typing import Any

from . import annotate
from .study_type import STUDY_TYPES


def _ratio(num: int, den: int) -> float:
    """num/den rounded for reports; 0.0 when there is nothing to divide."""
    return round(num / den, 4) if den else 0.0


def evaluate_records(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Study-type accuracy, confusion, sample-size exact match and false positives, plus every miss."""
    per_type: dict[str, dict[str, Any]] = {}
    confusion: dict[str, dict[str, int]] = {}
    misses: list[dict[str, Any]] = []
    correct = exact = nulls = false_pos = labelled_sizes = found_sizes = 0
    questions = QuestionScore()
    confident = confident_correct = 0
    for record in records:
        ann = annotate(record)
        questions.add(record.get("open_questions"), ann["open_questions"])
        if not ann.get("needs_review", False):
            confident += 1
            confident_correct += ann["study_type"] == record.get("study_type")
        expected, got = record.get("study_type"), ann["study_type"]
        stats = per_type.setdefault(expected, {"n": 0, "correct": 0})
        stats["n"] += 1
        confusion.setdefault(expected, {}).setdefault(got, 0)
        confusion[expected][got] += 1
        if got == expected:
            correct += 1
            stats["correct"] += 1
        else:
            misses.append(_miss(record, "study_type", expected, got, ann["study_type_signal"]))
        want, have = record.get("sample_size"), ann["sample_size"]
        if want is None:
            nulls += 1
            false_pos += have is not None
        else:
            labelled_sizes += 1
            found_sizes += have == want
        if want == have:
            exact += 1
        else:
            misses.append(_miss(record, "sample_size", want, have, ann["sample_size_evidence"]))
    for stats in per_type.values():
        stats["accuracy"] = _ratio(stats["correct"], stats["n"])
    order = {code: i for i, code in enumerate(STUDY_TYPES)}
    return {
        "n": len(records),
        "study_type_accuracy": _ratio(correct, len(records)),
        "per_type": dict(sorted(per_type.items(), key=lambda kv: order.get(kv[0], 99))),
        "confusion": confusion,
        "sample_size_exact": _ratio(exact, len(records)),
        "sample_size_recall": _ratio(found_sizes, labelled_sizes),
        "sample_size_false_positive_rate": _ratio(false_pos, nulls),
        "sample_size_false_positives": false_pos,
        "sample_size_null_labels": nulls,
        "sample_size_labelled": labelled_sizes,
        "confident_share": _ratio(confident, len(records)),
        "confident_accuracy": _ratio(confident_correct, confident),
        **questions.metrics(),
        "misses": misses,
    }


def _words(text: str) -> str:
    """Lower-cased words only, so punctuation and spacing never decide a match."""
    return " ".join(re.findall(r"\w+", text.lower()))


def same_sentence(a: str, b: str) -> bool:
    """A found statement matches a labelled one when one contains the other or 80 % of words agree."""
    a, b = _words(a), _words(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


class QuestionScore:
    """Open-question precision, recall and theme agreement over records checked for them."""

    def __init__(self) -> None:
        self.found = self.found_right = self.labelled = self.recalled = 0
        self.themed = self.themes_agree = 0

    def add(self, gold: list[dict] | None, found: list[dict]) -> None:
        """Count one record; records never checked for open questions (gold None) are skipped."""
        if gold is None:
            return
        self.found += len(found)
        self.found_right += sum(
            any(same_sentence(f["text"], g["text"]) for g in gold) for f in found
        )
        for g in gold:
            if g.get("certain") is False:  # one labeller only: counts for precision, not recall
                continue
            self.labelled += 1
            hit = next((f for f in found if same_sentence(f["text"], g["text"])), None)
            if hit is None:
                continue
            self.recalled += 1
            if g.get("themes"):
                self.themed += 1
                self.themes_agree += bool(set(hit["themes"]) & set(g["themes"]))

    def metrics(self) -> dict[str, Any]:
        """The figures issue 14 names, with their denominators."""
        return {
            "open_questions_precision": _ratio(self.found_right, self.found),
            "open_questions_recall": _ratio(self.recalled, self.labelled),
            "open_questions_found": self.found,
            "open_questions_labelled": self.labelled,
            "open_question_themes_agreeing": _ratio(self.themes_agree, self.themed),
        }


def _miss(
    record: dict, field: str, expected: Any, got: Any, evidence: str | None
) -> dict[str, Any]:
    """One disagreement, with enough context to judge it by eye."""
    return {
        "pmid": record.get("pmid"),
        "title": (record.get("title") or "")[:120],
        "field": field,
        "expected": expected,
        "got": got,
        "evidence": evidence,
    }


def format_report(metrics: dict[str, Any]) -> str:
    """Plain-text report: accuracy per type, confusion matrix, sample-size figures, misses."""
    lines = [
        f"records: {metrics['n']}",
        f"study type accuracy: {metrics['study_type_accuracy']:.3f}",
        "",
        f"{'study type':<22}{'n':>5}{'correct':>9}{'accuracy':>10}",
    ]
    for code, stats in metrics["per_type"].items():
        lines.append(
            f"{str(code):<22}{stats['n']:>5}{stats['correct']:>9}{stats['accuracy']:>10.3f}"
        )
    lines += [
        "",
        "confusion matrix (rows: expected, columns: got)",
        *_confusion_table(metrics["confusion"]),
        "",
    ]
    lines += [
        f"sample size exact match: {metrics['sample_size_exact']:.3f}",
        f"sample size recall (labelled numbers found): {metrics['sample_size_recall']:.3f}",
        f"sample size false-positive rate: {metrics['sample_size_false_positive_rate']:.3f} "
        f"({metrics['sample_size_false_positives']} of {metrics['sample_size_null_labels']} null labels)",
        f"confident (needs_review false): {metrics['confident_share']:.3f} of records, "
        f"study type accuracy {metrics['confident_accuracy']:.3f}",
        f"open questions: precision {metrics['open_questions_precision']:.3f} "
        f"(of {metrics['open_questions_found']} found), recall {metrics['open_questions_recall']:.3f} "
        f"(of {metrics['open_questions_labelled']} labelled), themes agreeing "
        f"{metrics['open_question_themes_agreeing']:.3f}",
        "",
        f"misses ({len(metrics['misses'])}):",
    ]
    for miss in metrics["misses"]:
        who = miss["pmid"] or miss["title"]
        lines.append(
            f"- [{miss['field']}] {who}: expected {miss['expected']!r}, got {miss['got']!r}"
        )
        lines.append(f"    title: {miss['title']}")
        if miss["evidence"]:
            lines.append(f"    evidence: {miss['evidence']}")
    return "\n".join(lines)


def _confusion_table(confusion: dict[str, dict[str, int]]) -> list[str]:
    """Render the confusion counts as a fixed-width table with short column codes."""
    codes = [
        c for c in STUDY_TYPES if c in confusion or any(c in row for row in confusion.values())
    ]
    codes += sorted({str(c) for c in confusion} - set(codes))
    short = {c: c[:6] for c in codes}
    out = [f"{'':<20}" + "".join(f"{short[c]:>8}" for c in codes)]
    for expected in codes:
        row = confusion.get(expected)
        if row is None:
            continue
        out.append(f"{expected:<20}" + "".join(f"{row.get(c, 0) or '.':>8}" for c in codes))
    return out
