"""Helpers for the fault tests: small corpora, real `manifesto` processes, process ids."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from manifesto.pipeline import load_stage

MANIFESTO = str(Path(sys.executable).parent / "manifesto")
PARSED_STAGES = ["documents", "sections", "sentences"]


def write_corpus(raw: Path, n: int = 6, party: str = "Labour Party") -> Path:
    """`n` short manifestos and a catalog naming their party."""
    raw.mkdir(parents=True, exist_ok=True)
    rows = ["file,party,year"]
    for i in range(n):
        (raw / f"doc_{i}.txt").write_text(
            f"Our plan {i}\n\nWe will build {i + 2} new schools by 2020. We will hire {100 * (i + 1)} nurses.\n\n"
            f"Crime has fallen by {i + 5}% since 2010, and we will cut it further.\n", encoding="utf-8")
        rows.append(f"doc_{i}.txt,{party},2015")
    (raw / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return raw


def manifesto(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """Start `manifesto ARGS` as a real process (in its own session, like a terminal job)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("MANIFESTO_")}
    full_env.update(env or {})
    return subprocess.Popen([MANIFESTO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=full_env, start_new_session=True, **popen)


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    process = manifesto(*args, env=env)
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def stage_args(stages=PARSED_STAGES) -> list[str]:
    return [a for stage in stages for a in ("--stage", stage)]


def children(pid: int) -> set[int]:
    """Process ids whose parent is `pid` (read from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_for(condition, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def wait_until_staged(out: Path, process: subprocess.Popen, timeout: float = 240) -> None:
    """Until the run recorded at least one batch (its journal exists) and has its workers."""
    journal = out / ".staging" / "journal.jsonl"
    assert wait_for(lambda: journal.is_file() or process.poll() is not None, timeout), "nothing staged in time"
    assert process.poll() is None, process.communicate()


def snapshot(out: Path, stages=PARSED_STAGES) -> dict[str, pd.DataFrame]:
    tables = {}
    for stage in stages:
        frame = load_stage(stage, out)
        tables[stage] = frame.sort_values(list(frame.columns[:2])).reset_index(drop=True)
    return tables


def assert_same(left: dict, right: dict) -> None:
    assert left.keys() == right.keys()
    for stage in left:
        pd.testing.assert_frame_equal(left[stage], right[stage])


@pytest.fixture
def corpus(tmp_path) -> Path:
    return write_corpus(tmp_path / "raw")
