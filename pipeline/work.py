"""The per-batch work function: read, parse (at most once) and extract a batch of documents.

This is all a worker runs, whatever executes it (this process, a local process, a
cluster worker): `init_worker(settings, registry)` once per process (the spaCy model is
loaded on first need), then `process_batch(batch)` per batch. A `Batch` carries paths
and fingerprints, never a `Language` or `Doc`; the worker writes its parts itself under
the run's staging folder and returns a small `BatchResult` (part files, hashes, rows,
errors, timings), from which the main process records and commits.

Work is bounded per document: each step (read, parse, extract) of a document gets
`doc_timeout` seconds (a SIGALRM in the worker's main thread), and a `MemoryError`
(the worker's memory limit) fails the document, not the batch. Either marks the worker
for replacement, since its state may be damaged. Between documents a worker checks
that the process that started it is still there, and exits if not.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from manifesto.extractors import REGISTRY

from . import __version__, faults, schemas
from . import progress as live
from .commit import STAGING_DIR
from .ingest import Document, IngestError, load_document
from .io import build_table, part_name, stage_dir, stamp, write_table
from .parse import PARSE_VERSION, Parser
from .plan import Plan, WorkItem, error_row, pipeline_components
from .registry import DocContext, Registry

log = logging.getLogger(__name__)

CACHE_DIR = ".cache/parsed"
DEFAULT_DOC_TIMEOUT = 300.0  # seconds per step of one document
# Errors of the output folder itself: the run stops (exit 2) rather than fail documents.
SETUP_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOTDIR}


@dataclass(frozen=True)
class Batch:
    """A few documents to process together: small and picklable."""

    run_id: str
    items: tuple[WorkItem, ...]
    doc_timeout: float = DEFAULT_DOC_TIMEOUT


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
    replace_worker: bool = False  # a timeout or out-of-memory may have left the worker damaged
    fatal: str | None = None  # the output folder cannot be written: the run stops

    def merge(self, other: "BatchResult") -> None:
        """Add another result (of documents of the same batch) to this one."""
        self.parts += other.parts
        self.errors += other.errors
        for name in ("n_documents", "n_failed", "n_parsed", "n_cached", "n_words"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for step, seconds in other.seconds.items():
            self.seconds[step] = self.seconds.get(step, 0.0) + seconds
        self.replace_worker |= other.replace_worker
        self.fatal = self.fatal or other.fatal


class DocumentTimeout(BaseException):
    """A document step ran past its budget (a BaseException, so no extractor's
    `except Exception` swallows it)."""


class OutputUnwritable(Exception):
    """The output folder cannot take a part (full, read-only, removed)."""


def worker_settings(plan: Plan, out: Path, registry: Registry, parse_cache: bool = True) -> dict:
    """What every worker needs to know, the same for all batches of a run."""
    return {
        "out": str(out), "model": plan.model_name, "components": pipeline_components(registry),
        "parse_cache": parse_cache, "parse_rules_hash": plan.parse_rules_hash, "stage_rules": plan.stage_rules,
        "metadata": {
            "schema_version": schemas.SCHEMA_VERSION, "model_name": plan.model_identity,
            "model_version": plan.model_version, "config_hash": plan.config_hash,
            "package_version": __version__,
        },
    }


def parse_signature(settings: dict) -> dict:
    """What a parse depends on besides the document: model, versions, parse-time rules."""
    return {"rules": settings["parse_rules_hash"], "parse": PARSE_VERSION, **settings["metadata"]}


def load_pipeline(model: str, registry: Registry = REGISTRY):
    """The spaCy pipeline exactly as the runner parses with it, extractors set up."""
    from manifesto.models import load_nlp

    nlp = load_nlp(model, set(pipeline_components(registry)))
    for name in registry.names():
        if registry[name].spec.setup is not None:
            registry[name].spec.setup(nlp)
    return nlp


# --- worker side: everything below runs in the worker process (or in-process) ---

_STATE: dict = {}


def init_worker(settings: dict, registry: Registry = REGISTRY, parent_pid: int | None = None) -> None:
    """Remember the settings (the model is loaded on first need, once per process) and,
    in a worker process, the pid of the process whose death ends this one."""
    if _STATE.get("settings") != settings or _STATE.get("registry") is not registry:
        _STATE.clear()
        _STATE.update(settings=settings, registry=registry)
    _STATE["parent_pid"] = parent_pid


def check_parent() -> None:
    """Exit at once if the main process is gone: a worker never outlives its run."""
    parent = _STATE.get("parent_pid")
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _parser(registry: Registry) -> Parser:
    if "parser" not in _STATE:
        settings = _STATE["settings"]
        nlp = load_pipeline(settings["model"], registry)
        cache = Path(settings["out"]) / CACHE_DIR if settings["parse_cache"] else None
        _STATE["parser"] = Parser(nlp, cache, parse_signature(settings))
    return _STATE["parser"]


def process_batch(batch: Batch) -> BatchResult:
    """Ingest, parse (at most once each) and extract a batch of documents."""
    registry = _STATE["registry"]
    items = list(batch.items)
    result = BatchResult(n_documents=len(items))
    with timed(result.seconds, "read"):
        loaded = _load_documents(items, batch, result)
    to_parse = [(item, document) for item, document in loaded if _needs_parse(item, registry)]
    if not to_parse:
        for item, document in loaded:
            _extract_document(item, document, None, batch, result, registry)
        return result
    parser = _parser(registry)
    with parser.nlp.memory_zone():
        with timed(result.seconds, "parse"):
            parsed = _parse_reporting_failures(parser, to_parse, batch, result)
        for item, document in loaded:
            if item.doc_id in parsed or not _needs_parse(item, registry):
                _extract_document(item, document, parsed.get(item.doc_id), batch, result, registry)
    result.n_parsed, result.n_cached = parser.n_parsed, parser.n_cached
    parser.n_parsed = parser.n_cached = 0
    return result


@contextmanager
def timed(seconds: dict[str, float], step: str):
    """Add the block's duration to `seconds[step]` (summed into the run's step_seconds)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - started


@contextmanager
def budget(seconds: float | None):
    """Raise `DocumentTimeout` in this thread after `seconds` (main thread only: elsewhere,
    as under a test runner's thread, the block runs unbounded)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded_failure(source_path: str, stage: str, error: BaseException, batch: Batch, result: BatchResult) -> dict:
    """The error row of a document stopped by its budget or the memory limit."""
    result.replace_worker = True
    if isinstance(error, DocumentTimeout):
        return error_row(source_path, stage, "error", "timeout",
                         f"{stage} took longer than {batch.doc_timeout:g} s (--doc-timeout)")
    return error_row(source_path, stage, "error", "out_of_memory",
                     f"{stage} ran out of memory (the worker's memory limit, --max-memory)")


def _load_documents(items: list[WorkItem], batch: Batch, result: BatchResult) -> list[tuple[WorkItem, Document]]:
    loaded = []
    for item in items:
        check_parent()
        live.reading(item.input.source_path)
        try:
            with budget(batch.doc_timeout):
                document = load_document(item.input)
        except (DocumentTimeout, MemoryError) as error:
            result.errors.append(_bounded_failure(item.input.source_path, "ingest", error, batch, result))
            result.n_failed += 1
            continue
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the batch
            result.errors.append(failure(item.input.source_path, "ingest", error))
            result.n_failed += 1
            continue
        result.errors.extend(error_row(item.input.source_path, "ingest", "warning", "ingest", w) for w in document.warnings)
        loaded.append((item, document))
    return loaded


def _parse_reporting_failures(parser: Parser, pairs: list[tuple[WorkItem, Document]], batch: Batch,
                              result: BatchResult) -> dict:
    """Parse the batch together; if that fails, one by one, so one bad document fails alone."""
    try:
        with budget(batch.doc_timeout * len(pairs)):
            docs = parser.parse([document for _, document in pairs])
        return {item.doc_id: doc for (item, _), doc in zip(pairs, docs)}
    except (Exception, DocumentTimeout, MemoryError):  # noqa: BLE001 - find the culprit below
        pass
    parsed = {}
    for item, document in pairs:
        check_parent()
        try:
            with budget(batch.doc_timeout):
                parsed[item.doc_id] = parser.parse([document])[0]
        except (DocumentTimeout, MemoryError) as error:
            result.errors.append(_bounded_failure(item.input.source_path, "parse", error, batch, result))
            result.n_failed += 1
        except Exception as error:  # noqa: BLE001
            result.errors.append(failure(item.input.source_path, "parse", error, kind="parse"))
            result.n_failed += 1
    return parsed


def _needs_parse(item: WorkItem, registry: Registry) -> bool:
    return any(registry[s].spec.needs_parse for s in registry.with_requirements(item.stale))


def extract_rows(document: Document, doc, stages: Iterable[str], registry: Registry = REGISTRY,
                 seconds: dict[str, float] | None = None,
                 timeout: float | None = None) -> tuple[dict[str, list[dict]], dict[str, BaseException]]:
    """Rows of the given stages (and what they require) for one document, and failures.

    A stage whose requirement failed is skipped (it appears in neither result). Each
    stage's time is added to `seconds[stage]` when given; each stage gets `timeout` s.
    """
    seconds = {} if seconds is None else seconds
    ctx = DocContext(document)
    failures: dict[str, BaseException] = {}
    for stage in registry.with_requirements(stages):
        spec = registry[stage].spec
        if any(req not in ctx.rows for req in spec.requires):
            continue
        try:
            with timed(seconds, stage), budget(timeout):
                ctx.rows[stage] = list(registry[stage].extract(doc, ctx))
        except (Exception, DocumentTimeout, MemoryError) as error:  # noqa: BLE001 - reported by the caller
            failures[stage] = error
    return ctx.rows, failures


def _extract_document(item: WorkItem, document: Document, doc, batch: Batch, result: BatchResult,
                      registry: Registry) -> None:
    """Run the stale stages (and what they need) on one document and stage their parts."""
    check_parent()
    settings, started = _STATE["settings"], time.perf_counter()
    run_dir = Path(settings["out"]) / STAGING_DIR / batch.run_id
    rows, failures = extract_rows(document, doc, item.stale, registry, result.seconds, batch.doc_timeout)
    for stage, error in failures.items():
        log.debug("%s failed on %s", stage, item.input.source_path, exc_info=error)
        if isinstance(error, (DocumentTimeout, MemoryError)):
            result.errors.append(_bounded_failure(item.input.source_path, stage, error, batch, result))
        else:
            result.errors.append(failure(item.input.source_path, stage, error, kind="extractor"))
    for stage in item.stale:
        if stage not in rows or result.fatal:
            continue
        try:
            with timed(result.seconds, "write"):
                result.parts.append(_write_part(run_dir, settings["metadata"], registry[stage].spec, item, rows[stage]))
        except OutputUnwritable as error:
            result.fatal = str(error)
            continue
        except Exception as error:  # noqa: BLE001 - e.g. a value the schema rejects
            failures[stage] = error
            result.errors.append(failure(item.input.source_path, stage, error, kind="schema"))
            continue
        faults.reached("part")
    result.n_failed += bool(failures)
    words = len(document.text.split())
    result.n_words += words
    live.document(item.input.source_path, item.doc_id, words, {s: rows[s] for s in item.stale if s in rows},
                  time.perf_counter() - started)


def _write_part(run_dir: Path, metadata: dict, spec, item: WorkItem, rows: list[dict]) -> dict:
    table = build_table(rows, spec.schema, spec.sort_key)
    table = stamp(table, {
        **metadata, "stage": spec.name, "extractor_version": spec.version,
        "doc_id": item.doc_id, "fingerprint": item.fingerprints[spec.name],
    })
    name = part_name(item.doc_id)
    if not run_dir.is_dir():  # never recreate an output folder that was removed
        raise OutputUnwritable(f"{run_dir.parent.parent}: the output folder disappeared during the run")
    try:
        faults.fail("write")
        sha = write_table(table, stage_dir(run_dir, spec.name) / name, durable=False)  # synced once before the commit
    except OSError as error:
        if error.errno in SETUP_ERRNOS:
            raise OutputUnwritable(f"{run_dir.parent.parent}: cannot write ({error.strerror})") from None
        raise
    return {"stage": spec.name, "doc_id": item.doc_id, "file": name,
            "fingerprint": item.fingerprints[spec.name], "rows": table.num_rows, "sha256": sha}


def failure(source_path: str, stage: str, error: BaseException, kind: str | None = None) -> dict:
    if isinstance(error, IngestError):
        return error_row(source_path, stage, "error", error.kind, str(error))
    message = f"{type(error).__name__}: {error}"
    return error_row(source_path, stage, "error", kind or "internal", message)
