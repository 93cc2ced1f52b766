"""`manifesto diff OLD NEW`: what changed in each dataset between two builds.

Ids and offsets are content-derived: editing one paragraph gives the document a new
`doc_id`, and shifts the offsets of everything after the edit, so comparing rows by
id would report the whole document as replaced. Instead rows are aligned within each
source file by their content (every column except ids, offsets and ordinals), in
document order, with `difflib` (a renamed file, same content and so same `doc_id`, is
aligned with itself under its new name): rows equal in content are unchanged, a replaced row
is reported as changed with the columns that differ, the rest as added or removed.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .io import load_stage, stage_files
from .manifest import Manifest

# Columns that move when text elsewhere in the document changes.
POSITIONAL = {"char_start", "char_end", "title_char_start", "title_char_end", "ordinal", "paragraph"}


@dataclass
class StageDiff:
    stage: str
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    unchanged: int = 0

    def as_dict(self) -> dict:
        return {"stage": self.stage, "added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "unchanged": self.unchanged,
                "rows": {"added": self.added, "removed": self.removed, "changed": self.changed}}


def stages_in(folder: Path) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir()
                  if p.is_dir() and not p.name.startswith(".") and stage_files(folder, p.name))


def diff_datasets(old: Path, new: Path, stages: list[str] | None = None) -> list[StageDiff]:
    """Per stage, rows added, removed and changed between two dataset folders."""
    names = stages or sorted(set(stages_in(old)) | set(stages_in(new)))
    old_paths, new_paths = _source_paths(old), _source_paths(new)
    # a renamed file keeps its doc_id: its old rows align under its new name
    old_paths.update({doc: path for doc, path in new_paths.items() if doc in old_paths})
    return [diff_stage(name, _frame(old, name, old_paths), _frame(new, name, new_paths)) for name in names]


def _source_paths(folder: Path) -> dict[str, str]:
    """doc_id -> source file, from the manifest (present whatever stages were run)."""
    return {r["doc_id"]: r["source_path"] for r in Manifest.load(folder).data.get("inputs", [])}


def _frame(folder: Path, stage: str, source_paths: dict[str, str]) -> pd.DataFrame:
    if not stage_files(folder, stage):
        return pd.DataFrame()
    frame = load_stage(stage, folder)
    if "doc_id" in frame.columns:
        frame.insert(0, "_source", frame.doc_id.map(source_paths).fillna(frame.doc_id))
    else:
        frame.insert(0, "_source", "")
    return frame


def _id_column(frame: pd.DataFrame) -> str | None:
    ids = [c for c in frame.columns if c.endswith("_id") and c != "doc_id" and c != "parent_id"]
    return ids[0] if ids else ("doc_id" if "doc_id" in frame.columns else None)


def _order(frame: pd.DataFrame) -> list[str]:
    return [c for c in ("char_start", "ordinal") if c in frame.columns]


def _content_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c != "_source" and not c.endswith("_id") and c not in POSITIONAL]


def _signature(row: dict, columns: list[str]) -> tuple:
    return tuple(_plain(row.get(c)) for c in columns)


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


def diff_stage(stage: str, old: pd.DataFrame, new: pd.DataFrame) -> StageDiff:
    result = StageDiff(stage)
    if old.empty and new.empty:
        return result
    reference = new if not new.empty else old
    columns = _content_columns(reference)
    id_column = _id_column(reference)
    sources = sorted(set(old.get("_source", [])) | set(new.get("_source", [])))
    for source in sources:
        old_rows = _rows(old, source)
        new_rows = _rows(new, source)
        matcher = difflib.SequenceMatcher(a=[_signature(r, columns) for r in old_rows],
                                          b=[_signature(r, columns) for r in new_rows], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                result.unchanged += i2 - i1
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(pairs):
                before, after = old_rows[i1 + k], new_rows[j1 + k]
                result.changed.append({"source_path": source, "old_id": before.get(id_column), "new_id": after.get(id_column),
                                       "columns": [c for c in columns if _plain(before.get(c)) != _plain(after.get(c))]})
            result.removed += [{"source_path": source, "id": r.get(id_column)} for r in old_rows[i1 + pairs:i2]]
            result.added += [{"source_path": source, "id": r.get(id_column)} for r in new_rows[j1 + pairs:j2]]
    return result


def _rows(frame: pd.DataFrame, source: str) -> list[dict]:
    if frame.empty:
        return []
    part = frame[frame._source == source]
    order = _order(part)
    if order:
        part = part.sort_values(order, kind="stable")
    return part.to_dict("records")
