"""The runner: staleness, the parse cache, incremental runs, failures, parallel runs."""

from __future__ import annotations

import dataclasses
import json
import os
import signal

import pyarrow.parquet as pq
import pytest

from manifesto.extractors import REGISTRY
from manifesto.pipeline import load_stage
from manifesto.pipeline.io import file_metadata, stage_files
from manifesto.pipeline.lock import LockedError, RunLock
from manifesto.pipeline.manifest import Manifest
from manifesto.pipeline.registry import Registry
from manifesto.pipeline.runner import CACHE_DIR, NoInputsError, OtherInputsError, run
from manifesto.pipeline.validate import validate

from ..conftest import CONSERVATIVE, LABOUR, registry_with_version

DOCUMENT_STAGES = ["documents", "sections", "sentences"]


def all_parts(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for stage in REGISTRY.names() for p in stage_files(out, stage)}


def test_runner_second_run_with_nothing_changed_parses_nothing(tmp_path, raw_dir):
    first = run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1)
    assert first.n_parsed == 2 and first.exit_code == 0
    mtimes = {p: os.stat(p).st_mtime_ns for s in DOCUMENT_STAGES for p in stage_files(tmp_path, s)}
    mtimes[tmp_path / "manifest.json"] = os.stat(tmp_path / "manifest.json").st_mtime_ns
    second = run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1)
    assert (second.n_parsed, second.n_cached, second.n_processed, second.n_fresh) == (0, 0, 0, 2)
    assert {p: os.stat(p).st_mtime_ns for p in mtimes} == mtimes
    assert second.rows == first.rows


def test_runner_two_runs_give_identical_rows_ids_and_bytes(tmp_path, raw_dir):
    run([raw_dir], tmp_path / "a", stages=DOCUMENT_STAGES, jobs=1)
    run([raw_dir], tmp_path / "b", stages=DOCUMENT_STAGES, jobs=1, force=True)
    assert all_parts(tmp_path / "a") == all_parts(tmp_path / "b")
    assert list(load_stage("sentences", tmp_path / "a").sentence_id) == list(load_stage("sentences", tmp_path / "b").sentence_id)


def test_runner_jobs_two_writes_the_same_bytes_as_jobs_one(tmp_path, raw_dir):
    run([raw_dir], tmp_path / "one", jobs=1)
    report = run([raw_dir], tmp_path / "two", jobs=2, batch_docs=1)
    assert report.n_parsed == 2 and report.exit_code == 0
    one, two = all_parts(tmp_path / "one"), all_parts(tmp_path / "two")
    assert one == two and len(one) >= 2 * len(DOCUMENT_STAGES)
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (tmp_path / "two" / "manifest.json").read_bytes()


def test_runner_edited_file_is_redone_alone_and_old_parts_removed(tmp_path, corpus_copy):
    out = tmp_path / "out"
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    old_ids = set(load_stage("documents", out).doc_id)
    path = corpus_copy / CONSERVATIVE
    path.write_text(path.read_text(encoding="utf-8") + "\n\nWe will cut crime by 10% by 2020.\n", encoding="utf-8")
    report = run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    assert (report.n_processed, report.n_fresh, report.n_parsed) == (1, 1, 1)
    new_ids = set(load_stage("documents", out).doc_id)
    assert len(new_ids) == 2 and len(new_ids & old_ids) == 1
    assert len(stage_files(out, "sentences")) == 2
    assert load_stage("sentences", out).text.str.contains("We will cut crime by 10% by 2020.", regex=False).any()


def test_runner_removed_file_removes_its_rows(tmp_path, corpus_copy):
    out = tmp_path / "out"
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    (corpus_copy / CONSERVATIVE).unlink()
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    assert list(load_stage("documents", out).source_path) == [LABOUR]
    assert all(len(stage_files(out, s)) == 1 for s in DOCUMENT_STAGES)


def test_runner_new_extractor_version_reruns_that_stage_from_the_parse_cache(tmp_path, raw_dir):
    run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1)
    bumped = registry_with_version(REGISTRY.names(), "sentences", "999")
    report = run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1, registry=bumped)
    assert (report.n_processed, report.n_parsed, report.n_cached) == (2, 0, 2)
    assert {file_metadata(p)["extractor_version"] for p in stage_files(tmp_path, "sentences")} == {"999"}
    assert {file_metadata(p)["extractor_version"] for p in stage_files(tmp_path, "sections")} == {REGISTRY["sections"].spec.version}


def test_runner_parse_cache_keeps_only_the_newest_parse_of_each_current_document(tmp_path, corpus_copy):
    out, cache = tmp_path / "out", tmp_path / "out" / CACHE_DIR
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    first = {p.name.split("-")[0] for p in cache.glob("*.spacy")}
    assert first == set(load_stage("documents", out).doc_id)
    path = corpus_copy / CONSERVATIVE
    path.write_text(path.read_text(encoding="utf-8") + "\n\nWe will cut crime by 10% by 2020.\n", encoding="utf-8")
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    second = sorted(p.name.split("-")[0] for p in cache.glob("*.spacy"))
    assert set(second) == set(load_stage("documents", out).doc_id) != first and len(second) == 2
    documents = load_stage("documents", out)
    kept = documents.loc[documents.source_path == CONSERVATIVE, "doc_id"].item()
    other_pipeline = cache / f"{kept}-{'0' * 16}-{'1' * 16}.spacy"  # parsed with another model or rules
    other_pipeline.write_bytes(b"")
    (corpus_copy / LABOUR).unlink()
    run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    assert [p.name.split("-")[0] for p in cache.glob("*.spacy")] == [kept]
    assert not other_pipeline.exists()


def test_runner_without_parse_cache_writes_none_and_parses_again(tmp_path, raw_dir):
    run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1, parse_cache=False)
    assert not list(tmp_path.glob(f"{CACHE_DIR}/*"))
    (tmp_path / CACHE_DIR).mkdir(parents=True)
    (tmp_path / CACHE_DIR / "kept.spacy").write_bytes(b"")  # not read, not written, not pruned
    bumped = registry_with_version(REGISTRY.names(), "sentences", "999")
    report = run([raw_dir], tmp_path, stages=DOCUMENT_STAGES, jobs=1, registry=bumped, parse_cache=False)
    assert (report.n_processed, report.n_parsed, report.n_cached) == (2, 2, 0)
    assert [p.name for p in (tmp_path / CACHE_DIR).iterdir()] == ["kept.spacy"]


def test_runner_reports_where_the_time_went_by_step(tmp_path, raw_dir):
    report = run([raw_dir], tmp_path, jobs=1)
    assert set(report.step_seconds) == {"read", "parse", "write", *REGISTRY.names()}
    logged = json.loads((tmp_path / ".run_log.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert set(logged["step_seconds"]) == set(report.step_seconds)
    assert run([raw_dir], tmp_path, jobs=1).step_seconds == {}  # nothing to do, nothing timed


def test_runner_stage_option_runs_only_what_is_needed(tmp_path, raw_dir):
    report = run([raw_dir], tmp_path, stages=["sections"], jobs=1)
    assert report.stages == ["documents", "sections"] and report.n_parsed == 0  # documents: a valid folder
    assert not (tmp_path / "sentences").exists()
    report = run([raw_dir], tmp_path, stages=["sentences"], jobs=1)
    assert report.stages == ["documents", "sections", "sentences"] and report.n_parsed == 2


def test_runner_bad_document_fails_alone(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_text("")
    (corpus_copy / "junk.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    out = tmp_path / "out"
    report = run([corpus_copy], out, stages=DOCUMENT_STAGES, jobs=1)
    assert report.exit_code == 1 and report.n_failed == 2 and report.n_processed == 2
    errors = load_stage("errors", out)
    assert set(zip(errors.source_path, errors.kind)) == {("empty.txt", "empty"), ("junk.txt", "binary")}
    assert set(load_stage("documents", out).source_path) == {LABOUR, CONSERVATIVE}


def test_runner_duplicate_document_is_processed_once_and_reported(tmp_path, corpus_copy):
    (corpus_copy / "copy of labour.txt").write_bytes((corpus_copy / LABOUR).read_bytes())
    report = run([corpus_copy], tmp_path / "out", stages=["documents"], jobs=1)
    assert report.exit_code == 0 and report.rows["documents"] == 2
    assert [(e["source_path"], e["kind"]) for e in report.errors] == [("copy of labour.txt", "duplicate")]


def test_runner_files_carry_provenance_metadata(built):
    manifest = Manifest.load(built).data
    for stage in REGISTRY.names():
        for path in stage_files(built, stage):
            meta = file_metadata(path)
            assert meta["stage"] == stage
            assert meta["model_name"] == manifest["model"]["name"] and meta["model_version"] == "3.8.0"
            assert meta["config_hash"] == manifest["config_hash"]
            assert {"schema_version", "extractor_version", "package_version"} <= meta.keys()
            assert pq.read_metadata(path).num_rows == manifest["stages"][stage]["parts"][meta.get("doc_id", "corpus")]["rows"]


def test_runner_refuses_a_second_run_into_a_locked_folder(tmp_path, raw_dir):
    with RunLock(tmp_path):
        with pytest.raises(LockedError, match="another run"):
            run([raw_dir], tmp_path, stages=["documents"], jobs=1)


def test_runner_lock_left_by_a_killed_run_does_not_block(tmp_path, raw_dir):
    (tmp_path / ".lock").write_text("999999999")  # the file alone holds nothing: flock died with its process
    assert run([raw_dir], tmp_path, stages=["documents"], jobs=1).exit_code == 0


def crash_on_marker(doc, ctx):
    """A stage that kills its worker process on one document (as an out-of-memory kill would)."""
    if "CRASH-ME" in ctx.document.text:
        os.kill(os.getpid(), signal.SIGKILL)
    yield from ()


def fail_on_marker(doc, ctx):
    """A stage that raises on one document."""
    if "FAIL-ME" in ctx.document.text:
        raise RuntimeError("this document breaks the stage")
    yield from REGISTRY["sentences"].extract(doc, ctx)


def registry_with(stage_fn, name="sentences", version="1"):
    registry = Registry()
    for stage in ("documents", "sections"):
        registry.register(REGISTRY[stage].spec)(REGISTRY[stage].extract)
    registry.register(dataclasses.replace(REGISTRY["sentences"].spec, name=name, version=version))(stage_fn)
    return registry


def test_runner_worker_killed_on_one_document_fails_only_that_document(tmp_path, corpus_copy):
    (corpus_copy / "bomb.txt").write_text("We will CRASH-ME now.\n", encoding="utf-8")
    report = run([corpus_copy], tmp_path / "out", jobs=2, batch_docs=2, registry=registry_with(crash_on_marker))
    assert report.exit_code == 1
    assert [(e["source_path"], e["kind"]) for e in report.errors if e["severity"] == "error"] == [("bomb.txt", "worker_crashed")]
    assert set(load_stage("documents", tmp_path / "out").source_path) == {LABOUR, CONSERVATIVE}


def test_runner_failed_stage_removes_the_documents_old_part(tmp_path, corpus_copy):
    out = tmp_path / "out"
    run([corpus_copy], out, jobs=1, stages=DOCUMENT_STAGES)
    labour = corpus_copy / LABOUR
    labour.write_text(labour.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes: same doc_id
    report = run([corpus_copy], out, jobs=1, registry=registry_with(fail_on_marker, version="2"))
    assert report.exit_code == 0  # nothing fails yet: FAIL-ME is not in the texts
    labour.write_text(labour.read_text(encoding="utf-8") + "\n\nWe will FAIL-ME.\n", encoding="utf-8")
    report = run([corpus_copy], out, jobs=1, registry=registry_with(fail_on_marker, version="2"))
    assert report.exit_code == 1
    sentences = load_stage("sentences", out)
    documents = load_stage("documents", out)
    assert set(sentences.doc_id) == set(documents[documents.source_path == CONSERVATIVE].doc_id)
    assert validate(out) == []


def test_runner_refuses_an_input_folder_with_nothing_to_read(tmp_path, raw_dir):
    run([raw_dir], tmp_path / "out", stages=["documents"], jobs=1)
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoInputsError):
        run([tmp_path / "empty"], tmp_path / "out", stages=["documents"], jobs=1)
    assert len(load_stage("documents", tmp_path / "out")) == 2


def test_runner_many_batches_in_one_process_match_one_batch(tmp_path, raw_dir, built):
    """Matchers and caches must outlive each batch's `nlp.memory_zone()`."""
    report = run([raw_dir], tmp_path, jobs=1, batch_docs=1)
    assert report.exit_code == 0, report.errors
    assert all_parts(tmp_path) == all_parts(built)


def test_runner_refuses_to_replace_the_datasets_of_other_inputs(tmp_path, raw_dir):
    """A run pointed at another folder, or at one file of the corpus, with the same --out
    would delete the documents it does not read: refused, and nothing changes, unless
    `replace`. (A file deleted from the same inputs just loses its rows:
    test_runner_removed_file_removes_its_rows.)"""
    out = tmp_path / "out"
    run([raw_dir], out, stages=["documents"], jobs=1)
    before = all_parts(out)
    other = tmp_path / "other"
    other.mkdir()
    (other / "green.txt").write_text("Our policies\n\nWe will ban fracking by 2027.\n", encoding="utf-8")
    with pytest.raises(OtherInputsError, match="--replace"):
        run([other], out, stages=["documents"], jobs=1)
    with pytest.raises(OtherInputsError, match=CONSERVATIVE):
        run([raw_dir / LABOUR], out, stages=["documents"], jobs=1)  # re-running the one file just edited
    assert all_parts(out) == before
    run([other], out, stages=["documents"], jobs=1, replace=True)
    assert list(load_stage("documents", out).source_path) == ["green.txt"]


def test_runner_a_folder_whose_documents_all_failed_can_be_replaced_without_asking(tmp_path, raw_dir):
    """Nothing is lost when the documents the run would drop have no rows."""
    draft = tmp_path / "draft"
    draft.mkdir()
    (draft / "empty.txt").write_text("")
    out = tmp_path / "out"
    run([draft], out, stages=["documents"], jobs=1)
    run([raw_dir], out, stages=["documents"], jobs=1)
    assert len(load_stage("documents", out)) == 2
