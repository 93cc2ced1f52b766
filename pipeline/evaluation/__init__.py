"""Evaluate a stage against hand-annotated gold (`manifesto eval STAGE --gold FILE`).

Each stage with gold has a module here, `pipeline.evaluation.<stage>`, defining
`evaluate(gold_path, out) -> dict` (JSON-serialisable figures) and `render(result) -> str`.
This package holds what they share: building the datasets for the gold documents,
resolving gold spans against `documents.text`, and one-to-one span matching.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..gold import GoldSpan, read_gold, resolve
from ..io import load_stage

DEFAULT_INPUTS = (Path("data/raw"),)


def evaluator(stage: str):
    """The evaluation module of a stage; ModuleNotFoundError if it has no gold scorer."""
    return importlib.import_module(f"{__name__}.{stage}")


def build(out: Path, stages: Sequence[str], inputs: Iterable[Path] = DEFAULT_INPUTS, model: str | None = None) -> Path:
    """Bring the datasets needed for an evaluation up to date in `out`."""
    from ..runner import run

    report = run(list(inputs), out, stages=stages, model=model, jobs=1)
    if report.exit_code:
        problems = "; ".join(f"{e['source_path']}: {e['message']}" for e in report.errors if e["severity"] == "error")
        raise RuntimeError(f"building the datasets for evaluation failed: {problems}")
    return out


def document_texts(out: Path) -> dict[str, str]:
    """`{file name: documents.text}`: gold files name documents by file name."""
    docs = load_stage("documents", out, columns=["source_path", "text"])
    return {Path(p).name: t for p, t in zip(docs.source_path, docs.text)}


def doc_names(out: Path) -> dict[str, str]:
    docs = load_stage("documents", out, columns=["doc_id", "source_path"])
    return {d: Path(p).name for d, p in zip(docs.doc_id, docs.source_path)}


def gold_spans(gold_path: Path, out: Path) -> tuple[list[GoldSpan], list[str]]:
    """Gold records resolved to offsets in the built documents, and unresolved ones."""
    return resolve(list(read_gold(gold_path)), document_texts(out))


def predicted_spans(frame: pd.DataFrame, out: Path) -> list[tuple[str, int, int, int]]:
    """(doc file name, start, end, row index) for each row of a stage DataFrame."""
    names = doc_names(out)
    return [(names[d], int(a), int(b), i) for i, (d, a, b) in
            enumerate(zip(frame.doc_id, frame.char_start, frame.char_end))]


@dataclass
class Scores:
    """Precision, recall and F1 from match counts."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def shares(a: tuple[int, int], b: tuple[int, int], min_overlap: float = 0.5) -> int:
    """The characters two spans share, when that is at least `min_overlap` of the
    shorter one (else 0): the evaluation's notion of the same unit."""
    shared = overlap(a, b)
    return shared if shared and shared >= min_overlap * min(a[1] - a[0], b[1] - b[0]) else 0


def match(gold: Sequence[tuple[str, int, int]], predicted: Sequence[tuple[str, int, int]],
          mode: str = "overlap", min_overlap: float = 0.5) -> tuple[list[tuple[int, int]], Scores]:
    """One-to-one matching of gold and predicted spans, per document.

    `exact`: same start and end. `overlap`: the pair shares at least `min_overlap` of
    the shorter span; pairs are taken greedily by largest overlap, so each gold span
    and each prediction is used at most once. Returns (gold index, predicted index) pairs.
    """
    candidates = []
    for gi, (gdoc, gs, ge) in enumerate(gold):
        for pi, (pdoc, ps, pe) in enumerate(predicted):
            if gdoc != pdoc:
                continue
            if mode == "exact":
                if (gs, ge) == (ps, pe):
                    candidates.append((ge - gs, gi, pi))
            else:
                if shared := shares((gs, ge), (ps, pe), min_overlap):
                    candidates.append((shared, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _shared, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_gold and pi not in used_pred:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_pred.add(pi)
    return sorted(pairs), Scores(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))


def field_accuracy(pairs: list[tuple[int, int]], gold: list[dict], predicted: list[dict], field: str,
                   normalise=lambda v: v) -> dict:
    """Share of matched pairs whose `field` agrees (after `normalise`), with the count."""
    agree = sum(normalise(gold[gi].get(field)) == normalise(predicted[pi].get(field)) for gi, pi in pairs)
    return {"accuracy": round(agree / len(pairs), 4) if pairs else 0.0, "n": len(pairs)}
