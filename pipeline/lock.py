"""One run at a time per output folder: a lock file created exclusively.

A second run into the same folder stops with a clear message instead of interleaving
writes. A lock left by a process that no longer exists (a killed run) is taken over.
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK_NAME = ".lock"


class LockedError(RuntimeError):
    """Another run holds the output folder."""


class RunLock:
    def __init__(self, out: Path):
        self.path = Path(out) / LOCK_NAME

    def __enter__(self) -> "RunLock":
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is not None and _alive(holder):
                    raise LockedError(f"{self.path.parent}: another run (pid {holder}) is writing here; "
                                      f"wait for it, or remove {self.path} if it is gone") from None
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            return self
        raise LockedError(f"{self.path.parent}: could not take the lock {self.path}")

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)

    def _holder(self) -> int | None:
        try:
            return int(self.path.read_text().strip())
        except (OSError, ValueError):
            return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
