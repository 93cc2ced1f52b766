"""Bounded work: a document past its time or memory budget fails alone, the batch goes on,
and the pathological shapes finish."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from manifesto.extractors.pledges import MAX_MATCH_TOKENS, bounded_matches, matchers
from manifesto.pipeline import load_stage
from manifesto.pipeline.runner import run

from .conftest import write_corpus
from .conftest import alive, children
from .stages import eat_memory_on_marker, hang_on_marker, registry_with, registry_without_parse, stuck_on_marker


@pytest.mark.parametrize("stage_fn, marker, kind, options", [
    (hang_on_marker, "HANG-ME", "timeout", {"doc_timeout": 3}),
    (eat_memory_on_marker, "EAT-ME", "out_of_memory", {"memory_mb": 3072}),
])
def test_faults_document_past_its_budget_fails_alone_and_the_batch_goes_on(tmp_path, stage_fn, marker, kind, options):
    raw = write_corpus(tmp_path / "raw", n=6)  # two batches of three: two worker processes
    (raw / "doc_2.txt").write_text(f"Our plan\n\nWe will {marker} now.\n", encoding="utf-8")
    started = time.monotonic()
    report = run([raw], tmp_path / "out", jobs=2, batch_docs=3, registry=registry_with(stage_fn), **options)
    assert time.monotonic() - started < 240
    assert [(e["source_path"], e["kind"]) for e in report.errors if e["severity"] == "error"] == [("doc_2.txt", kind)]
    assert set(load_stage("sentences", tmp_path / "out").doc_id) == set(
        load_stage("documents", tmp_path / "out").query("source_path != 'doc_2.txt'").doc_id)


def test_faults_document_stuck_where_the_alarm_cannot_reach_is_killed_at_the_deadline(tmp_path, monkeypatch):
    from manifesto.pipeline import executors

    monkeypatch.setattr(executors, "DEADLINE_GRACE", 8.0)  # no model to load here
    raw = write_corpus(tmp_path / "raw", n=4)
    (raw / "doc_1.txt").write_text("Our plan\n\nWe will STUCK-ME now.\n", encoding="utf-8")
    started = time.monotonic()
    report = run([raw], tmp_path / "out", jobs=2, batch_docs=2, registry=registry_without_parse(stuck_on_marker),
                 doc_timeout=1)
    assert time.monotonic() - started < 120
    assert [(e["source_path"], e["kind"]) for e in report.errors if e["severity"] == "error"] == [("doc_1.txt", "timeout")]
    assert set(load_stage("documents", tmp_path / "out").source_path) == {f"doc_{i}.txt" for i in range(4)}
    left = [pid for pid in children(os.getpid()) if alive(pid) and "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()]
    assert not left, "a worker was left behind"


def test_faults_long_unpunctuated_sentence_is_matched_in_windows(nlp):
    words = " ".join(f"homes and schools in town{i}" for i in range(300))
    doc = nlp(f"We will build {words} and we will cut taxes for families")
    assert max(len(s) for s in doc.sents) > MAX_MATCH_TOKENS
    found = matchers(doc.vocab)
    windowed = {(m, tuple(ids)) for m, ids in bounded_matches(found.dependency, doc)}
    assert windowed and all(max(ids) - min(ids) < MAX_MATCH_TOKENS for _, ids in windowed)
    short = nlp("We will build homes. Labour will cut taxes for families.")
    assert bounded_matches(found.dependency, short) == found.dependency(short)
