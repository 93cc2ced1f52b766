"""Setup errors: one line naming the cause and the remedy, exit 2, previous datasets intact."""

from __future__ import annotations

import json
import os

import pytest

from manifesto.pipeline.io import stage_files
from manifesto.pipeline.runner import run
from manifesto.pipeline.validate import validate

from .conftest import run_cli, write_corpus


@pytest.fixture
def previous(tmp_path):
    """A corpus, its datasets, and the bytes of every file in them."""
    raw = write_corpus(tmp_path / "raw", n=3)
    out = tmp_path / "out"
    assert run([raw], out, stages=["documents"], jobs=1).exit_code == 0
    (raw / "doc_0.txt").write_text("Our plan\n\nWe will do something else entirely.\n", encoding="utf-8")
    return raw, out, files_of(out)


def files_of(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".") and ".cache" not in p.parts}


def one_line_error(result, *words):
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize("errno_name, words", [("ENOSPC", ["No space left"]), ("EROFS", ["Read-only"])])
def test_faults_full_or_read_only_output_folder(previous, errno_name, words):
    raw, out, before = previous
    result = run_cli("run", str(raw), "--out", str(out), "--stage", "documents", "-q",
                     env={"MANIFESTO_FAIL_AT": f"write:{errno_name}"})
    one_line_error(result, str(out), *words)
    assert files_of(out) == before and validate(out) == []


def test_faults_output_folder_that_cannot_be_created(tmp_path):
    raw = write_corpus(tmp_path / "raw", n=1)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("run", str(raw), "--out", str(blocker / "out"), "--stage", "documents", "-q")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    if os.geteuid() != 0:  # root writes through permissions; others see a read-only folder refused
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        result = run_cli("run", str(raw), "--out", str(locked), "--stage", "documents", "-q")
        one_line_error(result, "Permission denied")


@pytest.mark.parametrize("content", ['{"format": 1, "stages": ', '[]', '{"format": 1, "stages": {"documents": {"parts": {"x": {}}}}}'])
def test_faults_malformed_manifest_stops_the_run_and_fails_validation(previous, content):
    raw, out, _before = previous
    (out / "manifest.json").write_text(content, encoding="utf-8")
    before = files_of(out)
    result = run_cli("run", str(raw), "--out", str(out), "--stage", "documents", "-q")
    one_line_error(result, "manifest.json", "malformed")
    assert files_of(out) == before and len(stage_files(out, "documents")) == 3
    problems = validate(out)
    assert problems and "malformed" in problems[0]
    check = run_cli("run", str(raw), "--out", str(out), "--check", "--stage", "documents")
    assert check.returncode == 2


def test_faults_valid_manifest_still_validates(previous):
    _raw, out, _before = previous
    json.loads((out / "manifest.json").read_text())
    assert validate(out) == []
