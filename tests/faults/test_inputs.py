"""Input safety: only regular files are read, sizes are checked first, BOMs decode,
and every row's source_path names one file."""

from __future__ import annotations

import os
import socket

from manifesto.pipeline import load_stage
from manifesto.pipeline.runner import run

from .conftest import run_cli, write_corpus


def test_faults_fifo_devices_and_sockets_are_errors_without_being_opened(tmp_path):
    raw = write_corpus(tmp_path / "raw", n=2)
    os.mkfifo(raw / "y.txt")  # opening it for reading would block until a writer came
    os.symlink("/dev/zero", raw / "zero.txt")  # reading it would never end
    os.symlink("/dev/urandom", raw / "random.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(raw / "socket.txt"))
    try:
        result = run_cli("run", str(raw), "--out", str(tmp_path / "out"), "--stage", "documents", "-q", timeout=120)
    finally:
        server.close()
    assert result.returncode == 1, result.stderr
    errors = load_stage("errors", tmp_path / "out")
    kinds = dict(zip(errors.source_path, errors.kind))
    assert {kinds.get(name) for name in ("y.txt", "zero.txt", "random.txt", "socket.txt")} == {"not_a_file"}
    assert set(load_stage("documents", tmp_path / "out").source_path) == {"doc_0.txt", "doc_1.txt"}


def test_faults_size_is_checked_before_reading(tmp_path):
    raw = write_corpus(tmp_path / "raw", n=1)
    with open(raw / "sparse.txt", "wb") as handle:  # 2 GB on paper, no disk used: never read
        handle.truncate(2 * 1024 ** 3)
    report = run([raw], tmp_path / "out", stages=["documents"], jobs=1)
    assert [(e["source_path"], e["kind"]) for e in report.errors if e["severity"] == "error"] == [("sparse.txt", "too_large")]


def test_faults_utf16_and_utf32_with_a_bom_are_decoded(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = "Our plan\n\nWe will invest £8bn in the NHS and build 500 homes in Wales.\n"
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
               "utf-32-be": b"\x00\x00\xfe\xff"}[codec]
        (raw / f"{codec}.txt").write_bytes(bom + text.replace("Wales", codec).encode(codec))
    report = run([raw], tmp_path / "out", stages=["documents"], jobs=1)
    assert report.exit_code == 0, report.errors
    documents = load_stage("documents", tmp_path / "out")
    assert len(documents) == 4
    for row in documents.itertuples():
        assert row.text.startswith("Our plan") and "£8bn" in row.text and row.source_path[:-4] in row.text
        assert row.encoding in ("utf-16", "utf-32")


def test_faults_same_file_name_under_two_input_folders_gets_two_source_paths(tmp_path):
    first, second = tmp_path / "2015" / "texts", tmp_path / "2017" / "texts"
    for folder, words in ((first, "schools"), (second, "hospitals")):
        folder.mkdir(parents=True)
        (folder / "labour.txt").write_text(f"Our plan\n\nWe will build new {words}.\n", encoding="utf-8")
    report = run([first, second], tmp_path / "out", stages=["documents"], jobs=1)
    assert report.exit_code == 0, report.errors
    paths = sorted(load_stage("documents", tmp_path / "out").source_path)
    assert paths == ["2015/texts/labour.txt", "2017/texts/labour.txt"]
    alone = run([first], tmp_path / "alone", stages=["documents"], jobs=1)
    assert alone.exit_code == 0 and list(load_stage("documents", tmp_path / "alone").source_path) == ["labour.txt"]


def test_faults_catalog_that_is_a_fifo_stops_the_run_with_one_line(tmp_path):
    raw = write_corpus(tmp_path / "raw", n=1)
    (raw / "catalog.csv").unlink()
    os.mkfifo(raw / "catalog.csv")
    result = run_cli("run", str(raw), "--out", str(tmp_path / "out"), "--stage", "documents", "-q", timeout=60)
    assert result.returncode == 2 and "catalog.csv: not a regular file" in result.stderr, result.stderr
