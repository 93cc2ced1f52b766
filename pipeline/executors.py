"""Where batches run: the one seam between the runner and its workers.

An executor has three methods: `submit(batch) -> Future` (of a `work.BatchResult`),
`as_completed(futures)` (yields each future once it is done) and `close(kill)`; it is
a context manager that kills its workers when the block ends with an exception (a
signal, an error). The runner plans, calls `work.process_batch` through an executor
and commits, so executors differ only in where that function runs:

- `InProcess`: in this process, one batch at a time, each when `as_completed` reaches it.
- `LocalProcesses`: N worker processes started here (spawn), each loading the model
  once. A worker dies with the main process (`PR_SET_PDEATHSIG` on Linux, and a
  parent check between documents), ignores Ctrl-C (the main process stops it), has a
  memory limit (`RLIMIT_AS`), and is replaced after a timeout, a `MemoryError` or its
  death. A batch whose worker died is retried one document at a time, so the
  document that kills a worker fails alone; one that hangs in native code past its
  batch's deadline is killed and reported as a timeout.

- `executors_dask.Dask`: a Dask cluster's workers (`Client.submit` and
  `distributed.as_completed`, with `init_worker` run once per worker by a plugin).
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterable, Iterator, Protocol

from . import progress as live
from .plan import error_row
from .registry import Registry
from .work import Batch, BatchResult, init_worker, process_batch

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
# A batch's hard deadline, past the per-step budgets a worker enforces itself: for a
# document stuck in native code, where the worker's own alarm cannot interrupt it.
DEADLINE_FACTOR = 3
DEADLINE_GRACE = 60.0  # seconds: the model loads during a worker's first batch


class Executor(Protocol):
    def submit(self, batch: Batch) -> Future: ...

    def as_completed(self, futures: Iterable[Future]) -> Iterator[Future]: ...

    def close(self, kill: bool = False) -> None: ...


class _Closing:
    """Context manager: a normal exit closes gently, an exception kills the workers."""

    def __enter__(self):
        return self

    def __exit__(self, kind, *_exc) -> None:
        self.close(kill=kind is not None)


class InProcess(_Closing):
    """Batches run here, lazily: each when `as_completed` reaches its future, so the
    runner records every batch before the next one starts."""

    def __init__(self, settings: dict, registry: Registry):
        init_worker(settings, registry)
        self._pending: dict[Future, Batch] = {}

    def submit(self, batch: Batch) -> Future:
        future: Future = Future()
        self._pending[future] = batch
        return future

    def as_completed(self, futures: Iterable[Future]) -> Iterator[Future]:
        for future in list(futures):
            batch = self._pending.pop(future, None)
            if batch is not None:
                future.set_result(process_batch(batch))
            yield future

    def close(self, kill: bool = False) -> None:
        self._pending.clear()


@dataclass
class _Task:
    batch: Batch
    future: Future
    parts: list[BatchResult] = field(default_factory=list)  # of its documents, once split
    remaining: int = 0


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    task: _Task | None = None
    deadline: float = 0.0
    timed_out: bool = False


class LocalProcesses(_Closing):
    """Batches in up to `workers` local processes; see the module docstring."""

    def __init__(self, workers: int, settings: dict, registry: Registry, memory_mb: int = 0):
        self.size = workers
        self.settings, self.registry, self.memory_mb = settings, registry, memory_mb
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        self.queue: deque[tuple[Batch, _Task]] = deque()

    def submit(self, batch: Batch) -> Future:
        future: Future = Future()
        self.queue.append((batch, _Task(batch, future)))
        return future

    def as_completed(self, futures: Iterable[Future]) -> Iterator[Future]:
        pending = set(futures)
        while pending:
            done = [f for f in pending if f.done()]
            for future in done:
                pending.discard(future)
                yield future
            if pending and not done:
                self._pump()

    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers]

    # --- scheduling ---

    def _pump(self) -> None:
        """Hand out queued batches, then wait for one event: a result, a death, a deadline."""
        self._dispatch()
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                self._collect(worker)
            elif time.monotonic() >= worker.deadline:
                log.warning("a worker passed its batch's deadline: killing it (pid %s)", worker.process.pid)
                worker.timed_out = True
                worker.process.kill()
                worker.process.join()
                self._collect(worker)

    def _dispatch(self) -> None:
        while self.queue:
            worker = next((w for w in self.workers if w.task is None), None)
            if worker is None:
                if len(self.workers) >= self.size:
                    return
                worker = self._start()
            batch, task = self.queue.popleft()
            worker.task = task
            worker.deadline = time.monotonic() + DEADLINE_GRACE + DEADLINE_FACTOR * batch.doc_timeout * len(batch.items)
            try:
                worker.conn.send(batch)
            except OSError:  # it died while idle: _collect sees it
                pass

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, daemon=True, name="manifesto-worker",
                                       args=(child, self.settings, self.registry, os.getpid(), self.memory_mb,
                                             live.worker_queue()))
        # Started with SIGINT ignored, which the new interpreter inherits: a Ctrl-C while
        # it imports cannot print a traceback; the main process stops it instead.
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        try:
            process.start()
        finally:
            if main:
                signal.signal(signal.SIGINT, previous)
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _collect(self, worker: _Worker) -> None:
        """Take the worker's result, or handle its death; replace it when needed."""
        task = worker.task
        batch = task.batch
        worker.task = None
        message = None
        try:
            if worker.conn.poll():
                message = worker.conn.recv()
        except (EOFError, OSError):
            message = None
        if message is not None and message[0] == "ok":
            result: BatchResult = message[1]
            if result.replace_worker:
                self._retire(worker)
            self._finish(task, result)
            return
        if message is not None:  # the batch raised outside the per-document guards
            self._finish(task, _batch_failure(batch, "internal", message[1]))
            return
        timed_out = worker.timed_out
        self._retire(worker)
        if len(batch.items) > 1:
            self._split(batch, task)
        else:
            kind, why = ("timeout", f"stuck past the batch's deadline ({batch.doc_timeout:g} s per step, --doc-timeout)") \
                if timed_out else ("worker_crashed", "the worker process died on this document "
                                                     "(out of memory, or a crash in native code)")
            self._finish(task, _batch_failure(batch, kind, why, stage="parse"))

    def _split(self, batch: Batch, task: _Task) -> None:
        """Retry a batch whose worker died one document at a time, ahead of the queue."""
        task.remaining = len(batch.items)
        for item in reversed(batch.items):
            single = Batch(batch.run_id, (item,), batch.doc_timeout)
            sub = _Task(single, Future())
            sub.future.add_done_callback(lambda f, parent=task: self._merge(parent, f.result()))
            self.queue.appendleft((single, sub))

    def _merge(self, task: _Task, result: BatchResult) -> None:
        task.parts.append(result)
        task.remaining -= 1
        if task.remaining == 0:
            merged = BatchResult()
            for part in task.parts:
                merged.merge(part)
            task.future.set_result(merged)

    def _finish(self, task: _Task, result: BatchResult) -> None:
        task.future.set_result(result)

    def _retire(self, worker: _Worker) -> None:
        _stop(worker, kill=False)
        self.workers.remove(worker)

    def close(self, kill: bool = False) -> None:
        for worker in self.workers:
            _stop(worker, kill)
        self.workers.clear()
        self.queue.clear()


def _stop(worker: _Worker, kill: bool) -> None:
    """End a worker: ask it to exit (or kill it), and never leave it running."""
    if worker.process.is_alive() and not kill:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.process.join(5)
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _batch_failure(batch: Batch, kind: str, message: str, stage: str = "parse") -> BatchResult:
    return BatchResult(n_documents=len(batch.items), n_failed=len(batch.items), errors=[
        error_row(item.input.source_path, stage, "error", kind, message) for item in batch.items])


def make_executor(workers: int, settings: dict, registry: Registry, memory_mb: int = 0,
                  kind: str = "local", scheduler: str | None = None, scheduler_file: str | None = None) -> Executor:
    """`kind` "dask": a Dask cluster (`executors_dask`); else in-process for one worker,
    local processes for more."""
    if kind == "dask":
        from .executors_dask import Dask

        return Dask(settings, registry, workers, scheduler, scheduler_file, memory_mb)
    if workers <= 1:
        return InProcess(settings, registry)
    return LocalProcesses(workers, settings, registry, memory_mb)


# --- the worker process ---

def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        log.debug("prctl(PR_SET_PDEATHSIG) unavailable; relying on the parent check")


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space, so a runaway document raises MemoryError."""
    if memory_mb <= 0:
        return
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker_main(conn, settings: dict, registry: Registry, parent_pid: int, memory_mb: int, events=None) -> None:
    die_with_parent()
    live.send_to(events)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the main process decides
    limit_memory(memory_mb)
    init_worker(settings, registry, parent_pid)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        try:
            message = ("ok", process_batch(batch))
        except MemoryError:
            message = ("error", "MemoryError outside a document (the worker's memory limit, --max-memory)")
        except Exception as error:  # noqa: BLE001 - reported for the batch's documents
            message = ("error", f"{type(error).__name__}: {error}")
        conn.send(message)
