"""Properties every dataset must have, whatever the stage: offsets, ids, readers, docs."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl

from manifesto.extractors import REGISTRY
from manifesto.pipeline import load_stage
from manifesto.pipeline.dictionary import data_dictionary
from manifesto.pipeline.schemas import describe

ROOT = Path(__file__).resolve().parent.parent


def test_datasets_offsets_slice_the_document_text(built):
    texts = dict(load_stage("documents", built, columns=["doc_id", "text"]).itertuples(index=False))
    for stage in REGISTRY.names():
        frame = load_stage(stage, built)
        if "char_start" not in frame.columns:
            continue
        for row in frame.itertuples():
            text = texts[row.doc_id]
            assert 0 <= row.char_start <= row.char_end <= len(text), (stage, row)
            if "text" in frame.columns:
                assert text[row.char_start:row.char_end] == row.text, (stage, row)


def test_datasets_ids_are_unique_and_parents_exist(built):
    doc_ids = set(load_stage("documents", built).doc_id)
    sections = load_stage("sections", built)
    sentences = load_stage("sentences", built)
    assert sections.section_id.is_unique and sentences.sentence_id.is_unique
    assert set(sections.doc_id) <= doc_ids and set(sentences.doc_id) <= doc_ids
    assert set(sentences.section_id) <= set(sections.section_id)
    assert set(sections.parent_id.dropna()) <= set(sections.section_id)


def test_datasets_read_in_one_call_with_pandas_polars_and_duckdb(built):
    folder = built / "sentences"
    by_pandas = pd.read_parquet(folder)
    by_polars = pl.read_parquet(str(folder / "*.parquet"))
    by_duckdb = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/*.parquet')").fetchall()[0][0]
    assert len(by_pandas) == by_polars.height == by_duckdb == len(load_stage("sentences", built)) > 200
    joined = duckdb.sql(f"""
        SELECT s.text, sec.title FROM read_parquet('{folder}/*.parquet') s
        JOIN read_parquet('{built}/sections/*.parquet') sec USING (section_id)
        WHERE s.is_list_item""").df()
    assert len(joined) > 20 and joined.title.notna().all()


def test_datasets_every_column_is_described():
    for name in REGISTRY.names():
        for field in REGISTRY[name].spec.schema:
            assert len(describe(field)) > 10, f"{name}.{field.name} has no description"


def test_datasets_data_dictionary_is_current():
    committed = (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == data_dictionary(), "docs/data_dictionary.md is stale: run `make docs`"
