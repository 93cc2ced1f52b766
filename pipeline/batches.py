"""How a run's documents are cut into batches for its workers."""

from __future__ import annotations

import math
import os
from typing import Sequence, TypeVar

T = TypeVar("T")


def plan_batches(items: Sequence[T], batch_docs: int, jobs: int) -> tuple[int, list[list[T]]]:
    """(workers, batches): up to `jobs` workers (0: one per core), and batches of at most
    `batch_docs` documents, smaller when there are fewer documents than workers times
    `batch_docs`, so that every worker gets a batch: 8 documents and `--jobs 4` give 4
    batches of 2, not one batch of 8 that a single worker parses while the rest idle."""
    wanted = jobs if jobs > 0 else (os.cpu_count() or 1)
    workers = max(1, min(wanted, len(items)))
    size = max(1, min(batch_docs, math.ceil(len(items) / workers)))
    return workers, [list(items[i:i + size]) for i in range(0, len(items), size)]
