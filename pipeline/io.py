"""Read and write stage datasets: `OUT/<stage>/part-*.parquet`, written atomically.

A part is written to a temporary file in the same folder and renamed into place, so
a reader (or a crash) never sees half a file. Files carry no timestamps or host
names: the same rows give the same bytes, so version control shows real changes only.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

METADATA_PREFIX = "manifesto."
_UMASK = os.umask(0)
os.umask(_UMASK)


def part_name(key: str) -> str:
    return f"part-{key}.parquet"


def stage_dir(out: Path, stage: str) -> Path:
    return Path(out) / stage


def build_table(rows: Iterable[dict], schema: pa.Schema, sort_key: tuple[str, ...]) -> pa.Table:
    """Rows as a table of exactly `schema` (types enforced here), in a stable order."""
    ordered = sorted(rows, key=lambda row: tuple(row[k] for k in sort_key)) if sort_key else list(rows)
    return pa.Table.from_pylist(ordered, schema=schema)


def stamp(table: pa.Table, metadata: dict[str, Any]) -> pa.Table:
    """Add run provenance (stage, versions, model, config hash) to the file metadata."""
    merged = dict(table.schema.metadata or {})
    merged.update({f"{METADATA_PREFIX}{k}".encode(): str(v).encode() for k, v in sorted(metadata.items())})
    return table.replace_schema_metadata(merged)


def write_atomic(path: Path, write, durable: bool = True) -> None:
    """Call `write(tmp_path)` then rename over `path`; the temporary file never lingers.

    `durable` fsyncs the file before the rename (survives a power cut, ~1.5 ms a
    file); without it the file survives a killed process, and the caller syncs later.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".tmp")  # never matches *.parquet
    os.close(fd)
    try:
        write(tmp)
        if durable:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; datasets are for colleagues too
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_table(table: pa.Table, path: Path, durable: bool = True) -> str:
    """Write a Parquet file atomically; returns the SHA-256 of its bytes.

    The file is encoded in memory and hashed there, so it is not read back from disk.
    """
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=True)
    payload = sink.getvalue()
    write_atomic(path, lambda tmp: Path(tmp).write_bytes(payload), durable)
    return hashlib.sha256(payload).hexdigest()


def json_text(data: Any) -> str:
    """The one JSON layout of the files we write: sorted keys, indented, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_text_atomic(text: str, path: Path) -> None:
    write_atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stage_files(out: Path, stage: str) -> list[Path]:
    folder = stage_dir(out, stage)
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def read_stage_table(out: str | Path, stage: str, columns: list[str] | None = None) -> pa.Table:
    """A stage's rows from all its parts as one Arrow table (empty with schema if none)."""
    schema = _schema_for(stage, _registry())
    files = stage_files(Path(out), stage)
    if not files:
        if schema is None:
            raise FileNotFoundError(f"no dataset for stage {stage!r} in {out}")
        table = schema.empty_table()
        return table.select(columns) if columns else table
    dataset = ds.dataset([str(f) for f in files], format="parquet", schema=schema)
    return dataset.to_table(columns=columns)


def iter_stage_chunks(out: str | Path, stage: str, columns: list[str] | None = None,
                      parts_per_chunk: int = 256) -> Iterator[pa.Table]:
    """A stage's rows in tables of up to `parts_per_chunk` whole parts (a document's
    rows are never split across two tables): for aggregating a whole collection with
    memory bounded by the chunk, not by the collection. Each chunk is read by pyarrow's
    threaded dataset reader, several times faster than one file at a time."""
    files = stage_files(Path(out), stage)
    schema = _schema_for(stage, _registry())
    for start in range(0, len(files), parts_per_chunk):
        chunk = [str(f) for f in files[start:start + parts_per_chunk]]
        yield ds.dataset(chunk, format="parquet", schema=schema).to_table(columns=columns)


def _registry():
    from manifesto.extractors import REGISTRY  # the registry knows every stage's schema

    return REGISTRY


def _schema_for(stage: str, registry) -> pa.Schema | None:
    from . import schemas

    if stage in registry:
        return registry[stage].spec.schema
    return {"errors": schemas.ERRORS}.get(stage)



def load_stage(stage: str, out: str | Path = "data/processed", columns: list[str] | None = None):
    """A stage as a pandas DataFrame with pandas' default dtypes, for the package's own
    code (diff, evaluation, tests). Notebooks use `manifesto.load_stage`
    (pipeline/notebook.py): nullable dtypes, categorical codes and clear errors."""
    return read_stage_table(out, stage, columns).to_pandas()


def file_metadata(path: Path) -> dict[str, str]:
    """The `manifesto.*` provenance keys of a Parquet file."""
    raw = pq.read_schema(path).metadata or {}
    return {k.decode()[len(METADATA_PREFIX):]: v.decode() for k, v in raw.items() if k.decode().startswith(METADATA_PREFIX)}
