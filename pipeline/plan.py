"""Plan a run: hash every input and decide, per document and stage, what is stale.

Planning happens once, in the main process, whatever executes the work. For each input
it computes, per stage, a fingerprint of everything the stage's rows depend on (the
file's bytes and catalog row, the stage's and its requirements' extractor versions,
the model, the rules in models/, the layout and schema versions). A part is fresh when
the manifest recorded that fingerprint and the file on disk is the one recorded
(`commit.PartCheck`), or when an interrupted run staged it and the main process
recorded its hash in the journal; everything else becomes a `WorkItem`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from manifesto.extractors import REGISTRY

from . import schemas
from .catalog import CATALOG_NAME
from .ids import doc_id_for, sha256_bytes, stable_hash
from .ingest import SUPPORTED_SUFFIXES, IngestError, InputFile, discover, read_bytes
from .layout import LAYOUT_VERSION
from .manifest import Manifest
from .registry import Registry

CORPUS_KEY = "corpus"


class NoInputsError(ValueError):
    """The inputs hold no supported file; refusing to empty the datasets."""


class OtherInputsError(ValueError):
    """The run was given other inputs than the output folder was built from, and would
    delete the rows of documents it does not read: refused (`replace` allows it)."""


@dataclass(frozen=True)
class WorkItem:
    """A document with at least one stale stage: small and picklable (a path, no text),
    so any executor can ship it to a worker."""

    input: InputFile
    doc_id: str
    sha256: str
    stale: tuple[str, ...]
    fingerprints: dict[str, str]


@dataclass
class Plan:
    """What a run will do, decided before any parsing."""

    stages: list[str]
    model_name: str
    model_identity: str
    model_version: str
    config_hash: str
    inputs: list[dict]
    items: list[WorkItem]
    n_fresh: int
    notices: list[dict]
    expected: dict[tuple[str, str], str]
    parse_rules_hash: str  # of the folders the project components read: part of every parse
    stage_rules: dict[str, dict]  # per stage (document and corpus): `stage_rules`, recorded in the manifest
    unreadable: list[str]

    def refused_drops(self, manifest: Manifest, roots: list[str]) -> list[str]:
        """The recorded documents with rows whose files this run does not read, when it
        was given other inputs than the folder was built from (`input_roots`): a run
        pointed at another folder, or at one file of the corpus, with the same --out.
        Files deleted from the same inputs just lose their rows, and an edited file
        replaces its old rows (its path is read), wherever the output folder was moved.
        For a manifest that predates `input_roots`, only a run sharing no document with
        it (by content or path) is refused."""
        kept, with_rows = self.kept_doc_ids(manifest), manifest.documents_with_rows()
        recorded = manifest.data.get("inputs", [])
        paths = {r["source_path"] for r in self.inputs} | set(self.unreadable)
        dropped = sorted(r["source_path"] for r in recorded
                         if r["doc_id"] not in kept and r["doc_id"] in with_rows and r["source_path"] not in paths)
        if not dropped:
            return []
        before = manifest.data.get("input_roots")
        if before is not None:
            return dropped if before != roots else []
        read = paths | {r["doc_id"] for r in self.inputs}
        return [] if any(r["doc_id"] in read or r["source_path"] in read for r in recorded) else dropped

    def kept_doc_ids(self, manifest: Manifest) -> set[str]:
        """Documents whose rows stay: the inputs read, and those that could not be read
        this time (a permission problem must not delete a document's rows)."""
        recorded = {r["source_path"]: r["doc_id"] for r in manifest.data.get("inputs", [])}
        return {r["doc_id"] for r in self.inputs} | {recorded[p] for p in self.unreadable if p in recorded}


def refusal_message(out: Path, dropped: list[str]) -> str:
    """Why a run into `out` is refused, and what to do instead."""
    named = ", ".join(dropped[:3]) + (", ..." if len(dropped) > 3 else "")
    documents = "document" if len(dropped) == 1 else "documents"
    return (f"{out} was built from other inputs: this run would delete the datasets of {len(dropped)} {documents} "
            f"it does not read ({named}). Write to another folder with --out, give the inputs the folder was "
            "built from, or pass --replace to replace them (nothing was changed)")


def input_roots(inputs: Iterable[Path], out: Path) -> list[str]:
    """The input folders and files of a run, relative to its output folder (so the
    record is the same on every machine that holds both)."""
    return sorted(Path(os.path.relpath(Path(p).resolve(), Path(out).resolve())).as_posix() for p in inputs)


def resolve_stages(requested: Iterable[str], registry: Registry = REGISTRY) -> list[str]:
    """The stages to run: those asked for (default all), what they require, and
    `documents`, without which no output folder is valid (offsets point into its text)."""
    requested = list(requested)
    always = ["documents"] if "documents" in registry else []
    return registry.with_requirements([*requested, *always] if requested else registry.names())


def config_fingerprint(model_name: str, model_version: str) -> str:
    """Hash of the settings that shape every output (not of the stage selection)."""
    from .pdf import PDF_READER_VERSION

    return stable_hash({"layout": LAYOUT_VERSION, "pdf": PDF_READER_VERSION, "schema": schemas.SCHEMA_VERSION,
                        "model": [model_name, model_version]})


def pipeline_components(registry: Registry = REGISTRY) -> list[str]:
    """Every stage's components, whatever stages a run asks for: a component such as the
    entity ruler changes `doc.ents` for every stage, so a subset would change outputs."""
    return sorted({c for s in registry.names() for c in registry[s].spec.components})


def stage_rules(stage: str, registry: Registry, rule_hashes: dict[str, str]) -> dict:
    """The rule files a stage's rows depend on, as folder hashes: `own`, the folders of
    models/ that it and the stages it requires read; `parse`, if any of them reads the
    parse, the folders read inside it (pattern components). Documents and sections
    depend on none. A corpus stage depends on its own folders only (its inputs' parts
    carry the rest)."""
    spec = registry[stage].spec
    lineage = [stage] if spec.scope == "corpus" else registry.with_requirements([stage])
    folders = sorted({folder for s in lineage for folder in registry[s].spec.rules})
    reads_parse = spec.scope == "document" and any(registry[s].spec.needs_parse for s in lineage)
    parse = {folder: rule_hashes.get(folder) for folder in parse_rule_folders(registry)} if reads_parse else None
    return {"parse": parse, "own": {folder: rule_hashes.get(folder) for folder in folders}}


def parse_rule_folders(registry: Registry) -> list[str]:
    """The folders of models/ read by the project components of the pipeline."""
    from manifesto.models import PROJECT_COMPONENT_RULES

    return sorted({f for c in pipeline_components(registry) for f in PROJECT_COMPONENT_RULES.get(c, ())})


def stage_fingerprint(stage: str, item: InputFile, sha256: str, config_hash: str, registry: Registry,
                      rules: dict) -> str:
    """Everything a stage's part for one document depends on (`rules`: `stage_rules`)."""
    return stable_hash({
        "stage": stage, "versions": registry.lineage_versions(stage), "sha256": sha256,
        "source_path": item.source_path, "catalog": item.catalog, "config": config_hash, "rules": rules,
    })


def corpus_fingerprint(stage: str, manifest: Manifest, config_hash: str, registry: Registry, rules: dict) -> str:
    """What a corpus-scope stage depends on: its versions, its rule folders (`rules`:
    `stage_rules`) and every part of what it reads."""
    return stable_hash({
        "versions": registry.lineage_versions(stage), "config": config_hash, "rules": rules,
        "inputs": {req: manifest.fingerprints(req) for req in registry[stage].spec.requires},
    })


def make_plan(inputs: Iterable[Path], out: Path, stages: list[str], model: str | None,
              force: bool, manifest: Manifest, registry: Registry = REGISTRY, journal=None, parts=None) -> Plan:
    """Hash every input and decide, per document and stage, what must be computed.

    `journal` (a `commit.Staging`) knows the parts an interrupted run staged; without
    one, staged work is not reused. `parts` (a `commit.PartCheck`) checks committed
    parts, and remembers what it verified for the caller to save.
    """
    from manifesto.models import default_model, model_identity, rules_fingerprints

    from .commit import PartCheck

    model_name = model or default_model()
    identity, version = model_identity(model_name)
    config_hash = config_fingerprint(identity, version)
    rule_hashes = rules_fingerprints()
    parse_rules_hash = stable_hash({f: rule_hashes.get(f) for f in parse_rule_folders(registry)})
    rules = {s: stage_rules(s, registry, rule_hashes) for s in registry.names()}
    found = discover(inputs)
    if not found.inputs:
        raise NoInputsError(f"no supported files ({', '.join(sorted(SUPPORTED_SUFFIXES))}) found in "
                            f"{', '.join(map(str, inputs))}: nothing to do "
                            "(an empty input would remove every dataset)")
    notices = [error_row(path, "ingest", "notice", "unsupported", f"skipped: {why}") for path, why in found.skipped]
    notices += [error_row(path, "ingest", "warning", "catalog", message) for path, message in found.catalog_warnings]
    seen: dict[str, str] = {}
    items, records, n_fresh, expected, unreadable, kept = [], [], 0, {}, [], []
    parts = parts if parts is not None else PartCheck(out)
    document_stages = [s for s in stages if registry[s].spec.scope == "document"]
    # Of identical files, keep the one the catalog describes, else the first by path.
    for item in sorted(found.inputs, key=lambda f: (not f.catalog, f.source_path)):
        try:
            sha = sha256_bytes(read_bytes(item))
        except IngestError as error:
            notices.append(error_row(item.source_path, "ingest", "error", error.kind, str(error)))
            unreadable.append(item.source_path)
            continue
        doc_id = doc_id_for(sha)
        if doc_id in seen:
            notices.append(error_row(item.source_path, "ingest", "warning", "duplicate",
                                     f"same content as {seen[doc_id]}: processed once"))
            continue
        seen[doc_id] = item.source_path
        kept.append(item)
        records.append({"source_path": item.source_path, "sha256": sha, "doc_id": doc_id})
        prints = {s: stage_fingerprint(s, item, sha, config_hash, registry, rules[s]) for s in document_stages}
        expected.update({(s, doc_id): f for s, f in prints.items()})
        stale = tuple(s for s in document_stages if force or not (
            parts.is_fresh(manifest, s, doc_id, prints[s]) or (journal is not None and journal.has(s, doc_id, prints[s]))))
        if stale:
            items.append(WorkItem(item, doc_id, sha, stale, prints))
        else:
            n_fresh += 1
    if "pledges" in stages:
        notices += _partyless_notice(kept)
    items.sort(key=lambda i: i.input.source_path)
    return Plan(stages, model_name, identity, version, config_hash, records, items, n_fresh, notices, expected,
                parse_rules_hash, rules, unreadable)


def _partyless_notice(inputs: list[InputFile]) -> list[dict]:
    """One warning for all documents read whose catalog row gives no party (or that have
    no row), when pledges are extracted: the pledges stage cannot tell "Labour will ..."
    in Labour's own manifesto from an attack on Labour, so only "we" and "I" commit for
    them. One row, not one per file: a corpus without a catalog would otherwise bury
    every other warning."""
    missing = [item.source_path for item in inputs if not (item.catalog or {}).get("party", "").strip()]
    if not missing:
        return []
    shown = ", ".join(missing[:2]) + (f" and {len(missing) - 2} more" if len(missing) > 2 else "")
    some = "1 document has" if len(missing) == 1 else f"{len(missing)} documents have"
    return [error_row(CATALOG_NAME, "ingest", "warning", "catalog",
                      f"{some} no party in a catalog ({shown}): pledges in the party's name "
                      "(\"Labour will ...\") are not recognised; give each its party")]


def error_row(source_path: str, stage: str, severity: str, kind: str, message: str) -> dict:
    """A row of the `errors` dataset."""
    return {"source_path": source_path, "stage": stage, "severity": severity, "kind": kind, "message": message}
