"""The layout of a document whose markup states its structure (HTML, Markdown, Word).

A markup reader lists the blocks the file declares, in reading order: headings with
their level, paragraphs, list items with their list, table rows. Nothing here guesses
structure from the look of the text, as the text and PDF layouts must; what is shared
with them is everything after the structure is known, so all formats give the same
document model:
- characters are cleaned as for text (ligatures, odd spaces, control characters), and
  the lines inside a block are joined, undoing line-end hyphens from the document's own
  vocabulary (`layout.join_fragments`), since web pages converted from PDFs keep them;
- a heading that starts with a section number (`2.3 Our economy`) keeps it apart, as in
  text, so `sections.number` is filled the same way;
- a paragraph ending in a colon directly before a list is that list's lead-in, as in
  text; so is a list item ending in a colon directly before the list nested in it;
- a paragraph whose words all occur in another block is flagged as a repeat (a
  pull-quote), as in text; headings never are, since the markup says what they are;
- a paragraph that holds a whole list ("These will include:* Saying no to X * Reforming
  Y", "We would: Fund X. Expand Y.") is split into its lead-in and items, as in text: a
  web page shows the "* item" lines of the text it was made from inside one paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..layout import (
    NUMBERED,
    SPACES,
    Layout,
    _Unit,
    clean_characters,
    compose,
    document_vocabulary,
    is_heading_like,
    join_fragments,
    mark_repeats,
    split_inline_list,
)

KINDS = ("title", "heading", "paragraph", "list_item", "row")
ROW_SEPARATOR = " | "  # between the cells of a flattened table row


@dataclass
class MarkupBlock:
    """A block as the markup declares it; `text` may hold line breaks and runs of spaces.

    `level` is the heading level (1 for `<h1>`, `#`, Heading 1); a title has none.
    A list item carries its `marker` (`-`, or `3.` in an ordered list) and `list_id`,
    the same for the items of one list and different for a list nested in it.
    A `row` is a table row whose cells are joined by `ROW_SEPARATOR`.
    """

    kind: str
    text: str
    level: int | None = None
    marker: str | None = None
    list_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r} (known: {', '.join(KINDS)})")


class BlockCollector:
    """Blocks in reading order, where a block's text may come in pieces (the paragraphs
    of one list item); pieces are joined once, at the end, so collecting stays linear."""

    def __init__(self) -> None:
        self.blocks: list[MarkupBlock] = []
        self._parts: list[list[str]] = []

    def add(self, block: MarkupBlock) -> None:
        self.blocks.append(block)
        self._parts.append([block.text])

    def extend_last(self, text: str) -> None:
        """More text of the last block, on a new line."""
        self._parts[-1].append(text)

    @property
    def last(self) -> MarkupBlock | None:
        return self.blocks[-1] if self.blocks else None

    def finish(self) -> list[MarkupBlock]:
        for block, parts in zip(self.blocks, self._parts):
            block.text = "\n".join(parts)
        return self.blocks


def row_text(cells: Iterable[str]) -> str:
    """A table row flattened to one line: its non-empty cells, left to right."""
    return ROW_SEPARATOR.join(" ".join(cell.split()) for cell in cells if cell.strip())


def layout_of(blocks: Iterable[MarkupBlock]) -> Layout:
    """Normalised text and typed blocks from the blocks a markup reader found."""
    cleaned = [(block, clean_characters(block.text)) for block in blocks]
    vocabulary = document_vocabulary("\n".join(text for _, text in cleaned))
    units: list[_Unit] = []
    list_ids: list[int | None] = []
    for block, text in cleaned:
        content = join_lines(text, vocabulary)
        if content:
            units.append(_unit(block, content))
            list_ids.append(block.list_id)
    mark_repeats(units)
    for unit in units:
        if unit.kind != "paragraph":
            unit.is_repeat = False  # a heading, item or row is what the markup says it is
    _mark_lead_ins(units, list_ids)
    text, layout_blocks = compose([piece for unit in units for piece in split_inline_list(unit)])
    return Layout(text=text, blocks=layout_blocks)


def join_lines(text: str, vocabulary: set[str]) -> str:
    """One line from the lines of a block: single spaces, line-end hyphens undone.

    Each join looks at two neighbouring lines only, so a block of many lines (an item
    of many paragraphs) costs time linear in its length.
    """
    pieces: list[str] = []
    previous = ""
    for raw_line in text.split("\n"):
        line = SPACES.sub(" ", raw_line).strip()
        if not line:
            continue
        if pieces:
            joined = join_fragments(previous, line, vocabulary)  # previous (less a hyphen) + separator + line
            pieces[-1] = joined[:len(joined) - len(line)]
        pieces.append(line)
        previous = line
    return "".join(pieces)


def _unit(block: MarkupBlock, content: str) -> _Unit:
    if block.kind == "title":
        return _Unit(content=content, kind="title", level=0)
    if block.kind == "heading":
        level = max(block.level or 1, 1)
        # `markdown_level` marks a level stated by the source: the unit is never a repeat
        unit = _Unit(content=content, kind="heading", level=level, markdown_level=level)
        if (match := NUMBERED.match(content)) and "." in match.group(0) and is_heading_like(content[match.end():]):
            unit.content, unit.number, unit.marker = content[match.end():], match.group("number"), match.group(0).strip()
        return unit
    if block.kind == "list_item":
        return _Unit(content=content, kind="list_item", marker=block.marker or "-")
    return _Unit(content=content, kind="line" if block.kind == "row" else "paragraph")


def _mark_lead_ins(units: list[_Unit], list_ids: list[int | None]) -> None:
    """Each list's lead-in: the paragraph (or parent item) ending in a colon just before it."""
    lead_ins: dict[int | None, str | None] = {}
    for position, unit in enumerate(units):
        if unit.kind != "list_item":
            continue
        list_id = list_ids[position]
        if list_id not in lead_ins:
            lead_ins[list_id] = None
            previous = units[position - 1] if position else None
            if previous is not None and previous.kind in ("paragraph", "list_item") and previous.content.endswith(":"):
                previous.kind, previous.lead_in = "lead_in", None
                lead_ins[list_id] = previous.content
        unit.lead_in = lead_ins[list_id]
