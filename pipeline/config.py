"""Run settings: one frozen dataclass, and the hash of what in it shapes the outputs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BATCH_DOCS = 8


@dataclass(frozen=True)
class RunConfig:
    """What `manifesto run` was asked to do.

    `stages` empty means every registered stage; `model` None means the default model
    (see models.default_model); `jobs` 0 means one worker process per core.
    """

    inputs: tuple[Path, ...]
    out: Path
    stages: tuple[str, ...] = ()
    model: str | None = None
    force: bool = False
    jobs: int = 0
    batch_docs: int = DEFAULT_BATCH_DOCS
    cache: bool = True

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)
