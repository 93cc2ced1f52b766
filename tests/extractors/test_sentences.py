"""Sentences of the sample manifestos: list items, lead-ins, page-break joins, repeats."""

from __future__ import annotations

from manifesto.pipeline import load_stage

from ..conftest import CONSERVATIVE, LABOUR, rows_of



def test_sentences_labour_will_bullets_are_list_items_with_lead_in(built):
    sentences = rows_of(built, "sentences", LABOUR)
    bullets = sentences[sentences.lead_in == "Labour will:"]
    assert bullets.paragraph.nunique() == 24  # five "Labour will:" lists: 5 + 4 + 6 + 4 + 5 items
    assert len(bullets) == 25  # one item has a second sentence (an attack on the Conservatives)
    assert bullets.is_list_item.all()
    assert "Abolish Police and Crime Commissioners, halve the cost of police governance, stop the subsidy of firearms licensing and mandate police forces to work more closely together" in set(bullets.text)
    lead_ins = sentences[sentences.text == "Labour will:"]
    assert len(lead_ins) == 5 and (lead_ins.block_kind == "lead_in").all() and not lead_ins.is_list_item.any()


def test_sentences_page_break_splits_are_single_sentences(built):
    labour = set(rows_of(built, "sentences", LABOUR).text)
    conservative = set(rows_of(built, "sentences", CONSERVATIVE).text)
    assert ("Communities will have a greater say over local policing priorities and reforms will be put in place to raise "
            "professional standards and ensure our police service is equipped to meet the challenges of the 21st Century.") in labour
    assert ("So we will strengthen local community safety partnerships, giving local people a voice in the hiring of local "
            "police commanders and a role in setting neighbourhood policing priorities.") in labour
    assert any(s.startswith("Finally, we believe decisions on the supervision of dangerous offenders should be determined") for s in labour)
    assert any("National Refuge Fund and continue to provide stability" in s for s in labour)
    assert ("We will overhaul the system of police cautions, and ensure that offenders always have conditions, such as "
            "victim redress, attached to their punishment.") in conservative


def test_sentences_pull_quote_is_marked_repeat(built):
    sentences = rows_of(built, "sentences", CONSERVATIVE)
    quote = sentences[sentences.text == "There are around 3,000 more adult male prison places today than in 2010"]
    assert len(quote) == 1 and quote.is_repeat.item() and not quote.is_heading.item()
    assert sentences.is_repeat.sum() == 1


def test_sentences_have_no_markup_and_headings_are_flagged(built):
    sentences = load_stage("sentences", built)
    assert not sentences.text.str.contains(r"\*").any()
    headings = set(sentences[sentences.is_heading].text)
    assert {"FOREWORD", "Saving neighbourhood policing", "We will reform our prison system"} <= headings


def test_sentences_extract_starts_and_ends_mid_sentence(built):
    docs = load_stage("documents", built).set_index("source_path")
    assert docs.loc[CONSERVATIVE, "starts_mid_sentence"] and docs.loc[CONSERVATIVE, "ends_mid_sentence"]
    assert not docs.loc[LABOUR, "starts_mid_sentence"] and not docs.loc[LABOUR, "ends_mid_sentence"]
    first = rows_of(built, "sentences", CONSERVATIVE).iloc[0]
    assert first.text.startswith("on rehabilitating offenders")


def test_sentences_belong_to_the_innermost_section(built):
    sentences = rows_of(built, "sentences", LABOUR)
    sections = load_stage("sections", built).set_index("section_id")
    row = sentences[sentences.text.str.startswith("Labour believes British policing is at its best")].iloc[0]
    assert sections.loc[row.section_id, "title"] == "Saving neighbourhood policing"
