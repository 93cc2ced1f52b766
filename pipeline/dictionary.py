"""The data dictionary (docs/data_dictionary.md), generated from the stage schemas."""

from __future__ import annotations

import pyarrow as pa

from . import schemas

HEADER = """# Data dictionary

Generated from the stage schemas in `pipeline/schemas.py` by `manifesto docs`
(`make docs`); a test fails when this file is stale. Do not edit by hand.

Every dataset is a folder `OUT/<stage>/` of Parquet parts (one per document), readable
as one table by pandas, polars and DuckDB. Offsets are half-open `[char_start, char_end)`
into `documents.text`. Every file's metadata records `manifesto.stage`,
`manifesto.schema_version` (now {version}), `manifesto.extractor_version`,
`manifesto.model_name`, `manifesto.model_version`, `manifesto.config_hash` and
`manifesto.package_version`.

A `coded` column holds one of a few fixed values (listed in its description);
`manifesto.load_stage` loads it as a pandas categorical.
"""


def type_name(dtype: pa.DataType) -> str:
    return {"large_string": "string", "bool": "boolean"}.get(str(dtype), str(dtype))


def stage_section(name: str, schema: pa.Schema, version: str | None, requires: tuple[str, ...]) -> str:
    lines = [f"## `{name}`", "", schemas.schema_description(schema), ""]
    facts = [f"extractor version {version}"] if version else []
    if requires:
        facts.append("requires " + ", ".join(f"`{r}`" for r in requires))
    if facts:
        lines += ["; ".join(facts).capitalize() + ".", ""]
    lines += ["| column | type | nullable | description |", "|---|---|---|---|"]
    for field in schema:
        description = schemas.describe(field).replace("|", "\\|")
        kind = type_name(field.type) + (", coded" if schemas.is_coded(field) else "")
        lines.append(f"| `{field.name}` | {kind} | {'yes' if field.nullable else 'no'} | {description} |")
    return "\n".join(lines) + "\n"


def catalog_section() -> str:
    """The columns a catalog.csv may have (pipeline/catalog.py)."""
    from .catalog import CATALOG_COLUMNS

    lines = ["## `catalog.csv` (input)", "",
             "Optional, beside the input files: one row per file. Other columns are kept in "
             "`documents.catalog_extra` with a warning; mistakes (unknown columns, rows for no file, "
             "files with several rows, bad years, duplicate rows) are warnings of kind `catalog` in `errors`.", "",
             "| column | description |", "|---|---|"]
    lines += [f"| `{name}` | {text.replace('|', chr(92) + '|')} |" for name, text in CATALOG_COLUMNS.items()]
    return "\n".join(lines) + "\n"


def data_dictionary() -> str:
    from manifesto.extractors import REGISTRY

    parts = [HEADER.format(version=schemas.SCHEMA_VERSION)]
    for name in REGISTRY.names():
        spec = REGISTRY[name].spec
        parts.append(stage_section(name, spec.schema, spec.version, spec.requires))
    parts.append(stage_section("errors", schemas.ERRORS, None, ()))
    parts.append(catalog_section())
    return "\n".join(parts)
