"""HTML: the page's own structure (h1-h6, p, ul/ol/li, tables) through lxml.

lxml because python-docx (the Word reader) depends on it anyway, so HTML costs no
further dependency; its parser (libxml2) is tolerant of the broken markup real pages
have and is the most used HTML parser in Python. The page is decoded like a text file
(`ingest.decode_text`) and handed to the parser as UTF-8, so a stale charset
declaration cannot garble it.

What is not the manifesto's text (scripts, styles, navigation, footers, forms,
cookie banners: the lists are data in models/formats/html.toml) is dropped first.
Then one pass over the tree in document order collects the text of each block:
inline elements (`<b>`, `<a>`, `<span>`) run into their block, `<br>` is a line break
inside it, and a block element starts a new block. Headings keep their level, list
items their list, table rows are flattened cell by cell.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from itertools import count

from ..ingest import IngestError, check_length, decode_text
from . import Reading
from .markup import BlockCollector, MarkupBlock, layout_of, row_text

HEADINGS = {f"h{n}": n for n in range(1, 7)}
LISTS = {"ul", "ol", "menu", "dir"}
CELLS = {"td", "th"}
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "header", "hgroup", "hr",
    "html", "li", "main", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", *HEADINGS, *LISTS, *CELLS,
})
OWNERS = frozenset({*HEADINGS, *CELLS, "li"})  # text inside them is theirs, whatever blocks lie between
# A cell holding any of these, or two paragraphs, lays out a page rather than holding data:
# its blocks are read as blocks, not flattened into a row (pages built in layout tables).
LAYOUT_CONTENT = frozenset({*HEADINGS, *LISTS, "table"})
STRUCTURAL = frozenset({"html", "body", "main", "article"})


@lru_cache(maxsize=1)
def drop_rules() -> dict[str, frozenset[str]]:
    """The lists of models/formats/html.toml, read once per process."""
    from manifesto.models import MODELS_DIR

    with open(MODELS_DIR / "formats" / "html.toml", "rb") as handle:
        rules = tomllib.load(handle)
    return {key: frozenset(word.lower() for word in rules[key]) for key in ("drop_tags", "drop_roles", "banner_markers")}


def read(data: bytes) -> Reading:
    text, encoding, warnings = decode_text(data)
    check_length(len(text))
    layout = layout_of(blocks_of(text))
    if not layout.text:
        raise IngestError("empty", "no text in the page besides what is dropped (head, scripts, styles, navigation, footers, forms, banners)")
    return Reading(layout, encoding=encoding, warnings=tuple(warnings))


def blocks_of(text: str) -> list[MarkupBlock]:
    """The blocks of an HTML page (or fragment), in reading order."""
    root = parse(text)
    drop_boilerplate(root)
    walker = _Walker()
    from lxml import etree

    for event, element in etree.iterwalk(root, events=("start", "end")):
        if isinstance(element.tag, str):
            (walker.start if event == "start" else walker.end)(element)
    walker.flush()
    return walker.out.finish()


def parse(text: str):
    """The tree of a page; `IngestError` when the parser gives up on it (it would lose the
    rest of the page silently otherwise). Broken markup that it repairs is no error."""
    import lxml.html
    from lxml import etree

    # huge_tree: libxml2 otherwise stops at 256 nested elements
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise IngestError("corrupt", f"not readable as HTML: {error}") from None
    fatal = [entry for entry in parser.error_log if entry.level == etree.ErrorLevels.FATAL]
    if fatal:
        raise IngestError("corrupt", f"the HTML parser stopped at line {fatal[0].line}: {fatal[0].message.strip()}")
    return root


def drop_boilerplate(root) -> None:
    """Remove what is not the text (see models/formats/html.toml), keeping the text after it."""
    rules = drop_rules()
    doomed = [element for element in root.iter() if isinstance(element.tag, str) and _is_boilerplate(element, rules)]
    for element in doomed:
        if element is not root:
            element.drop_tree()


def _is_boilerplate(element, rules: dict[str, frozenset[str]]) -> bool:
    tag = element.tag.lower()
    attributes = element.attrib
    if tag in rules["drop_tags"] or attributes.get("role", "").lower() in rules["drop_roles"]:
        return True
    if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
        return True
    if "display:none" in attributes.get("style", "").replace(" ", "").lower():
        return True
    if tag in STRUCTURAL:
        return False
    names = " ".join(attributes.get(key, "") for key in ("id", "class", "aria-label")).lower()
    return any(marker in names for marker in rules["banner_markers"])


def is_layout_cell(cell) -> bool:
    """A table cell that holds a heading, a list, a table or several paragraphs."""
    paragraphs = 0
    for element in cell.iterdescendants():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in LAYOUT_CONTENT:
            return True
        if tag in ("p", "div", "blockquote"):
            paragraphs += 1
            if paragraphs > 1:
                return True
    return False


class _Walker:
    """Collects block texts from start and end events over the tree, in one pass.

    `open` holds the block elements around the current position; text goes into
    `buffer` until a block boundary flushes it into the block that owns it: the
    innermost heading, list item or table cell around it, else the innermost block.
    Text that the same owner produced in pieces (`<li><p>a</p><p>b</p></li>`) is one block.
    """

    def __init__(self) -> None:
        self.out = BlockCollector()
        self.buffer: list[str] = []
        self.open: list = []
        self.owners: list = []  # the open headings, list items and cells, innermost last
        self.lists: list[list] = []  # [list_id, ordered, next number] per open list
        self.items: dict[int, tuple[str, int]] = {}  # id(li) -> (marker, list_id)
        self.row: list[list[str]] | None = None
        self.last_owner: object = None
        self.emitted: set[int] = set()
        self.list_ids = count()

    def start(self, element) -> None:
        tag = element.tag.lower()
        if tag == "br":
            self.buffer.append("\n")
        elif tag in BLOCK_TAGS:
            self.flush()
            self.open.append(element)
            if tag in OWNERS and not (tag in CELLS and is_layout_cell(element)):
                self.owners.append(element)
                if tag in CELLS and self.row is not None:
                    self.row.append([])
            self._open_block(tag, element)
        if element.text:
            self.buffer.append(element.text)

    def end(self, element) -> None:
        tag = element.tag.lower()
        if tag in BLOCK_TAGS:
            self.flush()
            self.open.pop()
            if self.owners and self.owners[-1] is element:
                self.owners.pop()
            self._close_block(tag)
            # ids of closed elements may be reused by the proxies of later ones
            self.items.pop(id(element), None)
            self.emitted.discard(id(element))
        if element.tail:
            self.buffer.append(element.tail)

    def _open_block(self, tag: str, element) -> None:
        if tag in LISTS:
            start = element.get("start", "1")
            self.lists.append([next(self.list_ids), tag == "ol", int(start) if start.isdigit() else 1])
        elif tag == "li":
            current = self.lists[-1] if self.lists else [next(self.list_ids), False, 1]
            marker = f"{current[2]}." if current[1] else "-"
            current[2] += 1
            self.items[id(element)] = (marker, current[0])
        elif tag == "tr":
            self.row = []

    def _close_block(self, tag: str) -> None:
        if tag in LISTS and self.lists:
            self.lists.pop()
        elif tag == "tr" and self.row is not None:
            text = row_text("\n".join(cell) for cell in self.row)
            if text:
                self.out.add(MarkupBlock("row", text))
            self.row, self.last_owner = None, None

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        if not text.strip():
            return
        owner = self._owner()
        if self.owners and owner is self.owners[-1] and owner.tag.lower() in CELLS and self.row:
            self.row[-1].append(text)  # a data cell
            return
        if owner is self.last_owner and self.out.last is not None:
            self.out.extend_last(text)
            return
        self.out.add(self._block(owner, text))
        self.last_owner = owner
        self.emitted.add(id(owner))

    def _owner(self):
        if self.owners:
            return self.owners[-1]
        return self.open[-1] if self.open else None

    def _block(self, owner, text: str) -> MarkupBlock:
        tag = owner.tag.lower() if owner is not None else ""
        if tag in HEADINGS:
            return MarkupBlock("heading", text, level=HEADINGS[tag])
        if tag == "li" and id(owner) not in self.emitted:
            marker, list_id = self.items[id(owner)]
            return MarkupBlock("list_item", text, marker=marker, list_id=list_id)
        return MarkupBlock("paragraph", text)  # also the text of an item after its nested list
