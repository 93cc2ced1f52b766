"""The extractor contract: a spec (name, version, requires, schema) and a pure function.

An extractor reads one parsed document and yields plain dict rows for its stage. It
never writes files and never parses: the runner parses each document once and hands
every extractor the same `Doc` and a `DocContext` holding the rows that the stages it
requires produced for that document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa
from spacy.tokens import Doc

from .ingest import Document


@dataclass(frozen=True)
class ExtractorSpec:
    """What the runner needs to know about a stage to order, skip and write it.

    `components` names the spaCy pipeline components the stage reads (e.g. "parser",
    "ner"); the runner loads the union over all stages and excludes the rest (the
    union, not the run's subset, so that `--stage` never changes what a parse holds). `needs_parse=False` stages run on the
    document alone (no spaCy at all). `scope="corpus"` stages run once per run, after
    the document stages, over the datasets of the stages they require (e.g. an index
    of entities across documents); their function gets `(None, CorpusContext)`.
    """

    name: str
    version: str
    schema: pa.Schema
    requires: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    needs_parse: bool = True
    sort_key: tuple[str, ...] = ("char_start", "char_end")
    scope: str = "document"
    # The folders of models/ whose rule files the extractor reads (e.g. ("pledges",)):
    # a change there re-runs this stage and the stages that require it, nothing else.
    rules: tuple[str, ...] = ()
    # Called once per process with the loaded pipeline, before any document: build
    # matchers here. Anything built inside a batch's `nlp.memory_zone()` loses its
    # strings when the zone closes, and breaks on the next batch.
    setup: Callable | None = None


@dataclass
class DocContext:
    """Everything an extractor may read besides the `Doc`: the document and upstream rows."""

    document: Document
    rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id


@dataclass
class CorpusContext:
    """What a corpus-scope extractor reads: the finished datasets of the output folder."""

    out: Path

    def table(self, stage: str, columns: list[str] | None = None) -> pa.Table:
        from .io import read_stage_table

        return read_stage_table(self.out, stage, columns)

    def chunks(self, stage: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
        """The stage's rows in tables of whole documents, a few hundred documents at a
        time (memory bounded by a chunk, not by the collection)."""
        from .io import iter_stage_chunks

        return iter_stage_chunks(self.out, stage, columns)


ExtractFn = Callable[[Doc | None, DocContext], Iterable[dict]]


@dataclass(frozen=True)
class Extractor:
    spec: ExtractorSpec
    extract: ExtractFn


class Registry:
    """Stages by name, in registration order; resolves what a stage needs."""

    def __init__(self) -> None:
        self._extractors: dict[str, Extractor] = {}

    def register(self, spec: ExtractorSpec) -> Callable[[ExtractFn], ExtractFn]:
        def decorator(function: ExtractFn) -> ExtractFn:
            if spec.name in self._extractors:
                raise ValueError(f"stage {spec.name!r} registered twice")
            for needed in spec.requires:
                if needed not in self._extractors:
                    raise ValueError(f"stage {spec.name!r} requires unknown stage {needed!r}")
            self._extractors[spec.name] = Extractor(spec, function)
            return function
        return decorator

    def __getitem__(self, name: str) -> Extractor:
        try:
            return self._extractors[name]
        except KeyError:
            raise KeyError(f"unknown stage {name!r} (known: {', '.join(self.names())})") from None

    def __contains__(self, name: str) -> bool:
        return name in self._extractors

    def names(self) -> list[str]:
        return list(self._extractors)

    def with_requirements(self, names: Iterable[str]) -> list[str]:
        """The stages named plus everything they require, in dependency order."""
        wanted: set[str] = set()
        pending = list(names)
        while pending:
            name = pending.pop()
            if name not in wanted:
                wanted.add(name)
                pending.extend(self[name].spec.requires)
        return [name for name in self._extractors if name in wanted]

    def lineage_versions(self, name: str) -> dict[str, str]:
        """Versions of a stage and of every stage it depends on (its staleness key)."""
        return {n: self[n].spec.version for n in self.with_requirements([name])}
