"""Run the stages over a collection: plan what is stale, parse once, write parts.

The unit of work is a document. For each input the runner computes, per stage, a
fingerprint of everything the stage's rows depend on (the file's bytes and catalog
row, the stage's and its requirements' extractor versions, the model, the rules in
models/, the layout and schema versions). A part whose fingerprint is in the
manifest and whose file exists is fresh and skipped; the rest are computed in
batches, in worker processes when `--jobs` > 1, each parsing a document at most once
and handing the same `Doc` to every extractor. Parts are written atomically and the
manifest is checkpointed after each batch, so a killed run resumes where it stopped.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import platform
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from manifesto.extractors import REGISTRY

from . import __version__, faults, schemas
from . import progress as live
from .batches import input_bytes, plan_batches
from .ids import doc_id_for, sha256_bytes, stable_hash
from .ingest import Document, IngestError, InputFile, discover, load_document, read_bytes
from .io import build_table, file_sha256, part_name, stage_dir, stage_files, stamp, write_table
from .layout import LAYOUT_VERSION
from .lock import RunLock
from .manifest import Manifest
from .parse import PARSE_VERSION, Parser, prune_cache, signature_id
from .registry import CorpusContext, DocContext, Registry
from .run_errors import carried_warnings

log = logging.getLogger(__name__)

ERRORS_STAGE = "errors"
RUN_LOG_NAME = ".run_log.jsonl"
STAGING_DIR = ".staging"
JOURNAL_NAME = "journal.jsonl"
CORPUS_KEY = "corpus"
CACHE_DIR = ".cache/parsed"


class NoInputsError(ValueError):
    """The inputs hold no supported file; refusing to empty the datasets."""


@dataclass(frozen=True)
class WorkItem:
    """A document with at least one stale stage."""

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

    def kept_doc_ids(self, manifest: Manifest) -> set[str]:
        """Documents whose rows stay: the inputs read, and those that could not be read
        this time (a permission problem must not delete a document's rows)."""
        recorded = {r["source_path"]: r["doc_id"] for r in manifest.data.get("inputs", [])}
        return {r["doc_id"] for r in self.inputs} | {recorded[p] for p in self.unreadable if p in recorded}


@dataclass
class BatchResult:
    parts: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    n_documents: int = 0
    n_failed: int = 0
    n_parsed: int = 0
    n_cached: int = 0
    n_words: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # by step: read, parse, <stage>, write


@dataclass
class RunReport:
    """The outcome of a run, for the summary table, the exit code and tests."""

    out: Path
    stages: list[str]
    n_inputs: int = 0
    n_processed: int = 0
    n_fresh: int = 0
    n_failed: int = 0
    n_parsed: int = 0
    n_cached: int = 0
    n_words: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    step_seconds: dict[str, float] = field(default_factory=dict)  # summed over workers: where the time went

    @property
    def exit_code(self) -> int:
        return 1 if any(e["severity"] == "error" for e in self.errors) else 0


ProgressFn = Callable[[int, int], None]


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


def make_plan(inputs: Iterable[Path], out: Path, stages: list[str], model: str | None,
              force: bool, manifest: Manifest, registry: Registry = REGISTRY, journal: Manifest | None = None) -> Plan:
    """Hash every input and decide, per document and stage, what must be computed."""
    from manifesto.models import default_model, model_identity, rules_fingerprints

    model_name = model or default_model()
    identity, version = model_identity(model_name)
    config_hash = config_fingerprint(identity, version)
    rule_hashes = rules_fingerprints()
    parse_rules_hash = stable_hash({f: rule_hashes.get(f) for f in parse_rule_folders(registry)})
    rules = {s: stage_rules(s, registry, rule_hashes) for s in registry.names()}
    found = discover(inputs)
    if not found.inputs:
        raise NoInputsError(f"no .txt or .pdf files found in {', '.join(map(str, inputs))}: nothing to do "
                            "(an empty input would remove every dataset)")
    notices = [_error_row(path, "ingest", "notice", "unsupported", f"skipped: {why}") for path, why in found.skipped]
    notices += [_error_row(path, "ingest", "warning", "catalog", message) for path, message in found.catalog_warnings]
    seen: dict[str, str] = {}
    items, records, n_fresh, expected, unreadable = [], [], 0, {}, []
    journal = journal or Manifest()
    staging = out / STAGING_DIR
    document_stages = [s for s in stages if registry[s].spec.scope == "document"]
    # Of identical files, keep the one the catalog describes, else the first by path.
    for item in sorted(found.inputs, key=lambda f: (not f.catalog, f.source_path)):
        try:
            sha = sha256_bytes(read_bytes(item))
        except IngestError as error:
            notices.append(_error_row(item.source_path, "ingest", "error", error.kind, str(error)))
            unreadable.append(item.source_path)
            continue
        doc_id = doc_id_for(sha)
        if doc_id in seen:
            notices.append(_error_row(item.source_path, "ingest", "warning", "duplicate",
                                      f"same content as {seen[doc_id]}: processed once"))
            continue
        seen[doc_id] = item.source_path
        records.append({"source_path": item.source_path, "sha256": sha, "doc_id": doc_id})
        prints = {s: stage_fingerprint(s, item, sha, config_hash, registry, rules[s]) for s in document_stages}
        expected.update({(s, doc_id): f for s, f in prints.items()})
        stale = tuple(s for s in document_stages if force or not (
            manifest.is_fresh(out, s, doc_id, prints[s]) or _staged(journal, out, s, doc_id, prints[s])))
        if stale:
            items.append(WorkItem(item, doc_id, sha, stale, prints))
        else:
            n_fresh += 1
    items.sort(key=lambda i: i.input.source_path)
    return Plan(stages, model_name, identity, version, config_hash, records, items, n_fresh, notices, expected,
                parse_rules_hash, rules, unreadable)


def _staged(journal: Manifest, out: Path, stage: str, doc_id: str, fingerprint: str) -> bool:
    """A part staged by an earlier, interrupted run: still in staging, or already moved
    into place by a commit that was killed (the file there has the journal's hash)."""
    if journal.is_fresh(out / STAGING_DIR, stage, doc_id, fingerprint):
        return True
    entry = journal.data["stages"].get(stage, {}).get("parts", {}).get(doc_id)
    target = stage_dir(out, stage) / entry["file"] if entry else None
    return bool(entry) and entry["fingerprint"] == fingerprint and target.is_file() and file_sha256(target) == entry["sha256"]


def run(inputs: Iterable[Path], out: Path, stages: Iterable[str] = (), model: str | None = None,
        force: bool = False, jobs: int = 0, batch_docs: int = 8, progress: ProgressFn | None = None,
        registry: Registry = REGISTRY, parse_cache: bool = True) -> RunReport:
    """Bring the datasets in `out` up to date with `inputs`; see the module docstring.

    `parse_cache=False` neither reads, writes nor prunes the parse cache
    (OUT/.cache/parsed): 1-7 % faster on a first run, but a later change of an
    extractor or its rule files parses everything again.
    """
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stage_names = resolve_stages(stages, registry)
    with RunLock(out):
        manifest = Manifest.load(out)
        staging = out / STAGING_DIR
        journal = Manifest.load_journal(staging, JOURNAL_NAME)
        plan = make_plan(inputs, out, stage_names, model, force, manifest, registry, journal)
        report = RunReport(out=out, stages=stage_names, n_inputs=len(plan.inputs) + _count_failed_reads(plan),
                           n_fresh=plan.n_fresh, errors=list(plan.notices))
        settings = _worker_settings(plan, out, registry, parse_cache)
        for result in _execute(plan.items, settings, jobs, batch_docs, progress, registry):
            _absorb(report, journal, result, staging)
            faults.reached("checkpoint")
        if plan.items:
            os.sync()  # the staged parts reach the disk once here, not with an fsync each
        _commit(out, journal, manifest, plan.expected)
        _remove_obsolete(out, manifest, plan, stage_names, registry)
        if parse_cache:
            prune_cache(out / CACHE_DIR, plan.kept_doc_ids(manifest), signature_id(parse_signature(settings)))
        corpus_stages = [s for s in registry.names() if registry[s].spec.scope == "corpus"
                         and (s in stage_names or manifest.doc_ids(s))]
        for stage in corpus_stages:  # also those not asked for: their inputs may have changed
            _run_corpus_stage(stage, out, manifest, settings, force, report, registry)
        run_stages = sorted(set(stage_names) | set(corpus_stages))
        manifest.set_run(plan.inputs + _kept_inputs(manifest, plan), {s: registry[s].spec.version for s in run_stages},
                         plan.model_identity, plan.model_version, plan.config_hash, __version__,
                         {s: plan.stage_rules[s] for s in run_stages})
        fresh = {r["source_path"] for r in plan.inputs} - {i.input.source_path for i in plan.items}
        report.errors += carried_warnings(out, fresh)
        _write_errors(out, report.errors)
        manifest.save(out)
        faults.reached("manifest")
        shutil.rmtree(staging, ignore_errors=True)
        report.rows = {s: manifest.row_count(s) for s in stage_names}
    report.n_failed = len({e["source_path"] for e in report.errors if e["severity"] == "error"})
    report.seconds = time.perf_counter() - started
    _log_run(out, report)
    return report


def _log_run(out: Path, report: RunReport) -> None:
    """Append when, where and how long to OUT/.run_log.jsonl: kept out of the data files,
    so identical inputs still give identical bytes."""
    entry = {
        "finished_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"), "host": platform.node(),
        "package_version": __version__, "stages": report.stages, "seconds": round(report.seconds, 3),
        "documents": report.n_inputs, "processed": report.n_processed, "up_to_date": report.n_fresh,
        "failed": report.n_failed, "parsed": report.n_parsed, "rows": report.rows, "exit_code": report.exit_code,
        "step_seconds": {step: round(seconds, 3) for step, seconds in sorted(report.step_seconds.items())},
    }
    with open(out / RUN_LOG_NAME, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")


def _commit(out: Path, journal: Manifest, manifest: Manifest, expected: dict[tuple[str, str], str]) -> None:
    """Move staged parts into place and record them; drop staged parts no longer wanted.

    A part moved by an earlier, interrupted commit (gone from staging, present in
    place with the journal's hash) is recorded too.
    """
    staging = out / STAGING_DIR
    recorded = 0
    for stage, doc_id, entry in journal.entries():
        if expected.get((stage, doc_id)) != entry["fingerprint"]:
            continue
        source, target = stage_dir(staging, stage) / entry["file"], stage_dir(out, stage) / entry["file"]
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            faults.reached("commit")
        elif not (target.is_file() and file_sha256(target) == entry["sha256"]):
            continue
        manifest.record(stage, doc_id, entry)
        recorded += 1
    if recorded:  # a run with nothing staged (a no-op) writes the manifest once, at its end
        manifest.save(out)


def _kept_inputs(manifest: Manifest, plan: Plan) -> list[dict]:
    """Manifest records of inputs that could not be read this run (their rows are kept)."""
    return [r for r in manifest.data.get("inputs", []) if r["source_path"] in plan.unreadable]


def _count_failed_reads(plan: Plan) -> int:
    return sum(1 for e in plan.notices if e["severity"] == "error")


def _absorb(report: RunReport, journal: Manifest, result: BatchResult, staging: Path) -> None:
    journal.append(staging, JOURNAL_NAME, [
        (part["stage"], part["doc_id"], {k: part[k] for k in ("file", "fingerprint", "rows", "sha256")})
        for part in result.parts])
    report.errors.extend(result.errors)
    report.n_processed += result.n_documents - result.n_failed
    report.n_parsed += result.n_parsed
    report.n_cached += result.n_cached
    report.n_words += result.n_words
    for step, seconds in result.seconds.items():
        report.step_seconds[step] = report.step_seconds.get(step, 0.0) + seconds


def _execute(items: list[WorkItem], settings: dict, jobs: int, batch_docs: int,
             progress: ProgressFn | None, registry: Registry) -> Iterable[BatchResult]:
    """Process items in batches: in this process, or in a pool of worker processes."""
    workers, batches = plan_batches(items, batch_docs, jobs, input_bytes)
    done = 0
    if progress:
        progress(0, len(items))  # the total, before the first batch is done
    with live.events(getattr(progress, "event", None)):  # per-document and per-page events
        results = _in_process(batches, settings, registry) if workers <= 1 else _in_pool(batches, settings, workers, registry)
        for result in results:
            done += result.n_documents
            if progress:
                progress(done, len(items))
            yield result


def _in_process(batches: list[list[WorkItem]], settings: dict, registry: Registry) -> Iterable[BatchResult]:
    _init_worker(settings)
    for batch in batches:
        yield process_batch(batch, registry)


def _in_pool(batches: list[list[WorkItem]], settings: dict, workers: int, registry: Registry) -> Iterable[BatchResult]:
    """Batches in worker processes, surviving workers that die.

    A worker killed on a document (out of memory, a crash in native code) breaks the
    pool, and every batch still in it fails with it. Those batches are retried one
    document at a time in a new pool, round after round while rounds make progress;
    documents that still fail are then run alone, and one that kills its own worker is
    reported (`worker_crashed`) while every other document is processed.
    """
    pending = batches
    while pending:
        crashed, succeeded = [], 0
        for outcome in _pool_round(pending, settings, workers, registry):
            if isinstance(outcome, BatchResult):
                succeeded += 1
                yield outcome
            else:
                crashed.append(outcome)
        singles = [[item] for batch in crashed for item in batch]
        if succeeded or any(len(batch) > 1 for batch in pending):
            pending = singles
            continue
        for single in singles:  # no progress: isolate each suspect in its own worker
            outcomes = list(_pool_round([single], settings, 1, registry))
            if isinstance(outcomes[0], BatchResult):
                yield outcomes[0]
            else:
                yield BatchResult(n_documents=1, n_failed=1, errors=[_error_row(
                    single[0].input.source_path, "parse", "error", "worker_crashed",
                    "the worker process died on this document (out of memory, or a crash in native code)")])
        pending = []


def _pool_round(batches: list[list[WorkItem]], settings: dict, workers: int, registry: Registry):
    """Yield each batch's BatchResult, or the batch itself when its worker died."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=live.init_worker,
                             initargs=(_init_worker, settings, live.worker_queue())) as pool:
        futures = {pool.submit(process_batch, batch, registry): batch for batch in batches}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield futures[future]


def pipeline_components(registry: Registry = REGISTRY) -> list[str]:
    """Every stage's components, whatever stages a run asks for: a component such as the
    entity ruler changes `doc.ents` for every stage, so a subset would change outputs."""
    return sorted({c for s in registry.names() for c in registry[s].spec.components})


def load_pipeline(model: str, registry: Registry = REGISTRY):
    """The spaCy pipeline exactly as the runner parses with it, extractors set up."""
    from manifesto.models import load_nlp

    nlp = load_nlp(model, set(pipeline_components(registry)))
    for name in registry.names():
        if registry[name].spec.setup is not None:
            registry[name].spec.setup(nlp)
    return nlp


def _worker_settings(plan: Plan, out: Path, registry: Registry, parse_cache: bool = True) -> dict:
    components = pipeline_components(registry)
    return {
        "out": str(out), "model": plan.model_name, "components": components, "parse_cache": parse_cache,
        "parse_rules_hash": plan.parse_rules_hash, "stage_rules": plan.stage_rules,
        "metadata": {
            "schema_version": schemas.SCHEMA_VERSION, "model_name": plan.model_identity,
            "model_version": plan.model_version, "config_hash": plan.config_hash,
            "package_version": __version__,
        },
    }


# --- worker side: everything below runs in the worker process (or in-process) ---

_STATE: dict = {}


def _init_worker(settings: dict) -> None:
    """Remember the settings; the model is loaded on first need, once per process."""
    if _STATE.get("settings") != settings:
        _STATE.clear()
        _STATE["settings"] = settings


def _parser(registry: Registry) -> Parser:
    if "parser" not in _STATE:
        settings = _STATE["settings"]
        nlp = load_pipeline(settings["model"], registry)
        cache = Path(settings["out"]) / CACHE_DIR if settings["parse_cache"] else None
        _STATE["parser"] = Parser(nlp, cache, parse_signature(settings))
    return _STATE["parser"]


def parse_signature(settings: dict) -> dict:
    """What a parse depends on besides the document: model, versions, parse-time rules."""
    return {"rules": settings["parse_rules_hash"], "parse": PARSE_VERSION, **settings["metadata"]}


def process_batch(items: list[WorkItem], registry: Registry = REGISTRY) -> BatchResult:
    """Ingest, parse (at most once each) and extract a batch of documents."""
    result = BatchResult(n_documents=len(items))
    with _timed(result.seconds, "read"):
        loaded = _load_documents(items, result)
    to_parse = [(item, document) for item, document in loaded if _needs_parse(item, registry)]
    if not to_parse:
        for item, document in loaded:
            _extract_document(item, document, None, result, registry)
        return result
    parser = _parser(registry)
    with parser.nlp.memory_zone():
        with _timed(result.seconds, "parse"):
            parsed = _parse_reporting_failures(parser, to_parse, result)
        for item, document in loaded:
            if item.doc_id in parsed or not _needs_parse(item, registry):
                _extract_document(item, document, parsed.get(item.doc_id), result, registry)
    result.n_parsed, result.n_cached = parser.n_parsed, parser.n_cached
    parser.n_parsed = parser.n_cached = 0
    return result


@contextmanager
def _timed(seconds: dict[str, float], step: str):
    """Add the block's duration to `seconds[step]` (summed into the run's step_seconds)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started


def _load_documents(items: list[WorkItem], result: BatchResult) -> list[tuple[WorkItem, Document]]:
    loaded = []
    for item in items:
        live.reading(item.input.source_path)
        try:
            document = load_document(item.input)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
            result.errors.append(_failure(item.input.source_path, "ingest", error))
            result.n_failed += 1
            continue
        result.errors.extend(_error_row(item.input.source_path, "ingest", "warning", "ingest", w) for w in document.warnings)
        loaded.append((item, document))
    return loaded


def _parse_reporting_failures(parser: Parser, pairs: list[tuple[WorkItem, Document]], result: BatchResult) -> dict:
    """Parse the batch together; if that fails, one by one, so one bad document fails alone."""
    try:
        docs = parser.parse([document for _, document in pairs])
        return {item.doc_id: doc for (item, _), doc in zip(pairs, docs)}
    except Exception:  # noqa: BLE001 - find the culprit below
        pass
    parsed = {}
    for item, document in pairs:
        try:
            parsed[item.doc_id] = parser.parse([document])[0]
        except Exception as error:  # noqa: BLE001
            result.errors.append(_failure(item.input.source_path, "parse", error, kind="parse"))
            result.n_failed += 1
    return parsed


def _needs_parse(item: WorkItem, registry: Registry) -> bool:
    return any(registry[s].spec.needs_parse for s in registry.with_requirements(item.stale))


def extract_rows(document: Document, doc, stages: Iterable[str], registry: Registry = REGISTRY,
                 seconds: dict[str, float] | None = None) -> tuple[dict[str, list[dict]], dict[str, Exception]]:
    """Rows of the given stages (and what they require) for one document, and failures.

    A stage whose requirement failed is skipped (it appears in neither result). Each
    stage's time is added to `seconds[stage]` when given.
    """
    seconds = {} if seconds is None else seconds
    ctx = DocContext(document)
    failures: dict[str, Exception] = {}
    for stage in registry.with_requirements(stages):
        spec = registry[stage].spec
        if any(req not in ctx.rows for req in spec.requires):
            continue
        try:
            with _timed(seconds, stage):
                ctx.rows[stage] = list(registry[stage].extract(doc, ctx))
        except Exception as error:  # noqa: BLE001 - reported by the caller
            failures[stage] = error
    return ctx.rows, failures


def _extract_document(item: WorkItem, document: Document, doc, result: BatchResult, registry: Registry) -> None:
    """Run the stale stages (and what they need) on one document and stage their parts."""
    settings, started = _STATE["settings"], time.perf_counter()
    staging = Path(settings["out"]) / STAGING_DIR
    rows, failures = extract_rows(document, doc, item.stale, registry, result.seconds)
    for stage, error in failures.items():
        log.debug("%s failed on %s", stage, item.input.source_path, exc_info=error)
        result.errors.append(_failure(item.input.source_path, stage, error, kind="extractor"))
    for stage in item.stale:
        if stage not in rows:
            continue
        try:
            with _timed(result.seconds, "write"):
                result.parts.append(_write_part(staging, settings["metadata"], registry[stage].spec, item, rows[stage]))
        except Exception as error:  # noqa: BLE001 - e.g. a value the schema rejects
            failures[stage] = error
            result.errors.append(_failure(item.input.source_path, stage, error, kind="schema"))
            continue
        faults.reached("part")
    result.n_failed += bool(failures)
    words = len(document.text.split())
    result.n_words += words
    live.document(item.input.source_path, item.doc_id, words, {s: rows[s] for s in item.stale if s in rows},
                  time.perf_counter() - started)


def _write_part(root: Path, metadata: dict, spec, item: WorkItem, rows: list[dict]) -> dict:
    table = build_table(rows, spec.schema, spec.sort_key)
    table = stamp(table, {
        **metadata, "stage": spec.name, "extractor_version": spec.version,
        "doc_id": item.doc_id, "fingerprint": item.fingerprints[spec.name],
    })
    name = part_name(item.doc_id)
    sha = write_table(table, stage_dir(root, spec.name) / name, durable=False)  # synced once before the commit
    return {"stage": spec.name, "doc_id": item.doc_id, "file": name,
            "fingerprint": item.fingerprints[spec.name], "rows": table.num_rows, "sha256": sha}


def _failure(source_path: str, stage: str, error: Exception, kind: str | None = None) -> dict:
    if isinstance(error, IngestError):
        return _error_row(source_path, stage, "error", error.kind, str(error))
    message = f"{type(error).__name__}: {error}"
    return _error_row(source_path, stage, "error", kind or "internal", message)


def _error_row(source_path: str, stage: str, severity: str, kind: str, message: str) -> dict:
    return {"source_path": source_path, "stage": stage, "severity": severity, "kind": kind, "message": message}


def corpus_fingerprint(stage: str, manifest: Manifest, config_hash: str, registry: Registry, rules: dict) -> str:
    """What a corpus-scope stage depends on: its versions, its rule folders (`rules`:
    `stage_rules`) and every part of what it reads."""
    return stable_hash({
        "versions": registry.lineage_versions(stage), "config": config_hash, "rules": rules,
        "inputs": {req: manifest.fingerprints(req) for req in registry[stage].spec.requires},
    })


def _run_corpus_stage(stage: str, out: Path, manifest: Manifest, settings: dict, force: bool,
                      report: RunReport, registry: Registry) -> None:
    """Recompute a corpus-scope stage when any part of a stage it reads has changed."""
    spec = registry[stage].spec
    fingerprint = corpus_fingerprint(stage, manifest, settings["metadata"]["config_hash"], registry,
                                     settings["stage_rules"][stage])
    if not force and manifest.is_fresh(out, stage, CORPUS_KEY, fingerprint):
        return
    try:
        with _timed(report.step_seconds, stage):
            rows = list(registry[stage].extract(None, CorpusContext(out)))
    except Exception as error:  # noqa: BLE001 - the document datasets stay valid
        report.errors.append(_failure("(corpus)", stage, error, kind="extractor"))
        return
    table = stamp(build_table(rows, spec.schema, spec.sort_key), {
        **settings["metadata"], "stage": stage, "extractor_version": spec.version, "fingerprint": fingerprint,
    })
    name = part_name(CORPUS_KEY)
    sha = write_table(table, stage_dir(out, stage) / name)
    manifest.record(stage, CORPUS_KEY, {"file": name, "fingerprint": fingerprint, "rows": table.num_rows, "sha256": sha})


def _remove_obsolete(out: Path, manifest: Manifest, plan: Plan, stages: list[str], registry: Registry) -> None:
    """Drop parts that no longer describe the inputs: of documents gone from the inputs,
    of documents whose stage failed this run (an old part must not pass for current),
    and stray files of killed runs."""
    kept = plan.kept_doc_ids(manifest)
    read = {r["doc_id"] for r in plan.inputs}
    for stage in manifest.stage_names():
        if stage in registry and registry[stage].spec.scope == "corpus":
            continue
        for doc_id in sorted(manifest.doc_ids(stage)):
            entry = manifest.data["stages"][stage]["parts"][doc_id]
            outdated = stage in stages and doc_id in read and plan.expected.get((stage, doc_id)) != entry["fingerprint"]
            if doc_id not in kept or outdated:
                manifest.drop(stage, doc_id)
                (stage_dir(out, stage) / entry["file"]).unlink(missing_ok=True)
    for stage in stages:
        known = manifest.files(stage)
        for path in stage_files(out, stage):
            if path.name not in known:
                path.unlink()


def _write_errors(out: Path, errors: list[dict]) -> None:
    key = ("source_path", "stage", "kind", "message")
    table = build_table(errors, schemas.ERRORS, key)
    write_table(stamp(table, {"stage": ERRORS_STAGE, "schema_version": schemas.SCHEMA_VERSION}),
                stage_dir(out, ERRORS_STAGE) / part_name("0"))
