"""The execution seam: any object with submit/as_completed/close runs a run's batches."""

from __future__ import annotations

import pickle
from concurrent.futures import Future

from manifesto.pipeline import load_stage
from manifesto.pipeline import runner
from manifesto.pipeline.work import BatchResult, init_worker, process_batch

DOCUMENT_STAGES = ["documents", "sections", "sentences"]


class RecordingExecutor:
    """Runs batches in this process when asked for results, like a cluster client would
    hand them out, and records how many were submitted and not yet done."""

    def __init__(self, settings, registry):
        init_worker(settings, registry)
        self.pending: dict[Future, object] = {}
        self.most_in_flight = 0
        self.batches = []

    def submit(self, batch) -> Future:
        future: Future = Future()
        self.pending[future] = batch
        self.batches.append(batch)
        self.most_in_flight = max(self.most_in_flight, len(self.pending))
        return future

    def as_completed(self, futures):
        for future in reversed(list(futures)):  # out of submission order, as a cluster may finish them
            batch = self.pending.pop(future, None)
            if batch is not None:
                future.set_result(process_batch(batch))
            yield future

    def close(self, kill=False):
        self.pending.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_executors_any_executor_writes_the_same_datasets(tmp_path, corpus_copy, monkeypatch):
    for n in range(5):
        (corpus_copy / f"extra_{n}.txt").write_text(f"Heading {n}\n\nWe will build {n + 2} new prisons.\n", encoding="utf-8")
    made = []

    def make(workers, settings, registry, memory_mb=0, **where):
        made.append(RecordingExecutor(settings, registry))
        return made[-1]

    monkeypatch.setattr(runner, "make_executor", make)
    report = runner.run([corpus_copy], tmp_path / "seam", stages=DOCUMENT_STAGES, jobs=1, batch_docs=1)
    monkeypatch.undo()
    assert report.exit_code == 0 and report.n_processed == 7
    executor = made[0]
    assert len(executor.batches) == 7 and executor.most_in_flight <= 2  # one worker: two batches in flight at most
    assert all(len(pickle.dumps(batch)) < 5_000 for batch in executor.batches)  # paths and hashes, no text or Doc
    runner.run([corpus_copy], tmp_path / "local", stages=DOCUMENT_STAGES, jobs=2, batch_docs=3)
    for stage in DOCUMENT_STAGES:
        seam, local = load_stage(stage, tmp_path / "seam"), load_stage(stage, tmp_path / "local")
        key = seam.columns[0]
        assert seam.sort_values(key).reset_index(drop=True).equals(local.sort_values(key).reset_index(drop=True))


def test_executors_batch_result_merge_adds_up():
    left = BatchResult(parts=[{"a": 1}], n_documents=2, n_failed=1, seconds={"parse": 1.0})
    left.merge(BatchResult(errors=[{"e": 1}], n_documents=1, seconds={"parse": 0.5, "read": 0.1}, replace_worker=True))
    assert (left.n_documents, left.n_failed, len(left.parts), len(left.errors)) == (3, 1, 1, 1)
    assert left.seconds == {"parse": 1.5, "read": 0.1} and left.replace_worker
