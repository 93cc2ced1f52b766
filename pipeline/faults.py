"""Fault injection for crash tests: die by SIGKILL, or fail a write, at a named point.

`MANIFESTO_KILL_AT=part:3` kills the process right after the third part is written;
points are `part` (a part staged), `checkpoint` (journal saved), `commit` (a staged
part moved into place) and `manifest` (the final manifest written).
`MANIFESTO_FAIL_AT=write:ENOSPC` makes every part write fail with that errno (a full
disk, `EROFS` a read-only folder), which tests cannot otherwise cause as root.
Unset in normal use, where each call costs one dictionary lookup.
"""

from __future__ import annotations

import errno
import os
import signal

ENV = "MANIFESTO_KILL_AT"
FAIL_ENV = "MANIFESTO_FAIL_AT"
_counts: dict[str, int] = {}


def reached(point: str) -> None:
    target = os.environ.get(ENV)
    if not target:
        return
    name, _, count = target.partition(":")
    if name != point:
        return
    _counts[point] = _counts.get(point, 0) + 1
    if _counts[point] >= int(count or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def fail(point: str) -> None:
    """Raise the configured OSError at `point`, if `MANIFESTO_FAIL_AT` names it."""
    target = os.environ.get(FAIL_ENV)
    if not target:
        return
    name, _, code = target.partition(":")
    if name == point:
        number = getattr(errno, code or "EIO")
        raise OSError(number, os.strerror(number))
