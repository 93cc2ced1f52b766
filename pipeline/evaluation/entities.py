"""Score the `entities` stage against gold mentions (tests/gold/entities.md), beside the
plain spaCy model on the same texts.

A mention counts when its span and label are exactly the gold's (OntoNotes-style:
longest proper name, no leading "the", no possessive, no titles). Only documents that
the gold file annotates are scored, for ours and for the plain model: mentions in other
input documents are neither false positives nor anything else. Also reported: the
same per label, an unlabelled exact-span figure, the share of matched mentions whose
canonical name agrees with the gold's, and the misses. The baseline is the model alone
(`ner`, none of the project's rules) run over the same normalised `documents.text`,
keeping its entity labels only: numbers and dates are not entities here.
"""

from __future__ import annotations

from pathlib import Path

from manifesto.models import default_model, load_nlp
from manifesto.models.entity_rules import name_key

from ..gold import read_gold
from ..io import load_stage
from . import Scores, document_texts, field_accuracy, gold_spans, match, predicted_spans

STAGES = ("documents", "entities")  # documents: the gold is resolved against documents.text
LABELS = ("PERSON", "ORG", "GPE", "NORP", "LAW", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")
MAX_LISTED = 40


def evaluate(gold_path: Path, out: Path, model: str | None = None) -> dict:
    """Figures for the stage in `out` and for the plain model, against the gold file."""
    spans, problems = gold_spans(gold_path, out)
    gold_docs = {record["doc"] for record in read_gold(gold_path)}
    gold = [(s.doc, s.char_start, s.char_end, s.record["label"]) for s in spans]
    frame = load_stage("entities", out, columns=["doc_id", "char_start", "char_end", "text", "label", "canonical"])
    all_rows = frame.to_dict("records")
    kept = [(doc, start, end, i) for doc, start, end, i in predicted_spans(frame, out) if doc in gold_docs]
    predicted = [(doc, start, end, all_rows[i]["label"]) for doc, start, end, i in kept]
    rows = [all_rows[i] for *_span, i in kept]  # aligned with `predicted`
    ours = score(gold, predicted)
    records = [s.record for s in spans]
    pairs, _ = match([(d, s, e) for d, s, e, _l in gold], [(d, s, e) for d, s, e, _l in predicted], mode="exact")
    pairs = [(gi, pi) for gi, pi in pairs if records[gi].get("canonical")]  # gold without canonicals: not scored
    ours["canonical"] = field_accuracy(pairs, records, rows, "canonical", normalise=lambda v: name_key(v or ""))
    ours["errors"] = _errors(gold, predicted, document_texts(out))
    baseline_model = model or default_model()
    return {
        "gold": str(gold_path), "n_gold": len(gold), "unresolved_gold": problems,
        "ours": ours,
        "baseline": {"model": baseline_model, **score(gold, plain_model_spans(out, baseline_model, gold_docs))},
    }


def score(gold: list[tuple], predicted: list[tuple]) -> dict:
    """Exact span+label P/R/F1, per label, and unlabelled exact span."""
    _pairs, labelled = _match_labelled(gold, predicted)
    _pairs, unlabelled = match([g[:3] for g in gold], [p[:3] for p in predicted], mode="exact")
    per_label = {}
    for label in LABELS:
        g = [x for x in gold if x[3] == label]
        p = [x for x in predicted if x[3] == label]
        if g or p:
            per_label[label] = _match_labelled(g, p)[1].as_dict()
    return {"n_predicted": len(predicted), "exact": labelled.as_dict(), "unlabelled": unlabelled.as_dict(),
            "per_label": per_label}


def _match_labelled(gold: list[tuple], predicted: list[tuple]) -> tuple[list[tuple[int, int]], Scores]:
    # The label joins the document key, so only same-span same-label pairs can match.
    return match([(f"{d}\x00{label}", s, e) for d, s, e, label in gold],
                 [(f"{d}\x00{label}", s, e) for d, s, e, label in predicted], mode="exact")


def plain_model_spans(out: Path, model: str, docs: set[str] | None = None) -> list[tuple[str, int, int, str]]:
    """The model's own entities (entity labels only) on the built documents' texts
    (only the documents named in `docs`, when given)."""
    from ..parse import prepare_doc  # noqa: F401 - same tokenisation as the pipeline

    nlp = load_nlp(model, {"ner"})
    texts = document_texts(out)
    names = sorted(name for name in texts if docs is None or name in docs)
    spans = []
    for name, doc in zip(names, nlp.pipe(nlp.make_doc(texts[n]) for n in names)):
        spans.extend((name, e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS)
    return spans


def _errors(gold: list[tuple], predicted: list[tuple], texts: dict[str, str]) -> dict:
    gold_set, predicted_set = set(gold), set(predicted)
    spans_gold = {g[:3]: g[3] for g in gold}
    def describe(item: tuple, other: dict) -> dict:
        doc, start, end, label = item
        return {"doc": doc, "char_start": start, "text": texts[doc][start:end], "label": label,
                "other_label": other.get(item[:3])}
    spans_predicted = {p[:3]: p[3] for p in predicted}
    false_positives = [describe(p, spans_gold) for p in sorted(predicted_set - gold_set)]
    false_negatives = [describe(g, spans_predicted) for g in sorted(gold_set - predicted_set)]
    return {"false_positives": false_positives, "false_negatives": false_negatives}


def render(result: dict) -> str:
    """The figures as text: ours beside the plain model, per label, then the misses."""
    ours, base = result["ours"], result["baseline"]
    lines = [f"entities vs {result['gold']}: {result['n_gold']} gold mentions"]
    for problem in result["unresolved_gold"]:
        lines.append(f"  unresolved gold: {problem}")
    lines += ["", f"{'exact span + label':<28}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, figures in (("manifesto entities", ours["exact"]), (f"plain {base['model']}", base["exact"]),
                          ("unlabelled span (ours)", ours["unlabelled"]), ("unlabelled span (plain)", base["unlabelled"])):
        lines.append(_row(name, figures))
    lines += ["", f"{'per label (ours | plain F1)':<28}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}{'plain':>8}"]
    for label, figures in ours["per_label"].items():
        plain = base["per_label"].get(label, {}).get("f1", 0.0)
        lines.append(_row(label, figures) + f"{plain:>8.3f}")
    canonical = ours["canonical"]
    lines.append("")
    if canonical["n"]:
        lines.append(f"canonical name agrees with gold on {canonical['accuracy']:.1%} of {canonical['n']} span matches")
    lines.append("(plain model: numeric labels DATE, CARDINAL, ... dropped; no rules, no trimming)")
    for kind in ("false_positives", "false_negatives"):
        items = ours["errors"][kind]
        lines += ["", f"{kind.replace('_', ' ')} ({len(items)}):"]
        for item in items[:MAX_LISTED]:
            other = f" (gold {item['other_label']})" if kind == "false_positives" and item["other_label"] else \
                f" (ours {item['other_label']})" if item["other_label"] else ""
            lines.append(f"  {item['doc']}:{item['char_start']}  {item['text']!r} {item['label']}{other}")
        if len(items) > MAX_LISTED:
            lines.append(f"  ... {len(items) - MAX_LISTED} more (--json for all)")
    return "\n".join(lines)


def _row(name: str, figures: dict) -> str:
    return (f"{name:<28}{figures['precision']:>8.3f}{figures['recall']:>8.3f}{figures['f1']:>8.3f}"
            f"{figures['tp']:>6}{figures['fp']:>6}{figures['fn']:>6}")
