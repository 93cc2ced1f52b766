"""Layout normalisation on real manifesto text and on the failure modes of PDF text."""

from __future__ import annotations

import pytest

from manifesto.pipeline.layout import normalise

from ..conftest import CONSERVATIVE, LABOUR, RAW


def blocks_of(text: str) -> list[tuple[str, str]]:
    layout = normalise(text)
    return [(b.kind, layout.text[b.char_start:b.char_end]) for b in layout.blocks]


def test_layout_joins_paragraph_cut_by_page_break():
    text = "Reforms will raise professional standards and\n\nensure our police service is equipped.\n"
    assert blocks_of(text) == [("paragraph", "Reforms will raise professional standards and ensure our police service is equipped.")]


def test_layout_joins_page_break_before_capitalised_word_inside_sentence():
    text = ("We will publish the first UK-wide Bill, set up a Commissioner to enforce national minimum standards in "
            "preventing domestic and sexual violence and establish a National Refuge\n\n"
            "Fund and continue to provide stability of central funding.\n")
    kinds = blocks_of(text)
    assert len(kinds) == 1 and "National Refuge Fund and continue" in kinds[0][1]


def test_layout_joins_short_fragment_ending_in_a_function_word():
    text = "Heading Here\n\nWe will work with the\n\nPolice Federation on reform.\n"
    assert blocks_of(text)[1] == ("paragraph", "We will work with the Police Federation on reform.")


def test_layout_keeps_heading_before_body_separate():
    text = "Introduction\n\nThe first priority of the next government will be to keep people safe.\n"
    assert blocks_of(text) == [("title", "Introduction"), ("paragraph", "The first priority of the next government will be to keep people safe.")]


def test_layout_bullets_keep_their_lead_in_and_continuations():
    text = ("Some text here that ends properly.\n\nLabour will:\n\n- Protect neighbourhood policing, ending the subsidy\n\n"
            "for firearms licensing\n- Abolish Police and Crime Commissioners\n\n2. Preventing crime\n\nBody text follows here.\n")
    layout = normalise(text)
    items = [b for b in layout.blocks if b.kind == "list_item"]
    assert [layout.text[b.char_start:b.char_end] for b in items] == [
        "Protect neighbourhood policing, ending the subsidy for firearms licensing",
        "Abolish Police and Crime Commissioners",
    ]
    assert {b.lead_in for b in items} == {"Labour will:"}
    heading = next(b for b in layout.blocks if b.kind == "heading")
    assert (heading.number, heading.level, layout.text[heading.char_start:heading.char_end]) == ("2", 1, "Preventing crime")


def test_layout_numbered_sentence_is_not_a_heading():
    kinds = blocks_of("Intro text that ends.\n\n1 in 20 children in the UK have been abused according to the NSPCC.\n")
    assert kinds[1] == ("paragraph", "1 in 20 children in the UK have been abused according to the NSPCC.")


def test_layout_strips_conversion_markup():
    layout = normalise("**A BETTER PLAN\nTO SECURE SAFER\nCOMMUNITIES**\n\nEd Miliband *Yvette* *Sadiq*\n\nIntroduction\n\nText.\n")
    assert "*" not in layout.text
    assert layout.text.startswith("A BETTER PLAN TO SECURE SAFER COMMUNITIES")


def test_layout_marks_pull_quote_repeat_not_heading():
    body = "Despite savings, there are around 3,000 more adult male prison places today than in 2010. We will save more."
    layout = normalise(f"{body}\n\nThere are around 3,000 more adult male prison places today than in 2010\n\nWe will protect victims\n\nBody.\n")
    repeat = layout.blocks[1]
    assert repeat.is_repeat and not repeat.is_heading
    assert not layout.blocks[0].is_repeat


def test_layout_short_lines_in_a_run_are_lines_and_the_last_is_a_heading():
    text = "Britain succeeds when people feel secure.\n\nEd Miliband\n\nYvette Cooper\n\nIntroduction\n\nThe first priority is safety.\n"
    assert [k for k, _ in blocks_of(text)] == ["paragraph", "line", "line", "heading", "paragraph"]


def test_layout_colon_heading_gives_sub_headings_level_two():
    text = ("text before.\n\nOur plan of action:\n\nWe will finish the job of police reform\n\nWe will ensure proper provision.\n\n"
            "We will reform our prison system\n\nWe will close old prisons.\n")
    layout = normalise(text)
    headings = [(layout.text[b.char_start:b.char_end], b.level) for b in layout.blocks if b.is_heading]
    assert headings == [("Our plan of action:", 1), ("We will finish the job of police reform", 2), ("We will reform our prison system", 2)]


def test_layout_undoes_line_end_hyphenation_but_keeps_real_hyphens():
    layout = normalise("Safer commu-\nnities need anti-social behaviour tackled, and anti-\nsocial acts stopped.\n")
    assert "communities" in layout.text
    assert "anti-social acts" in layout.text


def test_layout_keeps_the_hyphen_of_a_compound_the_document_spells_nowhere_else():
    """Web pages converted from PDFs break compounds at a line end ("means-\ntesting"):
    two English words that are no word together keep their hyphen."""
    layout = normalise("We will end means-\ntesting and the gold-\nplating of rules in our commu-\nnities.\n")
    assert layout.text == "We will end means-testing and the gold-plating of rules in our communities."


def test_layout_normalises_ligatures_and_odd_spaces():
    layout = normalise("E\ufb03cient\u00a0police\u200b forces.\n")
    assert layout.text == "Efficient police forces."


def test_layout_extract_starting_mid_sentence_is_a_paragraph():
    layout = normalise((RAW / CONSERVATIVE).read_text(encoding="utf-8"))
    first = layout.blocks[0]
    assert first.kind == "paragraph" and layout.text.startswith("on rehabilitating offenders")


def test_layout_offsets_point_into_text_for_sample_corpus():
    for name in (LABOUR, CONSERVATIVE):
        layout = normalise((RAW / name).read_text(encoding="utf-8"))
        for block in layout.blocks:
            content = layout.text[block.char_start:block.char_end]
            assert content and content == content.strip()


def test_layout_numbered_item_wrapped_over_lines_is_a_list_item_not_a_numbered_heading():
    """"1. No hard border, or" reads like a numbered heading on its first line; the whole
    block is a sentence under a lead-in, so it is a list item that inherits the lead-in."""
    layout = normalise("Our five priorities are:\n\n1. No hard border, or\ninternal borders within the UK.\n\n"
                       "2. Future-proofing our\neconomy by investing in skills.\n\n3. Rural life\n")
    kinds = [(b.kind, layout.text[b.char_start:b.char_end]) for b in layout.blocks]
    assert kinds[:3] == [("lead_in", "Our five priorities are:"),
                         ("list_item", "No hard border, or internal borders within the UK."),
                         ("list_item", "Future-proofing our economy by investing in skills.")]
    assert kinds[3][0] != "list_item"  # "3. Rural life" is a numbered heading
    assert layout.blocks[1].lead_in == "Our five priorities are:"


def test_layout_unmarked_blocks_after_a_colon_are_its_list():
    """A web page without list markup, a PDF without bullet glyphs or a sentence table
    gives each item as a block of its own: a run of at least two short blocks without a
    final full stop after a colon is the colon's list, up to a short heading with body
    text after it."""
    text = ("Wales needs investment.\n\nPlaid Cymru MPs will demand:\n\nFull electrification of the railway to Swansea\n\n"
            "Investment of £1 billion in the North Wales rail network\n\nA tidal lagoon for Swansea Bay\n\n"
            "Health\n\nWe will recruit 1,000 more doctors.\n")
    layout = normalise(text)
    kinds = [(b.kind, layout.text[b.char_start:b.char_end][:22], b.lead_in) for b in layout.blocks]
    assert kinds == [
        ("paragraph", "Wales needs investment", None),
        ("lead_in", "Plaid Cymru MPs will d", None),
        ("list_item", "Full electrification o", "Plaid Cymru MPs will demand:"),
        ("list_item", "Investment of £1 billi", "Plaid Cymru MPs will demand:"),
        ("list_item", "A tidal lagoon for Swa", "Plaid Cymru MPs will demand:"),
        ("heading", "Health", None),
        ("paragraph", "We will recruit 1,000 ", None)]


def test_layout_a_colon_before_sentences_capitals_or_one_block_opens_no_list():
    sentences = "The choice is clear:\n\nWe will cut taxes.\n\nThey will raise them.\n"
    assert [k for k, _ in blocks_of(sentences)] == ["title", "paragraph", "paragraph"]
    contents = "A vote for us:\n\nSTRONGER SCHOOLS P8\n\nSAFER STREETS P12\n\nBody text of the page follows here.\n"
    assert "list_item" not in [k for k, _ in blocks_of(contents)]
    one = "Text first.\n\nOur pledge:\n\nFree school meals for every child\n\nThe rest of the chapter says why.\n"
    assert "list_item" not in [k for k, _ in blocks_of(one)]


@pytest.mark.parametrize("blocks, kinds", [
    (["In our first term, a Labour government will:", "Scrap tuition fees", "Raise the minimum wage to £10 an hour",
      "Build 100,000 council homes a year", "These policies are fully costed."],
     ["lead_in", "list_item", "list_item", "list_item", "paragraph"]),
    (["Our pledge to families:", "Free school meals for every primary school child", "Education",
      "We believe every child deserves the best start."],
     ["lead_in", "list_item", "heading", "paragraph"]),
    (["In our first year, Labour will:", "Scrap the bedroom tax", "Raise the minimum wage to £10 an hour",
      "A National Education Service", "Labour will build new schools."],
     ["lead_in", "list_item", "list_item", "heading", "paragraph"]),
    (["Plaid Cymru MPs will demand:", "Full electrification of the main line to Swansea", "Free prescriptions for all",
      "These would transform the Welsh economy."],
     ["lead_in", "list_item", "list_item", "paragraph"]),
])
def test_layout_the_end_of_an_unmarked_list_before_body_text(blocks, kinds):
    """The last block of an unmarked list with body text after it: a topic of one or two
    words heads the body ("Education", even after a list of one), a short line of up to
    five words does when two items stay ("A National Education Service"); a longer last
    block ("Build 100,000 council homes a year") and the second of two ("Free
    prescriptions for all") stay items."""
    assert [k for k, _ in blocks_of("\n\n".join(blocks) + "\n")] == kinds
