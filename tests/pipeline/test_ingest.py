"""Finding inputs, reading catalogs, decoding text files."""

from __future__ import annotations

import json
import os

import pytest

from manifesto.pipeline.ingest import IngestError, catalog_fields, decode_text, discover, load_document

from ..conftest import CONSERVATIVE, LABOUR


def test_ingest_discovers_sample_corpus_with_catalog(raw_dir):
    found = discover([raw_dir])
    assert [f.source_path for f in found.inputs] == [CONSERVATIVE, LABOUR]
    assert found.inputs[1].catalog["party"] == "Labour Party"
    assert found.skipped == []


def test_ingest_searches_folders_recursively_and_skips_unsupported(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("We will act.")
    (tmp_path / "notes.odt").write_bytes(b"PK")
    (tmp_path / "a" / "catalog.csv").write_text("file,party\nb/deep.txt,Green Party\n")
    found = discover([tmp_path])
    assert [f.source_path for f in found.inputs] == ["a/b/deep.txt"]
    assert found.inputs[0].catalog["party"] == "Green Party"
    assert found.skipped == [("notes.odt", "unsupported file type '.odt'")]


def test_ingest_survives_a_symlink_loop(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.txt").write_text("We will act.")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    found = discover([tmp_path])
    assert [f.source_path for f in found.inputs] == ["docs/one.txt"]


def test_ingest_file_without_catalog_row_has_empty_metadata(tmp_path):
    (tmp_path / "x.txt").write_text("We will act.")
    item = discover([tmp_path]).inputs[0]
    fields = catalog_fields(item.catalog)
    assert fields["party"] is None and fields["catalog_extra"] is None


def test_ingest_catalog_extra_columns_are_kept_as_json(raw_dir):
    item = next(f for f in discover([raw_dir]).inputs if f.source_path == LABOUR)
    fields = catalog_fields(item.catalog)
    assert fields["year"] == 2015
    assert "paragraphs are sometimes broken" in json.loads(fields["catalog_extra"])["note"]


def test_ingest_decodes_cp1252_pound_with_a_warning():
    text, encoding, warnings = decode_text("We will spend \u00a38bn.".encode("cp1252"))
    assert text == "We will spend \u00a38bn." and encoding == "cp1252" and warnings


@pytest.mark.parametrize("data, kind", [(b"", "empty"), (b"  \n\n ", "empty"), (b"\x00\x01\x02binary", "binary"),
                                        (b"caf\xc3 \x81\x8d\x8f\x90", "decode")])
def test_ingest_rejects_unreadable_text_with_a_reason(data, kind):
    with pytest.raises(IngestError) as error:
        decode_text(data)
    assert error.value.kind == kind


def test_ingest_document_id_is_content_hash_independent_of_name(tmp_path):
    (tmp_path / "a.txt").write_text("We will act now.")
    (tmp_path / "b.txt").write_text("We will act now.")
    first, second = (load_document(f) for f in discover([tmp_path]).inputs)
    assert first.doc_id == second.doc_id and len(first.doc_id) == 16
