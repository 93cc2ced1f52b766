"""CI support: `run --check` explains staleness, `diff` finds changed rows, `validate` finds damage."""

from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

from manifesto.pipeline.check import check
from manifesto.pipeline.diff import diff_datasets
from manifesto.pipeline.manifest import Manifest
from manifesto.pipeline.runner import run
from manifesto.pipeline.validate import validate

from ..conftest import CONSERVATIVE, LABOUR, registry_with_version

STAGES = ["documents", "sections", "sentences"]


def reasons(problems):
    return {(p.stage, p.source_path, p.reason) for p in problems}


def test_check_passes_on_a_fresh_build_and_writes_nothing(tmp_path, corpus_copy):
    out = tmp_path / "out"
    run([corpus_copy], out, stages=STAGES, jobs=1)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert check([corpus_copy], out, stages=STAGES) == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_check_names_added_edited_and_removed_files(tmp_path, corpus_copy):
    out = tmp_path / "out"
    run([corpus_copy], out, stages=STAGES, jobs=1)
    (corpus_copy / "green.txt").write_text("We will plant a million trees.", encoding="utf-8")
    labour = corpus_copy / LABOUR
    labour.write_text(labour.read_text(encoding="utf-8").replace("bobbies", "officers"), encoding="utf-8")
    (corpus_copy / CONSERVATIVE).unlink()
    found = reasons(check([corpus_copy], out, stages=STAGES))
    assert ("sentences", "green.txt", "new file") in found
    assert ("sentences", LABOUR, "changed file") in found
    assert ("*", CONSERVATIVE, "removed file (its rows are still in the datasets)") in found


def test_check_names_a_new_extractor_version(tmp_path, raw_dir):
    run([raw_dir], tmp_path, stages=STAGES, jobs=1)
    from manifesto.extractors import REGISTRY

    bumped = registry_with_version(STAGES, "sections", "99")
    found = reasons(check([raw_dir], tmp_path, stages=STAGES, registry=bumped))
    assert found == {(stage, doc, f"new extractor version: sections {REGISTRY['sections'].spec.version} -> 99")
                     for stage in ("sections", "sentences") for doc in (LABOUR, CONSERVATIVE)}


def test_edited_rule_files_make_only_the_stages_that_read_them_stale(tmp_path, raw_dir, monkeypatch):
    from manifesto import models

    rules = tmp_path / "models"
    shutil.copytree(models.MODELS_DIR, rules, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    monkeypatch.setattr(models, "MODELS_DIR", rules)  # fingerprints read the copy
    out = tmp_path / "out"
    run([raw_dir], out, jobs=1)
    with open(rules / "pledges" / "lexicon.toml", "a", encoding="utf-8") as handle:
        handle.write("\n# a researcher's note\n")
    expected = {(stage, doc, "rule files changed: models/pledges/")
                for stage in ("pledges", "claims") for doc in (LABOUR, CONSERVATIVE)}
    assert reasons(check([raw_dir], out)) == expected
    run([raw_dir], out, stages=["sections"], jobs=1)  # a run of other stages does not hide it
    assert reasons(check([raw_dir], out)) == expected
    report = run([raw_dir], out, jobs=1)
    assert (report.n_processed, report.n_parsed, report.n_cached) == (2, 0, 2)  # from the parse cache
    assert check([raw_dir], out) == []
    with open(rules / "entities" / "lexicon.toml", "a", encoding="utf-8") as handle:
        handle.write("\n# the entity ruler runs inside the parse\n")
    stale = {(p.stage, p.reason) for p in check([raw_dir], out)}
    assert {stage for stage, _ in stale} == {"sentences", "pledges", "claims", "entities", "entity_index"}
    assert ("entities", "rule files changed: models/entities/, models/entities/ (inside the parse)") in stale
    assert ("sentences", "rule files changed: models/entities/ (inside the parse)") in stale
    assert ("entity_index", "rule files changed: models/entities/") in stale


def test_every_rule_folder_is_read_by_some_stage_or_component():
    """A rule folder no spec declares would change outputs without making anything stale."""
    from manifesto.extractors import REGISTRY
    from manifesto.models import PROJECT_COMPONENT_RULES, rules_fingerprints

    declared = {f for name in REGISTRY.names() for f in REGISTRY[name].spec.rules}
    declared |= {f for folders in PROJECT_COMPONENT_RULES.values() for f in folders}
    assert set(rules_fingerprints()) == declared


def test_check_reports_a_folder_without_datasets(tmp_path, raw_dir):
    assert [p.reason for p in check([raw_dir], tmp_path)] == ["no datasets here (no manifest.json)"]


def test_diff_reports_exactly_the_rows_an_edited_paragraph_changed(tmp_path, corpus_copy):
    run([corpus_copy], tmp_path / "old", stages=STAGES, jobs=1)
    labour = corpus_copy / LABOUR
    text = labour.read_text(encoding="utf-8")
    edited = text.replace("We will reform the practice of Stop and Search", "We will overhaul the practice of Stop and Search")
    assert edited != text
    labour.write_text(edited, encoding="utf-8")
    run([corpus_copy], tmp_path / "new", stages=STAGES, jobs=1)
    diffs = {d.stage: d for d in diff_datasets(tmp_path / "old", tmp_path / "new")}
    sentences = diffs["sentences"]
    assert (len(sentences.added), len(sentences.removed), len(sentences.changed)) == (0, 0, 1)
    assert sentences.changed[0]["columns"] == ["text"] and sentences.changed[0]["source_path"] == LABOUR
    assert (len(diffs["sections"].added), len(diffs["sections"].removed), len(diffs["sections"].changed)) == (0, 0, 0)
    documents = diffs["documents"]
    assert len(documents.changed) == 1 and "text" in documents.changed[0]["columns"]
    assert json.dumps([d.as_dict() for d in diffs.values()], default=str)


def test_validate_accepts_a_build_and_reports_damage(tmp_path, raw_dir):
    out = tmp_path / "out"
    run([raw_dir], out, stages=STAGES, jobs=1)
    assert validate(out) == []
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    part = sorted((broken / "sentences").glob("part-*.parquet"))[0]
    table = pq.read_table(part)
    texts = table["text"].to_pylist()
    texts[0] = texts[0] + " (edited)"
    index = table.schema.get_field_index("text")
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(texts)), part)
    (broken / "sections" / sorted(p.name for p in (broken / "sections").glob("part-*"))[0]).unlink()
    (broken / "documents" / "part-junk.parquet").write_bytes(b"not parquet")
    problems = validate(broken)
    joined = "\n".join(problems)
    assert "sentences: text differs from documents.text" in joined
    assert "section_id values not in sections" in joined
    assert "in the manifest but missing" in joined
    assert "documents/part-junk.parquet: unreadable" in joined
    assert "hash differs from the manifest" in joined
    assert Manifest.load(broken).data["inputs"]


def test_a_retrained_model_changes_its_stages_fingerprint(tmp_path, monkeypatch):
    """A retrained classifier may differ only in its weights (a file with no suffix) or
    its config.cfg: the folder's fingerprint must change, or the next run would keep the
    pledges of the old model. Code and its caches are not rules."""
    import manifesto.models as models

    weights = tmp_path / "pledges" / "classifier" / "textcat_multilabel" / "model"
    weights.parent.mkdir(parents=True)
    weights.write_bytes(b"\x00" * 8)
    (tmp_path / "pledges" / "lexicon.toml").write_text("[actor]\n")
    monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
    before = models.rules_fingerprints()
    (tmp_path / "pledges" / "__pycache__").mkdir()
    (tmp_path / "pledges" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    (tmp_path / "pledges" / "helper.py").write_text("x = 1\n")
    assert models.rules_fingerprints() == before
    weights.write_bytes(b"\x00" * 7 + b"\x01")
    assert models.rules_fingerprints()["pledges"] != before["pledges"]


def test_check_says_a_document_failed_rather_than_that_its_stage_never_ran(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_text("")
    run([corpus_copy], tmp_path / "out", stages=STAGES, jobs=1)
    problems = check([corpus_copy], tmp_path / "out", stages=STAGES)
    assert [str(p) for p in problems] == [
        "ingest: empty.txt: failed in the last run (empty: file is empty); a run tries it again"]


def test_check_warns_that_a_run_with_other_inputs_would_be_refused(tmp_path, corpus_copy):
    run([corpus_copy], tmp_path / "out", stages=STAGES, jobs=1)
    problems = check([corpus_copy / LABOUR], tmp_path / "out", stages=STAGES)
    assert any(p.source_path == "(inputs)" and "--replace" in p.reason for p in problems)


def test_diff_follows_a_renamed_file_by_its_content(tmp_path, corpus_copy):
    """A renamed file (its catalog row renamed too) keeps its ids: only its documents row
    changes, in `source_path`."""
    run([corpus_copy], tmp_path / "old", stages=STAGES, jobs=1)
    (corpus_copy / LABOUR).rename(corpus_copy / "labour.txt")
    catalog = corpus_copy / "catalog.csv"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(LABOUR, "labour.txt"), encoding="utf-8")
    run([corpus_copy], tmp_path / "new", stages=STAGES, jobs=1)
    diffs = {d.stage: d for d in diff_datasets(tmp_path / "old", tmp_path / "new")}
    for stage in ("sections", "sentences"):
        assert (len(diffs[stage].added), len(diffs[stage].removed), len(diffs[stage].changed)) == (0, 0, 0)
    documents = diffs["documents"]
    assert (len(documents.added), len(documents.removed)) == (0, 0)
    assert [c["columns"] for c in documents.changed] == [["source_path"]]
