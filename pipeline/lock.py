"""One run at a time per output folder: an exclusive `flock` on `OUT/.lock`.

A second run into the same folder stops with a clear message instead of interleaving
writes. The kernel releases the lock when the holder exits, however it exits (SIGKILL
included), so there is no stale lock to clean up and no pid to trust.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_NAME = ".lock"


class LockedError(RuntimeError):
    """Another run holds the output folder."""


class RunLock:
    def __init__(self, out: Path):
        self.path = Path(out) / LOCK_NAME
        self.fd: int | None = None

    def __enter__(self) -> "RunLock":
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(f"{self.path.parent}: another run (pid {holder}) is writing here; wait for it to finish") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock; the file stays, harmlessly
            self.fd = None
