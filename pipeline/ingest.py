"""Find input files, read them, and turn each into a `Document`.

Each format has its reader (pipeline/readers/, chosen by the file's extension); what
is the same for every format (ids, catalog row, size and language checks) is here.

Reading is cheap next to parsing, so a run re-reads and re-hashes every input to
decide what is stale; only documents with stale stages are normalised and parsed.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .catalog import (CATALOG_NAME, CATALOG_PROMOTED, CatalogError, CatalogMatcher,  # noqa: F401 - re-exported
                      catalog_fields, catalogs_for, read_catalog)
from .ids import doc_id_for, sha256_bytes
from .layout import Layout
from .readers import FORMATS, format_of, reader_for

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset(FORMATS)
# Longer texts are refused rather than parsed: spaCy's parser needs about 1 GB per
# 100,000 words of one document. Split such a file (or raise this) to process it.
MAX_CHARS = 3_000_000
MODEL_LANGUAGE = "en"
# Below this share of English function words, a text is probably in another language.
ENGLISH_STOPWORD_SHARE = 0.15


class IngestError(Exception):
    """A document that cannot be read; `kind` is a short machine-readable reason."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class InputFile:
    """An input found on disk: its path and its path relative to the input root."""

    path: Path
    source_path: str
    catalog: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Document:
    """A read and normalised document: what every extractor sees besides the parse."""

    doc_id: str
    source_path: str
    source_sha256: str
    format: str
    layout: Layout
    catalog: dict[str, str]
    encoding: str | None = None
    n_pages: int | None = None
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.layout.text

    @property
    def party(self) -> str | None:
        return self.catalog.get("party") or None


@dataclass
class Discovery:
    """What `discover` found: inputs to process, files it passed over with why, and
    catalog problems (catalog path, message; see pipeline/catalog.py)."""

    inputs: list[InputFile]
    skipped: list[tuple[str, str]]
    catalog_warnings: list[tuple[str, str]] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Input files under the given files and folders (recursively), in a stable order.

    A `catalog.csv` in a folder describes the files in that folder and below it, by
    path relative to the catalog's folder. Unsupported files are skipped and listed.
    """
    inputs: dict[Path, InputFile] = {}
    skipped: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    for given in map(Path, paths):
        if not given.exists():
            raise FileNotFoundError(f"input not found: {given}")
        root = given if given.is_dir() else given.parent
        files = sorted(_walk(given)) if given.is_dir() else [given]
        matcher = CatalogMatcher(root, catalogs_for(root, files))
        for path in files:
            relative = path.relative_to(root).as_posix()
            if path.name == CATALOG_NAME:
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append((relative, f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            resolved = path.resolve()
            if resolved not in inputs:
                inputs[resolved] = InputFile(path, relative, matcher.row_for(path))
        if given.is_dir():  # a single file given alone: the other rows are not for this run
            warnings += matcher.report(files)
    return Discovery(sorted(inputs.values(), key=lambda f: f.source_path), skipped, warnings)


def input_holding(out: str | Path, inputs: Iterable[str | Path]) -> Path | None:
    """The input folder that `out` equals or lies inside, if any: writing the datasets
    there would make them inputs of the next run (and a --force run would read its own
    output). For a file given alone, its folder counts as the input folder."""
    out = Path(out).resolve()
    for given in map(Path, inputs):
        root = (given if given.is_dir() else given.parent).resolve()
        if out == root or root in out.parents:
            return Path(given)
    return None


def _walk(folder: Path) -> Iterator[Path]:
    """Files below `folder`, following no symlinked folders twice (no loops)."""
    seen: set[tuple[int, int]] = set()
    for current, dirs, files in os.walk(folder, followlinks=True):
        stat = os.stat(current)
        if (stat.st_dev, stat.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                yield Path(current) / name


def read_bytes(item: InputFile) -> bytes:
    try:
        return item.path.read_bytes()
    except PermissionError:
        raise IngestError("unreadable", "permission denied") from None
    except OSError as error:
        raise IngestError("unreadable", error.strerror or str(error)) from None


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Text of a text file, its encoding, and warnings.

    UTF-8 first; text that is not UTF-8 but decodes as Windows-1252 (common for "£"
    in files saved on Windows) is accepted with a warning; anything else is an error.
    """
    if not data.strip():
        raise IngestError("empty", "file is empty")
    if b"\x00" in data[:8192]:
        raise IngestError("binary", "file looks binary (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise IngestError("decode", f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1252") from None
    return text, "cp1252", ["not UTF-8: decoded as Windows-1252"]


def load_document(item: InputFile, data: bytes | None = None) -> Document:
    """Read one input file through the reader of its format."""
    data = read_bytes(item) if data is None else data
    fmt = format_of(item.path.suffix)
    reading = reader_for(fmt)(data)
    text = reading.layout.text
    check_length(len(text))
    if not text.strip():
        raise IngestError("empty", "no text left after normalisation")
    sha = sha256_bytes(data)
    return Document(
        doc_id=doc_id_for(sha), source_path=item.source_path, source_sha256=sha,
        format=fmt, layout=reading.layout, catalog=item.catalog, encoding=reading.encoding,
        n_pages=reading.n_pages,
        warnings=(*reading.warnings, *language_warnings(text, item.catalog.get("language"))),
    )


def check_length(n_chars: int) -> None:
    """Refuse a text too long to parse (see MAX_CHARS)."""
    if n_chars > MAX_CHARS:
        raise IngestError("too_large", f"{n_chars:,} characters; the limit per document is {MAX_CHARS:,} (split the file)")


def document_from_text(text: str, source_path: str = "<text>", catalog: dict[str, str] | None = None) -> Document:
    """A document from a string, as if read from a UTF-8 file (for notebooks and tests)."""
    return load_document(InputFile(Path(source_path), source_path, catalog or {}), text.encode("utf-8"))


def language_warnings(text: str, catalog_language: str | None) -> list[str]:
    """A warning when the text is not in the model's language (it is still processed)."""
    if catalog_language and catalog_language.lower().split("-")[0] != MODEL_LANGUAGE:
        return [f"catalog says language {catalog_language!r}; the model is English"]
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [w.lower() for w in text[:20000].split()]
    if len(words) >= 20 and sum(w in STOP_WORDS for w in words) / len(words) < ENGLISH_STOPWORD_SHARE:
        return ["text does not look like English; the model is English"]
    return []
