"""The rows a report shows, read once from a dataset folder and grouped by document.

Read through `read_stage_table`, so a column a stage's schema has but an older file
lacks comes back as nulls, and the report never asks for a column by position: code
here and in the pages uses `row.get(...)`, so stages that gain columns (a page role,
a section path) keep rendering. Memory grows with the corpus: every stage is read
whole, since the index's charts aggregate over all documents anyway.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from manifesto.pipeline.io import read_stage_table, stage_files


class ReportError(Exception):
    """The dataset folder cannot be reported on (missing, or no documents)."""


@dataclass(frozen=True)
class MarkKind:
    """A highlighted stage: its `data-kind`, its dataset and its row id column."""

    kind: str
    stage: str
    id_column: str


MARK_KINDS = (
    MarkKind("pledge", "pledges", "pledge_id"),
    MarkKind("claim", "claims", "claim_id"),
    MarkKind("entity", "entities", "mention_id"),
)

NO_PARTY = "(no party)"

# Only what the pages use from sentences (their text is the bulk); other stages are read whole.
_SENTENCE_COLUMNS = ("doc_id", "char_start", "char_end", "block_kind")


@dataclass
class Corpus:
    """Documents (in display order) and every other stage's rows keyed by doc_id, in text order."""

    out: Path
    documents: list[dict]
    rows: dict[str, dict[str, list[dict]]]

    def of(self, stage: str, doc_id: str) -> list[dict]:
        return self.rows.get(stage, {}).get(doc_id, [])


def load_corpus(out: str | Path) -> Corpus:
    """Every stage the report shows, grouped by document."""
    out = Path(out)
    if not out.is_dir():
        raise ReportError(f"{out}: no such dataset folder")
    if not stage_files(out, "documents"):
        raise ReportError(f"{out}: no documents dataset (build it with `manifesto run INPUTS --out {out}`)")
    documents = sorted(read_stage_table(out, "documents").to_pylist(), key=document_order)
    stages = ["sections", "pages", *(k.stage for k in MARK_KINDS)]
    rows = {stage: _by_document(_read(out, stage)) for stage in stages}
    rows["sentences"] = _by_document(_read(out, "sentences", _SENTENCE_COLUMNS))
    return Corpus(out, documents, rows)


def document_order(doc: dict) -> tuple:
    """Party, then year, then file: the order of the index table and its charts."""
    return (doc.get("party") or "\uffff", doc.get("year") or 0, doc.get("source_path") or "")


def party_of(doc: dict) -> str:
    return doc.get("party") or NO_PARTY


def _read(out: Path, stage: str, columns: Iterable[str] | None = None) -> list[dict]:
    """A stage's rows as dicts (none when the stage was not run); non-finite floats become None."""
    if not stage_files(out, stage):
        return []
    table = read_stage_table(out, stage, list(columns) if columns is not None else None)
    sort = [(c, "ascending") for c in ("doc_id", "char_start") if c in table.column_names]
    rows = table.sort_by(sort).to_pylist() if sort else table.to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                row[key] = None
    return rows


def _by_document(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["doc_id"]].append(row)
    return dict(grouped)
