"""Batches on a Dask cluster: the same `work.process_batch`, on the cluster's workers.

`Dask` is an executor like `executors.LocalProcesses` (submit, as_completed, close),
backed by a `distributed.Client`: connected to a running scheduler (`--scheduler`,
`DASK_SCHEDULER_ADDRESS`, `--scheduler-file`), or to a `LocalCluster` it starts and
stops itself (on 127.0.0.1: worker processes of one thread each, no dashboard).

- What is shipped: a `WorkerPlugin` holding the run's settings (paths, model name,
  fingerprints; a few KB) and the registry, once per worker; then one small `Batch`
  per task (paths and hashes). The worker loads the spaCy pipeline on its first batch
  and keeps it; no `Language` or `Doc` is pickled. Workers write their parts under
  `OUT/.staging/<run id>/` (a path every worker must see) and return a `BatchResult`.
- A lost worker's batch is run again by Dask on another worker; the verified commit
  (`commit.Staging`) takes a part only from a recorded result and only with the hash
  recorded, so an attempt that was cut short or came late adds nothing.
- A batch that fails as a whole (its task raised, or killed worker after worker) is
  reported for each of its documents, as a local run reports a crashed worker.
- Dask runs tasks in threads, where the per-step SIGALRM budget cannot work (it is
  skipped, see `work.budget`); the worker's memory limit (`--memory-limit`) and Dask's
  retries bound a runaway document instead.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future
from typing import Iterable, Iterator

from .executors import _batch_failure, _Closing
from .registry import Registry
from .work import Batch, BatchResult, init_worker, process_batch

log = logging.getLogger(__name__)

INSTALL = "pip install 'manifesto[dask]'"
CONNECT_TIMEOUT = "30s"
# Dask samples every task's stack 100 times a second for its dashboard; for batches of
# spaCy work that costs CPU and tells nothing (docs/scaling.md).
NO_PROFILER = {"distributed.worker.profile.enabled": False}


class ExecutorUnavailable(RuntimeError):
    """Dask is not installed, or the scheduler cannot be reached: exit 2."""


def require_distributed():
    """The `distributed` module, or a one-line error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ExecutorUnavailable(f"--executor dask needs Dask's distributed scheduler: {INSTALL} "
                                  "(or pip install 'dask[distributed]')") from None
    return distributed


try:  # the plugin's base class; without Dask, `require_distributed` says how to install it
    from distributed import WorkerPlugin
except ImportError:
    WorkerPlugin = object

_RUNS: dict[str, tuple[dict, Registry]] = {}  # on a worker: plugin name -> the run's settings


class ManifestoWorker(WorkerPlugin):
    """Installed on every worker (and on workers that join later) once per run: the
    settings for `run_batch`, and the profiler off whatever the worker's own config."""

    def __init__(self, name: str, settings: dict, registry: Registry):
        self.name, self.settings, self.registry = name, settings, registry

    def setup(self, worker) -> None:
        _RUNS[self.name] = (self.settings, self.registry)
        init_worker(self.settings, self.registry)
        for callback in ("profile", "profile-cycle"):
            if callback in worker.periodic_callbacks:
                worker.periodic_callbacks[callback].stop()

    def teardown(self, worker) -> None:
        _RUNS.pop(self.name, None)


def run_batch(plugin: str, batch: Batch) -> BatchResult:
    """The task: `process_batch` with the run's settings (a no-op switch unless another
    run shares the worker; the model stays loaded across batches)."""
    settings, registry = _RUNS[plugin]
    init_worker(settings, registry)
    return process_batch(batch)


class Dask(_Closing):
    """See the module docstring. `workers` sizes a LocalCluster (no scheduler given)."""

    def __init__(self, settings: dict, registry: Registry, workers: int = 1, scheduler: str | None = None,
                 scheduler_file: str | None = None, memory_mb: int = 0):
        distributed = require_distributed()
        import dask

        self.distributed, self.cluster = distributed, None
        dask.config.set(NO_PROFILER)  # inherited by the LocalCluster's workers
        if not log.isEnabledFor(logging.DEBUG):  # Dask's own INFO lines drown the run's progress
            logging.getLogger("distributed").setLevel(logging.WARNING)
        scheduler = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        if scheduler_file and not os.path.isfile(scheduler_file):  # the client would wait for it forever
            raise ExecutorUnavailable(f"no Dask scheduler file {scheduler_file}")
        try:
            if scheduler or scheduler_file:
                self.client = distributed.Client(scheduler, scheduler_file=scheduler_file, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=max(1, workers), threads_per_worker=1, processes=True, host="127.0.0.1",
                    # no dashboard; the scheduler's health endpoint on a free local port, not 8787
                    dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                    memory_limit=f"{memory_mb}MB" if memory_mb else "auto")
                self.client = distributed.Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as error:
            self._close_cluster()
            where = scheduler or scheduler_file or "a LocalCluster"
            raise ExecutorUnavailable(f"cannot reach the Dask scheduler at {where}: {error}") from None
        self.plugin = f"manifesto-{os.getpid()}-{id(self):x}"
        self.client.register_plugin(ManifestoWorker(self.plugin, settings, registry), name=self.plugin)
        self._pending: dict[Future, tuple[object, Batch]] = {}

    @property
    def window(self) -> int:
        """Batches in flight: two per worker thread the cluster has now."""
        return 2 * max(1, sum(self.client.nthreads().values()))

    def submit(self, batch: Batch) -> Future:
        task = self.client.submit(run_batch, self.plugin, batch, pure=False)
        future: Future = Future()
        self._pending[future] = (task, batch)
        return future

    def as_completed(self, futures: Iterable[Future]) -> Iterator[Future]:
        futures = list(futures)
        mine = {self._pending[f][0]: f for f in futures if f in self._pending}
        for future in futures:
            if future.done():
                yield future
        for task in self.distributed.as_completed(list(mine)):
            future = mine[task]
            _, batch = self._pending.pop(future)
            future.set_result(self._result(task, batch))
            yield future

    def _result(self, task, batch: Batch) -> BatchResult:
        """The batch's result, or a failure of each of its documents (never a raise)."""
        if task.status == "finished":
            return task.result()
        if task.status == "cancelled":  # the scheduler dropped it (restarted, or the connection lost)
            return _batch_failure(batch, "internal", "the Dask scheduler cancelled this batch")
        error = task.exception()
        if isinstance(error, self.distributed.KilledWorker):
            return _batch_failure(batch, "worker_crashed", "the Dask workers running this batch died "
                                                           "(out of memory, or a crash in native code)")
        return _batch_failure(batch, "internal", f"{type(error).__name__}: {error}")

    def close(self, kill: bool = False) -> None:
        tasks = [task for task, _ in self._pending.values()]
        self._pending.clear()
        try:
            if tasks:
                self.client.cancel(tasks, force=True)
            self.client.unregister_worker_plugin(self.plugin)
        except Exception as error:  # noqa: BLE001 - a gone scheduler must not hide the run's outcome
            log.debug("closing the Dask client: %s", error)
        self.client.close()
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
