"""The notebook API: `manifesto.load_stage`, `load_dataset`, `load_stage_polars`, `join`.

Analysts get typed frames rather than what a bare `pd.read_parquet` gives: nullable
integers stay integers (`page_no`, `year`, `resolved_year` as Int32, not float64 with
NaN), strings are `string`, flags `boolean`, and coded fields (those marked `coded` in
pipeline/schemas.py: `commitment`, `pledge_type`, `kind`, ...) are categoricals. A wrong
folder or stage is an error that says what is wrong, never an empty frame.

`columns=` and `filters=` are pushed down to pyarrow's dataset reader, so reading a
few columns of a few documents of a large output reads only those.

Joins: stages share column names (`text`, `char_start`, `title`, `page_no`), so
`join(left, right)` joins on the id they share and suffixes the right frame's
clashing columns with its stage name: `join(sentences, sections)` has `text` (the
sentence) and `title_sections`, `char_start_sections`, ... (the section).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import schemas
from .io import _registry, _schema_for, stage_files
from .manifest import MANIFEST_NAME, Manifest

ERRORS_STAGE = "errors"
STAGE_ATTR = "stage"  # DataFrame.attrs key naming the stage a frame was loaded from


class DatasetNotFound(FileNotFoundError):
    """A folder that is not an output folder, or a stage that was not built in it."""


def stage_names() -> list[str]:
    """Every stage a folder can hold, in dependency order, and `errors`."""
    return [*_registry().names(), ERRORS_STAGE]


def built_stages(out: str | Path) -> list[str]:
    """The stages built in `out`, in dependency order (raises if `out` is no output folder)."""
    out = _output_folder(out)
    recorded = set(Manifest.load(out).stage_names())
    if stage_files(out, ERRORS_STAGE):
        recorded.add(ERRORS_STAGE)
    return [s for s in stage_names() if s in recorded]


def read_table(stage: str, out: str | Path = "data/processed", columns: list[str] | None = None,
               filters: Any = None) -> pa.Table:
    """A stage as one Arrow table with its documented schema; see `load_stage`."""
    out = _output_folder(out)
    schema = _stage_schema(stage)
    if stage not in built_stages(out):
        raise DatasetNotFound(f"{out}: stage {stage!r} was not built there; "
                              f"build it with `manifesto run INPUTS --out {out} --stage {stage}`")
    unknown = [c for c in columns or () if c not in schema.names]
    if unknown:
        raise KeyError(f"stage {stage!r} has no column {unknown[0]!r}; its columns: {', '.join(schema.names)}")
    files = [str(f) for f in stage_files(out, stage)]
    expression = pq.filters_to_expression(filters) if isinstance(filters, list) else filters
    if not files:
        table = schema.empty_table()
        table = table.filter(expression) if expression is not None else table
        return table.select(columns) if columns else table
    return ds.dataset(files, format="parquet", schema=schema).to_table(columns=columns, filter=expression)


def load_stage(stage: str, out: str | Path = "data/processed", columns: list[str] | None = None,
               filters: Any = None) -> pd.DataFrame:
    """A stage dataset as a pandas DataFrame with nullable dtypes and categorical codes.

    `filters`: pyarrow filters, as a list of tuples (`[("doc_id", "==", "4fbb...")]`,
    `[("page_no", "<", 10)]`) or a `pyarrow.compute` expression; applied while reading.
    Raises `DatasetNotFound` for a folder that is not an output folder or a stage not
    built in it, `ValueError` for an unknown stage, `KeyError` for an unknown column.
    """
    table = _encode_codes(read_table(stage, out, columns, filters), stage)
    frame = table.to_pandas(types_mapper=_pandas_dtype)
    frame.attrs[STAGE_ATTR] = stage
    return frame


def load_dataset(out: str | Path = "data/processed") -> dict[str, pd.DataFrame]:
    """Every stage built in `out`, by name: `data = load_dataset(OUT); data["pledges"]`."""
    return {stage: load_stage(stage, out) for stage in built_stages(out)}


def load_stage_polars(stage: str, out: str | Path = "data/processed", columns: list[str] | None = None,
                      filters: Any = None):
    """`load_stage` for polars (install `manifesto[notebook]`): coded fields as `pl.Categorical`."""
    try:
        import polars as pl
    except ModuleNotFoundError:
        raise ModuleNotFoundError("load_stage_polars needs polars: pip install 'manifesto[notebook]'") from None
    frame = pl.from_arrow(read_table(stage, out, columns, filters))
    coded = [c for c in _coded_columns(stage) if c in frame.columns]
    return frame.with_columns([pl.col(c).cast(pl.Categorical) for c in coded])


def join(left: pd.DataFrame, right: pd.DataFrame, on: str | None = None, how: str = "left") -> pd.DataFrame:
    """Join two frames of `load_stage` on the id they share, without silent collisions.

    The key is the right stage's own id if the left frame has it (`join(pledges,
    sections)` on `section_id`), else the left stage's own id if the right frame has it
    (`join(sentences, pledges)` on `sentence_id`); `on=` chooses it yourself; `doc_id`
    joins too when both have it. Other columns both frames have keep their name on the
    left and get `_<right stage>` on the right (`title_sections`).
    """
    left_stage, right_stage = left.attrs.get(STAGE_ATTR), right.attrs.get(STAGE_ATTR)
    if right_stage is None:
        raise ValueError("join needs frames from manifesto.load_stage (the right frame does not say its stage)")
    key = [on or _join_key(left_stage, right_stage, left, right)]
    if key != ["doc_id"] and "doc_id" in left.columns and "doc_id" in right.columns:
        key.append("doc_id")  # the same document on both sides: one doc_id column, not two
    joined = left.merge(right, on=key, how=how, suffixes=("", f"_{right_stage}"))
    joined.attrs[STAGE_ATTR] = left_stage
    return joined


def _join_key(left_stage: str | None, right_stage: str, left: pd.DataFrame, right: pd.DataFrame) -> str:
    for stage, other in ((right_stage, left), (left_stage, right)):
        own = _own_id(stage) if stage else None
        if own and own in other.columns:
            return own
    raise ValueError(f"no id links {left_stage or 'the left frame'} and {right_stage}; pass on=COLUMN")


def _own_id(stage: str) -> str | None:
    """A stage's own id column (`documents` -> `doc_id`, `pages` has none)."""
    from .validate import own_id

    return own_id(stage, _stage_schema(stage))


def _output_folder(out: str | Path) -> Path:
    out = Path(out)
    if not out.is_dir():
        raise DatasetNotFound(f"{out}: no such folder")
    if not (out / MANIFEST_NAME).is_file():
        raise DatasetNotFound(f"{out}: not a manifesto output folder (it has no {MANIFEST_NAME}); "
                              f"build one with `manifesto run INPUTS --out {out}`")
    return out


def _stage_schema(stage: str) -> pa.Schema:
    schema = _schema_for(stage, _registry())
    if schema is None:
        raise ValueError(f"unknown stage {stage!r}; known stages: {', '.join(stage_names())}")
    return schema


def _coded_columns(stage: str) -> list[str]:
    return [f.name for f in _stage_schema(stage) if schemas.is_coded(f)]


def _encode_codes(table: pa.Table, stage: str) -> pa.Table:
    """Dictionary-encode the coded columns: pandas reads them as categoricals."""
    for name in _coded_columns(stage):
        if name in table.column_names:
            index = table.column_names.index(name)
            table = table.set_column(index, name, table.column(index).dictionary_encode())
    return table


def _pandas_dtype(dtype: pa.DataType):
    """The pandas nullable dtype of an Arrow type (None: pandas' default, e.g. lists)."""
    if pa.types.is_integer(dtype):
        return pd.api.types.pandas_dtype(f"{'U' if pa.types.is_unsigned_integer(dtype) else ''}Int{dtype.bit_width}")
    if pa.types.is_floating(dtype):
        return pd.Float32Dtype() if dtype.bit_width == 32 else pd.Float64Dtype()
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return pd.StringDtype()
    if pa.types.is_boolean(dtype):
        return pd.BooleanDtype()
    return None
