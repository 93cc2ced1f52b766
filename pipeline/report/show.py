"""`manifesto show OUT DOC`: one document's rows of one stage, for a terminal table.

DOC may be a doc_id, a file name (with or without its folder) or a unique prefix of
either, since nobody types a 16-digit hash; an unknown or ambiguous DOC is an error
that names the candidates.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pyarrow.compute as pc

from manifesto.pipeline.io import read_stage_table, stage_files

from rich.table import Table

from .data import ReportError

# The columns worth a terminal's width, per stage, in this order; others show every
# column but the ids. Columns a dataset lacks are skipped, as are all-null ones.
SHOW_COLUMNS = {
    "pledges": ("char_start", "page_no", "text", "actor", "cue", "commitment", "pledge_type", "polarity", "specificity", "time_frame"),
    "claims": ("char_start", "page_no", "text", "kind", "value", "value_low", "value_high", "bound", "unit", "counted", "direction", "role"),
    "entities": ("char_start", "page_no", "text", "label", "canonical", "source"),
    "sections": ("char_start", "page_no", "level", "kind", "number", "title"),
    "sentences": ("char_start", "page_no", "ordinal", "block_kind", "text"),
    "pages": ("page_no", "char_start", "char_end", "n_chars", "n_columns", "has_text_layer"),
}
ID_COLUMNS = {"doc_id", "section_id", "sentence_id", "pledge_id", "claim_id", "mention_id", "entity_id", "parent_id"}
DOCUMENT_COLUMNS = ["doc_id", "source_path", "party", "year", "title"]
WIDE_COLUMNS = {"text", "title", "counted", "canonical", "time_frame", "condition", "lead_in"}
CODE_WIDTH = 14  # a coded column is as wide as its longest value up to this, and never cut below it


def resolve_document(out: str | Path, query: str) -> dict:
    """The documents row that `query` names: exact doc_id or file name first, else a unique prefix."""
    if not stage_files(Path(out), "documents"):
        raise ReportError(f"{out}: no documents dataset")
    docs = read_stage_table(out, "documents", DOCUMENT_COLUMNS).to_pylist()
    exact = [d for d in docs if query in _names(d)]
    if len(exact) == 1:
        return exact[0]
    matches = exact or [d for d in docs if any(name.startswith(query) for name in _names(d))]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{d['doc_id']} ({d['source_path']})" for d in matches[:10])
        raise ReportError(f"{query!r} matches {len(matches)} documents in {out}: {listed}; give more of it")
    known = ", ".join(f"{d['doc_id']} ({d['source_path']})" for d in docs[:10])
    more = f" and {len(docs) - 10} more" if len(docs) > 10 else ""
    raise ReportError(f"no document {query!r} in {out}; documents: {known}{more}")


def _names(doc: dict) -> tuple[str, ...]:
    path = doc["source_path"] or ""
    return doc["doc_id"], path, PurePosixPath(path).name


def stage_rows(out: str | Path, stage: str, doc_id: str) -> tuple[list[str], list[dict]]:
    """The columns to show and the document's rows of `stage`, in text order."""
    from manifesto.extractors import REGISTRY

    if stage not in REGISTRY or stage == "documents" or "doc_id" not in REGISTRY[stage].spec.schema.names:
        known = [s for s in REGISTRY.names() if s != "documents" and "doc_id" in REGISTRY[s].spec.schema.names]
        raise ReportError(f"cannot show stage {stage!r}; stages with rows per document: {', '.join(known)}")
    table = read_stage_table(out, stage)
    table = table.filter(pc.equal(table["doc_id"], doc_id))
    if "char_start" in table.column_names:
        table = table.sort_by([("char_start", "ascending")])
    rows = table.to_pylist()
    wanted = SHOW_COLUMNS.get(stage) or tuple(c for c in table.column_names if c not in ID_COLUMNS)
    columns = [c for c in wanted if c in table.column_names and any(r[c] is not None for r in rows)]
    return columns, rows


def rows_table(columns: list[str], rows: list[dict], title: str, width: int) -> Table:
    """A rich table for a terminal `width` wide: a column per field when the coded
    columns fit whole beside the text, else the text and one column of `field: value`
    lines, so nothing is cut in an 80-column terminal."""
    wide = [c for c in columns if c in WIDE_COLUMNS]
    coded = [c for c in columns if c not in WIDE_COLUMNS]
    widths = {c: min(max([len(c), *(len(_cell(r[c])) for r in rows)]), CODE_WIDTH) for c in coded}
    table = Table(title=title, show_lines=True, expand=True)
    if sum(widths.values()) + 3 * len(columns) + 30 * len(wide) <= width:
        for column in columns:
            if column in WIDE_COLUMNS:
                table.add_column(column, ratio=3 if column == "text" else 1, min_width=12, overflow="fold")
            else:
                table.add_column(column, min_width=widths[column], overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row[c]) for c in columns))
        return table
    main = "text" if "text" in columns else (wide or columns)[0]
    table.add_column(main, ratio=3, overflow="fold")
    table.add_column("fields", ratio=2, overflow="fold")
    for row in rows:
        fields = "\n".join(f"{c}: {_cell(row[c])}" for c in columns if c != main and row[c] is not None)
        table.add_row(_cell(row[main]), fields)
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)
