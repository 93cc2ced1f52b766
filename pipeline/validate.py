"""`manifesto validate OUT`: check a dataset folder against its contracts.

Every part readable; schemas as documented; ids unique; every parent id present
(sentence -> section -> document, claim -> pledge, mention -> entity); offsets in range
and text slices equal to `documents.text`; the manifest's files and hashes on disk.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from manifesto.extractors import REGISTRY

from .io import _schema_for, file_sha256, stage_files
from .manifest import MANIFEST_NAME, Manifest, ManifestError

# Foreign keys: column -> (stage, column) it must point into.
REFERENCES = {
    "doc_id": ("documents", "doc_id"),
    "section_id": ("sections", "section_id"),
    "parent_id": ("sections", "section_id"),
    "sentence_id": ("sentences", "sentence_id"),
    "pledge_id": ("pledges", "pledge_id"),
    "entity_id": ("entity_index", "entity_id"),
}
SPAN_COLUMNS = (("char_start", "char_end", "text"), ("title_char_start", "title_char_end", "title"))


def expected_schema(stage: str) -> pa.Schema | None:
    return _schema_for(stage, REGISTRY)


def own_id(stage: str, schema: pa.Schema) -> str | None:
    """The stage's own id column: its first column, unless that is a reference (pages)."""
    first = schema.field(0).name
    if not first.endswith("_id") or (first in REFERENCES and REFERENCES[first][0] != stage):
        return None
    return first


def validate(out: Path) -> list[str]:
    """Problems found in the dataset folder (empty when it is valid)."""
    out = Path(out)
    problems: list[str] = []
    tables: dict[str, pa.Table] = {}
    stages = sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")) if out.is_dir() else []
    if not stages:
        return [f"{out}: no datasets"]
    for stage in stages:
        table = _read_stage(out, stage, problems)
        if table is not None:
            tables[stage] = table
    for stage, table in tables.items():
        problems += _check_ids(stage, table, tables)
    if "documents" in tables:
        texts = dict(zip(tables["documents"]["doc_id"].to_pylist(), tables["documents"]["text"].to_pylist()))
        for stage, table in tables.items():
            problems += _check_spans(stage, table, texts)
    elif any("char_start" in t.column_names and t.num_rows for t in tables.values()):
        problems.append("documents: missing, so offsets and text slices cannot be checked")
    problems += _check_manifest(out, stages)
    return problems


def _read_stage(out: Path, stage: str, problems: list[str]) -> pa.Table | None:
    schema = expected_schema(stage)
    if schema is None:
        problems.append(f"{stage}: unknown stage (no documented schema)")
        return None
    parts = []
    for path in stage_files(out, stage):
        try:
            table = pq.read_table(path)
        except Exception as error:  # noqa: BLE001 - any unreadable file is a finding
            problems.append(f"{stage}/{path.name}: unreadable ({error})")
            continue
        if not table.schema.remove_metadata().equals(schema.remove_metadata()):
            problems.append(f"{stage}/{path.name}: schema differs from the documented one")
            continue
        parts.append(table.replace_schema_metadata(None))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _check_ids(stage: str, table: pa.Table, tables: dict[str, pa.Table]) -> list[str]:
    problems = []
    id_column = own_id(stage, table.schema)
    if id_column and stage != "errors":
        ids = table[id_column].to_pylist()
        if len(ids) != len(set(ids)):
            problems.append(f"{stage}: {len(ids) - len(set(ids))} duplicate {id_column} values")
    for column, (target_stage, target_column) in REFERENCES.items():
        if column not in table.column_names or column == id_column or not table.num_rows:
            continue
        if target_stage not in tables:
            problems.append(f"{stage}: {column} refers to {target_stage}, which is missing")
            continue
        known = set(tables[target_stage][target_column].to_pylist())
        dangling = {v for v in table[column].to_pylist() if v is not None} - known
        if dangling:
            problems.append(f"{stage}: {len(dangling)} {column} values not in {target_stage} (e.g. {sorted(dangling)[0]})")
    return problems


def _check_spans(stage: str, table: pa.Table, texts: dict[str, str]) -> list[str]:
    problems = []
    if "doc_id" not in table.column_names:
        return problems
    for start_col, end_col, text_col in SPAN_COLUMNS:
        if start_col not in table.column_names:
            continue
        columns = [table["doc_id"], table[start_col], table[end_col]]
        values = table[text_col].to_pylist() if text_col in table.column_names else [None] * table.num_rows
        for doc_id, start, end, value in zip(*(c.to_pylist() for c in columns), values):
            if start is None:
                continue
            text = texts.get(doc_id)
            if text is None:
                continue  # reported as a dangling doc_id
            if not 0 <= start <= end <= len(text):
                problems.append(f"{stage}: {start_col}/{end_col} {start}..{end} out of range for {doc_id}")
            elif value is not None and text[start:end] != value:
                problems.append(f"{stage}: {text_col} differs from documents.text[{start}:{end}] in {doc_id}")
    return problems


def _check_manifest(out: Path, stages: list[str]) -> list[str]:
    if not (out / MANIFEST_NAME).is_file():
        return [f"{MANIFEST_NAME}: missing"]
    try:
        manifest = Manifest.load(out)
    except ManifestError as error:
        return [str(error)]
    if not manifest.data["stages"] and not manifest.data["inputs"]:
        return [f"{MANIFEST_NAME}: not a manifest of this format (no stages, no inputs)"]
    problems = []
    for stage in manifest.stage_names():
        for doc_id, entry in manifest.data["stages"][stage]["parts"].items():
            path = out / stage / entry["file"]
            if not path.is_file():
                problems.append(f"{stage}/{entry['file']}: in the manifest but missing")
            elif file_sha256(path) != entry["sha256"]:
                problems.append(f"{stage}/{entry['file']}: damaged (hash differs from the manifest)")
    for stage in stages:
        if stage == "errors":
            continue
        for path in stage_files(out, stage):
            if path.name not in manifest.files(stage):
                problems.append(f"{stage}/{path.name}: not in the manifest")
    return problems
