"""Locate hand-annotated gold spans in a document's text.

Gold files (tests/gold/*.jsonl) name a span by its text and its occurrence, not by
character offsets: offsets would break whenever text normalisation changes (a page
break joined, markup stripped), while the words themselves and their order do not
change. A span is found by a whitespace-insensitive, word-bounded search, so the same
gold line resolves in the raw file and in the normalised `documents.text`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class GoldSpan:
    """One gold record resolved to `[char_start, char_end)` in a document's text."""

    doc: str
    char_start: int
    char_end: int
    record: dict


@lru_cache(maxsize=4096)
def span_pattern(text: str) -> re.Pattern[str]:
    """A regex matching `text` with any run of whitespace between its words.

    Word boundaries apply only where the text starts or ends with a word character,
    so "Labour" does not match inside "Labourite" but does match in "Labour's".
    """
    words = [re.escape(w) for w in text.split()]
    if not words:
        raise ValueError("gold span text is empty")
    body = r"\s+".join(words)
    head = r"(?<!\w)" if re.match(r"\w", text.strip()) else ""
    tail = r"(?!\w)" if re.search(r"\w$", text.strip()) else ""
    return re.compile(head + body + tail)


def occurrences(document_text: str, text: str) -> list[tuple[int, int]]:
    """All `(start, end)` matches of `text` in the document, in order."""
    return [m.span() for m in span_pattern(text).finditer(document_text)]


def locate(document_text: str, text: str, occurrence: int = 0) -> tuple[int, int]:
    """The `occurrence`-th (0-based) match of `text`; raises KeyError if absent."""
    found = occurrences(document_text, text)
    if occurrence >= len(found):
        raise KeyError(f"{text!r} occurrence {occurrence} not found ({len(found)} matches)")
    return found[occurrence]


def occurrence_index(document_text: str, text: str, char_start: int) -> int:
    """Which occurrence of `text` starts at `char_start` (for writing gold files)."""
    for index, (start, _end) in enumerate(occurrences(document_text, text)):
        if start == char_start:
            return index
    raise KeyError(f"{text!r} does not start at {char_start}")


def read_gold(path: str | Path) -> Iterator[dict]:
    """Records of a JSONL gold file; blank lines and `//` comment lines are skipped."""
    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{line_no}: not valid JSON ({error.msg})") from error


@lru_cache(maxsize=8192)
def loose_pattern(text: str) -> re.Pattern[str]:
    """A regex matching the words of `text` in order, whatever lies between them.

    For gold cut from a file by another reader than the pipeline's (Markdown, HTML, a
    PDF through another tool): quotes, dashes, bullets and markup may differ, the words
    do not.
    """
    words = re.findall(r"\w+", text)
    if not words:
        raise ValueError("gold span text has no words")
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)")


def resolve(records: list[dict], texts: dict[str, str]) -> tuple[list[GoldSpan], list[str]]:
    """Resolve gold records against `{doc file name: document text}`.

    A record with `occurrence` is the n-th exact match of its text. A record marked
    `in_order` (gold kept in document order, without occurrence counts) is the first
    loose match after the previous in-order record of its document, so repeated
    sentences land where they were labelled.

    Returns the spans found and a list of problems (records whose text is not in the
    document), so an evaluation can report a stale gold file instead of crashing.
    """
    spans, problems, cursors = [], [], {}
    for record in records:
        doc = record["doc"]
        if doc not in texts:
            problems.append(f"{doc}: no such document for {record['text']!r}")
            continue
        try:
            if record.get("in_order"):
                start, end = _locate_after(texts[doc], record["text"], cursors.get(doc, 0))
                cursors[doc] = end
            else:
                start, end = locate(texts[doc], record["text"], record.get("occurrence", 0))
        except (KeyError, ValueError) as error:
            problems.append(f"{doc}: {error.args[0]}")
            continue
        spans.append(GoldSpan(doc, start, end, record))
    return spans, problems


def _locate_after(document_text: str, text: str, cursor: int) -> tuple[int, int]:
    """The first loose match at or after `cursor`, else the first anywhere."""
    pattern = loose_pattern(text)
    found = pattern.search(document_text, cursor) or pattern.search(document_text)
    if found is None:
        raise KeyError(f"{text[:80]!r} not found")
    return found.span()
