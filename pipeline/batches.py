"""How a run's documents are cut into batches for its workers."""

from __future__ import annotations

import math
import os
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

# With --jobs left to the machine, one more worker per this many bytes of input at
# most: a worker costs seconds to start (spaCy and the model load in each), so two
# short texts are parsed sooner by one worker than by two. Measured on the sample
# corpus (two texts, 30 KB): 23 s with one worker, 45 s with two, on a loaded 2-core
# machine. 256 KiB is about 40,000 words of text, or a short PDF.
AUTO_BYTES_PER_WORKER = 256 * 1024


def plan_batches(items: Sequence[T], batch_docs: int, jobs: int,
                 size_of: Callable[[T], int] | None = None) -> tuple[int, list[list[T]]]:
    """(workers, batches). `jobs` workers (0: one per core, but no more than the input's
    size warrants, see AUTO_BYTES_PER_WORKER), never more than documents; batches of at
    most `batch_docs` documents, smaller when there are few documents, so that every
    worker gets a batch: 8 documents and `--jobs 4` give 4 batches of 2, not one batch
    of 8 that a single worker parses while the others idle."""
    wanted = jobs if jobs > 0 else os.cpu_count() or 1
    if jobs <= 0 and size_of is not None:
        wanted = min(wanted, max(1, sum(size_of(item) for item in items) // AUTO_BYTES_PER_WORKER))
    workers = max(1, min(wanted, len(items)))
    size = max(1, min(batch_docs, math.ceil(len(items) / workers)))
    return workers, [list(items[i:i + size]) for i in range(0, len(items), size)]


def input_bytes(item) -> int:
    """Size of a work item's input file (0 if it cannot be read: it fails on its own)."""
    try:
        return item.input.path.stat().st_size
    except OSError:
        return 0
