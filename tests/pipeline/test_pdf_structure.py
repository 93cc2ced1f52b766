"""PDF structure: page roles, the section tree, furniture and broken fonts
(pipeline/pdf_roles.py, pdf_headings.py, pdf_furniture.py, pdf_fonts.py), on fixtures
built with fpdf2 and on pages of the real manifestos in ../shared/dev/pdfs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from manifesto.pipeline.pdf import read_pdf
from manifesto.pipeline.pdf_fonts import learn_substitution, repair_decimals
from manifesto.pipeline.pdf_headings import not_a_heading, size_clusters
from manifesto.pipeline.pdf_roles import PageLine, contents_entries, page_role
from manifesto.pipeline.runner import run

from ..fixtures import make_pdfs

ROOT = Path(__file__).resolve().parents[2]
DEV_PDFS = ROOT.parent / "shared" / "dev" / "pdfs"


@pytest.fixture(scope="module")
def structured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structured")
    truth = make_pdfs.structured_pdf(folder / "structured.pdf")
    return folder / "structured.pdf", truth


@pytest.fixture(scope="module")
def layout(structured):
    path, _ = structured
    return read_pdf(path.read_bytes()).layout


@pytest.fixture(scope="module")
def out(structured, tmp_path_factory):
    path, _ = structured
    target = tmp_path_factory.mktemp("structured-out")
    report = run([path.parent], target, jobs=1)
    assert report.n_processed == 1, report.errors
    return target


def headings(layout) -> list[tuple[int, str]]:
    return [(b.level, layout.text[b.char_start:b.char_end]) for b in layout.blocks if b.kind == "heading"]


# --- page roles ------------------------------------------------------------------------


def test_pdf_page_roles_of_cover_contents_index_and_body(layout, structured):
    _, truth = structured
    assert {page.page_no: page.role for page in layout.pages} == truth["roles"]


def test_pdf_page_role_rules_on_lines():
    contents = [PageLine("Contents", 20, True)] + [PageLine(f"Chapter {k} ........ {3 + 2 * k}", 11, False) for k in range(5)]
    assert page_role(contents, 2, 30, True, False) == "contents"
    folios = [PageLine(t, 11, False) for t in ("Introduction", "Health", "Schools", "Housing", "4", "9", "15", "22")]
    assert page_role(folios, 2, 30, True, False) == "contents"  # titles and a column of page numbers
    index = [PageLine(f"{term}, {k + 2}, {k + 9}", 9, False) for k, term in enumerate(make_pdfs.INDEX_TERMS)]
    assert page_role(index, 29, 30, True, False) == "index"
    prose = [PageLine("We will build more homes for the families of this country and cut rents for all.", 10, False)] * 8
    assert page_role(prose, 1, 30, True, False) == "body"
    table = [PageLine(f"In {2010 + k} we built {k * 1000 + 500} homes", 10, False) for k in range(6)]
    assert page_role(table, 4, 30, True, False) == "body"  # numbers that are no page references
    assert page_role([], 5, 30, False, False) == "blank"
    assert page_role([], 5, 30, False, True) == "image"


def test_pdf_contents_entries_without_leaders_numbers_or_sections():
    lines = [PageLine("Contents", 20, True), PageLine("1. A stronger economy ....... 4", 12, True),
             PageLine("Jobs and wages ....... 5", 10, False), PageLine("2. Our public services ....... 9", 12, True),
             PageLine("Health ....... 10", 10, False), PageLine("Index ....... 30", 12, True)]
    entries = contents_entries(lines, 2, 40)
    assert [(e.text, e.ref) for e in entries] == [("A stronger economy", 4), ("Our public services", 9)]  # no "Index"


def test_pdf_blank_page_is_not_reported_as_missing_a_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    for text in ("We will build homes.", None, "We will cut rents."):
        pdf.add_page()
        if text:
            pdf.set_font("Helvetica", "", 10)
            pdf.text(60, 100, text)
    result = read_pdf(bytes(pdf.output()))
    assert [p.role for p in result.layout.pages] == ["body", "blank", "body"]
    assert not result.warnings


# --- what non-body pages must not give ---------------------------------------------


def test_pdf_sentences_carry_their_page_role_and_claims_read_body_pages_only(out):
    sentences = pd.read_parquet(out / "sentences")
    pages = pd.read_parquet(out / "pages").set_index("page_no")
    assert (sentences.page_role == sentences.page_no.map(pages.role)).all()
    assert {"cover", "contents", "index", "body"} <= set(sentences.page_role)
    # the cover's "10,000 more nurses", the contents' and the index's page numbers: figures on non-body pages
    assert sentences[sentences.page_role != "body"].text.str.contains(r"\d").any()
    for stage in ("claims", "pledges", "entities"):
        rows = pd.read_parquet(out / stage)
        assert len(rows), stage
        assert set(rows.page_no.map(pages.role)) == {"body"}, stage


# --- the section tree ------------------------------------------------------------------


def test_pdf_chapters_at_level_1_sections_below_and_no_chart_labels(layout, structured):
    _, truth = structured
    found = headings(layout)
    assert [text for level, text in found if level == 1] == truth["chapters"]
    assert [text for level, text in found if level == 2] == truth["sections"]
    assert not set(truth["chart_labels"]) & {text for _, text in found}
    assert all(1 <= level <= 4 for level, _ in found)


def test_pdf_a_title_over_two_lines_is_one_heading(layout, structured):
    _, truth = structured
    long_title = max(truth["chapters"], key=len)
    assert (1, long_title) in headings(layout)


def test_pdf_sections_and_sentences_carry_their_path(out, structured):
    _, truth = structured
    sections = pd.read_parquet(out / "sections")
    paths = set(sections.section_path.dropna())
    assert f"{truth['chapters'][0]} › {truth['sections'][0]}" in paths
    sentences = pd.read_parquet(out / "sentences")
    wage = sentences[sentences.text.str.startswith("Unemployment fell")]
    assert wage.section_path.item() == f"{truth['chapters'][0]} › {truth['sections'][0]}"


@pytest.mark.parametrize("text, label", [
    ("31 30.9 million", True), ("Million", True), ("hundreds of thousands", True), ("£5bn", True),
    ("“We will never give up”", True), ("Source: ONS", True), ("75%", True),
    ("A stronger economy", False), ("2. Health and care", False), ("Brexit", False), ("Our 10 pledges", False),
])
def test_pdf_chart_labels_statistics_and_quotes_are_not_headings(text, label):
    assert not_a_heading(text) is label


def test_pdf_heading_sizes_cluster_within_ten_percent():
    assert size_clusters([24, 23, 16, 15.5, 12, 11, 10.5]) == {24: 0, 23: 0, 16: 1, 15.5: 1, 12: 2, 11: 2, 10.5: 3}


# --- furniture ---------------------------------------------------------------------------


def test_pdf_side_tab_digits_are_dropped(layout):
    pages = {page.page_no: page for page in layout.pages}
    assert all(pages[n].n_lines_dropped == 1 for n in (3, 4, 5))
    for block in layout.blocks:
        text = layout.text[block.char_start:block.char_end]
        if pages[block.page_no].role == "body":
            assert not text.endswith((" 1", " 2", " 3")), text


# --- broken fonts ------------------------------------------------------------------------


def test_pdf_broken_font_mapping_is_learned_and_repaired(layout):
    assert make_pdfs.BROKEN_PARAGRAPH in layout.text
    assert "Times-Roman: '('→'E', ':'→'W', 'T'→'Q', '['→'x'" in layout.repairs  # marks and a letter for letters
    page = next(p for p in layout.pages if p.page_no == 4)
    assert page.n_words_repaired > 20 and page.unreadable_fonts is None


def test_pdf_decimal_points_printed_as_replacement_characters_are_repaired(layout):
    for figure in ("2.5 per cent", "0.7% of national income", "£5.2bn"):
        assert figure in layout.text
    assert "\ufffd" not in layout.text
    assert sum(p.n_glyphs_repaired for p in layout.pages) == 6  # three decimal points, three full stops


def test_pdf_claims_read_the_repaired_decimals(out):
    claims = pd.read_parquet(out / "claims")
    assert {2.5, 0.7, 5.2e9} <= set(claims.value.dropna().round(6))


def test_pdf_font_that_cannot_be_repaired_is_flagged_with_its_pages(tmp_path):
    meant = make_pdfs.scrambled_font_pdf(tmp_path / "scrambled.pdf")
    result = read_pdf((tmp_path / "scrambled.pdf").read_bytes())
    assert result.layout.unreadable_fonts == "Times-Roman (page 1)"
    assert result.layout.pages[0].unreadable_fonts == "Times-Roman"
    assert any("Times-Roman" in w and "could not be repaired" in w for w in result.warnings)
    assert meant not in result.layout.text and result.layout.repairs is None
    garbled = [b for b in result.layout.blocks if b.garbled]
    assert garbled and all("wvyy" not in result.layout.text[b.char_start:b.char_end] or b.garbled for b in result.layout.blocks)


def test_pdf_learn_substitution_needs_several_different_words():
    words = frozenset("we wales westminster will every england europe the be he me".split())
    from collections import Counter

    tokens = Counter({":e": 9, ":ales": 2, ":estminster": 1, "(ngland": 3, "(urope": 1, "(very": 1, "will": 5})
    assert learn_substitution(tokens, words) == {":": "W", "(": "E"}
    assert learn_substitution(Counter({":e": 9, "will": 5}), words) == {}  # one non-word: be, he, me or we?
    assert repair_decimals("cost \u00a312\ufffd50 an hour") == ("cost \u00a312.50 an hour", 1)


# --- the real manifestos in ../shared/dev/pdfs ----------------------------------------


@pytest.fixture(scope="module")
def conservative():
    return read_pdf((DEV_PDFS / "uk2017_conservative.pdf").read_bytes())


def test_pdf_real_contents_page_found_and_its_chapters_at_level_1(conservative):
    layout = conservative.layout
    roles = {page.page_no: page.role for page in layout.pages}
    assert roles[1] == "cover" and roles[5] == "contents"
    assert len(conservative.contents) == 8
    level_one = [layout.text[b.char_start:b.char_end].lower() for b in layout.blocks if b.kind == "heading" and b.level == 1]
    for entry in conservative.contents:
        assert entry.lower() in level_one, entry
    assert len(level_one) <= 2 * len(conservative.contents) + 3
    assert max(b.level for b in layout.blocks if b.kind == "heading") <= 4


def test_pdf_real_chart_labels_are_not_headings(conservative):
    layout = conservative.layout
    found = {layout.text[b.char_start:b.char_end] for b in layout.blocks if b.is_heading}
    assert not {"Million", "hundreds of thousands"} & found
    assert not any(text[:1].isdigit() and "million" in text for text in found)


def test_pdf_real_side_tabs_leave_no_digits_in_headings():
    layout = read_pdf((DEV_PDFS / "uk2017_sdlp.pdf").read_bytes()).layout
    assert sum(page.n_lines_dropped for page in layout.pages) >= 30  # a side folio on nearly every page
    for block in layout.blocks:
        if block.is_heading:
            assert not layout.text[block.char_start:block.char_end].rstrip()[-1:].isdigit()


def test_pdf_real_contents_with_chapters_and_sections_keeps_chapters_at_level_1():
    result = read_pdf((DEV_PDFS / "uk2017_green_ni.pdf").read_bytes())
    layout = result.layout
    level_one = [layout.text[b.char_start:b.char_end] for b in layout.blocks if b.kind == "heading" and b.level == 1]
    assert "Your Public Services" in level_one and "Health" not in level_one
    assert len(level_one) <= 12


def test_pdf_real_chapter_running_heads_are_dropped(conservative):
    layout = conservative.layout
    blocks = [layout.text[b.char_start:b.char_end] for b in layout.blocks]
    assert blocks.count("FIVE GIANT CHALLENGES") == 1 and blocks.count("FOREWORD") == 1  # the chapter titles only
    assert not any(text.startswith("THE CONSERVATIVE AND UNIONIST PARTY MANIFESTO") for text in blocks[2:])


def test_pdf_contents_entries_match_in_order_and_out_of_order():
    from types import SimpleNamespace

    from manifesto.pipeline.pdf_headings import match_contents
    from manifesto.pipeline.pdf_roles import ContentsEntry

    def unit(text, page, size=20.0):
        return SimpleNamespace(content=text, page_no=page, size=size)

    body = [unit("OUR ECONOMY", 3, 9.0), unit("Our economy", 3), unit("Jobs", 4, 14.0), unit("How do we pay for it?", 9),
            unit("OUR ENVIRONMENT", 6), unit("FOREWORD", 2)]
    entries = [ContentsEntry(text, 12, True, None, 2) for text in
               ("Our economy", "How do we pay for it?", "Our environment", "Foreword Michelle", "Nowhere")]
    matched = match_contents(entries, body)
    # the larger of two on a page; "Our environment" found although it comes before the last match;
    # "FOREWORD" is on the contents page itself; "Nowhere" is nowhere
    assert [u.content for u in matched] == ["Our economy", "How do we pay for it?", "OUR ENVIRONMENT"]


def test_pdf_broken_body_font_is_repaired_although_the_document_reads_no_better():
    """The broken font may be the body font: the whole document then reads as badly."""
    from types import SimpleNamespace

    from manifesto.pipeline.pdf_fonts import repair_fonts

    style = SimpleNamespace(font="Body")
    broken = make_pdfs.BROKEN_PARAGRAPH.translate({ord("W"): ":", ord("E"): "(", ord("x"): "["})
    words = [SimpleNamespace(text=w, style=style, unreadable=False) for w in broken.split()]
    page = SimpleNamespace(page_no=1, segs=[SimpleNamespace(words=words)])
    repairs = repair_fonts([page])
    assert repairs.mappings == {"Body": {":": "W", "(": "E", "[": "x"}}
    assert " ".join(w.text for w in words) == make_pdfs.BROKEN_PARAGRAPH


def test_pdf_real_label_panels_are_not_headings_but_headings_over_lists_stay():
    """Three or more blocks of one heading style in a row with no text between them are
    labels (a panel of candidates' names, a panel listing the chapters); headings that
    each head a list are kept."""
    def heading_texts(name: str, page_no: int) -> list[str]:
        layout = read_pdf((DEV_PDFS / name).read_bytes()).layout
        return [layout.text[b.char_start:b.char_end] for b in layout.blocks if b.kind == "heading" and b.page_no == page_no]

    assert not {"Tanya Jones Steven Agnew", "Strangford West Tyrone"} & set(heading_texts("uk2017_green_ni.pdf", 12))
    assert not [text for text in heading_texts("uk2017_plaid_cymru.pdf", 7) if " P" in text and text[-1].isdigit()]
    assert {"Recognising parental roles", "Equality in the workplace", "Sanitary protection"} <= set(
        heading_texts("uk2017_national_health_action.pdf", 32))


def test_pdf_bold_run_in_head_going_on_in_regular_type_is_one_block(tmp_path):
    """A list of reforms whose first words are set in bold, the sentence going on in
    regular type on the next line: one block each, no heading."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(60, 60)
    pdf.multi_cell(420, 13, "We have suggested a number of reforms which we believe are essential. " * 6)
    y = 200
    for head, rest in [("Better regulation of how the Executive operates", "internally and outwardly, with a set of standards."),
                       ("Fundamental reform of the Petition of Concern", "mechanism, limiting it only to legislation."),
                       ("Our plan", "The Assembly will meet weekly and publish its minutes.")]:
        pdf.set_font("Helvetica", "B", 10)
        pdf.text(60, y, head)
        pdf.set_font("Helvetica", "", 10)
        pdf.text(60, y + 13, rest)
        y += 40
    pdf.output(str(tmp_path / "run_in.pdf"))
    layout = read_pdf((tmp_path / "run_in.pdf").read_bytes()).layout
    blocks = [(b.kind, layout.text[b.char_start:b.char_end]) for b in layout.blocks]
    assert ("paragraph", "Better regulation of how the Executive operates internally and outwardly, with a set of standards.") in blocks
    assert ("paragraph", "Fundamental reform of the Petition of Concern mechanism, limiting it only to legislation.") in blocks
    assert ("heading", "Our plan") in blocks  # a bold head over a sentence that starts afresh stays a heading


@pytest.mark.parametrize("name, sentence", [
    # a two-page spread: 11 pt gutter against 12 pt type, crossed by a display-type title
    ("uk2017_green_ni.pdf", "The natural environment is defined by the impact that human decision-making has on it."),
    # justified lines whose wide word gaps cut them into single words side by side
    ("uk2017_sinn_fein.pdf", "Rights would not apply, and the EU Court of Justice (ECJ) would not be the final arbiter in "
                             "providing rights’ protections."),
])
def test_pdf_real_columns_are_read_one_after_the_other(name, sentence):
    assert sentence in read_pdf((DEV_PDFS / name).read_bytes()).layout.text


def test_pdf_real_contents_columns_with_page_numbers_are_read_column_by_column():
    """A contents page in two columns, each a column of titles and a column of page
    numbers: the numbers are evidence of the columns, the entries come out whole."""
    contents = read_pdf((DEV_PDFS / "uk2017_green_ni.pdf").read_bytes()).contents
    assert contents[:5] == ("Key Points", "Introduction", "Brexit", "A Referendum on any Brexit Deal", "Your Public Services")
    assert len(contents) == 30
