"""The notebook API (manifesto.load_stage and friends) and the README's notebook examples."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import manifesto
from manifesto.pipeline import schemas
from manifesto.pipeline.notebook import DatasetNotFound

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "processed"


def readme_python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_notebook_readme_examples_run_against_the_sample_datasets(monkeypatch):
    """Every ```python block of README.md, in order, in one namespace; each block's
    last expression must be a non-empty table (pandas or polars)."""
    monkeypatch.chdir(ROOT)
    blocks = readme_python_blocks()
    assert len(blocks) >= 3
    namespace: dict = {}
    for block in blocks:
        tree = ast.parse(block)
        last = tree.body.pop() if isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "README.md", "exec"), namespace)  # noqa: S102 - our own README
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "README.md", "eval"), namespace)  # noqa: S307
            assert isinstance(value, (pd.DataFrame, pd.Series, pl.DataFrame)) and len(value) > 0, block
    assert namespace["with_section"]["chapter"].notna().all()
    assert "char_start_sections" in namespace["with_section"].columns


def test_notebook_load_stage_has_nullable_dtypes_and_categorical_codes():
    claims = manifesto.load_stage("claims", SAMPLE)
    assert claims["resolved_year"].dtype == "Int32" and claims["page_no"].dtype == "Int32"
    assert claims["char_start"].dtype == "Int64" and claims["value"].dtype == "Float64"
    assert claims["text"].dtype == "string" and claims["kind"].dtype == "category"
    documents = manifesto.load_stage("documents", SAMPLE)
    assert documents["year"].dtype == "Int32" and documents["year"].tolist() == [2015, 2015]
    assert documents["starts_mid_sentence"].dtype == "boolean"
    coded = {f.name for f in manifesto.pipeline.notebook._stage_schema("pledges") if schemas.is_coded(f)}
    assert {"commitment", "pledge_type", "polarity", "specificity"} <= coded
    pledges = manifesto.load_stage("pledges", SAMPLE)
    assert all(pledges[c].dtype == "category" for c in coded)
    assert set(pledges["commitment"].cat.categories) <= {"firm", "soft"}


def test_notebook_columns_and_filters_are_pushed_down():
    every = manifesto.load_stage("claims", SAMPLE)
    shares = manifesto.load_stage("claims", SAMPLE, columns=["claim_id", "kind"], filters=[("kind", "==", "percent")])
    assert list(shares.columns) == ["claim_id", "kind"]
    assert len(shares) == (every["kind"] == "percent").sum() > 0
    assert len(shares) < len(every)


def test_notebook_wrong_folder_or_stage_is_an_error_not_an_empty_frame(tmp_path):
    with pytest.raises(DatasetNotFound, match="no such folder"):
        manifesto.load_stage("pledges", tmp_path / "missing")
    with pytest.raises(DatasetNotFound, match="not a manifesto output folder"):
        manifesto.load_stage("pledges", ROOT / "data")
    with pytest.raises(ValueError, match="unknown stage 'pledge'"):
        manifesto.load_stage("pledge", SAMPLE)
    with pytest.raises(KeyError, match="no column 'titel'"):
        manifesto.load_stage("sections", SAMPLE, columns=["titel"])
    partial = tmp_path / "out"
    partial.mkdir()
    shutil.copy(SAMPLE / "manifest.json", partial / "manifest.json")
    shutil.copytree(SAMPLE / "documents", partial / "documents")
    manifest = (partial / "manifest.json").read_text().replace('"claims"', '"claims_gone"')
    (partial / "manifest.json").write_text(manifest)
    with pytest.raises(DatasetNotFound, match="stage 'claims' was not built"):
        manifesto.load_stage("claims", partial)


def test_notebook_load_dataset_has_every_built_stage():
    data = manifesto.load_dataset(SAMPLE)
    assert {"documents", "sections", "sentences", "pledges", "claims", "entities", "errors"} <= set(data)
    assert len(data["sentences"]) == len(pd.read_parquet(SAMPLE / "sentences"))


def test_notebook_join_suffixes_the_right_stage_instead_of_colliding():
    sentences = manifesto.load_stage("sentences", SAMPLE)
    sections = manifesto.load_stage("sections", SAMPLE)
    joined = manifesto.join(sentences, sections)
    assert len(joined) == len(sentences)
    assert (joined["text"] == sentences["text"]).all()
    assert {"title", "char_start_sections", "page_no_sections"} <= set(joined.columns)
    assert "doc_id_sections" not in joined.columns
    pledges = manifesto.load_stage("pledges", SAMPLE)
    by_sentence = manifesto.join(sentences, pledges)  # on the left's own id, sentence_id
    assert by_sentence["pledge_id"].notna().sum() == len(pledges)
    with pytest.raises(ValueError, match="pass on=COLUMN"):
        manifesto.join(manifesto.load_stage("entity_index", SAMPLE), sections)


def test_notebook_polars_variant_types_codes():
    frame = manifesto.load_stage_polars("pledges", SAMPLE, filters=[("commitment", "==", "firm")])
    assert frame.schema["commitment"] == pl.Categorical and frame.schema["page_no"] == pl.Int32
    assert frame["commitment"].unique().to_list() == ["firm"]
    assert "load_stage_polars" in manifesto.__all__
