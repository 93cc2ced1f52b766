"""One document's page: its text as sections, blocks and page markers, with every
pledge, claim and entity row highlighted once, plus the side lists and coded fields.

Blocks are the blank-line separated stretches of `documents.text` (the layout
normaliser writes one block per paragraph, heading or list item); each takes its kind
from the first sentence that starts in it and, when a section title starts in it, the
heading level of that section. Blocks are `div`/`h1`-`h6` elements rather than `p`,
because an HTML parser closes an open `p` at any block element: with `div` the DOM
the browser builds is exactly the tree written here.
"""

from __future__ import annotations

import re
from typing import Iterator

from .data import MARK_KINDS, Corpus, party_of
from .spans import Point, Span, render_spans

BLOCK_BREAK = re.compile(r"\n[ \t]*\n\s*")
SECTION_RANK, BLOCK_RANK, MARK_RANK = 0, 1, 2

# Shown in a highlight's hover title, in this order; the click panel shows every field.
SUMMARY_FIELDS = {
    "pledge": ("commitment", "pledge_type", "polarity", "specificity", "time_frame"),
    "claim": ("kind", "bound", "number_text", "unit", "counted", "role"),
    "entity": ("label", "canonical", "source"),
}
# Not repeated in the click panel: the document is the page, the text is highlighted.
PANEL_HIDDEN = {"doc_id", "text"}
PANEL_LAST = {"char_start", "char_end", "page_no"}
SIDE_TEXT_CHARS = 160


def document_context(corpus: Corpus, doc: dict) -> dict:
    """Everything the document template needs; the body is rendered here in one pass."""
    doc_id = doc["doc_id"]
    text = doc.get("text") or ""
    sections = corpus.of("sections", doc_id)
    spans = [*section_spans(sections),
             *block_spans(text, corpus.of("sentences", doc_id), sections),
             *mark_spans(corpus, doc_id)]
    return {
        "doc": {k: v for k, v in doc.items() if k != "text"},
        "party": party_of(doc),
        "body": render_spans(text, spans, page_points(corpus.of("pages", doc_id))),
        "counts": {k.kind: len(corpus.of(k.stage, doc_id)) for k in MARK_KINDS},
        "details": details(corpus, doc_id),
        "pledges": [side_pledge(row) for row in corpus.of("pledges", doc_id)],
        "toc": [toc_entry(row) for row in sections if row.get("title")],
    }


def section_spans(sections: list[dict]) -> Iterator[Span]:
    for row in sections:
        yield Span(row["char_start"], row["char_end"], "section", {
            "class": f"section {row.get('kind') or ''}".strip(), "id": f"s-{row['section_id']}",
            "data-level": row.get("level")}, rank=SECTION_RANK)


def block_spans(text: str, sentences: list[dict], sections: list[dict]) -> Iterator[Span]:
    """A span per block, a heading element where a section title starts; two pointers,
    so linear in the number of blocks, sentences and sections (all in text order)."""
    titled = sorted((s for s in sections if s.get("title_char_start") is not None),
                    key=lambda s: s["title_char_start"])
    next_sentence = next_title = 0
    for start, end in blocks(text):
        while next_sentence < len(sentences) and sentences[next_sentence]["char_start"] < start:
            next_sentence += 1
        while next_title < len(titled) and titled[next_title]["title_char_start"] < start:
            next_title += 1
        kind = "paragraph"
        if next_sentence < len(sentences) and sentences[next_sentence]["char_start"] < end:
            kind = sentences[next_sentence].get("block_kind") or kind
        tag = "div"
        if next_title < len(titled) and titled[next_title]["title_char_start"] < end:
            tag = f"h{min((titled[next_title].get('level') or 0) + 1, 6)}"
        yield Span(start, end, tag, {"class": f"block {kind}"}, rank=BLOCK_RANK)


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each non-empty stretch between blank lines."""
    start = 0
    for gap in BLOCK_BREAK.finditer(text):
        if gap.start() > start:
            yield start, gap.start()
        start = gap.end()
    if start < len(text):
        yield start, len(text)


def mark_spans(corpus: Corpus, doc_id: str) -> Iterator[Span]:
    """One `mark` per pledge, claim and entity row, with a hover summary of its coding."""
    for order, spec in enumerate(MARK_KINDS):
        for row in corpus.of(spec.stage, doc_id):
            row_id = row[spec.id_column]
            yield Span(row["char_start"], row["char_end"], "mark", {
                "id": f"m-{row_id}", "data-kind": spec.kind, "data-id": row_id,
                "title": summary(spec.kind, row)}, rank=MARK_RANK, order=order)


def summary(kind: str, row: dict) -> str:
    """`pledge · firm · action · positive · specific`: the fields worth seeing at a glance."""
    values = [str(row[f]) for f in SUMMARY_FIELDS.get(kind, ()) if row.get(f) not in (None, "")]
    return " · ".join([kind, *values])


def page_points(pages: list[dict]) -> list[Point]:
    return [Point(row["char_start"], "span", {"class": "page-marker", "id": f"page-{row['page_no']}",
                                              "data-page": row["page_no"]}, f"p. {row['page_no']}")
            for row in pages]


def details(corpus: Corpus, doc_id: str) -> dict[str, dict]:
    """Every highlighted row's non-null fields by id, for the click panel (embedded as
    JSON): [name, value] pairs in schema order with the coding first and ids and
    offsets last (a JSON object would be re-sorted by name)."""
    return {row[spec.id_column]: {"kind": spec.kind, "fields": panel_fields(row)}
            for spec in MARK_KINDS for row in corpus.of(spec.stage, doc_id)}


def panel_fields(row: dict) -> list[list]:
    shown = [[k, v] for k, v in row.items() if k not in PANEL_HIDDEN and v is not None]
    return sorted(shown, key=lambda pair: pair[0] in PANEL_LAST or pair[0].endswith("_id"))


def side_pledge(row: dict) -> dict:
    text = row.get("text") or ""
    short = text if len(text) <= SIDE_TEXT_CHARS else text[:SIDE_TEXT_CHARS - 1].rstrip() + "…"
    return {"id": row["pledge_id"], "text": short, "commitment": row.get("commitment"),
            "pledge_type": row.get("pledge_type"), "page_no": row.get("page_no")}


def toc_entry(row: dict) -> dict:
    return {"id": row["section_id"], "level": row.get("level") or 0, "number": row.get("number"),
            "title": row["title"]}

