"""Parse documents once, and keep the parse on disk so no later run parses them again.

Layout blocks become sentence boundaries before the parser runs: a heading, a list
item and a paragraph never share a sentence, and a heading is never split. Parsed
`Doc`s are cached as spaCy `DocBin` files (`<doc_id>-<signature>-<key>.spacy`) keyed
by the text, its blocks and the exact pipeline (model, version, components, the rules
read inside the parse), so re-running a stage after an extractor or its word lists
change loads the parse instead of parsing again. The cache costs 1-7 % of a first run
(building the `DocBin`: a Python loop over every token) and ~18 MB a million words;
`prune_cache` keeps only the entries of the current documents and pipeline.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Sequence

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .ids import stable_hash
from .io import write_atomic
from .ingest import Document

log = logging.getLogger(__name__)

PARSE_BATCH_SIZE = 16
# Bump when prepare_doc or a project component's code changes what a parse holds.
PARSE_VERSION = "1"
SENTENCE_FINAL = set(".!?;:…")
CLOSING_QUOTES = {"\"", "'", "”", "’", ")", "]"}
_SENTENCE_FINAL_CODES = numpy.array([ord(c) for c in SENTENCE_FINAL], dtype=numpy.uint32)
_CLOSING_QUOTE_CODES = numpy.array([ord(c) for c in CLOSING_QUOTES], dtype=numpy.uint32)


class Parser:
    """Turns `Document`s into parsed `Doc`s through an on-disk cache."""

    def __init__(self, nlp: Language, cache_dir: Path | None, signature: dict):
        self.nlp = nlp
        self.cache_dir = cache_dir
        self.signature_id = signature_id(signature)
        self.signature = {**signature, "pipes": list(nlp.pipe_names)}
        self.n_parsed = 0
        self.n_cached = 0

    def cache_key(self, document: Document) -> str:
        blocks = [(b.char_start, b.char_end, b.is_heading) for b in document.layout.blocks]
        return stable_hash({"text": document.text, "blocks": blocks, "pipeline": self.signature})

    def parse(self, documents: Sequence[Document]) -> list[Doc]:
        """Parsed `Doc`s in the order given; only documents not in the cache are parsed."""
        paths = [self._path(d) for d in documents]
        parsed: list[Doc | None] = [self._load(path) for path in paths]
        missing = [i for i, doc in enumerate(parsed) if doc is None]
        prepared = (prepare_doc(self.nlp, documents[i]) for i in missing)
        for i, doc in zip(missing, self.nlp.pipe(prepared, batch_size=PARSE_BATCH_SIZE)):
            parsed[i] = doc
            self._store(paths[i], doc)
        self.n_parsed += len(missing)
        self.n_cached += len(documents) - len(missing)
        return parsed  # type: ignore[return-value]

    def _path(self, document: Document) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{document.doc_id}-{self.signature_id}-{self.cache_key(document)}.spacy"

    def _load(self, path: Path | None) -> Doc | None:
        if path is None or not path.is_file():
            return None
        try:
            return next(iter(DocBin().from_disk(path).get_docs(self.nlp.vocab)))
        except Exception:  # a damaged cache entry is re-parsed, never fatal
            return None

    def _store(self, path: Path | None, doc: Doc) -> None:
        if path is not None:
            # a cache entry needs no fsync: a damaged one is parsed again
            write_atomic(path, lambda tmp: DocBin(docs=[doc], store_user_data=False).to_disk(tmp), durable=False)


def signature_id(signature: dict) -> str:
    """A short id of the pipeline settings a parse depends on, for cache file names."""
    return stable_hash(signature)[:16]


def prune_cache(cache_dir: Path, doc_ids: set[str], current_signature: str) -> int:
    """Delete the cache entries that no run with these settings can use: those of
    documents not in `doc_ids`, those parsed with another pipeline signature (model,
    versions, rules) and stray files. Returns how many were deleted.

    Upkeep only: a file that cannot be deleted is logged and left, never fatal.
    """
    if not cache_dir.is_dir():
        return 0
    deleted = 0
    for entry in os.scandir(cache_dir):
        parts = entry.name.removesuffix(".spacy").split("-")
        usable = entry.name.endswith(".spacy") and len(parts) == 3 and parts[0] in doc_ids \
            and parts[1] == current_signature
        if usable or not entry.is_file(follow_symlinks=False):
            continue
        try:
            os.unlink(entry.path)
            deleted += 1
        except OSError as error:
            log.warning("could not delete parse cache entry %s: %s", entry.path, error)
    return deleted


def prepare_doc(nlp: Language, document: Document) -> Doc:
    """Tokenise and fix sentence boundaries at block edges before the parser runs.

    A token at a block's start starts a sentence; one outside every block (markers,
    blank lines) does not, nor does one inside a heading, nor one whose previous
    non-space token (closing quotes skipped) does not end in ".", "?", "!", ";", ":" or
    "…": edited prose ends its sentences with punctuation, and where the small model
    proposes a boundary without it (imperative bullets: "Overhaul | the 'Prevent'
    programme") it is wrong. The rest is left to the parser.

    Computed over whole token arrays and written with one `Doc.from_array` call:
    `token.is_sent_start = ...` scans the whole `Doc` on every call (its setter checks
    `doc.has_annotation("DEP")`), which made this quadratic in the document's length.
    """
    doc = nlp.make_doc(document.text)
    n = len(doc)
    if n == 0:
        return doc
    blocks = document.layout.blocks
    block_starts = numpy.array([b.char_start for b in blocks] or [0], dtype=numpy.int64)
    block_ends = numpy.array([b.char_end for b in blocks] or [0], dtype=numpy.int64)
    headings = numpy.array([b.is_heading for b in blocks] or [False], dtype=bool)
    attrs = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(numpy.int64)
    idx, length, is_space = attrs[:, 0], attrs[:, 1], attrs[:, 2].astype(bool)
    position = numpy.searchsorted(block_starts, idx, side="right") - 1
    inside = position >= 0 if blocks else numpy.zeros(n, dtype=bool)
    at = numpy.where(inside, position, 0)
    inside &= idx < block_ends[at]
    previous_idx = numpy.concatenate(([-1], idx[:-1]))
    first_in_block = (idx == block_starts[at]) | ((numpy.arange(n) > 0) & (previous_idx < block_starts[at]))
    codes = numpy.frombuffer(document.text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    is_quote = (length == 1) & numpy.isin(codes[idx], _CLOSING_QUOTE_CODES)
    ends_final = numpy.isin(codes[idx + length - 1], _SENTENCE_FINAL_CODES)
    # the previous token that is neither space nor a closing quote, per token (-1: none)
    significant = numpy.where(is_space | is_quote, -1, numpy.arange(n))
    previous = numpy.concatenate(([-1], numpy.maximum.accumulate(significant)[:-1]))
    follows_end = (previous >= 0) & ends_final[numpy.maximum(previous, 0)]
    sent_starts = numpy.zeros(n, dtype=numpy.int64)  # 0: left to the parser
    sent_starts[~inside] = -1
    sent_starts[inside & (headings[at] | ~follows_end)] = -1
    sent_starts[inside & first_in_block] = 1
    if not inside[0]:
        sent_starts[0] = 1  # a Doc's first token always starts a sentence
    doc.from_array([SENT_START], sent_starts.astype(numpy.uint64))
    return doc

