"""Cut real UK manifestos (../shared/dev) into the units a labeller codes.

The labellers see only these units (in document order, with their block kind) and the
written guide (docs/pledges.md, "Definition"), never the pledge extractor's output. A unit
is a heading, a list item, or one sentence of a paragraph. The cut is made here, apart
from the pipeline's own sentence splitter, so the gold does not inherit its mistakes:

- PDFs: the project's PDF reader gives the blocks (reading order across columns and
  pages is a reading problem, not a pledge one);
- Markdown: markdown-it-py's block tokens; HTML: the standard library's parser;
- a paragraph is split after `.`, `!` or `?` followed by a capital, digit or quote.

Usage: python tests/gold/uk/prepare_units.py OUT_DIR  (writes <doc>.units.jsonl, one
record per unit: doc, unit_no, kind, text).
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "dev"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z0-9\"“‘(£])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    blocks, kind = [], None
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "heading_open":
            kind = "heading"
        elif token.type == "list_item_open":
            kind = "list_item"
        elif token.type == "inline" and token.content.strip():
            plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", token.content)
            plain = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", plain).replace("**", "")
            blocks.append((kind or "paragraph", plain))
            kind = None if kind != "list_item" else kind
        elif token.type in ("list_item_close", "heading_close"):
            kind = None
    return blocks


class _HtmlBlocks(HTMLParser):
    KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
             "h6": "heading", "p": "paragraph", "li": "list_item", "td": "paragraph", "th": "heading"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.stack, self.buffer, self.skip = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav", "footer"):
            self.skip += 1
        if tag in self.KINDS:
            self._flush()
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav", "footer"):
            self.skip -= 1
        if tag in self.KINDS:
            self._flush()
            if self.stack and self.stack[-1] == tag:
                self.stack.pop()

    def handle_data(self, data):
        if not self.skip:
            self.buffer.append(data)

    def _flush(self):
        text = " ".join("".join(self.buffer).split())
        if text:
            self.blocks.append((self.KINDS[self.stack[-1]] if self.stack else "paragraph", text))
        self.buffer = []


def html_blocks(text: str) -> list[tuple[str, str]]:
    parser = _HtmlBlocks()
    parser.feed(text)
    parser._flush()
    return parser.blocks


def pdf_blocks(path: Path) -> list[tuple[str, str]]:
    from manifesto.pipeline.pdf import read_pdf

    layout = read_pdf(path.read_bytes()).layout
    kinds = {"title": "heading", "heading": "heading", "list_item": "list_item", "lead_in": "paragraph"}
    return [(kinds.get(b.kind, "paragraph"), layout.text[b.char_start:b.char_end]) for b in layout.blocks]


def units_of(path: Path) -> list[dict]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        blocks = pdf_blocks(path)
    else:
        text = path.read_text(encoding="utf-8")
        blocks = markdown_blocks(text) if suffix == ".md" else html_blocks(text)
    units = []
    for kind, text in blocks:
        pieces = [" ".join(text.split())] if kind == "heading" else split_sentences(text)
        for piece in pieces:
            units.append({"doc": path.name, "unit_no": len(units), "kind": "sentence" if kind == "paragraph" else kind,
                          "text": piece})
    return units


def main(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = next(DEV.glob(f"*/{name}"))
        units = units_of(path)
        with open(out / f"{path.stem}.units.jsonl", "w", encoding="utf-8") as handle:
            for unit in units:
                handle.write(json.dumps(unit, ensure_ascii=False) + "\n")
        print(f"{name}: {len(units)} units")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
