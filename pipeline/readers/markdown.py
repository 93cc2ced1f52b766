"""Markdown: the structure CommonMark states (`#` headings, lists, tables) via markdown-it-py.

markdown-it-py because it implements CommonMark exactly (with GitHub's tables as a
switch), is maintained by the Executable Books project, and is already installed:
rich depends on it. Its token stream gives each block and the inline text inside it
without any markup (`**`, links, code spans are resolved by the parser, not by
patterns). Soft line breaks stay line breaks until `markup.layout_of` joins the lines
and undoes line-end hyphens. HTML blocks inside Markdown go through the HTML reader.
"""

from __future__ import annotations

from itertools import count

from ..ingest import check_length, decode_text
from . import Reading
from .markup import BlockCollector, MarkupBlock, layout_of, row_text

INLINE_TEXT = {"text", "code_inline"}
LINE_BREAKS = {"softbreak", "hardbreak"}


def read(data: bytes) -> Reading:
    text, encoding, warnings = decode_text(data)
    check_length(len(text))
    return Reading(layout_of(blocks_of(text)), encoding=encoding, warnings=tuple(warnings))


def parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def blocks_of(text: str) -> list[MarkupBlock]:
    """The blocks of a Markdown text, in reading order."""
    builder = _Builder()
    for token in parser().parse(text):
        builder.take(token)
    return builder.out.finish()


class _Builder:
    """Turns markdown-it's flat token stream into blocks; the open lists and items are stacks.

    The first text of a list item is the item; more paragraphs of the same item join it,
    and text after a list nested in it is a paragraph.
    """

    def __init__(self) -> None:
        self.out = BlockCollector()
        self.lists: list[list] = []   # [list_id, ordered, next number]
        self.items: list[dict] = []   # {"marker", "list_id", "block"} per open item
        self.heading: int | None = None
        self.row: list[str] | None = None
        self.list_ids = count()

    def take(self, token) -> None:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            self.lists.append([next(self.list_ids), kind == "ordered_list_open", int(start) if start else 1])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self._open_item()
        elif kind == "list_item_close":
            self.items.pop()
        elif kind == "heading_open":
            self.heading = int(token.tag[1:])
        elif kind == "heading_close":
            self.heading = None
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close":
            if text := row_text(self.row or ()):
                self.out.add(MarkupBlock("row", text))
            self.row = None
        elif kind == "inline":
            self._text(inline_text(token))
        elif kind in ("code_block", "fence"):
            self._text(token.content)
        elif kind == "html_block":
            from .html import blocks_of as html_blocks

            for block in html_blocks(token.content):
                self.out.add(block)

    def _open_item(self) -> None:
        current = self.lists[-1]
        marker = f"{current[2]}." if current[1] else "-"
        current[2] += 1
        self.items.append({"marker": marker, "list_id": current[0], "block": None, "closed": False})
        if len(self.items) > 1:
            self.items[-2]["closed"] = True  # the parent's text after this nested list is a paragraph

    def _text(self, text: str) -> None:
        if not text.strip():
            return
        if self.row is not None:
            self.row.append(text)
        elif self.heading is not None:
            self.out.add(MarkupBlock("heading", text, level=self.heading))
        elif self.items and not self.items[-1]["closed"]:
            self._item_text(self.items[-1], text)
        else:
            self.out.add(MarkupBlock("paragraph", text))

    def _item_text(self, item: dict, text: str) -> None:
        if item["block"] is not None and self.out.last is item["block"]:
            self.out.extend_last(text)
            return
        item["block"] = MarkupBlock("list_item", text, marker=item["marker"], list_id=item["list_id"])
        self.out.add(item["block"])


def inline_text(token) -> str:
    """The words of an inline token: text and code spans, line breaks (and `<br>`) as new
    lines; other inline HTML tags go, the words between them stay."""
    parts = []
    for child in token.children or ():
        if child.type in INLINE_TEXT:
            parts.append(child.content)
        elif child.type in LINE_BREAKS or (child.type == "html_inline" and child.content.lower().startswith("<br")):
            parts.append("\n")
    return "".join(parts)
