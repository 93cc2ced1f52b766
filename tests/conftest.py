"""Shared fixtures: the sample corpus, and one pipeline run over it per test session."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from manifesto.extractors import REGISTRY
from manifesto.pipeline import load_stage
from manifesto.pipeline.registry import Registry
from manifesto.pipeline.runner import run

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


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline exactly as the runner parses with it (every stage's components)."""
    from manifesto import models
    from manifesto.pipeline.runner import load_pipeline

    return load_pipeline(models.default_model())


@pytest.fixture
def corpus_copy(tmp_path, raw_dir) -> Path:
    """A writable copy of the sample corpus, for tests that add, edit or remove files."""
    target = tmp_path / "raw"
    shutil.copytree(raw_dir, target)
    return target


def rows_of(out: Path, stage: str, source_path: str) -> pd.DataFrame:
    """A stage's rows for one source file, in document order."""
    docs = load_stage("documents", out)
    doc_id = docs.loc[docs.source_path == source_path, "doc_id"].item()
    frame = load_stage(stage, out)
    return frame[frame.doc_id == doc_id].sort_values("ordinal" if "ordinal" in frame else "char_start")


def registry_with_version(stages: list[str], stage: str, version: str) -> Registry:
    """A copy of the registry (restricted to `stages`) where `stage` has another version."""
    bumped = Registry()
    for name in stages:
        entry = REGISTRY[name]
        spec = dataclasses.replace(entry.spec, version=version) if name == stage else entry.spec
        bumped.register(spec)(entry.extract)
    return bumped
