"""Warnings about documents a run did not process, carried over from the run before.

`errors/` describes the datasets as they are, not only the work of the last run: a
document that is up to date keeps the warnings it got when it was processed (not
UTF-8, not English, a page without text). Notices that every run recomputes from the
inputs (catalog, unsupported files, duplicates) are not carried; nor are errors, since
a document with an error is never up to date and is processed again.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from .io import part_name, stage_dir

ERRORS_STAGE = "errors"


def carried_warnings(out: Path, fresh_paths: set[str]) -> list[dict]:
    """The previous `errors/` warnings of the documents in `fresh_paths` (not processed now)."""
    if not fresh_paths:
        return []
    return [row for row in _last_rows(out) if row["severity"] == "warning" and row["source_path"] in fresh_paths]


def last_failures(out: Path) -> dict[str, dict]:
    """The first error the last run recorded for each file (source_path -> row): why a
    document has no part, for `run --check`."""
    failures: dict[str, dict] = {}
    for row in _last_rows(out):
        if row["severity"] == "error":
            failures.setdefault(row["source_path"], row)
    return failures


def _last_rows(out: Path) -> list[dict]:
    """The rows of the last run's `errors/`; none when it is missing or unreadable (an
    unreadable old file is simply replaced, and explains nothing)."""
    path = stage_dir(out, ERRORS_STAGE) / part_name("0")
    if not path.is_file():
        return []
    try:
        return pq.read_table(path).to_pylist()
    except Exception:  # noqa: BLE001 - see the docstring
        return []
