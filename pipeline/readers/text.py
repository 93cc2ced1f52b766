"""Plain text: decoded, then laid out from its look (pipeline/layout.py)."""

from __future__ import annotations

from ..ingest import check_length, decode_text
from ..layout import normalise
from . import Reading


def read(data: bytes) -> Reading:
    text, encoding, warnings = decode_text(data)
    check_length(len(text))  # before normalising, which is the expensive part
    return Reading(normalise(text), encoding=encoding, warnings=tuple(warnings))
