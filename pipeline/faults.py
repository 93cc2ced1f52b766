"""Fault injection for crash tests: die by SIGKILL at a named point of a run.

`MANIFESTO_KILL_AT=part:3` kills the process right after the third part is written;
points are `part` (a part staged), `checkpoint` (journal saved), `commit` (a staged
part moved into place) and `manifest` (the final manifest written). Unset in normal
use, where `reached` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV = "MANIFESTO_KILL_AT"
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
