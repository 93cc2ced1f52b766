"""The `sentences` stage: sentences, headings and list items, from the parse.

Sentence boundaries come from the spaCy parse, inside layout blocks: the parse runs
on text whose block starts are fixed sentence starts (see pipeline.parse), so a list
item never runs into the next one and a heading is one sentence. Each row carries the
layout facts researchers filter on: list item and its lead-in, heading, repeat.
"""

from __future__ import annotations

import bisect
from typing import Iterator

from spacy.tokens import Doc

from manifesto.pipeline import schemas
from manifesto.pipeline.ids import row_id
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from . import register

SPEC = ExtractorSpec(
    name="sentences", version="3", schema=schemas.SENTENCES,
    requires=("sections",), components=("parser",),
)


@register(SPEC)
def extract_sentences(doc: Doc, ctx: DocContext) -> Iterator[dict]:
    """One row per sentence, clipped to its block and trimmed of white space."""
    text = ctx.document.text
    blocks = ctx.document.layout.blocks
    block_starts = [block.char_start for block in blocks]
    sections = ctx.rows["sections"]
    section_starts = [row["char_start"] for row in sections]
    ordinal = 0
    for sent in doc.sents:
        position = bisect.bisect_right(block_starts, sent.start_char) - 1
        if position < 0:
            continue
        block = blocks[position]
        start, end = _trim(text, max(sent.start_char, block.char_start), min(sent.end_char, block.char_end))
        if start >= end:
            continue
        section = sections[bisect.bisect_right(section_starts, start) - 1]
        yield {
            "sentence_id": row_id(ctx.doc_id, "sentences", start, end),
            "doc_id": ctx.doc_id,
            "section_id": section["section_id"],
            "ordinal": ordinal,
            "paragraph": block.ordinal,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "block_kind": block.kind,
            "is_list_item": block.kind == "list_item",
            "lead_in": block.lead_in,
            "is_heading": block.is_heading,
            "is_repeat": block.is_repeat,
            "n_tokens": sum(1 for t in doc.char_span(start, end, alignment_mode="expand") if not t.is_space),
            "is_garbled": block.garbled,
            "page_no": ctx.document.layout.page_at(start) if ctx.document.layout.pages else block.page_no,
            "section_path": section["section_path"],
            "page_role": ctx.document.layout.role_at(start),
        }
        ordinal += 1


def body_sentences(rows: list[dict]) -> list[dict]:
    """The sentences of body pages (and of text files): what pledges, claims and
    entities read. Covers, contents and index pages repeat titles and slogans."""
    return [row for row in rows if row.get("page_role") in (None, "body")]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
