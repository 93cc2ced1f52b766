"""One reader per input format, behind one signature: `read(data: bytes) -> Reading`.

Like pandas' `read_*` family or unstructured's `partition_*` functions, the file's
extension picks the reader (`FORMATS`); each reader turns the file's bytes into the
same document model, a `Layout` (one normalised string and typed blocks pointing into
it). What is the same for every format (ids, catalog row, size and language checks)
is done once, by `ingest.load_document`, around the reader.

Text and PDF are laid out from their look (pipeline/layout.py, pipeline/pdf.py); HTML,
Markdown and Word state their structure, so their readers hand `markup.MarkupBlock`s
to `markup.layout_of`. A reader change that alters what it produces bumps
`layout.LAYOUT_VERSION` (part of every output's staleness key), like a layout change.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..layout import Layout

# File extension -> format (the `documents.format` column) -> module of this package.
FORMATS = {
    ".txt": "txt", ".text": "txt",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html",
    ".md": "md", ".markdown": "md",
    ".docx": "docx",
}
MODULES = {"txt": "text", "pdf": "pdf", "html": "html", "md": "markdown", "docx": "word"}


@dataclass(frozen=True)
class Reading:
    """What a reader found in a file: its layout and what only the format can tell."""

    layout: Layout
    encoding: str | None = None  # of a text-based source
    n_pages: int | None = None   # of a paged source (PDF)
    warnings: tuple[str, ...] = ()


Reader = Callable[[bytes], Reading]


def format_of(suffix: str) -> str:
    """The format of a file extension; anything unknown is read as plain text."""
    return FORMATS.get(suffix.lower(), "txt")


def reader_for(fmt: str) -> Reader:
    """The `read` function of a format, imported on first use (so lxml, python-docx and
    pypdfium2 are loaded only when a file of their format is read)."""
    return importlib.import_module(f"{__name__}.{MODULES[fmt]}").read
