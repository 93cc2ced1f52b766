"""Run the stages over a collection: plan, execute batches, commit what was verified.

A run takes the output folder's lock, plans (`plan.make_plan`: what is stale, per
document and stage), hands batches of stale documents to an executor
(`executors`: in this process or in worker processes) that runs the one per-batch
work function (`work.process_batch`), records each batch's parts in the staging
journal as results arrive, and commits (`commit.Staging`): only parts this run
recorded, with their hashes verified, are moved into place. Corpus stages and the
manifest follow. A killed run leaves the previous datasets as they were, and the next
run reuses what was staged.

SIGINT and SIGTERM stop handing out work, stop the workers, keep what is staged,
release the lock and raise `Interrupted` (the command exits 130 or 143).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import platform
import secrets
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from manifesto.extractors import REGISTRY

from . import __version__, faults, schemas
from . import progress as live
from .batches import input_bytes, plan_batches
from .commit import JOURNAL_NAME, STAGING_DIR, PartCheck, Staging, remove_obsolete
from .executors import make_executor
from .io import build_table, part_name, stage_dir, stamp, write_table
from .lock import RunLock
from .manifest import Manifest
from .parse import prune_cache, signature_id
from .plan import (CORPUS_KEY, NoInputsError, OtherInputsError, Plan, WorkItem, corpus_fingerprint,  # noqa: F401 - re-exported
                   input_roots, make_plan, pipeline_components, refusal_message, resolve_stages)
from .registry import CorpusContext, Registry
from .run_errors import carried_warnings
from .work import (CACHE_DIR, DEFAULT_DOC_TIMEOUT, SETUP_ERRNOS, Batch, BatchResult, extract_rows,  # noqa: F401
                   failure, load_pipeline, parse_signature, timed, worker_settings)

log = logging.getLogger(__name__)

ERRORS_STAGE = "errors"
RUN_LOG_NAME = ".run_log.jsonl"
BATCHES_IN_FLIGHT_PER_WORKER = 2


class SetupError(RuntimeError):
    """The output folder cannot be used (read-only, full, removed): the run stops, exit 2."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM: the run stopped, its staged parts kept for the next run."""

    def __init__(self, signum: int, out: Path | None = None, n_staged: int = 0):
        super().__init__(signum)
        self.signum, self.out, self.n_staged = signum, out, n_staged

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


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


def default_memory_mb(workers: int) -> int:
    """A worker's address-space limit: a share of the machine's memory, at least 4 GiB."""
    try:
        total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // (1024 * 1024)
    except (ValueError, OSError):
        return 0
    return max(4096, int(total_mb * 0.8) // max(1, workers))


def run(inputs: Iterable[Path], out: Path, stages: Iterable[str] = (), model: str | None = None,
        force: bool = False, jobs: int = 0, batch_docs: int = 8, progress: ProgressFn | None = None,
        registry: Registry = REGISTRY, parse_cache: bool = True, doc_timeout: float = DEFAULT_DOC_TIMEOUT,
        memory_mb: int | None = None, executor: str = "local", scheduler: str | None = None,
        scheduler_file: str | None = None, replace: bool = False) -> RunReport:
    """Bring the datasets in `out` up to date with `inputs`; see the module docstring.

    `parse_cache=False` neither reads, writes nor prunes the parse cache
    (OUT/.cache/parsed): 1-7 % faster on a first run, but a later change of an
    extractor or its rule files parses everything again. `doc_timeout` bounds each
    step of a document (seconds); `memory_mb` each worker process (None: a share of
    the machine's memory; 0: no limit). `executor` "dask" runs the batches on a Dask
    cluster: the one at `scheduler` (or `scheduler_file`), else a LocalCluster of
    `jobs` workers (docs/scaling.md). A run given other inputs than the output folder
    was built from, which would delete documents' datasets, is refused
    (`OtherInputsError`) unless `replace`: pointing a run at another folder, or at one
    file of the corpus, must not silently delete the rest.
    """
    out = Path(out)
    try:
        with _stop_on_signals():
            return _run(inputs, out, stages, model, force, jobs, batch_docs, progress, registry, parse_cache,
                        doc_timeout, memory_mb, {"kind": executor, "scheduler": scheduler,
                                                 "scheduler_file": scheduler_file}, replace)
    except OSError as error:
        if error.errno not in SETUP_ERRNOS:
            raise
        raise SetupError(f"{out}: cannot write ({error.strerror}); make the folder writable, free space, "
                         "or choose another --out (the previous datasets are unchanged)") from None


def _run(inputs, out: Path, stages, model, force, jobs, batch_docs, progress, registry, parse_cache,
         doc_timeout, memory_mb, where: dict, replace: bool) -> RunReport:
    started = time.perf_counter()
    inputs = list(inputs)
    out.mkdir(parents=True, exist_ok=True)
    roots = input_roots(inputs, out)
    stage_names = resolve_stages(stages, registry)
    with RunLock(out):
        identity = _identity(out)
        manifest = Manifest.load(out)
        staging = Staging(out, _new_run_id())
        parts = PartCheck(out)
        plan = make_plan(inputs, out, stage_names, model, force, manifest, registry, staging, parts)
        refused = [] if replace else plan.refused_drops(manifest, roots)
        if refused:
            raise OtherInputsError(refusal_message(out, refused))
        report = RunReport(out=out, stages=stage_names, n_inputs=len(plan.inputs) + _count_failed_reads(plan),
                           n_fresh=plan.n_fresh, errors=list(plan.notices))
        settings = worker_settings(plan, out, registry, parse_cache)
        if plan.items:
            staging.prepare()
        workers, item_batches = plan_batches(plan.items, batch_docs, jobs, input_bytes)
        memory = default_memory_mb(workers) if memory_mb is None else memory_mb
        batches = [Batch(staging.run_id, tuple(items), doc_timeout) for items in item_batches]
        done = 0
        if progress:
            progress(0, len(plan.items))  # the total, before the first batch is done
        try:
            with live.events(getattr(progress, "event", None)), \
                    make_executor(workers, settings, registry, memory, **where) as executor:
                window = getattr(executor, "window", workers * BATCHES_IN_FLIGHT_PER_WORKER)
                for result in _results(executor, batches, window):
                    if result.fatal:
                        raise SetupError(f"{result.fatal}; the previous datasets are unchanged")
                    _check_output(out, identity)
                    staging.record(result.parts)
                    _absorb(report, result)
                    faults.reached("checkpoint")
                    done += result.n_documents
                    if progress:
                        progress(done, len(plan.items))
        except Interrupted as interrupted:
            interrupted.out, interrupted.n_staged = out, done
            raise
        if plan.items:
            os.sync()  # the staged parts reach the disk once here, not with an fsync each
        _check_output(out, identity)
        staging.commit(manifest, plan.expected, parts)
        remove_obsolete(out, manifest, plan, stage_names, registry)
        if parse_cache:
            prune_cache(out / CACHE_DIR, plan.kept_doc_ids(manifest), signature_id(parse_signature(settings)))
        corpus_stages = [s for s in registry.names() if registry[s].spec.scope == "corpus"
                         and (s in stage_names or manifest.doc_ids(s))]
        for stage in corpus_stages:  # also those not asked for: their inputs may have changed
            _run_corpus_stage(stage, out, manifest, settings, force, report, registry, parts)
        run_stages = sorted(set(stage_names) | set(corpus_stages))
        manifest.set_run(plan.inputs + _kept_inputs(manifest, plan), {s: registry[s].spec.version for s in run_stages},
                         plan.model_identity, plan.model_version, plan.config_hash, __version__,
                         {s: plan.stage_rules[s] for s in run_stages}, roots)
        fresh = {r["source_path"] for r in plan.inputs} - {i.input.source_path for i in plan.items}
        report.errors += carried_warnings(out, fresh)
        _write_errors(out, report.errors)
        _check_output(out, identity)
        manifest.save(out)
        parts.save(manifest)
        faults.reached("manifest")
        staging.discard()
        report.rows = {s: manifest.row_count(s) for s in stage_names}
    report.n_failed = len({e["source_path"] for e in report.errors if e["severity"] == "error"})
    report.seconds = time.perf_counter() - started
    _log_run(out, report)
    return report


def _new_run_id() -> str:
    """Names this run's staging folder: time, pid and randomness, unique per run."""
    return f"{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{os.getpid()}-{secrets.token_hex(3)}"


def _results(executor, batches: list[Batch], window: int) -> Iterator[BatchResult]:
    """Each batch's result as it completes, with at most `window` batches submitted and
    not yet done (so a cluster is never handed the whole collection at once)."""
    queued = iter(batches)
    in_flight = set()

    def top_up() -> None:
        while len(in_flight) < max(1, window):
            batch = next(queued, None)
            if batch is None:
                return
            in_flight.add(executor.submit(batch))

    top_up()
    while in_flight:
        for future in executor.as_completed(in_flight):
            in_flight.discard(future)
            top_up()
            yield future.result()
            break


def _identity(out: Path) -> tuple[int, int]:
    stat = os.stat(out)
    return stat.st_dev, stat.st_ino


def _check_output(out: Path, identity: tuple[int, int]) -> None:
    """The output folder must still be the one the run locked: one removed or replaced
    during the run is an error, never a success with parts missing."""
    try:
        same = _identity(out) == identity
    except OSError:
        same = False
    if not same:
        raise SetupError(f"{out}: the output folder disappeared or was replaced during the run; "
                         "nothing was committed, run again")


@contextmanager
def _stop_on_signals():
    """Turn SIGINT and SIGTERM into `Interrupted` (once: a second signal while stopping
    is ignored rather than interrupting the cleanup; the command line then ignores
    them while it exits). Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def stop(signum, _frame):
        if caught:
            return
        caught.append(signum)
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


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


def _kept_inputs(manifest: Manifest, plan: Plan) -> list[dict]:
    """Manifest records of inputs that could not be read this run (their rows are kept)."""
    return [r for r in manifest.data.get("inputs", []) if r["source_path"] in plan.unreadable]


def _count_failed_reads(plan: Plan) -> int:
    return sum(1 for e in plan.notices if e["severity"] == "error")


def _absorb(report: RunReport, result: BatchResult) -> None:
    report.errors.extend(result.errors)
    report.n_processed += result.n_documents - result.n_failed
    report.n_parsed += result.n_parsed
    report.n_cached += result.n_cached
    report.n_words += result.n_words
    for step, seconds in result.seconds.items():
        report.step_seconds[step] = report.step_seconds.get(step, 0.0) + seconds


def _run_corpus_stage(stage: str, out: Path, manifest: Manifest, settings: dict, force: bool,
                      report: RunReport, registry: Registry, parts: PartCheck) -> None:
    """Recompute a corpus-scope stage when any part of a stage it reads has changed."""
    spec = registry[stage].spec
    fingerprint = corpus_fingerprint(stage, manifest, settings["metadata"]["config_hash"], registry,
                                     settings["stage_rules"][stage])
    if not force and parts.is_fresh(manifest, stage, CORPUS_KEY, fingerprint):
        return
    try:
        with timed(report.step_seconds, stage):
            rows = list(registry[stage].extract(None, CorpusContext(out)))
    except Exception as error:  # noqa: BLE001 - the document datasets stay valid
        report.errors.append(failure("(corpus)", stage, error, kind="extractor"))
        return
    table = stamp(build_table(rows, spec.schema, spec.sort_key), {
        **settings["metadata"], "stage": stage, "extractor_version": spec.version, "fingerprint": fingerprint,
    })
    name = part_name(CORPUS_KEY)
    sha = write_table(table, stage_dir(out, stage) / name)
    manifest.record(stage, CORPUS_KEY, {"file": name, "fingerprint": fingerprint, "rows": table.num_rows, "sha256": sha})
    parts.remember(stage, name, sha)


def _write_errors(out: Path, errors: list[dict]) -> None:
    key = ("source_path", "stage", "kind", "message")
    table = build_table(errors, schemas.ERRORS, key)
    write_table(stamp(table, {"stage": ERRORS_STAGE, "schema_version": schemas.SCHEMA_VERSION}),
                stage_dir(out, ERRORS_STAGE) / part_name("0"))
