"""Progress events: what each document (and each page of a PDF being read) is doing.

A run's batches are processed in worker processes, so the command line learned of a
document only when its whole batch was done: a blank bar until the end of a small
run, and nothing for `-v` to report. Workers now `emit` small dict events instead:
`page` while a PDF is read, `document` when a document's parts are written (file,
doc_id, words, rows per stage, seconds). In-process they go straight to the
listener; from a pool they travel through a queue that a thread of the main process
drains (`events`). Without a listener, `emit` does nothing.
"""

from __future__ import annotations

import multiprocessing
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

Listener = Callable[[dict], None]

_SINK: Listener | None = None  # where this process's events go
_QUEUE = None  # the main process's queue while a pool may run (see `events`)
_FILE: list[str | None] = [None]  # the document being read in this process
_STOP = None


def emit(event: dict) -> None:
    """Send an event to the run's listener, if any (cheap when there is none)."""
    if _SINK is not None:
        _SINK(event)


def reading(source_path: str) -> None:
    """Name the document this process reads next (page events carry it)."""
    _FILE[0] = source_path


def page(page_no: int, n_pages: int) -> None:
    """A PDF page was read (called by the PDF reader, page by page)."""
    if _SINK is not None:
        emit({"event": "page", "file": _FILE[0], "page": page_no, "pages": n_pages})


def document(source_path: str, doc_id: str, words: int, rows: dict[str, list], seconds: float) -> None:
    """A document's stale stages are extracted and their parts written."""
    if _SINK is not None:
        emit({"event": "document", "file": source_path, "doc_id": doc_id, "words": words,
              "rows": {stage: len(stage_rows) for stage, stage_rows in rows.items()}, "seconds": round(seconds, 3)})


@contextmanager
def events(listener: Listener | None) -> Iterator[None]:
    """Deliver this run's events to `listener`: this process's directly, a pool's
    (started inside the block, with `init_worker`) through a queue and a thread."""
    global _SINK, _QUEUE
    if listener is None:
        yield
        return
    queue = multiprocessing.get_context("spawn").Queue()
    drain = threading.Thread(target=_drain, args=(queue, listener), daemon=True)
    drain.start()
    _SINK, _QUEUE = listener, queue
    try:
        yield
    finally:
        _SINK, _QUEUE = None, None
        queue.put(_STOP)
        drain.join()
        queue.close()


def _drain(queue, listener: Listener) -> None:
    while (event := queue.get()) is not _STOP:
        try:
            listener(event)
        except Exception:  # noqa: BLE001 - a display problem must not stop the run
            pass


def worker_queue():
    """The queue pool workers send events to (None without a listener)."""
    return _QUEUE


def init_worker(init: Callable[[dict], None], settings: dict, queue) -> None:
    """A pool worker's initializer: send events to `queue`, then the runner's own `init`."""
    global _SINK
    _SINK = queue.put if queue is not None else None
    init(settings)
