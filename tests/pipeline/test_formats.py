"""HTML, Markdown and Word inputs: the structure their markup states, in the same document model.

Each format is tested on a small file made here, for its section tree, its list items
with their lead-ins, and offsets (`documents.text[char_start:char_end] == text`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from manifesto.extractors.sections import extract_sections
from manifesto.pipeline import load_stage
from manifesto.pipeline.ingest import IngestError, InputFile, discover, load_document
from manifesto.pipeline.registry import DocContext
from manifesto.pipeline.runner import run
from manifesto.pipeline.validate import validate

from ..conftest import ROOT

DEV_TEXTS = ROOT.parent / "shared" / "dev" / "texts"

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Page title, not text</title><style>p { color: red }</style>
<script>var pledge = "We will never appear";</script></head>
<body class="cookies-accepted">
<nav><ul><li>Home</li><li>Donate</li></ul></nav>
<div id="cookie-banner"><p>We use cookies to improve this site.</p></div>
<h1>Our Plan for Britain</h1>
<p>This is our <b>manifesto</b> for the next five years.</p>
<h2>1. The Economy</h2>
<p>A strong economy needs fair taxes.</p>
<p>We will:</p>
<ul>
  <li><p>cut income tax for low earners;</p></li>
  <li>build 100,000 homes a year, including:
    <ol><li>social homes for rent</li><li>homes for first-time buyers</li></ol>
  </li>
  <li>raise the minimum wage.</li>
</ul>
<h3>Tax rates</h3>
<table><tr><th>Band</th><th>Rate</th></tr><tr><td>Basic</td><td>20%</td></tr></table>
<h2>2. Health</h2>
<p>Our NHS will get more money.<br>Every patient will be seen within a week.</p>
<div hidden>Hidden text.</div>
<footer><p>Promoted by the party treasurer.</p></footer>
</body></html>
"""

MARKDOWN_TEXT = """# Our Plan for Britain

This is our **manifesto** for the *next* five years.

## 1. The Economy

A strong economy needs fair taxes and a com-
munity of businesses.

We will:

- cut income tax for low earners;
- build 100,000 homes a year, including:
  1. social homes for rent
  2. homes for first-time buyers
- raise the minimum wage.

Tax rates
---------

| Band | Rate |
|------|------|
| Basic | 20% |

## 2. Health

Our NHS will get more money.
Every patient will be seen within a week.

<div class="pullquote">A <span>fair</span> deal<br>for all.</div>
"""


# The list items every small test document holds, with their lead-ins.
ECONOMY_ITEMS = [
    ("cut income tax for low earners;", "We will:"),
    ("social homes for rent", "build 100,000 homes a year, including:"),
    ("homes for first-time buyers", "build 100,000 homes a year, including:"),
    ("raise the minimum wage.", "We will:"),
]


def list_items(found: list[tuple[str, str, str | None]]) -> list[tuple[str, str | None]]:
    return [(text, lead_in) for kind, text, lead_in in found if kind == "list_item"]


def blocks(document) -> list[tuple[str, str, str | None]]:
    """(kind, text, lead-in) of every block, checking its offsets on the way."""
    found = []
    for block in document.layout.blocks:
        text = document.text[block.char_start:block.char_end]
        assert text == text.strip() and text, block
        if block.marker:
            assert document.text[block.char_start - len(block.marker) - 1:block.char_start] == f"{block.marker} "
        found.append((block.kind, text, block.lead_in))
    return found


def section_tree(document) -> list[tuple[int, str | None, str | None]]:
    """(level, number, title) of each section, checking titles and spans against the text."""
    rows = list(extract_sections(None, DocContext(document)))
    for row in rows:
        if row["title"] is not None:
            assert document.text[row["title_char_start"]:row["title_char_end"]] == row["title"]
            assert row["char_start"] <= row["title_char_start"] < row["char_end"] <= len(document.text)
    return [(row["level"], row["number"], row["title"]) for row in rows]


def read(path: Path):
    return load_document(InputFile(path, path.name))


def test_formats_html_gives_headings_lists_with_lead_ins_and_rows_without_boilerplate(tmp_path):
    path = tmp_path / "plan.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    document = read(path)
    assert document.format == "html" and document.encoding == "utf-8"
    assert section_tree(document) == [
        (1, None, "Our Plan for Britain"), (2, "1", "The Economy"), (3, None, "Tax rates"), (2, "2", "Health")]
    found = blocks(document)
    assert ("paragraph", "This is our manifesto for the next five years.", None) in found
    assert ("lead_in", "We will:", None) in found
    assert list_items(found) == ECONOMY_ITEMS
    # the item that introduces the nested list is its lead-in, and is numbered as the markup says
    assert ("lead_in", "build 100,000 homes a year, including:", None) in found
    assert [b.marker for b in document.layout.blocks if b.kind == "list_item"] == ["-", "1.", "2.", "-"]
    assert ("line", "Band | Rate", None) in found and ("line", "Basic | 20%", None) in found
    assert ("paragraph", "Our NHS will get more money. Every patient will be seen within a week.", None) in found
    for dropped in ("Page title", "color", "never appear", "Home", "cookies", "Hidden", "treasurer"):
        assert dropped not in document.text


def test_formats_html_paragraph_holding_a_list_is_split_into_lead_in_and_items(tmp_path):
    """A web page shows the "* item" lines of its source inside one paragraph; they are a
    list as in text, under the lead-in they follow. Asterisks of emphasis and arithmetic
    leave a paragraph whole."""
    path = tmp_path / "savings.html"
    path.write_text("<html><body><p>We will find savings. These will include:* Scrapping ID cards. "
                    "* Reforming public sector pensions. * Cheaper IT procurement.</p>"
                    "<p>The cost is 2 * 3 million. We like *bold* plans.</p></body></html>", encoding="utf-8")
    found = blocks(read(path))
    assert ("lead_in", "We will find savings. These will include:", None) in found
    assert list_items(found) == [(item, "These will include:") for item in (
        "Scrapping ID cards.", "Reforming public sector pensions.", "Cheaper IT procurement.")]
    assert ("paragraph", "The cost is 2 * 3 million. We like *bold* plans.", None) in found


def test_formats_markdown_gives_the_same_structure_as_the_same_html(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(MARKDOWN_TEXT, encoding="utf-8")
    document = read(path)
    assert document.format == "md"
    # a setext heading (underlined) is level 2, like `##`
    assert section_tree(document) == [
        (1, None, "Our Plan for Britain"), (2, "1", "The Economy"), (2, None, "Tax rates"), (2, "2", "Health")]
    found = blocks(document)
    assert ("paragraph", "This is our manifesto for the next five years.", None) in found  # markup resolved
    assert ("paragraph", "A strong economy needs fair taxes and a community of businesses.", None) in found
    assert list_items(found) == ECONOMY_ITEMS
    assert ("paragraph", "A fair deal for all.", None) in found  # an HTML block inside Markdown
    assert ("paragraph", "Our NHS will get more money. Every patient will be seen within a week.", None) in found
    html = tmp_path / "plan.html"
    html.write_text(HTML_PAGE, encoding="utf-8")
    html_items = [(b[1], b[2]) for b in blocks(read(html)) if b[0] in ("list_item", "lead_in", "line")]
    assert [(b[1], b[2]) for b in found if b[0] in ("list_item", "lead_in", "line")] == html_items


def make_docx(path: Path) -> None:
    """A Word manifesto written with python-docx: title, headings, lists, a merged table cell."""
    import docx

    document = docx.Document()
    document.add_paragraph("Our Plan for Britain", style="Title")
    document.add_paragraph("This is our manifesto for the next five years.")
    document.add_heading("1. The Economy", level=1)
    document.add_paragraph("A strong economy needs fair taxes.")
    document.add_paragraph("We will:")
    document.add_paragraph("cut income tax for low earners;", style="List Bullet")
    document.add_paragraph("build 100,000 homes a year, including:", style="List Bullet")
    document.add_paragraph("social homes for rent", style="List Bullet 2")
    document.add_paragraph("homes for first-time buyers", style="List Bullet 2")
    document.add_paragraph("raise the minimum wage.", style="List Bullet")
    document.add_heading("Tax rates", level=2)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Band", "Rate"), ("Basic", "20%")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[1])
    merged.text = "Rates from April"
    document.add_heading("2. Health", level=1)
    document.add_paragraph("Our NHS will get more money.")
    document.add_paragraph("First steps:")
    for step in ("hire nurses", "open clinics"):
        document.add_paragraph(step, style="List Number")
    document.save(path)


def test_formats_word_gives_title_headings_lists_with_lead_ins_and_rows(tmp_path):
    path = tmp_path / "plan.docx"
    make_docx(path)
    document = read(path)
    assert document.format == "docx" and document.encoding is None
    assert section_tree(document) == [
        (0, None, "Our Plan for Britain"), (1, "1", "The Economy"), (2, None, "Tax rates"), (1, "2", "Health")]
    found = blocks(document)
    assert found[0] == ("title", "Our Plan for Britain", None)
    assert list_items(found) == [*ECONOMY_ITEMS, ("hire nurses", "First steps:"), ("open clinics", "First steps:")]
    assert [b.marker for b in document.layout.blocks if b.kind == "list_item"] == ["-", "-", "-", "-", "1.", "2."]
    rows = [text for kind, text, _ in found if kind == "line"]
    assert rows == ["Band | Rate", "Basic | 20%", "Rates from April"]  # the merged cell once


def test_formats_word_reads_text_inside_content_controls(tmp_path):
    """Templates wrap text in content controls (w:sdt); python-docx alone would skip it."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_heading("Our Plan", level=1)
    wrapped = document.add_paragraph("We will act inside a content control.")
    document.add_paragraph("We will act after it.")
    sdt = etree.SubElement(wrapped._p.getparent(), qn("w:sdt"))
    wrapped._p.addprevious(sdt)
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    content.append(wrapped._p)
    path = tmp_path / "controls.docx"
    document.save(path)
    assert [text for _, text, _ in blocks(read(path))] == [
        "Our Plan", "We will act inside a content control.", "We will act after it."]


def test_formats_discover_reads_every_supported_extension(tmp_path):
    for name in ("a.html", "b.htm", "c.md", "d.markdown", "e.txt", "f.pdf"):
        (tmp_path / name).write_text("x")
    make_docx(tmp_path / "g.docx")
    (tmp_path / "h.odt").write_text("x")
    found = discover([tmp_path])
    assert [f.source_path for f in found.inputs] == ["a.html", "b.htm", "c.md", "d.markdown", "e.txt", "f.pdf", "g.docx"]
    assert found.skipped == [("h.odt", "unsupported file type '.odt'")]


@pytest.mark.parametrize("name, data, kind, words", [
    ("truncated.docx", None, "corrupt", "Word"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "corrupt", ".doc"),
    ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary", "binary"),
    ("only-boilerplate.html", b"<html><body><nav>Home</nav><script>x()</script></body></html>", "empty", "no text"),
    ("too-deep.html", b"<html><body>" + b"<div>" * 3000 + b"lost" + b"</div>" * 3000 + b"</body></html>", "corrupt", "stopped"),
    ("undecodable.md", b"# Plan\n\nWe will \x81\x8d\x8f\x90\x9d spend more.", "decode", "UTF-8"),
    ("empty.md", b"   \n", "empty", "empty"),
])
def test_formats_a_broken_file_of_each_kind_is_a_clear_ingest_error(tmp_path, name, data, kind, words):
    if data is None:
        good = tmp_path / "good.docx"
        make_docx(good)
        data = good.read_bytes()[:2000]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as error:
        read(path)
    assert error.value.kind == kind and words in str(error.value)


def test_formats_html_laid_out_in_a_table_keeps_its_blocks_and_flattens_data_tables(tmp_path):
    body = HTML_PAGE.split("<body", 1)[1].split(">", 1)[1].split("</body>")[0]
    path = tmp_path / "layout.html"
    path.write_text(f"<html><body><table><tr><td><p>Menu</p><p>News</p></td><td>{body}</td></tr></table></body></html>")
    plain = tmp_path / "plain.html"
    plain.write_text(HTML_PAGE)
    assert blocks(read(path)) == [("paragraph", "Menu", None), ("paragraph", "News", None), *blocks(read(plain))]


def test_formats_html_nested_past_the_parsers_default_limit_is_read_whole(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 400 + "<p>We will act.</p>" + "</div>" * 400 + "<p>After.</p></body></html>")
    assert [text for _, text, _ in blocks(read(path))] == ["We will act.", "After."]


def test_formats_a_docx_that_unpacks_to_too_much_is_refused(tmp_path, monkeypatch):
    from manifesto.pipeline.readers import word

    path = tmp_path / "bomb.docx"
    make_docx(path)
    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(IngestError, match="unpacks to") as error:
        read(path)
    assert error.value.kind == "too_large"
    assert zipfile.is_zipfile(io.BytesIO(path.read_bytes()))


def test_formats_every_format_runs_end_to_end_with_errors_naming_the_file(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.html").write_text(HTML_PAGE, encoding="utf-8")
    (raw / "plan.md").write_text(MARKDOWN_TEXT, encoding="utf-8")
    make_docx(raw / "plan.docx")
    (raw / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (raw / "broken.html").write_bytes(b"<html><body>" + b"<div>" * 3000 + b"</body></html>")
    (raw / "broken.md").write_bytes(b"# Plan\n\nWe will \x81\x8d\x8f\x90\x9d spend more.")
    (raw / "catalog.csv").write_text("file,party,year\nplan.html,Green Party,2024\nplan.docx,Green Party,2024\n")
    out = tmp_path / "out"
    report = run([raw], out, stages=["documents", "sections", "sentences", "pledges"], jobs=1)
    assert report.exit_code == 1
    errors = load_stage("errors", out)
    assert sorted((e.source_path, e.kind) for e in errors.itertuples() if e.severity == "error") == [
        ("broken.docx", "corrupt"), ("broken.html", "corrupt"), ("broken.md", "decode")]
    documents = load_stage("documents", out).set_index("source_path")
    assert documents.format.to_dict() == {"plan.docx": "docx", "plan.html": "html", "plan.md": "md"}
    assert documents.loc["plan.html", "party"] == "Green Party"
    sentences = load_stage("sentences", out)
    assert set(sentences.doc_id) == set(documents.doc_id)
    items = sentences[sentences.is_list_item]
    assert set(items.lead_in.dropna()) == {"We will:", "build 100,000 homes a year, including:", "First steps:"}
    pledges = load_stage("pledges", out)
    assert "cut income tax for low earners;" in set(pledges.text)
    assert validate(out) == []


# The same manifesto as plain text and as a web page: the markup adds headings' levels
# and list markers, and nothing else that a sentence or a pledge would show.
PLAIN_MANIFESTO = """A Fairer Country

Our manifesto sets out what a Green government will do in its first term.

Homes

Too many families cannot afford a home. We will build 100,000 social homes a year by 2030.

Green ministers will:

- end no-fault evictions;
- cap rent rises at inflation;
- give councils the power to buy empty homes.

Transport

We will reopen 50 branch lines. Fares will be frozen for five years. Buses are a lifeline for rural areas.
"""

HTML_MANIFESTO = """<html><body><nav><a href="/">Home</a></nav>
<h1>A Fairer Country</h1>
<p>Our manifesto sets out what a <em>Green government</em> will do in its first term.</p>
<h2>Homes</h2>
<p>Too many families cannot afford a home.
We will build 100,000 social homes a year by 2030.</p>
<p>Green ministers will:</p>
<ul><li>end no-fault evictions;</li><li>cap rent rises at inflation;</li>
<li>give councils the power to buy empty homes.</li></ul>
<h2>Transport</h2>
<p>We will reopen 50 branch lines. Fares will be frozen for five years. Buses are a lifeline for rural areas.</p>
<footer>Promoted by the Green Party</footer>
</body></html>
"""


def test_formats_html_and_plain_text_of_one_manifesto_give_the_same_sentences_and_pledges(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "fairer.txt").write_text(PLAIN_MANIFESTO, encoding="utf-8")
    (raw / "fairer.html").write_text(HTML_MANIFESTO, encoding="utf-8")
    (raw / "catalog.csv").write_text("file,party,year\nfairer.txt,Green Party,2024\nfairer.html,Green Party,2024\n")
    out = tmp_path / "out"
    assert run([raw], out, stages=["documents", "sentences", "pledges"], jobs=1).exit_code == 0
    documents = load_stage("documents", out).set_index("source_path").doc_id
    sentences, pledges = load_stage("sentences", out), load_stage("pledges", out)
    columns = ["text", "is_list_item", "lead_in", "is_heading"]

    def rows(frame, source, cols):
        return frame[frame.doc_id == documents[source]].sort_values("char_start")[cols].values.tolist()

    assert rows(sentences, "fairer.html", columns) == rows(sentences, "fairer.txt", columns)
    assert len(rows(sentences, "fairer.txt", columns)) == 13
    pledge_columns = ["text", "lead_in", "actor", "cue", "pledge_type"]
    assert rows(pledges, "fairer.html", pledge_columns) == rows(pledges, "fairer.txt", pledge_columns)
    assert len(rows(pledges, "fairer.txt", pledge_columns)) >= 5
    # what the markup adds: the headings' levels come from h1/h2, not from the look of a line
    sections = load_stage("sections", out)
    assert rows(sections, "fairer.html", ["level", "title"]) == [[1, "A Fairer Country"], [2, "Homes"], [2, "Transport"]]
    assert rows(sections, "fairer.txt", ["title"]) == [["A Fairer Country"], ["Homes"], ["Transport"]]


@pytest.mark.parametrize("name", ["uk2005_tory.md", "uk2010_coalition_agreement.md", "uk2010_labour.md",
                                  "uk2010_libdem.html", "uk2010_tory.html"])
def test_formats_real_manifestos_read_with_their_structure(name):
    document = read(DEV_TEXTS / name)
    kinds = [kind for kind, _, _ in blocks(document)]
    assert kinds.count("heading") >= 20 and kinds.count("list_item") >= 40
    levels = {level for level, _, _ in section_tree(document)}
    assert len(levels) >= 2  # a tree, not a flat list
    assert "<" not in document.text and "&amp;" not in document.text and "nowiki" not in document.text
