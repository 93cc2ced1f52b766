"""Progress events per document and PDF page, batches that give every worker work,
per-document logs (-v, --log-json) and warnings kept by a no-op run."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from manifesto.cli import _progress, app
from manifesto.pipeline import progress as live
from manifesto.pipeline.batches import plan_batches
from manifesto.pipeline.io import load_stage
from manifesto.pipeline.pdf import read_pdf
from manifesto.pipeline.runner import run

from ..fixtures import make_pdfs

TEXTS = {f"doc{i}.txt": f"Our plan {i}\n\nWe will build {i + 1},000 homes by 2030.\n" for i in range(4)}


class Recorder:
    """A progress callback like the CLI's: batch counts and worker events."""

    def __init__(self):
        self.batches, self.events = [], []

    def __call__(self, done, total):
        self.batches.append((done, total))

    def event(self, event):
        self.events.append(event)


def write_corpus(folder):
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text)
    return folder


def test_progress_batches_give_every_worker_work():
    workers, batches = plan_batches(list(range(8)), batch_docs=8, jobs=4)
    assert workers == 4 and [len(b) for b in batches] == [2, 2, 2, 2]
    workers, batches = plan_batches(list(range(3)), batch_docs=8, jobs=8)
    assert workers == 3 and [len(b) for b in batches] == [1, 1, 1]
    workers, batches = plan_batches(list(range(40)), batch_docs=8, jobs=2)
    assert workers == 2 and [len(b) for b in batches] == [8] * 5
    assert plan_batches(list(range(5)), batch_docs=8, jobs=1) == (1, [list(range(5))])


def test_progress_automatic_jobs_start_workers_only_for_enough_input(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    small = plan_batches(list(range(8)), batch_docs=8, jobs=0, size_of=lambda _: 10_000)
    assert small == (1, [list(range(8))])  # 80 KB: starting workers would cost more than it saves
    large = plan_batches(list(range(8)), batch_docs=8, jobs=0, size_of=lambda _: 2_000_000)
    assert large[0] == 4 and [len(b) for b in large[1]] == [2, 2, 2, 2]
    assert plan_batches(list(range(8)), batch_docs=8, jobs=0, size_of=lambda _: 100_000)[0] == 3


def test_progress_events_per_document_from_a_pool(tmp_path):
    recorder = Recorder()
    report = run([write_corpus(tmp_path / "raw")], tmp_path / "out", stages=["documents"], jobs=2,
                 progress=recorder)
    assert report.exit_code == 0
    documents = [e for e in recorder.events if e["event"] == "document"]
    assert sorted(e["file"] for e in documents) == sorted(TEXTS)
    assert all(e["rows"] == {"documents": 1} and e["seconds"] >= 0 and e["words"] > 5 for e in documents)
    assert recorder.batches[0] == (0, 4)  # the total is known before any batch is done
    assert len(recorder.batches) == 3 and recorder.batches[-1] == (4, 4)  # two batches of two: both workers busy


def test_progress_events_per_page_while_a_pdf_is_read(tmp_path):
    make_pdfs.manifesto_pdf(tmp_path / "m.pdf")
    pages = []
    with live.events(pages.append):
        live.reading("m.pdf")
        document = read_pdf((tmp_path / "m.pdf").read_bytes())
    assert document.n_pages > 1
    assert [(e["file"], e["page"], e["pages"]) for e in pages] == [
        ("m.pdf", n, document.n_pages) for n in range(1, document.n_pages + 1)]


def test_progress_bar_counts_documents_as_they_finish():
    bar = _progress(enabled=True)
    with bar as callback:
        callback(0, 4)
        callback.event({"event": "page", "file": "a.pdf", "page": 3, "pages": 9})
        assert bar.bar.tasks[0].description == "reading a.pdf p. 3/9"
        callback.event({"event": "page", "file": "a.pdf", "page": 9, "pages": 9})
        assert bar.bar.tasks[0].description == "documents"
        for _ in range(3):
            callback.event({"event": "document", "file": "a.pdf", "doc_id": "x", "words": 9, "rows": {}, "seconds": 0.1})
        task = bar.bar.tasks[0]
        assert task.completed == 3 and task.total == 4 and task.description == "documents"
    assert _progress(enabled=False).__enter__() is None


def test_progress_verbose_json_logs_carry_fields(tmp_path):
    result = CliRunner().invoke(app, ["run", str(write_corpus(tmp_path / "raw")), "--out", str(tmp_path / "out"),
                                      "-s", "documents", "-j", "1", "-v", "--log-json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    per_document = [line for line in lines if line.get("doc_id")]
    assert sorted(line["file"] for line in per_document) == sorted(TEXTS)
    assert all({"seconds", "rows", "stages", "words"} <= set(line) for line in per_document)
    (tmp_path / "raw" / "empty.txt").write_text("")
    failed = CliRunner().invoke(app, ["run", str(tmp_path / "raw"), "--out", str(tmp_path / "out"),
                                      "-s", "documents", "-j", "1", "--log-json"])
    problem = next(json.loads(line) for line in failed.stderr.splitlines() if "empty.txt" in line)
    assert problem["file"] == "empty.txt" and problem["kind"] == "empty" and problem["stage"] == "ingest"
    assert problem["level"] == "error"


def test_progress_quiet_run_logs_no_document_lines(tmp_path):
    result = CliRunner().invoke(app, ["run", str(write_corpus(tmp_path / "raw")), "--out", str(tmp_path / "out"),
                                      "-s", "documents", "-j", "1", "--log-json"])
    assert result.exit_code == 0 and not [line for line in result.stderr.splitlines() if '"doc_id"' in line]


def test_progress_no_op_run_keeps_the_previous_warnings(tmp_path, raw_dir):
    folder = tmp_path / "raw"
    shutil.copytree(raw_dir, folder)
    (folder / "windows.txt").write_bytes("Our plan\n\nWe will spend \u00a35bn on schools.\n".encode("cp1252"))
    first = run([folder], tmp_path / "out", stages=["documents"], jobs=1)
    warned = [e for e in first.errors if e["source_path"] == "windows.txt"]
    assert warned and all(e["severity"] == "warning" for e in warned)
    second = run([folder], tmp_path / "out", stages=["documents"], jobs=1)
    assert second.n_processed == 0
    errors = load_stage("errors", tmp_path / "out")
    assert sorted(errors[errors.source_path == "windows.txt"].message) == sorted(e["message"] for e in warned)
    (folder / "windows.txt").write_text("Our plan\n\nWe will spend 5 billion pounds.\n")  # fixed: warning gone
    run([folder], tmp_path / "out", stages=["documents"], jobs=1)
    errors = load_stage("errors", tmp_path / "out")
    assert not (errors.source_path == "windows.txt").any()
