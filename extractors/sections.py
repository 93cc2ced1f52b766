"""The `sections` stage: the document's outline, from the layout's headings.

A section runs from its heading to the next heading of the same or a higher level,
so sections nest; text before the first heading (an extract, a preface without a
heading) becomes an untitled `preamble` section, so every sentence has a section.
"""

from __future__ import annotations

from typing import Iterator

from manifesto.pipeline import schemas
from manifesto.pipeline.ids import row_id
from manifesto.pipeline.layout import Block
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from . import register

SPEC = ExtractorSpec(name="sections", version="2", schema=schemas.SECTIONS, needs_parse=False, sort_key=("ordinal",),
                     rules=("formats", "pdf"))  # the HTML reader's drop lists and the PDF reader's rules shape the text
PATH_SEPARATOR = " › "


@register(SPEC)
def extract_sections(doc, ctx: DocContext) -> Iterator[dict]:
    """Sections in document order, each with its parent and character range."""
    text = ctx.document.text
    headings = [block for block in ctx.document.layout.blocks if block.is_heading]
    openings = _openings(ctx.document.layout.blocks, headings)
    open_stack: list[dict] = []
    rows: list[dict] = []
    for ordinal, (level, block) in enumerate(openings):
        start = block.char_start - (len(block.marker) + 1 if block.marker else 0) if block else 0
        while open_stack and open_stack[-1]["level"] >= level:
            open_stack.pop()
        row = {
            "section_id": row_id(ctx.doc_id, "sections", ordinal, start),
            "doc_id": ctx.doc_id,
            "ordinal": ordinal,
            "level": level,
            "kind": block.kind if block else "preamble",
            "number": block.number if block else None,
            "title": text[block.char_start:block.char_end] if block else None,
            "parent_id": open_stack[-1]["section_id"] if open_stack else None,
            "char_start": start,
            "char_end": len(text),
            "title_char_start": block.char_start if block else None,
            "title_char_end": block.char_end if block else None,
            "page_no": block.page_no if block else _first_page(ctx),
            "section_path": _path(open_stack, level, text[block.char_start:block.char_end] if block else None),
        }
        _close_sections(rows, level, start)
        rows.append(row)
        open_stack.append(row)
    for row in rows:
        row["char_end"] = _trim_end(text, row["char_start"], row["char_end"])
    yield from rows


def _openings(blocks: tuple[Block, ...], headings: list[Block]) -> list[tuple[int, Block | None]]:
    """(level, heading block) for each section; `None` block for a preamble."""
    openings: list[tuple[int, Block | None]] = []
    if blocks and not blocks[0].is_heading:
        openings.append((1, None))
    openings.extend((block.level if block.level is not None else 1, block) for block in headings)
    return openings


def _path(open_stack: list[dict], level: int, title: str | None) -> str | None:
    """"Chapter › Section": the titles of the open sections from level 1 down, and its own."""
    if title is None or level < 1:
        return None
    titles = [row["title"] for row in open_stack if row["level"] >= 1 and row["title"]]
    return PATH_SEPARATOR.join(" ".join(t.split()) for t in [*titles, title])


def _close_sections(rows: list[dict], level: int, start: int) -> None:
    """A new heading ends every open section of the same or a deeper level."""
    for row in reversed(rows):
        if row["level"] >= level and row["char_end"] > start:
            row["char_end"] = start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _first_page(ctx: DocContext) -> int | None:
    blocks = ctx.document.layout.blocks
    return blocks[0].page_no if blocks else None
