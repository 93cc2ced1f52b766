"""A corpus of broken inputs, run end to end: clear errors, and every good document complete."""

from __future__ import annotations

import os
import pathlib

import pytest

from manifesto.pipeline import load_stage
from manifesto.pipeline.runner import run
from manifesto.pipeline.validate import validate

from ..conftest import CONSERVATIVE, LABOUR
from ..fixtures.make_pdfs import corrupt_pdf, encrypted_pdf, manifesto_pdf, scanned_pdf, truncated_pdf

STAGES = ["documents", "sections", "sentences"]


@pytest.fixture
def bad_corpus(corpus_copy, monkeypatch):
    raw = corpus_copy
    (raw / "empty.txt").write_text("")
    (raw / "junk.txt").write_bytes(os.urandom(4096) + b"\x00" * 64)
    (raw / "windows.txt").write_bytes("Labour will invest \u00a38bn in the NHS over the next Parliament.\n".encode("cp1252"))
    (raw / "undecodable.txt").write_bytes(b"We will \x81\x8d\x8f\x90\x9d spend more.")
    (raw / "one huge line.txt").write_bytes(b"word " * 10_000_000)  # 50 MB, one line
    (raw / "notes.odt").write_bytes(b"PK\x03\x04")
    (raw / "copy of conservative.txt").write_bytes((raw / CONSERVATIVE).read_bytes())
    (raw / "Plaid Cymru – maniffesto 2015 ünïcode.txt").write_text("Our plan\n\nWe will build 500 homes in Wales.\n", encoding="utf-8")
    (raw / "francais.txt").write_text("Nous allons construire des écoles et des hôpitaux dans toutes les régions "
                                      "de France pour les familles et les enfants qui en ont besoin.\n", encoding="utf-8")
    manifesto_pdf(raw / "good.pdf")
    encrypted_pdf(raw / "encrypted.pdf")
    truncated_pdf(raw / "truncated.pdf", raw / "good.pdf")
    corrupt_pdf(raw / "corrupt.pdf")
    scanned_pdf(raw / "scanned.pdf")
    locked = raw / "locked.txt"
    locked.write_text("We will act.")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the file unreadable the way the OS would
        real = pathlib.Path.read_bytes

        def read_bytes(path):
            if path.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    return raw


def test_bad_inputs_are_reported_and_good_documents_complete(tmp_path, bad_corpus, raw_dir):
    out = tmp_path / "out"
    report = run([bad_corpus], out, stages=STAGES, jobs=1)
    assert report.exit_code == 1
    errors = load_stage("errors", out)
    found = {(row.source_path, row.severity, row.kind) for row in errors.itertuples()}
    assert {
        ("empty.txt", "error", "empty"),
        ("junk.txt", "error", "binary"),
        ("undecodable.txt", "error", "decode"),
        ("one huge line.txt", "error", "too_large"),
        ("encrypted.pdf", "error", "encrypted"),
        ("truncated.pdf", "error", "truncated"),
        ("corrupt.pdf", "error", "corrupt"),
        ("scanned.pdf", "error", "no_text"),
        ("locked.txt", "error", "unreadable"),
        ("notes.odt", "notice", "unsupported"),
        ("copy of conservative.txt", "warning", "duplicate"),
        ("windows.txt", "warning", "ingest"),
        ("francais.txt", "warning", "ingest"),
    } <= found
    assert all(len(message) < 200 and "Traceback" not in message for message in errors.message)
    assert set(errors[errors.severity == "error"].source_path) == {
        "empty.txt", "junk.txt", "undecodable.txt", "one huge line.txt", "locked.txt",
        "encrypted.pdf", "truncated.pdf", "corrupt.pdf", "scanned.pdf"}
    processed = set(load_stage("documents", out).source_path)
    assert processed == {LABOUR, CONSERVATIVE, "windows.txt", "Plaid Cymru – maniffesto 2015 ünïcode.txt", "francais.txt",
                         "good.pdf"}
    assert "£8bn" in set(load_stage("sentences", out).text.str.extract(r"(£8bn)")[0].dropna())
    # the good documents are exactly as they are in a clean run
    clean = tmp_path / "clean"
    run([raw_dir], clean, stages=STAGES, jobs=1)
    for stage in STAGES:
        good = load_stage(stage, out)
        expected = load_stage(stage, clean)
        assert set(expected.iloc[:, 0]) <= set(good.iloc[:, 0])
    assert validate(out) == []
