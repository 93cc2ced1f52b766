"""The catalog's party spelling does not change the pledges found (extractors/parties.py)."""

from __future__ import annotations

import pytest

from manifesto.extractors import REGISTRY
from manifesto.extractors.parties import canonical_party
from manifesto.extractors.pledges import lexicon
from manifesto.pipeline.ingest import document_from_text
from manifesto.pipeline.parse import prepare_doc
from manifesto.pipeline.registry import DocContext

from ..conftest import LABOUR, RAW

LINEAGE = REGISTRY.with_requirements(["pledges"])
CONSERVATIVE_TEXT = """Our plan for the economy

The Tories will cut income tax for 30 million people.

A Conservative Government will build 200,000 starter homes.

The Conservative Party will hold a referendum on Europe by 2017.
"""


def pledges_for(nlp, text: str, spellings: list[str]) -> dict[str, list[tuple]]:
    """Pledges (offsets, actor, coding) of one parse under each spelling of `party`."""
    doc = nlp(prepare_doc(nlp, document_from_text(text, "sample.txt", {"party": spellings[0]})))
    found = {}
    for party in spellings:
        ctx = DocContext(document_from_text(text, "sample.txt", {"party": party, "year": "2015"}))
        for stage in LINEAGE:
            ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
        found[party] = [(r["char_start"], r["char_end"], r["actor"], r["pledge_type"]) for r in ctx.rows["pledges"]]
    return found


def test_parties_labour_spellings_give_the_same_pledges(nlp):
    found = pledges_for(nlp, (RAW / LABOUR).read_text(encoding="utf-8"),
                        ["Labour Party", "Labour", "The Labour Party", "labour party"])
    assert len(found["Labour Party"]) > 50
    assert all(rows == found["Labour Party"] for rows in found.values())


def test_parties_conservative_spellings_keep_the_tories_alias(nlp):
    found = pledges_for(nlp, CONSERVATIVE_TEXT, ["Conservative Party", "Conservatives", "The Conservative Party",
                                                 "conservative party", "Tories"])
    assert [actor for _, _, actor, _ in found["Conservative Party"]] == [
        "The Tories", "A Conservative Government", "The Conservative Party"]
    assert all(rows == found["Conservative Party"] for rows in found.values())


@pytest.mark.parametrize("written, canonical", [
    ("Labour", "Labour Party"), ("the  Labour Party", "Labour Party"), ("labour party", "Labour Party"),
    ("Tories", "Conservative Party"), ("Lib Dems", "Liberal Democrats"),
    ("australian labor party", "Australian Labor Party"), ("Greens", "Greens"), ("Conservatives", "Conservative Party"),
    ("Fine Gael", "Fine Gael"),
])
def test_parties_canonical_spelling(written, canonical):
    assert canonical_party(written, lexicon().parties) == canonical
