"""Parse documents once, and keep the parse on disk so no later run parses them again.

Layout blocks become sentence boundaries before the parser runs: a heading, a list
item and a paragraph never share a sentence, and a heading is never split. Parsed
`Doc`s are cached as spaCy `DocBin` files keyed by the text, its blocks and the exact
pipeline (model, version, components), so re-running a later stage loads the parse.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .ids import stable_hash
from .io import write_atomic
from .ingest import Document

PARSE_BATCH_SIZE = 16
# Bump when prepare_doc or a project component's code changes what a parse holds.
PARSE_VERSION = "1"
SENTENCE_FINAL = set(".!?;:…")
CLOSING_QUOTES = {"\"", "'", "”", "’", ")", "]"}


class Parser:
    """Turns `Document`s into parsed `Doc`s through an on-disk cache."""

    def __init__(self, nlp: Language, cache_dir: Path | None, signature: dict):
        self.nlp = nlp
        self.cache_dir = cache_dir
        self.signature = {**signature, "pipes": list(nlp.pipe_names)}
        self.n_parsed = 0
        self.n_cached = 0

    def cache_key(self, document: Document) -> str:
        blocks = [(b.char_start, b.char_end, b.is_heading) for b in document.layout.blocks]
        return stable_hash({"text": document.text, "blocks": blocks, "pipeline": self.signature})

    def parse(self, documents: Sequence[Document]) -> list[Doc]:
        """Parsed `Doc`s in the order given; only documents not in the cache are parsed."""
        keys = [self.cache_key(d) for d in documents]
        parsed: list[Doc | None] = [self._load(key) for key in keys]
        missing = [i for i, doc in enumerate(parsed) if doc is None]
        prepared = (prepare_doc(self.nlp, documents[i]) for i in missing)
        for i, doc in zip(missing, self.nlp.pipe(prepared, batch_size=PARSE_BATCH_SIZE)):
            parsed[i] = doc
            self._store(keys[i], doc)
        self.n_parsed += len(missing)
        self.n_cached += len(documents) - len(missing)
        return parsed  # type: ignore[return-value]

    def _path(self, key: str) -> Path | None:
        return self.cache_dir / f"{key}.spacy" if self.cache_dir else None

    def _load(self, key: str) -> Doc | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            return next(iter(DocBin().from_disk(path).get_docs(self.nlp.vocab)))
        except Exception:  # a damaged cache entry is re-parsed, never fatal
            return None

    def _store(self, key: str, doc: Doc) -> None:
        path = self._path(key)
        if path is not None:
            write_atomic(path, lambda tmp: DocBin(docs=[doc], store_user_data=False).to_disk(tmp))


def prepare_doc(nlp: Language, document: Document) -> Doc:
    """Tokenise and fix sentence boundaries at block edges before the parser runs."""
    doc = nlp.make_doc(document.text)
    blocks = document.layout.blocks
    starts = [block.char_start for block in blocks]
    for token in doc:
        position = bisect.bisect_right(starts, token.idx) - 1
        block = blocks[position] if position >= 0 else None
        if block is None or token.idx >= block.char_end:
            token.is_sent_start = token.i == 0  # markers and blank lines: no new sentence
        elif token.idx == block.char_start or (token.i > 0 and doc[token.i - 1].idx < block.char_start):
            token.is_sent_start = True
        elif block.is_heading or not _follows_sentence_end(doc, token.i):
            token.is_sent_start = False
    return doc


def _follows_sentence_end(doc: Doc, i: int) -> bool:
    """Whether the previous non-space token ends a sentence (".", "?", "!", ";", ":").

    Edited prose ends its sentences with punctuation; where the small model proposes
    a boundary without it (imperative bullets: "Overhaul | the 'Prevent' programme")
    it is wrong, so only boundaries after punctuation are left to the parser.
    """
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in CLOSING_QUOTES):
        j -= 1
    return j >= 0 and (doc[j].text[-1] in SENTENCE_FINAL)
