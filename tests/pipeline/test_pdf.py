"""PDF ingest on PDFs the suite builds itself (tests/fixtures/make_pdfs.py).

The fixtures are typeset with known truth: the text of every block and the page of
every line. Most tests read the datasets of one pipeline run over all of them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from manifesto.pipeline.ingest import IngestError, discover, load_document
from manifesto.pipeline.pdf import (
    PAGE_NUMBER,
    _Seg,
    _Style,
    _Word,
    check_envelope,
    join_lines,
    make_line,
    order_segments,
    page_ranges,
    read_pdf,
    repair_glyphs,
)
from manifesto.pipeline.runner import run

from ..fixtures import make_pdfs
from ..fixtures.make_pdfs import FOOTER_TEXT, HEADER_TEXT, QUOTE


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory) -> tuple[Path, make_pdfs.Truth]:
    folder = tmp_path_factory.mktemp("pdfs")
    truth = make_pdfs.manifesto_pdf(folder / "manifesto.pdf")
    make_pdfs.encrypted_pdf(folder / "encrypted.pdf")
    make_pdfs.truncated_pdf(folder / "truncated.pdf", folder / "manifesto.pdf")
    make_pdfs.corrupt_pdf(folder / "corrupt.pdf")
    make_pdfs.scanned_pdf(folder / "scanned.pdf", pages=40, text_pages=(1, 2))
    make_pdfs.scanned_pdf(folder / "images_only.pdf", pages=3)
    (folder / "notes.txt").write_text("We will plant a million trees. We will protect green belt land.\n")
    return folder, truth


@pytest.fixture(scope="module")
def out(pdf_dir, tmp_path_factory) -> Path:
    folder, _ = pdf_dir
    target = tmp_path_factory.mktemp("pdf-out")
    report = run([folder], target, jobs=1)
    assert report.n_processed == 3, report.errors  # manifesto, scanned (partly), notes.txt
    return target


def read(out: Path, stage: str) -> pd.DataFrame:
    return pd.read_parquet(out / stage)


def manifesto_rows(out: Path, stage: str) -> pd.DataFrame:
    documents = read(out, "documents")
    doc_id = documents.loc[documents.source_path == "manifesto.pdf", "doc_id"].item()
    rows = read(out, stage)
    return rows[rows.doc_id == doc_id]


def alnum(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def truth_stream(truth: make_pdfs.Truth) -> tuple[str, list[int]]:
    """The fixture's letters and digits in story order, with the page of each."""
    letters, pages = [], []
    for lines in truth.line_pages:
        for text, page in lines:
            letters.append(alnum(text))
            pages.extend([page] * len(alnum(text)))
    return "".join(letters), pages


# --- reading order, headers, hyphenation -----------------------------------------


def test_pdf_fixture_defeats_naive_extraction(pdf_dir):
    """The fixture is a real test: plain pdfplumber text interleaves its columns."""
    import pdfplumber

    folder, truth = pdf_dir
    with pdfplumber.open(folder / "manifesto.pdf") as pdf:
        naive = " ".join(pdf.pages[0].extract_text().split())
    (first, _), (second, _) = truth.line_pages[2][:2]  # two lines of a left-column paragraph
    assert first in naive and f"{first} {second}" not in naive


def test_pdf_reads_columns_in_order_and_joins_paragraphs(out, pdf_dir):
    """Every body paragraph comes out whole, in story order, across columns and pages."""
    _, truth = pdf_dir
    text = manifesto_rows(out, "documents").text.item()
    position = -1
    for block, expected in zip(truth.blocks, truth.texts):
        if block.kind in ("para", "bullet"):
            found = text.find(expected, position + 1)
            assert found > position, f"not found in order: {expected[:60]!r}"
            position = found
    assert manifesto_rows(out, "documents").n_page_breaks_joined.item() == 1


@pytest.mark.parametrize("columns, page_format", [(1, make_pdfs.A5), (3, (595.28, 841.89))])
def test_pdf_reads_one_and_three_columns(tmp_path, columns, page_format):
    truth = make_pdfs.typeset(make_pdfs.MANIFESTO, tmp_path / "m.pdf", columns=columns, page_format=page_format)
    text = read_pdf((tmp_path / "m.pdf").read_bytes()).layout.text
    position = -1
    for block, expected in zip(truth.blocks, truth.texts):
        if block.kind in ("para", "bullet", "broken"):
            found = text.find(expected, position + 1)
            assert found > position, f"not found in order: {expected[:60]!r}"
            position = found
    assert HEADER_TEXT not in text and FOOTER_TEXT not in text


def test_pdf_footer_of_a_one_page_document_does_not_cut_the_flow(tmp_path):
    """A footer that cannot be recognised by repetition is read after the page's body."""
    story = [make_pdfs.Block("para", " ".join(["We will build homes for families in every region."] * 12))]
    truth = make_pdfs.typeset(story, tmp_path / "one.pdf")
    assert truth.n_pages == 1
    text = read_pdf((tmp_path / "one.pdf").read_bytes()).layout.text
    assert text == f"{HEADER_TEXT}\n\n{truth.texts[0]}\n\n{FOOTER_TEXT}"  # the page number is dropped


def test_pdf_drops_running_headers_footers_and_page_numbers(out, pdf_dir):
    _, truth = pdf_dir
    sentences = manifesto_rows(out, "sentences")
    assert not sentences.text.str.contains(HEADER_TEXT).any()
    assert not sentences.text.str.contains(FOOTER_TEXT).any()
    assert not sentences.text.str.fullmatch(r"\d+").any()
    text = manifesto_rows(out, "documents").text.item()
    assert HEADER_TEXT not in text and FOOTER_TEXT not in text
    pages = manifesto_rows(out, "pages")
    assert pages.n_header_footer_lines_dropped.tolist() == [3] * truth.n_pages  # header, footer, number
    assert manifesto_rows(out, "documents").n_header_footer_lines_dropped.item() == 3 * truth.n_pages


def test_pdf_joins_line_end_hyphens_but_keeps_real_hyphens(out, pdf_dir):
    _, truth = pdf_dir
    text = manifesto_rows(out, "documents").text.item()
    assert "greener communities across" in text and "commu-" not in text
    assert truth.hyphenated, "the fixture should hyphenate some words automatically"
    for word in truth.hyphenated:
        assert re.search(rf"\b{word}\b", text), word
    assert "tackle anti-social behaviour with new community protection orders." in text
    assert "antisocial" not in text


def test_pdf_headings_from_type_with_levels(out):
    sections = manifesto_rows(out, "sections").sort_values("ordinal")
    got = list(zip(sections.kind, sections.level, sections.title))
    assert got == [
        ("title", 0, "A Fairer Future"),
        ("heading", 1, "Safer communities"),
        ("heading", 2, "Neighbourhood policing"),
        ("heading", 2, "Justice for victims"),
        ("heading", 1, "A greener economy"),
        ("heading", 2, "Clean energy"),
        ("heading", 2, "Good jobs in every region"),
    ]
    by_title = sections.set_index("title")
    assert by_title.loc["Clean energy", "parent_id"] == by_title.loc["A greener economy", "section_id"]
    assert sections.page_no.tolist() == [1, 1, 1, 1, 3, 3, 3]


def test_pdf_pull_quote_is_a_repeat_not_a_heading(out):
    sentences = manifesto_rows(out, "sentences")
    quoted = sentences[sentences.text == QUOTE]
    assert len(quoted) == 2 and quoted.is_repeat.tolist() == [False, True]
    assert not quoted.is_heading.any()
    assert manifesto_rows(out, "documents").n_repeats.item() == 1


def test_pdf_dingbat_bullets_become_list_items(out):
    sentences = manifesto_rows(out, "sentences")
    items = sentences[sentences.is_list_item]
    assert len(items) == 6
    assert set(items.lead_in) == {"We will:", "We will introduce:"}
    assert items.text.str.match(r"^[a-z]").all(), items.text.tolist()  # no "l", "w" or "●" left in front


# --- page provenance ---------------------------------------------------------------


def test_pdf_page_spans_place_every_sentence_on_its_page(out, pdf_dir):
    """`pages` ranges put each sentence's first character on the page it was printed on."""
    _, truth = pdf_dir
    letters, letter_pages = truth_stream(truth)
    pages = manifesto_rows(out, "pages").sort_values("page_no")
    starts = pages.char_start.tolist()
    assert starts == sorted(starts) and (pages.char_start.iloc[1:].values >= pages.char_end.iloc[:-1].values).all()
    cursor = 0
    sentences = manifesto_rows(out, "sentences").sort_values("ordinal")
    for row in sentences.itertuples():
        found = letters.find(alnum(row.text), cursor)
        assert found >= 0, row.text
        cursor = found
        page = pages[(pages.char_start <= row.char_start) & (row.char_start < pages.char_end)].page_no
        assert page.tolist() == [letter_pages[found]], row.text


def test_pdf_page_number_right_for_every_sentence(out, pdf_dir):
    _, truth = pdf_dir
    letters, letter_pages = truth_stream(truth)
    cursor = 0
    for row in manifesto_rows(out, "sentences").sort_values("ordinal").itertuples():
        cursor = letters.find(alnum(row.text), cursor)
        assert row.page_no == letter_pages[cursor], row.text


def test_pdf_page_numbers_right_for_sentences_starting_a_block(out, pdf_dir):
    _, truth = pdf_dir
    letters, letter_pages = truth_stream(truth)
    cursor = 0
    sentences = manifesto_rows(out, "sentences").sort_values("ordinal")
    first_in_block = ~sentences.paragraph.duplicated()
    for row, first in zip(sentences.itertuples(), first_in_block):
        cursor = letters.find(alnum(row.text), cursor)
        if first:
            assert row.page_no == letter_pages[cursor], row.text


def test_pdf_pages_dataset_and_text_files(out, pdf_dir):
    _, truth = pdf_dir
    pages = manifesto_rows(out, "pages")
    assert pages.page_no.tolist() == list(range(1, truth.n_pages + 1))
    assert pages.width.round(1).eq(419.5).all() and pages.height.round(1).eq(595.3).all()
    assert pages.n_columns.tolist() == [2, 1, 2] and pages.has_text_layer.all()
    documents = read(out, "documents").set_index("source_path")
    assert documents.loc["manifesto.pdf", "format"] == "pdf" and documents.loc["manifesto.pdf", "n_pages"] == truth.n_pages
    assert pd.isna(documents.loc["manifesto.pdf", "encoding"])
    notes_id = documents.loc["notes.txt", "doc_id"]
    assert not (read(out, "pages").doc_id == notes_id).any()
    assert pd.isna(documents.loc["notes.txt", "n_header_footer_lines_dropped"])


# --- broken fonts --------------------------------------------------------------------


def test_pdf_repairs_broken_full_stops_and_flags_what_it_cannot(out, pdf_dir):
    folder, _ = pdf_dir
    text = manifesto_rows(out, "documents").text.item()
    assert "over the parliament. We will fund it fairly." in text
    assert "cost \ufffd5bn" in text  # the pound sign cannot be known: left visible...
    pages = manifesto_rows(out, "pages").set_index("page_no")
    assert pages.loc[3, "n_glyphs_repaired"] == 2 and pages.loc[3, "n_glyphs_unrepaired"] == 1
    assert pages.n_glyphs_unrepaired.sum() == manifesto_rows(out, "documents").n_glyphs_unrepaired.item() == 1
    layout = read_pdf((folder / "manifesto.pdf").read_bytes()).layout
    garbled = [layout.text[b.char_start:b.char_end] for b in layout.blocks if b.garbled]
    assert garbled == ["Our investment plan will cost \ufffd5bn over the parliament. We will fund it fairly."]  # ...and flagged
    sentences = manifesto_rows(out, "sentences")
    assert sentences[sentences.text.str.contains("\ufffd5bn")].is_garbled.all()
    claims = manifesto_rows(out, "claims")
    assert not claims.text.str.contains("5bn").any()  # no figure is read from garbled text


@pytest.mark.parametrize("raw, expected, repaired, unrepaired", [
    ("the parliament\ufffd We will", "the parliament. We will", 1, 0),
    ("fund it fairly\ufffd", "fund it fairly.", 1, 0),
    ("cost \ufffd5bn", "cost \ufffd5bn", 0, 1),
    ("rose by 2\ufffd5 per cent", "rose by 2.5 per cent", 1, 0),  # a decimal point: a number and its unit around it
    ("\u00a35\ufffd2bn and 0\ufffd7%", "\u00a35.2bn and 0.7%", 2, 0),
    ("10\ufffd000 jobs on page 3\ufffd4", "10\ufffd000 jobs on page 3\ufffd4", 0, 2),  # a comma? a range? not certain
    ("parents\ufffd rights", "parents\ufffd rights", 0, 1),  # an apostrophe or comma: not certain
    ("(cid:91)bn for schools", "\ufffdbn for schools", 0, 1),
    ("\uf001nance and \ue123", "finance and \ufffd", 1, 1),
])
def test_pdf_repair_glyphs_only_where_certain(raw, expected, repaired, unrepaired):
    assert repair_glyphs(raw) == (expected, repaired, unrepaired)


def word(text: str, x0: float, font: str = "Helvetica", size: float = 10.0, dingbat: bool = False) -> _Word:
    return _Word(text, x0, x0 + 5 * len(text), 100.0, 111.0, _Style(size, "Bold" in font, dingbat, font))


def seg(*words: _Word) -> _Seg:
    return _Seg(list(words), words[0].x0, words[-1].x1, 100.0, 111.0)


def test_pdf_wingdings_letter_at_line_start_is_a_bullet():
    line = make_line([seg(word("w", 40, "ABCDEF+Wingdings-Regular", dingbat=True), word("Cut", 52), word("taxes", 72))])
    assert line.bullet and line.text == "• Cut taxes"
    line = make_line([seg(word("l", 40, "SymbolFontX"), word("protect", 52), word("services", 90))])
    assert line.bullet and line.text == "• protect services"  # a lone glyph in another font


def test_pdf_dingbat_inside_a_line_is_counted_and_ligatures_are_normalised():
    line = make_line([seg(word("We", 40), word("\ufb01nd", 60), word("l", 90, "Wingdings", dingbat=True), word("here", 100))])
    assert line.text == "We find \ufffd here" and line.n_unrepaired == 1 and not line.bullet


@pytest.mark.parametrize("first", [word("W", 40, "Baskerville", size=30),  # a drop capital
                                   word("\u201c", 40, "Georgia"),  # an opening quote from another font
                                   word("a", 40, "Helvetica-Oblique")])
def test_pdf_single_glyph_in_another_font_that_is_not_a_bullet(first):
    line = make_line([seg(first, word("new", 60), word("deal", 80))])
    assert not line.bullet


def test_pdf_join_lines_undoes_hyphenation_from_vocabulary():
    vocabulary = {"communities", "anti-social", "well-being"}
    assert join_lines("our commu-", "nities", vocabulary) == "our communities"
    assert join_lines("tackle anti-", "social behaviour", vocabulary) == "tackle anti-social behaviour"
    assert join_lines("for self-", "employed people", set()) == "for self-employed people"  # neither spelling known
    assert join_lines("the govern-", "ment", set()) == "the government"
    assert join_lines("We will", "act", set()) == "We will act"


# --- reading order on hand-made pages ----------------------------------------------


def column_line(text: str, x0: float, top: float, width: float = 200.0, size: float = 10.0) -> _Seg:
    words = text.split()
    step = width / max(len(words), 1)
    made = [_Word(w, x0 + i * step, x0 + i * step + step * 0.8, top, top + 11, _Style(size, False, False, "Helvetica"))
            for i, w in enumerate(words)]
    return _Seg(made, made[0].x0, made[-1].x1, top, top + 11)


def texts(columns: list[list[_Seg]]) -> list[str]:
    return [s.text for column in columns for s in sorted(column, key=lambda s: s.top)]


def test_pdf_reading_order_title_then_columns_then_footer_note():
    segs = [column_line("Title across both columns of the page here", 40, 40, width=480)]
    segs += [column_line(f"left line {i}", 40, 80 + 13 * i) for i in range(6)]
    segs += [column_line(f"right line {i}", 280, 80 + 13 * i) for i in range(6)]
    segs += [column_line("A closing note set across the whole width of the page", 40, 200, width=480)]
    order = texts(order_segments(sorted(segs, key=lambda s: (s.top, s.x0)), 10.0))
    assert order == ([segs[0].text] + [f"left line {i}" for i in range(6)] + [f"right line {i}" for i in range(6)]
                     + [segs[-1].text])


def test_pdf_reading_order_pull_quote_across_columns_does_not_cut_the_flow():
    left = [column_line(t, 40, 80 + 13 * i) for i, t in enumerate(["We will build new", "homes for every", "family that"])]
    left += [column_line(t, 40, 170 + 13 * i) for i, t in enumerate(["needs one, and we", "will start now."])]
    right = [column_line(f"right column line {i}", 280, 80 + 13 * i) for i in range(8)]
    quote = column_line("A home for every family", 60, 130, width=440, size=16)
    order = texts(order_segments(left + right + [quote], 10.0))
    assert order[:5] == ["We will build new", "homes for every", "family that", "needs one, and we", "will start now."]
    assert order[-1] == "A home for every family"


def test_pdf_reading_order_single_column_with_right_aligned_lines_stays_top_down():
    segs = [column_line("Introduction", 40, 40, width=80, size=14)]
    segs += [column_line(f"body line {i} of a single column that runs across the page", 40, 60 + 13 * i, width=480)
             for i in range(5)]
    segs += [column_line("Our plan:", 40, 130, width=60), column_line("• homes", 40, 143, width=50),
             column_line("1 May 2024", 440, 156, width=80), column_line("Jane Smith, leader", 420, 169, width=100),
             column_line("• jobs", 40, 182, width=40)]
    segs += [column_line(f"more body {i} of the same single column across the page", 40, 200 + 13 * i, width=480)
             for i in range(3)]
    order = texts(order_segments(segs, 10.0))
    assert order == [s.text for s in sorted(segs, key=lambda s: s.top)]


# --- bad PDFs --------------------------------------------------------------------


def test_pdf_bad_files_get_clear_errors_and_do_not_stop_the_batch(out):
    errors = read(out, "errors")
    by_file = {row.source_path: (row.severity, row.kind, row.message) for row in errors.itertuples()}
    assert by_file["encrypted.pdf"][:2] == ("error", "encrypted")
    assert by_file["truncated.pdf"][:2] == ("error", "truncated")
    assert by_file["corrupt.pdf"][:2] == ("error", "corrupt")
    assert by_file["images_only.pdf"] == ("error", "no_text", "no text layer on pages 1–3; OCR is not supported")
    assert by_file["scanned.pdf"][:2] == ("warning", "ingest")
    assert by_file["scanned.pdf"][2].startswith("no text layer on pages 3–40; OCR is not supported")
    assert set(read(out, "documents").source_path) == {"manifesto.pdf", "scanned.pdf", "notes.txt"}


def test_pdf_partly_scanned_keeps_its_text_pages(out):
    pages = read(out, "pages")
    documents = read(out, "documents").set_index("source_path")
    scanned = pages[pages.doc_id == documents.loc["scanned.pdf", "doc_id"]].sort_values("page_no")
    assert len(scanned) == 40 and scanned.has_text_layer.tolist() == [True, True] + [False] * 38
    assert (scanned.char_start.iloc[2:] == scanned.char_end.iloc[2:]).all()  # empty ranges
    assert "We will cut waiting lists" in documents.loc["scanned.pdf", "text"]


def test_pdf_truncated_file_is_named_truncated_not_corrupt(pdf_dir):
    folder, _ = pdf_dir
    with pytest.raises(IngestError) as error:
        load_document(next(f for f in discover([folder]).inputs if f.source_path == "truncated.pdf"))
    assert error.value.kind == "truncated"


@pytest.mark.parametrize("data, kind", [(b"", "empty"), (b"<html>not a pdf</html>", "corrupt"),
                                        (b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n", "truncated")])
def test_pdf_envelope_checks(data, kind):
    with pytest.raises(IngestError) as error:
        check_envelope(data)
    assert error.value.kind == kind


def test_pdf_encrypted_error_from_both_character_sources(pdf_dir):
    folder, _ = pdf_dir
    for source in ("pdfium", "pdfplumber"):
        with pytest.raises(IngestError) as error:
            read_pdf((folder / "encrypted.pdf").read_bytes(), source=source)
        assert error.value.kind == "encrypted", source


@pytest.mark.parametrize("text, is_number", [("12", True), ("Page 3", True), ("3 of 40", True), ("- 4 -", True),
                                             ("iv", True), ("2024", True), ("Page three", False), ("12 ideas", False)])
def test_pdf_page_number_pattern(text, is_number):
    assert bool(PAGE_NUMBER.match(text)) is is_number


def test_pdf_page_ranges_are_written_for_people():
    assert page_ranges([3, 4, 5, 40, 39, 38]) == "pages 3–5, 38–40"
    assert page_ranges([2]) == "page 2"


# --- the two character sources ----------------------------------------------------


def test_pdf_character_sources_agree(pdf_dir):
    folder, _ = pdf_dir
    data = (folder / "manifesto.pdf").read_bytes()
    fast, slow = read_pdf(data, source="pdfium"), read_pdf(data, source="pdfplumber")
    assert fast.layout.text == slow.layout.text
    assert [(b.kind, b.level, b.page_no) for b in fast.layout.blocks] == [(b.kind, b.level, b.page_no) for b in slow.layout.blocks]
    assert fast.layout.pages == slow.layout.pages


def test_pdf_every_stage_with_offsets_carries_the_page(out):
    pages = manifesto_rows(out, "pages")
    for stage in ("sections", "sentences", "pledges", "claims", "entities"):
        rows = manifesto_rows(out, stage)
        assert len(rows) and rows.page_no.notna().all(), stage
        for row in rows.itertuples():
            page = pages[(pages.char_start <= row.char_start) & (row.char_start < pages.char_end)].page_no.tolist()
            assert page == [row.page_no], (stage, row.text if hasattr(row, "text") else row.char_start)
