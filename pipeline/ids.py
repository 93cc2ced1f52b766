"""Content-hash ids: identical across runs and machines for the same input."""

from __future__ import annotations

import hashlib
import json
from typing import Any

ID_HEX_DIGITS = 16


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def doc_id_for(source_sha256: str) -> str:
    """A document's id is its content hash: renaming a file does not change it."""
    return source_sha256[:ID_HEX_DIGITS]


def row_id(doc_id: str, stage: str, *parts: Any) -> str:
    """Deterministic id of a row: its document, stage and position (offsets, ordinals)."""
    key = ":".join([doc_id, stage, *map(str, parts)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def stable_hash(value: Any) -> str:
    """Hash of a JSON-serialisable value, independent of dict order."""
    payload = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]
