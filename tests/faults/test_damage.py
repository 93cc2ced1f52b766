"""Freshness that notices damage, and an output folder that vanishes mid-run."""

from __future__ import annotations

import os
import shutil

import pytest

from manifesto.pipeline.check import check
from manifesto.pipeline.io import stage_files
from manifesto.pipeline.runner import SetupError, run
from manifesto.pipeline.validate import validate

from .conftest import PARSED_STAGES, assert_same, run_cli, snapshot, stage_args


def truncate(path):
    path.write_bytes(path.read_bytes()[:-100])


def flip_a_bit(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    stat = os.stat(path)
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # as a later write would


def remove(path):
    path.unlink()


@pytest.mark.parametrize("damage", [truncate, flip_a_bit, remove])
def test_faults_damaged_part_is_reported_and_recomputed(tmp_path, corpus, damage):
    out = tmp_path / "out"
    assert run([corpus], out, stages=PARSED_STAGES, jobs=1).exit_code == 0
    before = snapshot(out)
    part = stage_files(out, "sentences")[1]
    damage(part)
    problems = [str(p) for p in check([corpus], out, stages=PARSED_STAGES)]
    assert len(problems) == 1 and part.name in problems[0], problems
    assert ("missing file" if damage is remove else "damaged file") in problems[0]
    assert run_cli("run", str(corpus), "--out", str(out), "--check", *stage_args()).returncode == 1
    assert any(part.name in problem for problem in validate(out))
    report = run([corpus], out, stages=PARSED_STAGES, jobs=1)
    assert report.n_processed == 1 and report.exit_code == 0
    assert validate(out) == [] and check([corpus], out, stages=PARSED_STAGES) == []
    assert_same(snapshot(out), before)


def test_faults_output_folder_removed_mid_run_is_an_error(tmp_path, corpus):
    out = tmp_path / "out"

    def remove_output(done, total):
        if done == 1:
            # Moved away first, in one step: deleting it in place raced the other worker,
            # whose new files made rmtree fail with "Directory not empty" (a flaky test).
            shutil.rmtree(out.rename(tmp_path / "removed"), ignore_errors=True)

    with pytest.raises(SetupError, match="disappeared"):
        run([corpus], out, stages=PARSED_STAGES, jobs=2, batch_docs=1, progress=remove_output)
    assert not out.exists() or not stage_files(out, "sentences")  # nothing committed into a new folder
    rerun = run([corpus], out, stages=PARSED_STAGES, jobs=1)
    assert rerun.exit_code == 0 and len(stage_files(out, "sentences")) == 6


def test_faults_parts_verified_by_hash_are_remembered_so_the_next_run_only_stats_them(tmp_path, corpus, monkeypatch):
    out = tmp_path / "out"
    assert run([corpus], out, stages=["documents"], jobs=1).exit_code == 0
    (out / ".cache" / "parts.json").unlink()  # as after a fresh checkout: every part is hashed once
    assert run([corpus], out, stages=["documents"], jobs=1).n_fresh == 6
    from manifesto.pipeline import commit

    hashed = []
    monkeypatch.setattr(commit, "file_sha256", lambda path: hashed.append(path) or "")
    assert run([corpus], out, stages=["documents"], jobs=1).n_fresh == 6
    assert hashed == []
