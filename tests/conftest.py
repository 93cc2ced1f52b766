"""Shared fixtures: the sample corpus, and one pipeline run over it per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.runner import run

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
LABOUR = "labour_2015_safer_communities.txt"
CONSERVATIVE = "conservative_2015_crime_extract.txt"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The sample corpus as committed in data/raw (two texts and catalog.csv)."""
    assert (RAW / LABOUR).is_file(), "data/raw must hold the sample corpus"
    return RAW


@pytest.fixture(scope="session")
def built(tmp_path_factory, raw_dir) -> Path:
    """All stages run once over the sample corpus; tests read, never write, this folder."""
    out = tmp_path_factory.mktemp("built")
    report = run([raw_dir], out, jobs=1)
    assert report.exit_code == 0, report.errors
    return out


@pytest.fixture
def corpus_copy(tmp_path, raw_dir) -> Path:
    """A writable copy of the sample corpus, for tests that add, edit or remove files."""
    target = tmp_path / "raw"
    shutil.copytree(raw_dir, target)
    return target
