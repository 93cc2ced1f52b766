"""The outline of the sample manifestos, as the issue lists it."""

from __future__ import annotations

from manifesto.pipeline import load_stage

from ..conftest import CONSERVATIVE, LABOUR, rows_of



def test_sections_labour_outline(built):
    sections = rows_of(built, "sections", LABOUR)
    assert list(sections.title) == [
        "A BETTER PLAN TO SECURE SAFER COMMUNITIES", "FOREWORD", "Introduction",
        "Labour's better plan to build safer and stronger communities",
        "Saving neighbourhood policing", "Preventing crime before it occurs",
        "Tough new laws to confront child sexual abuse and violence against women",
        "A justice system that puts victims first",
        "Standing strong together against the threat from extremism", "Acknowledgements",
    ]
    assert list(sections.number.dropna()) == ["1", "2", "3", "4", "5"]
    assert sections.kind.iloc[0] == "title" and sections.level.iloc[0] == 0


def test_sections_conservative_outline_with_sub_headings(built):
    sections = rows_of(built, "sections", CONSERVATIVE)
    assert sections.kind.iloc[0] == "preamble" and sections.title.iloc[0] is None
    plan = sections[sections.title == "Our plan of action:"].iloc[0]
    subs = sections[sections.parent_id == plan.section_id]
    assert list(subs.title) == [
        "We will finish the job of police reform, backing officers to fight crime unimpeded",
        "We will transform the relationship between the police and the public",
        "We will introduce more effective crime prevention measures to break the cycle of offending",
        "We will reform our prison system",
        "We will protect victims and support the vulnerable",
        "We will prioritise tackling violence against women and girls",
    ]
    assert set(subs.level) == {2}


def test_sections_nest_and_titles_point_into_text(built):
    docs = load_stage("documents", built).set_index("doc_id")
    sections = load_stage("sections", built)
    for row in sections.itertuples():
        text = docs.loc[row.doc_id, "text"]
        if row.title is not None:
            assert text[int(row.title_char_start):int(row.title_char_end)] == row.title
        assert 0 <= row.char_start < row.char_end <= len(text)
        if row.parent_id is not None:
            parent = sections[sections.section_id == row.parent_id].iloc[0]
            assert parent.char_start <= row.char_start and row.char_end <= parent.char_end
