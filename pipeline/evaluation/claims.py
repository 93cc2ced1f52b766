"""Score the `claims` stage against gold (`manifesto eval claims --gold tests/gold/claims.jsonl`).

Spans: precision, recall and F1 with overlap matching (primary: a prediction
matches a gold span when they share at least half of the shorter one, one-to-one)
and with exact matching. Fields, on the overlap-matched pairs:

- `value`: equal within a relative tolerance of 1e-6; a range is right when both
  ends are; a range against a single value is wrong.
- `bound`, `kind`, `unit`, `direction`: equal (null equals null; unit ignores case).
- `counted` (lenient): the head nouns agree. The head is the last word before the
  first word that starts a post-modifier (a preposition, "and"/"or", a relative
  pronoun, or a participle in -ed/-ing after the first word), lower-cased, with a
  possessive and a plural -s stripped: "child sexual exploitation offences reported
  to the police" -> "offence"; "children and young people" -> "children";
  "police officers" and "officers" -> "officer". Null equals null.
- `direction_changes`: direction accuracy on the pairs whose gold direction is set
  (a tool that never gives a direction scores 0 here).

The same `score()` is used by `bench/claims_vs_peers.py` for every tool.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

from ..io import load_stage
from . import Scores, doc_names, field_accuracy, gold_spans, match

STAGES = ("documents", "claims")  # documents: gold is resolved against documents.text
FIELDS = ("value", "bound", "kind", "unit", "counted", "direction")
EXTRA_FIELDS = ("currency", "per", "change_type", "role", "time_ref")
REL_TOL = 1e-6
POSTMODIFIER_STARTS = {"of", "to", "in", "for", "on", "at", "with", "by", "from", "than", "per", "and", "or",
                       "that", "who", "which", "whose", "where", "being", "under", "over", "into", "across"}

Span = tuple[str, int, int]


def values_agree(gold: dict, predicted: dict) -> bool:
    """Value within REL_TOL; ranges compare both ends."""
    if gold.get("value") is None and gold.get("value_low") is not None:
        return _close(gold.get("value_low"), predicted.get("value_low")) and \
            _close(gold.get("value_high"), predicted.get("value_high")) and predicted.get("value") is None
    return _close(gold.get("value"), predicted.get("value"))


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    if math.isnan(a) or math.isnan(b):
        return False
    return a == b or abs(a - b) <= REL_TOL * max(abs(a), abs(b))


def head_noun(phrase: str | None) -> str | None:
    """The lenient head of a counted phrase (see the module docstring)."""
    if not phrase:
        return None
    words = re.findall(r"[\w'’-]+|%", phrase.lower())
    kept: list[str] = []
    for index, word in enumerate(words):
        if index and (word in POSTMODIFIER_STARTS or re.fullmatch(r"\w+(ed|ing)", word) and len(word) > 4):
            break
        kept.append(word)
    if not kept:
        return None
    head = re.sub(r"['’]s?$", "", kept[-1])
    if head.endswith("ies") and len(head) > 4:
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith("ss") and len(head) > 3:
        return head[:-1]
    return head


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def score(gold: Sequence[tuple[Span, dict]], predicted: Sequence[tuple[Span, dict]]) -> dict:
    """Span P/R/F1 (overlap and exact) and field accuracy on overlap-matched pairs.

    `gold` and `predicted` are ((doc, start, end), record) pairs; records use the
    claims columns (value, value_low, value_high, bound, kind, unit, counted, ...).
    """
    gold_spans_ = [span for span, _ in gold]
    pred_spans = [span for span, _ in predicted]
    gold_rows = [row for _, row in gold]
    pred_rows = [row for _, row in predicted]
    pairs, overlap_scores = match(gold_spans_, pred_spans, mode="overlap")
    _exact_pairs, exact_scores = match(gold_spans_, pred_spans, mode="exact")
    n = len(pairs)
    fields = {
        "value": _share(sum(values_agree(gold_rows[g], pred_rows[p]) for g, p in pairs), n),
        "bound": field_accuracy(pairs, gold_rows, pred_rows, "bound"),
        "kind": field_accuracy(pairs, gold_rows, pred_rows, "kind"),
        "unit": field_accuracy(pairs, gold_rows, pred_rows, "unit", normalise=_lower),
        "counted": _share(sum(head_noun(gold_rows[g].get("counted")) == head_noun(pred_rows[p].get("counted"))
                              for g, p in pairs), n),
        "direction": field_accuracy(pairs, gold_rows, pred_rows, "direction"),
    }
    changes = [(g, p) for g, p in pairs if gold_rows[g].get("direction")]
    fields["direction_changes"] = _share(sum(gold_rows[g].get("direction") == pred_rows[p].get("direction")
                                             for g, p in changes), len(changes))
    extra = {name: field_accuracy(pairs, gold_rows, pred_rows, name) for name in EXTRA_FIELDS}
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    return {
        "spans": {"overlap": overlap_scores.as_dict(), "exact": exact_scores.as_dict()},
        "fields": fields,
        "extra_fields": extra,
        "by_kind": _by_kind(gold_rows, matched_gold),
        "missed": [_describe(gold[g]) for g in range(len(gold)) if g not in matched_gold],
        "spurious": [_describe(predicted[p]) for p in range(len(predicted)) if p not in matched_pred],
        "field_errors": _field_errors(pairs, gold, predicted),
    }


def _share(agree: int, n: int) -> dict:
    return {"accuracy": round(agree / n, 4) if n else 0.0, "n": n}


def _by_kind(gold_rows: list[dict], matched: set[int]) -> dict:
    totals = Counter(row.get("kind") for row in gold_rows)
    found = Counter(gold_rows[i].get("kind") for i in matched)
    return {kind: {"gold": totals[kind], "found": found[kind]} for kind in sorted(totals, key=str)}


def _describe(item: tuple[Span, dict]) -> str:
    (doc, start, end), row = item
    return f"{doc}:{start}-{end} {row.get('text')!r}"


def _field_errors(pairs, gold, predicted) -> list[str]:
    errors = []
    for g, p in pairs:
        grow, prow = gold[g][1], predicted[p][1]
        wrong = []
        if not values_agree(grow, prow):
            wrong.append(f"value {_value(grow)} != {_value(prow)}")
        for name in ("bound", "kind", "direction"):
            if grow.get(name) != prow.get(name):
                wrong.append(f"{name} {grow.get(name)!r} != {prow.get(name)!r}")
        if _lower(grow.get("unit")) != _lower(prow.get("unit")):
            wrong.append(f"unit {grow.get('unit')!r} != {prow.get('unit')!r}")
        if head_noun(grow.get("counted")) != head_noun(prow.get("counted")):
            wrong.append(f"counted {grow.get('counted')!r} != {prow.get('counted')!r}")
        if wrong:
            errors.append(f"{grow.get('text')!r}: " + "; ".join(wrong))
    return errors


def _value(row: dict):
    if row.get("value") is None and row.get("value_low") is not None:
        return f"[{row.get('value_low')}, {row.get('value_high')}]"
    return row.get("value")


def gold_items(gold_path: Path, out: Path) -> tuple[list[tuple[Span, dict]], list[str]]:
    """Gold claims resolved against the built documents, and unresolved records."""
    spans, problems = gold_spans(gold_path, out)
    return [((s.doc, s.char_start, s.char_end), s.record) for s in spans], problems


def predicted_items(out: Path, docs: set[str] | None = None) -> list[tuple[Span, dict]]:
    """Rows of the built claims dataset as ((doc file name, start, end), row)."""
    frame = load_stage("claims", out)
    names = doc_names(out)
    rows = frame.to_dict("records")
    items = []
    for row in rows:
        name = names[row["doc_id"]]
        if docs is None or name in docs:
            row = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            items.append(((name, int(row["char_start"]), int(row["char_end"])), row))
    return items


def evaluate(gold_path: Path, out: Path, model: str | None = None) -> dict:
    """Figures for `manifesto eval claims`; `out` holds a built claims dataset."""
    gold, problems = gold_items(Path(gold_path), Path(out))
    documents = {doc for (doc, _s, _e), _row in gold}
    predicted = predicted_items(Path(out), documents)
    result = score(gold, predicted)
    result["gold"] = {"file": str(gold_path), "claims": len(gold), "documents": len(documents),
                      "unresolved": problems}
    result["predicted"] = len(predicted)
    return result


def render(result: dict) -> str:
    """A plain-text report of `evaluate`'s figures."""
    lines = [f"claims vs {result['gold']['file']}: {result['gold']['claims']} gold claims in "
             f"{result['gold']['documents']} documents, {result['predicted']} predicted"]
    for problem in result["gold"]["unresolved"]:
        lines.append(f"  unresolved gold record: {problem}")
    lines.append("")
    lines.append(f"{'spans':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for mode in ("overlap", "exact"):
        s = result["spans"][mode]
        lines.append(f"{mode:<10}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append("")
    lines.append("field accuracy on overlap-matched pairs")
    for name, figures in {**result["fields"], **result["extra_fields"]}.items():
        lines.append(f"  {name:<18}{figures['accuracy']:>7.3f}  (n={figures['n']})")
    lines.append("")
    lines.append("recall by gold kind: " + ", ".join(
        f"{kind} {v['found']}/{v['gold']}" for kind, v in result["by_kind"].items()))
    for title, key in (("missed gold", "missed"), ("spurious predictions", "spurious"),
                       ("field disagreements", "field_errors")):
        if result[key]:
            lines.append("")
            lines.append(f"{title} ({len(result[key])}):")
            lines.extend(f"  {item}" for item in result[key])
    return "\n".join(lines)


__all__ = ["STAGES", "evaluate", "render", "score", "head_noun", "values_agree", "Scores"]
