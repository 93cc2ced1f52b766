"""`manifesto run --executor dask` against a real scheduler and real workers on 127.0.0.1.

The cluster is started as a user would start it (`dask scheduler`, `dask worker`), with
free ports and no dashboard, and every process it started must be gone afterwards. The
datasets must equal a local run's, row for row and id for id, and so must the manifests,
whole: they hold no timings (those go to OUT/.run_log.jsonl, which is not compared).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline import load_stage, runner
from manifesto.pipeline.manifest import Manifest
from manifesto.pipeline.work import init_worker, process_batch
from tests.faults.conftest import alive, children, manifesto, run_cli, wait_for, wait_until_staged

DASK = str(Path(sys.executable).parent / "dask")
STAGES = ["documents", "sections", "sentences", "claims", "entities"]
N_DOCUMENTS = 20


def write_corpus(raw: Path, sample: Path) -> Path:
    """20 short documents cut from the sample texts (each a different stretch, so
    different ids), and an empty file that fails as it would in a local run."""
    paragraphs = [p for f in sorted(sample.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    raw.mkdir(parents=True)
    for i in range(N_DOCUMENTS):
        start = (3 * i) % len(paragraphs)
        body = "\n\n".join(paragraphs[start:start + 3])
        (raw / f"doc_{i:02}.txt").write_text(f"Manifesto extract {i}\n\n{body}\n", encoding="utf-8")
    (raw / "empty.txt").write_text("", encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def dask_corpus(tmp_path_factory, raw_dir) -> Path:
    return write_corpus(tmp_path_factory.mktemp("dask") / "raw", raw_dir)


@pytest.fixture(scope="module")
def local_out(tmp_path_factory, dask_corpus) -> Path:
    """The reference: the same corpus run by local processes."""
    out = tmp_path_factory.mktemp("dask") / "local"
    done = run_cli("run", str(dask_corpus), "--out", str(out), "--jobs", "2", "-q", *stage_args())
    assert done.returncode == 1, done.stderr  # the empty file fails
    return out


def stage_args() -> list[str]:
    return [a for stage in STAGES for a in ("--stage", stage)]


class Cluster:
    """A scheduler and two workers, each a real process of its own session."""

    def __init__(self, folder: Path):
        self.file = folder / "scheduler.json"
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
        self.scheduler = self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                      "--scheduler-file", str(self.file)], env, folder / "scheduler.log")
        assert wait_for(self.file.is_file, 60), "the scheduler did not start"
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = [self._start([DASK, "worker", "--scheduler-file", str(self.file), "--host", "127.0.0.1",
                                     "--nthreads", "1", "--no-nanny", "--no-dashboard", "--memory-limit", "0"],
                                    env, folder / f"worker{i}.log") for i in range(2)]
        self.pids = {p.pid for p in [self.scheduler, *self.workers]}
        assert wait_for(lambda: self._n_workers() == 2, 120), "the workers did not join"

    @staticmethod
    def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
        with open(log, "w") as handle:
            return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)

    def _n_workers(self) -> int:
        from distributed import Client

        with Client(self.address, timeout="10s") as client:
            return len(client.nthreads())

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after a grace period; every process and child must end."""
        started = set(self.pids)
        for pid in list(self.pids):
            started |= children(pid)
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        assert wait_for(lambda: not any(alive(pid) for pid in started), 20), \
            [pid for pid in started if alive(pid)]


@pytest.fixture
def cluster(tmp_path):
    running = Cluster(tmp_path)
    yield running
    running.stop()


def datasets(out: Path) -> dict[str, pd.DataFrame]:
    """Each stage's rows in id order (the first column is the stage's id)."""
    tables = {}
    for stage in [*STAGES, "errors"]:
        frame = load_stage(stage, out)
        tables[stage] = frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)
    return tables


def assert_same_output(out: Path, reference: Path) -> None:
    """Same rows and ids, same manifest, same part files (no duplicate, no stray)."""
    mine, theirs = datasets(out), datasets(reference)
    for stage in mine:
        pd.testing.assert_frame_equal(mine[stage], theirs[stage])
    assert (out / "manifest.json").read_text() == (reference / "manifest.json").read_text()
    manifest = Manifest.load(out)
    for stage in STAGES:
        on_disk = sorted(p.name for p in (out / stage).glob("*"))
        assert on_disk == sorted(manifest.files(stage))  # one part per document, nothing else
        assert mine[stage].iloc[:, 0].is_unique  # no row twice
    assert len(manifest.doc_ids("documents")) == mine["documents"].doc_id.nunique() == N_DOCUMENTS
    assert not (out / ".staging").exists()


def test_dask_cluster_writes_the_datasets_of_a_local_run(tmp_path, cluster, dask_corpus, local_out):
    out = tmp_path / "dask"
    done = run_cli("run", str(dask_corpus), "--out", str(out), "--executor", "dask", "--scheduler", cluster.address,
                   "--jobs", "2", "--batch-docs", "2", "-q", *stage_args())
    assert done.returncode == 1, done.stderr  # the empty file fails, as in the local run
    assert "empty.txt" in done.stderr
    assert_same_output(out, local_out)
    assert all(alive(pid) for pid in cluster.pids)  # a run never stops a cluster it did not start


def test_dask_killed_worker_loses_nothing_and_duplicates_nothing(tmp_path, cluster, dask_corpus, local_out):
    out = tmp_path / "dask"
    process = manifesto("run", str(dask_corpus), "--out", str(out), "--executor", "dask", "--scheduler-file",
                        str(cluster.file), "--jobs", "2", "--batch-docs", "1", "-q", *stage_args())
    wait_until_staged(out, process)
    victim = cluster.workers[0]
    os.kill(victim.pid, signal.SIGKILL)  # mid-run: its batches in flight are lost
    victim.wait(10)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 1, stderr  # only the empty file failed
    assert "worker_crashed" not in stderr
    assert_same_output(out, local_out)


def test_dask_two_attempts_of_a_batch_commit_one_verified_part(tmp_path, monkeypatch, dask_corpus, local_out):
    """Every batch runs twice (a retry, and a late copy that both write the same staged
    parts); one late copy writes other bytes after its batch was recorded. The commit
    takes one part per document, and never the altered one."""
    spoiled = []

    class TwiceExecutor:
        def __init__(self, settings, registry):
            init_worker(settings, registry)

        def submit(self, batch) -> Future:
            future: Future = Future()
            first = process_batch(batch)
            process_batch(batch)  # the retried attempt writes the same files again
            if not spoiled:  # a late attempt overwrites a recorded part with other bytes
                part = first.parts[0]
                staged = tmp_path / "out" / ".staging" / batch.run_id / part["stage"] / part["file"]
                staged.write_bytes(staged.read_bytes() + b"late")
                spoiled.append(part)
            future.set_result(first)
            return future

        def as_completed(self, futures):
            yield from list(futures)

        def close(self, kill=False):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pass

    monkeypatch.setattr(runner, "make_executor", lambda *args, **kwargs: TwiceExecutor(args[1], args[2]))
    report = runner.run([dask_corpus], tmp_path / "out", stages=STAGES, jobs=1, batch_docs=3)
    monkeypatch.undo()
    assert report.n_failed == 1  # the empty file
    manifest = Manifest.load(tmp_path / "out")
    part = spoiled[0]
    assert part["doc_id"] not in manifest.doc_ids(part["stage"])  # the altered part was not committed
    assert not (tmp_path / "out" / part["stage"] / part["file"]).exists()
    again = runner.run([dask_corpus], tmp_path / "out", stages=STAGES, jobs=1)  # the next run computes it
    assert again.n_processed == 1
    assert_same_output(tmp_path / "out", local_out)


def test_dask_not_installed_exits_2_with_the_install_command(tmp_path, monkeypatch, raw_dir):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    result = CliRunner().invoke(app, ["run", str(raw_dir), "--out", str(tmp_path / "out"), "--executor", "dask"])
    assert result.exit_code == 2
    assert "pip install 'manifesto[dask]'" in result.output
    assert not (tmp_path / "out").exists()


def test_dask_local_cluster_started_by_a_run_ends_with_it(tmp_path, raw_dir):
    """`--executor dask` alone: a LocalCluster of --jobs workers, whose processes (nannies,
    workers) are all gone when the command returns; the datasets are a local run's."""
    process = manifesto("run", str(raw_dir), "--out", str(tmp_path / "dask"), "--executor", "dask", "--jobs", "2",
                        "-q", "--stage", "sentences")
    seen: set[int] = set()

    def descendants(pid: int) -> set[int]:
        found = children(pid)
        return found.union(*(descendants(child) for child in found)) if found else found

    while process.poll() is None:
        seen |= descendants(process.pid)
        wait_for(lambda: process.poll() is not None, 0.2)
    _, stderr = process.communicate()
    assert process.returncode == 0, stderr
    assert len(seen) >= 2  # the cluster's worker processes were there
    assert wait_for(lambda: not any(alive(pid) for pid in seen), 10), [pid for pid in seen if alive(pid)]
    local = run_cli("run", str(raw_dir), "--out", str(tmp_path / "local"), "--jobs", "1", "-q", "--stage", "sentences")
    assert local.returncode == 0
    assert (tmp_path / "dask" / "manifest.json").read_text() == (tmp_path / "local" / "manifest.json").read_text()


def test_dask_unreachable_scheduler_is_a_setup_error(tmp_path, monkeypatch):
    from manifesto.pipeline import executors_dask

    monkeypatch.setattr(executors_dask, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as closed:  # a free port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(executors_dask.ExecutorUnavailable, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"):
        executors_dask.Dask({}, None, scheduler=f"tcp://127.0.0.1:{port}")
    with pytest.raises(executors_dask.ExecutorUnavailable, match="no Dask scheduler file"):
        executors_dask.Dask({}, None, scheduler_file=str(tmp_path / "missing.json"))
