"""Process lifetime: a killed or interrupted run leaves no worker behind and nothing stale.

Real `manifesto run --jobs 2` processes, real signals; workers are found by process id
(children of the main process in /proc) and must be gone within seconds of its end.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from manifesto.pipeline import load_stage
from manifesto.pipeline.runner import run
from manifesto.pipeline.validate import validate

from .conftest import (PARSED_STAGES, alive, assert_same, children, manifesto, run_cli, snapshot, stage_args,
                       wait_for, wait_until_staged, write_corpus)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Uninterrupted runs over the corpus, with its first and its changed catalog."""
    root = tmp_path_factory.mktemp("clean")
    results = {}
    for party in ("Labour Party", "Green Party"):
        raw = write_corpus(root / party.split()[0] / "raw", party=party)
        out = root / party.split()[0] / "out"
        assert run([raw], out, stages=PARSED_STAGES, jobs=1).exit_code == 0
        results[party] = snapshot(out)
    return results


def start_and_stop(corpus, out, send, jobs=("--jobs", "2")):
    """Start a run, wait until a batch is staged, then call `send(process)`; return the
    process, the worker pids seen before, and how long it took to end."""
    process = manifesto("run", str(corpus), "--out", str(out), *jobs, "--batch-docs", "1", "-q", *stage_args())
    wait_until_staged(out, process)
    assert wait_for(lambda: len(children(process.pid)) >= 2, 60), "the run should have two workers"
    workers = children(process.pid)
    started = time.monotonic()
    send(process)
    _stdout, stderr = process.communicate(timeout=30)
    return process, workers, time.monotonic() - started, stderr


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_faults_main_process_killed_leaves_no_worker_and_the_next_run_commits_nothing_stale(tmp_path, corpus, clean,
                                                                                              signum):
    out = tmp_path / "out"
    process, workers, seconds, stderr = start_and_stop(corpus, out, lambda p: os.kill(p.pid, signum))
    assert process.returncode == (-signal.SIGKILL if signum == signal.SIGKILL else 143)
    assert seconds < 10
    assert wait_for(lambda: not any(alive(pid) for pid in workers), 10), "a worker outlived the run"
    if signum == signal.SIGTERM:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and "SIGTERM" in lines[0] and "run the same command again" in lines[0], stderr
    write_corpus(corpus, party="Green Party")  # what the killed run staged is now stale
    rerun = run_cli("run", str(corpus), "--out", str(out), "--jobs", "2", "-q", *stage_args())
    assert rerun.returncode == 0, rerun.stderr
    assert set(load_stage("documents", out).party) == {"Green Party"}
    assert_same(snapshot(out), clean["Green Party"])
    assert validate(out) == [] and not (out / ".staging").exists()


def test_faults_ctrl_c_twice_on_a_multi_worker_run_exits_130_without_traceback(tmp_path, corpus, clean):
    out = tmp_path / "out"

    def ctrl_c_twice(process):  # a terminal sends SIGINT to the whole foreground group
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.3)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)

    # Several workers are the default for inputs large enough to pay for them (pipeline/batches.py);
    # this corpus is small, so ask for them.
    process, workers, seconds, stderr = start_and_stop(corpus, out, ctrl_c_twice)
    assert process.returncode == 130 and seconds < 10, stderr
    assert "Traceback" not in stderr and "run the same command again" in stderr
    assert wait_for(lambda: not any(alive(pid) for pid in workers), 10), "a worker outlived the run"
    assert not (out / "sentences").exists() or validate(out) == []
    resumed = run_cli("run", str(corpus), "--out", str(out), "-q", *stage_args())
    assert resumed.returncode == 0, resumed.stderr
    assert_same(snapshot(out), clean["Labour Party"])
