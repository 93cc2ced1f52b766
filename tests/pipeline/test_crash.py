"""A run killed by SIGKILL at any point loses nothing, and the next run finishes the work."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from manifesto.pipeline import load_stage
from manifesto.pipeline.io import stage_files
from manifesto.pipeline.validate import validate

from ..conftest import LABOUR

MANIFESTO = str(Path(sys.executable).parent / "manifesto")
STAGES = ["documents", "sections", "sentences"]


def manifesto_run(raw: Path, out: Path, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MANIFESTO_KILL_AT"}
    if kill_at:
        env["MANIFESTO_KILL_AT"] = kill_at
    args = [MANIFESTO, "run", str(raw), "--out", str(out), "--jobs", "1", "--batch-docs", "1", "-q"]
    args += [a for stage in STAGES for a in ("--stage", stage)]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def snapshot(out: Path) -> dict[str, pd.DataFrame]:
    tables = {}
    for stage in STAGES:
        frame = load_stage(stage, out)
        tables[stage] = frame.sort_values(frame.columns[0]).reset_index(drop=True)
    return tables


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for stage in STAGES:
        pd.testing.assert_frame_equal(left[stage], right[stage])


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, raw_dir):
    """A previous build, an edited corpus, and the result of an uninterrupted run over it."""
    root = tmp_path_factory.mktemp("crash")
    raw = root / "raw"
    shutil.copytree(raw_dir, raw)
    previous = root / "previous"
    assert manifesto_run(raw, previous).returncode == 0
    labour = raw / LABOUR
    labour.write_text(labour.read_text(encoding="utf-8").replace("bobbies", "officers"), encoding="utf-8")
    for n in range(3):
        (raw / f"extra_{n}.txt").write_text(f"Heading {n}\n\nWe will build {n + 2} new prisons by 2020. We will act.\n", encoding="utf-8")
    clean = root / "clean"
    assert manifesto_run(raw, clean).returncode == 0
    return raw, previous, snapshot(previous), snapshot(clean)


@pytest.mark.parametrize("kill_at", ["part:1", "part:7", "checkpoint:2", "commit:3", "manifest:1"])
def test_crash_sigkill_keeps_old_datasets_and_rerun_completes(tmp_path, scenario, kill_at):
    raw, previous, before, clean = scenario
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    killed = manifesto_run(raw, out, kill_at=kill_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    for stage in STAGES:
        for path in stage_files(out, stage):
            pd.read_parquet(path)  # every visible file is readable
    if kill_at.startswith(("part", "checkpoint")):
        assert validate(out) == []
        assert_same(snapshot(out), before)  # nothing visible changed before the commit
    finished = manifesto_run(raw, out)
    assert finished.returncode == 0, finished.stderr
    assert validate(out) == []
    assert_same(snapshot(out), clean)
    assert not (out / ".staging").exists()


def test_crash_rerun_after_kill_does_only_missing_work(tmp_path, scenario):
    raw, previous, _before, _clean = scenario
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    assert manifesto_run(raw, out, kill_at="checkpoint:2").returncode == -signal.SIGKILL
    from manifesto.pipeline.runner import run

    report = run([raw], out, stages=STAGES, jobs=1)
    # 4 documents needed work (1 edited, 3 new); 2 were staged before the kill.
    assert (report.n_processed, report.n_fresh) == (2, 3)


def test_crash_during_commit_is_rolled_forward_without_recomputing(tmp_path, scenario):
    raw, previous, _before, clean = scenario
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    assert manifesto_run(raw, out, kill_at="commit:3").returncode == -signal.SIGKILL
    from manifesto.pipeline.runner import run

    report = run([raw], out, stages=STAGES, jobs=1)
    assert report.n_processed == 0 and report.n_parsed == 0  # the staged parts are committed as they are
    assert validate(out) == []
    assert_same(snapshot(out), clean)
