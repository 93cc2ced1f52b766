"""Word (.docx): paragraphs, their styles and list numbering, and tables, via python-docx.

python-docx because it is the maintained, pure-Python reader of Office Open XML: it
gives the body's paragraphs and tables in document order with their styles, and its
elements answer XPath queries for what it does not wrap (list numbering, outline
levels). Only the body is read: page headers, footers and footnotes are not text of
the manifesto's flow.

- Headings: the Title style is the document title; Heading 1-9 (or a style based on
  one, or an explicit outline level) are headings of that level.
- Lists: a paragraph with numbering (its own or its style's, e.g. List Bullet) is a
  list item; its numbering format says bullet (`-`) or number, its indent level says
  which list it belongs to, so a nested list is a list of its own.
- Tables are flattened row by row; a cell merged across columns counts once.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..ingest import MAX_CHARS, IngestError
from . import Reading
from .markup import MarkupBlock, layout_of, row_text

# A .docx is a ZIP: refuse archives that unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 40 * MAX_CHARS
HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.I)
# "List Bullet 2", "List Number 3": Word's built-in list styles nest by their number
LIST_STYLE_DEPTH = re.compile(r"^list(?: bullet| number| continue)? ([2-9])$", re.I)
NOT_NUMBERED = "0"  # numId 0 switches numbering off
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path, namespaces=W)


OUTLINE_LEVEL = _xpath("./w:pPr/w:outlineLvl/@w:val")
NUM_ID = _xpath("./w:pPr/w:numPr/w:numId/@w:val")
NUM_LEVEL = _xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
ABSTRACT_NUMS = _xpath("./w:abstractNum")
LEVELS = _xpath("./w:lvl")
NUM_FORMAT = _xpath("./w:numFmt/@w:val")
NUMS = _xpath("./w:num")
ABSTRACT_ID = _xpath("./w:abstractNumId/@w:val")


def read(data: bytes) -> Reading:
    document = open_docx(data)
    return Reading(layout_of(blocks_of(document)))


def open_docx(data: bytes):
    """The python-docx Document; `IngestError` for what is not a readable .docx."""
    if not data.strip():
        raise IngestError("empty", "file is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise IngestError("corrupt", "not a Word .docx file: no ZIP container (a .doc must be saved as .docx first)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise IngestError("too_large", f"the .docx unpacks to {unpacked:,} bytes; the limit is {MAX_UNPACKED_BYTES:,}")
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml and zip errors for broken packages
        raise IngestError("corrupt", f"corrupt Word file: {type(error).__name__}: {error}") from None


def blocks_of(document) -> list[MarkupBlock]:
    """The blocks of a Word document's body, in document order."""
    from docx.table import Table

    numbering = _numbering_formats(document)
    lists = _Lists()
    blocks: list[MarkupBlock] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            lists.reset()
            blocks.extend(_rows(item))
        elif item.text.strip():
            blocks.append(_paragraph_block(item, numbering, lists))
    return blocks


def _paragraph_block(paragraph, numbering: dict[tuple[str, str], str], lists: "_Lists") -> MarkupBlock:
    styles = _style_chain(paragraph)
    if any((style.name or "").lower() == "title" for style in styles):
        lists.reset()
        return MarkupBlock("title", paragraph.text)
    level = _heading_level(paragraph, styles)
    if level is not None:
        lists.reset()
        return MarkupBlock("heading", paragraph.text, level=level)
    num_id, indent = _numbering(paragraph, styles)
    if num_id is None:
        lists.reset()
        return MarkupBlock("paragraph", paragraph.text)
    bullet = numbering.get((num_id, indent), "bullet") in ("bullet", "none")
    list_id, number = lists.item(num_id, _depth(indent, styles))
    return MarkupBlock("list_item", paragraph.text, marker="-" if bullet else f"{number}.", list_id=list_id)


def _style_chain(paragraph) -> list:
    """The paragraph's style and the styles it is based on, nearest first."""
    chain = []
    style = paragraph.style
    while style is not None and len(chain) < 20:
        chain.append(style)
        style = style.base_style
    return chain


def _heading_level(paragraph, styles: list) -> int | None:
    for style in styles:
        if match := HEADING_STYLE.match(style.name or ""):
            return int(match.group(1))
    for element in [paragraph._p, *(style.element for style in styles)]:
        outline = OUTLINE_LEVEL(element)
        if outline and outline[0].isdigit() and int(outline[0]) < 9:
            return int(outline[0]) + 1
    return None


def _numbering(paragraph, styles: list) -> tuple[str | None, str]:
    """(numId, indent level) of a list paragraph, from the paragraph or its styles."""
    for element in [paragraph._p, *(style.element for style in styles)]:
        num_id = NUM_ID(element)
        if num_id:
            if num_id[0] == NOT_NUMBERED:
                return None, "0"
            indent = NUM_LEVEL(paragraph._p) or NUM_LEVEL(element)
            return num_id[0], indent[0] if indent else "0"
    return None, "0"


def _depth(indent: str, styles: list) -> int:
    """How deep a list paragraph is nested: its numbering level, or its list style's number."""
    for style in styles:
        if match := LIST_STYLE_DEPTH.match(style.name or ""):
            return int(indent) + int(match.group(1)) - 1
    return int(indent)


def _numbering_formats(document) -> dict[tuple[str, str], str]:
    """(numId, indent level) -> number format (`bullet`, `decimal`, ...) from the numbering part."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[str, str]] = {}  # abstractNumId -> indent level -> format
    for definition in ABSTRACT_NUMS(root):
        levels = abstract.setdefault(definition.get(_w("abstractNumId")), {})
        for level in LEVELS(definition):
            fmt = NUM_FORMAT(level)
            levels[level.get(_w("ilvl"))] = fmt[0] if fmt else "decimal"
    formats = {}
    for num in NUMS(root):
        abstract_id = ABSTRACT_ID(num)
        for indent, fmt in abstract.get(abstract_id[0] if abstract_id else "", {}).items():
            formats[(num.get(_w("numId")), indent)] = fmt
    return formats


def _w(name: str) -> str:
    return f"{{{W['w']}}}{name}"


class _Lists:
    """Which list a numbered paragraph belongs to: the same numbering at the same indent
    continues a list, a deeper indent opens a nested one, any other paragraph ends them."""

    def __init__(self) -> None:
        self.open: list[tuple[str, int, int]] = []  # (numId, indent, list_id)
        self.numbers: dict[int, int] = {}
        self.next_id = 0

    def reset(self) -> None:
        self.open.clear()

    def item(self, num_id: str, indent: int) -> tuple[int, int]:
        while self.open and (self.open[-1][1] > indent or (self.open[-1][1] == indent and self.open[-1][0] != num_id)):
            self.open.pop()
        if not self.open or self.open[-1][1] < indent:
            self.open.append((num_id, indent, self.next_id))
            self.next_id += 1
        list_id = self.open[-1][2]
        self.numbers[list_id] = self.numbers.get(list_id, 0) + 1
        return list_id, self.numbers[list_id]


def _rows(table) -> list[MarkupBlock]:
    """A table's rows as blocks: each row's cells in order, a merged cell once."""
    blocks = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append("\n".join(p.text for p in cell.paragraphs))
        if text := row_text(cells):
            blocks.append(MarkupBlock("row", text))
    return blocks
