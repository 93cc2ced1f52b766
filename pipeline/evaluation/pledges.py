"""Score the `pledges` stage against gold (tests/gold/pledges.jsonl, see pledges.md).

Detection: a gold pledge and a predicted pledge match when their spans share at least
half of the shorter one (one-to-one, per document); precision, recall and F1 follow.
Only predictions inside the stretch the gold labels are judged (a gold set may cover a
window of a long manifesto).
Every coded field is then compared on the matched pairs. A keyword baseline is scored
the same way for comparison: a sentence row is a pledge iff it contains the word
"will" (case-insensitive), which is what a reader with a search box would do first.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..gold import read_gold
from ..io import load_stage
from . import Scores, doc_names, field_accuracy, gold_spans, match, overlap, predicted_spans

STAGES = ("documents", "pledges")  # documents: the gold is resolved against documents.text
FIELDS = ("actor", "cue", "commitment", "pledge_type", "polarity", "specificity", "condition", "time_frame",
          "lead_in", "is_heading")
BASELINE_WORD = re.compile(r"\bwill\b", re.IGNORECASE)
SHOW_ERRORS = 40


def normalise(value):
    """Field values compare case- and space-insensitively; null and "" are the same."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = " ".join(value.replace("’", "'").replace("‘", "'").split()).casefold()
        return value or None
    return value


def evaluate(gold_path: Path, out: Path, model: str | None = None) -> dict:
    """Detection scores, field accuracies and the keyword baseline, as plain data."""
    gold_path, out = Path(gold_path), Path(out)
    spans, problems = gold_spans(gold_path, out)
    gold = [s for s in spans if s.record.get("is_pledge")]
    gold_keys = [(s.doc, s.char_start, s.char_end) for s in gold]
    gold_records = [s.record for s in gold]

    frame = load_stage("pledges", out)
    predicted_all = predicted_spans(frame, out)
    extent = labelled_extent(spans)
    keep = [i for i, (doc, start, end, _row) in enumerate(predicted_all) if _inside(extent, doc, start, end)]
    predicted = [predicted_all[i][:3] for i in keep]
    records = [_row(frame.iloc[predicted_all[i][3]]) for i in keep]
    pairs, scores = match(gold_keys, predicted)

    result = {
        "gold": str(gold_path),
        "model": model,
        "units": len(spans),
        "gold_pledges": len(gold),
        "predicted_pledges": len(predicted),
        "detection": scores.as_dict(),
        "per_document": _per_document(gold_keys, predicted),
        "fields": {name: field_accuracy([(g, p) for g, p in pairs if name in gold_records[g]], gold_records, records,
                                        name, normalise) for name in FIELDS if any(name in r for r in gold_records)},
        "baseline": {"rule": "a sentence row is a pledge iff it contains the word 'will'",
                     "detection": _baseline(gold_keys, out, extent).as_dict(),
                     "units": unit_scores(spans, _baseline_spans(out, extent)).as_dict()},
        "units_detection": unit_scores(spans, predicted).as_dict(),
        "unresolved_gold": problems,
    }
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    result["missed"] = [{"doc": s.doc, "text": s.record["text"]} for i, s in enumerate(gold) if i not in matched_gold]
    result["false_alarms"] = [{"doc": predicted[i][0], "text": records[i]["text"]} for i in range(len(predicted))
                              if i not in matched_pred]
    result["field_errors"] = {
        name: [{"text": gold_records[gi]["text"], "gold": gold_records[gi].get(name), "predicted": records[pi].get(name)}
               for gi, pi in pairs
               if name in gold_records[gi] and normalise(gold_records[gi].get(name)) != normalise(records[pi].get(name))]
        for name in result["fields"]
    }
    return result


def _row(series: pd.Series) -> dict:
    return {key: (None if isinstance(value, float) and pd.isna(value) else value) for key, value in series.items()}


def _per_document(gold_keys, predicted) -> dict:
    out = {}
    for doc in sorted({g[0] for g in gold_keys} | {p[0] for p in predicted}):
        _pairs, scores = match([g for g in gold_keys if g[0] == doc], [p for p in predicted if p[0] == doc])
        out[doc] = scores.as_dict()
    return out


def labelled_extent(spans) -> dict[str, tuple[int, int]]:
    """Per document, the stretch of text the gold covers (from its first unit to its
    last): a gold set may label a window of a long manifesto, and only predictions
    inside it can be judged."""
    extent: dict[str, tuple[int, int]] = {}
    for span in spans:
        start, end = extent.get(span.doc, (span.char_start, span.char_end))
        extent[span.doc] = (min(start, span.char_start), max(end, span.char_end))
    return extent


def _inside(extent: dict[str, tuple[int, int]], doc: str, start: int, end: int) -> bool:
    if doc not in extent:
        return False
    low, high = extent[doc]
    return start < high and end > low


def unit_scores(spans, predicted) -> Scores:
    """Scores over the gold's own units, as for a sentence-labelled data set: a unit is
    predicted a pledge when predicted pledges cover at least half of it. Unlike span
    matching, two gold sentences that the pipeline reads as one unit are both judged."""
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc, start, end in predicted:
        by_doc.setdefault(doc, []).append((start, end))
    tp = fp = fn = 0
    for span in spans:
        length = max(1, span.char_end - span.char_start)
        covered = sum(overlap((span.char_start, span.char_end), p) for p in by_doc.get(span.doc, ()))
        said, truth = covered >= 0.5 * length, bool(span.record.get("is_pledge"))
        tp, fp, fn = tp + (said and truth), fp + (said and not truth), fn + (truth and not said)
    return Scores(tp, fp, fn)


def _baseline(gold_keys, out: Path, extent: dict[str, tuple[int, int]]):
    """The keyword baseline: every sentence row containing "will" is a pledge."""
    _pairs, scores = match(gold_keys, _baseline_spans(out, extent))
    return scores


def _baseline_spans(out: Path, extent: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    sentences = load_stage("sentences", out, columns=["doc_id", "char_start", "char_end", "text"])
    names = doc_names(out)
    return [(names[d], int(a), int(b)) for d, a, b, t in
            zip(sentences.doc_id, sentences.char_start, sentences.char_end, sentences.text)
            if _inside(extent, names[d], int(a), int(b)) and BASELINE_WORD.search(t)]


def render(result: dict) -> str:
    """The figures as a plain-text report."""
    d, b = result["detection"], result["baseline"]["detection"]
    lines = [
        f"pledges vs {result['gold']}: {result['gold_pledges']} gold pledges in {result['units']} units, "
        f"{result['predicted_pledges']} predicted",
        "",
        f"{'detection':<28}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}",
        _score_line("extractor", d),
        _score_line("baseline: contains 'will'", b),
        _score_line("extractor, per gold unit", result["units_detection"]),
        _score_line("baseline, per gold unit", result["baseline"]["units"]),
    ]
    for doc, scores in result["per_document"].items():
        lines.append(_score_line(f"  {doc[:26]}", scores))
    if result["fields"]:
        lines += ["", f"{'field accuracy (matched)':<28}{'acc':>8}{'n':>6}"]
        lines += [f"{name:<28}{acc['accuracy']:>8.3f}{acc['n']:>6}" for name, acc in result["fields"].items()]
    else:
        lines += ["", "field accuracy: the gold codes no fields, only whether each unit is a pledge"]
    if result["unresolved_gold"]:
        lines += ["", "unresolved gold records:"] + [f"  {p}" for p in result["unresolved_gold"]]
    for title, key in (("missed (false negatives)", "missed"), ("false alarms (false positives)", "false_alarms")):
        items = result[key]
        if items:
            lines += ["", f"{title}: {len(items)}"]
            lines += [f"  - {item['text'][:110]}" for item in items[:SHOW_ERRORS]]
    return "\n".join(lines)


def _score_line(name: str, s: dict) -> str:
    return f"{name:<28}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}"
