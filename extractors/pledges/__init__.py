"""The `pledges` stage: election pledges, coded the way pledge researchers code them.

A pledge is a unit (sentence, list item or heading) that commits the document's own
party, or the government it would form, to a future action or outcome that could be
checked afterwards as done or not done (see docs/pledges.md). The extractor decides
in four steps, all over the parse that the runner made once:

1. Commitment language: dependency patterns (models/pledges/commitments.jsonl) find
   a modal ("will", "shall", "won't", "would"), a commitment verb ("pledge to", "are
   going to", "want to", "support X") or noun ("our priority is to") and the predicate
   it commits to.
2. Actor: the subject must be the party: "we"/"I", the party's name or a government
   noun that names or belongs to it ("a Labour government", "our ministers"). Names
   come from the catalog's `party` (models/pledges/parties.toml), so the same code
   works for any party ("Liberal–National Coalition" also gives "the Coalition",
   "Liberals", "Nationals"; "A re-elected Morrison Government" makes "Morrison" the
   party's in that document); a subject that is another party makes an attack, not a
   pledge.
   List items inherit the actor and cue of a committing lead-in ("Labour will:"); an
   impersonal future ("it will be mandatory ...") is a pledge only when "With <party>"
   makes the party its agent or it spells out the pledge just before it.
3. Testability: word classes (models/pledges/lexicon.toml) reject commitments to
   attitudes and unmeasurable goals ("take a zero tolerance approach", "make
   communities safer", "have the powers they need") unless the unit names concrete
   means (a number, a date, a named or new instrument).
4. Coding: type, polarity, specificity, condition and time frame from the predicate,
   its dependents and the entities in the unit.

The package, one module per concern (read in this order):

- `rules`: the word lists and matchers built from models/pledges/
- `grammar`: small readers of the parse that every step shares
- `party`, `actors`: the party's names; whether a subject is the party (step 2)
- `commitments`, `matching`: commitment language from the dependency matches (step 1)
- `lead_ins`: lists, and what their items inherit from the lead-in (step 2)
- `predicate`, `evidence`, `testability`: what is committed to and whether it can be
  checked (step 3)
- `coding`: the coded fields (step 4)
- `decision`, `features`, `units`: the rules' verdict on a unit, the classifier's
  features, and the driver that reads a document's units in order
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc

from manifesto.pipeline import schemas
from manifesto.pipeline.ids import row_id
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from .. import register
from .features import feature_words
from .matching import MAX_MATCH_TOKENS, bounded_matches
from .party import party_names
from .rules import lexicon, matchers
from .units import UnitReading, read_units

__all__ = ["SPEC", "extract_pledges", "read_units", "UnitReading", "feature_words", "lexicon", "matchers",
           "party_names", "bounded_matches", "MAX_MATCH_TOKENS"]


def _build_matchers(nlp) -> None:
    """`ExtractorSpec.setup`: build the matchers before any memory zone opens."""
    matchers(nlp.vocab)


SPEC = ExtractorSpec(
    name="pledges", version="24", schema=schemas.PLEDGES,
    requires=("sentences",), components=("parser", "lemmatizer", "ner"), rules=("pledges",),
    setup=_build_matchers,
)


@register(SPEC)
def extract_pledges(doc: Doc, ctx: DocContext) -> Iterator[dict]:
    """One row per pledge: a sentence, list item or heading of the party's commitments."""
    from ..pledge_classifier import classifier  # looked up per call: bench/pledge_classifier_cost.py swaps it

    model = classifier(ctx.document.catalog)
    decide = (lambda unit: unit.rules_say) if model is None else _decider(model, ctx.document.catalog or {})
    yield from _rows(read_units(doc, ctx, decide), ctx)


def _decider(model, catalog: dict):
    """The classifier's call on a unit, in the reading of the document's country. A
    passive measure read out of context (`tentative`) must not score under the floor,
    concrete means or not: "3,000 jobs will be lost in 2026" has the same form."""
    domain = model.domain_of(catalog.get("country"))
    return lambda unit: model.decide(unit.features, unit.rules_say, unit.rejected,
                                     unit.fields.get("specificity") == "specific" and not unit.tentative,
                                     unit.worded, domain)


def _rows(readings: Iterator, ctx: DocContext) -> Iterator[dict]:
    """The pledge rows of the units decided to be pledges."""
    text = ctx.document.text
    for unit in readings:
        if not unit.is_pledge:
            continue
        row, start, end = unit.row, unit.row["char_start"], unit.row["char_end"]
        yield {
            "pledge_id": row_id(ctx.doc_id, "pledges", start, end),
            "doc_id": ctx.doc_id,
            "section_id": row["section_id"],
            "sentence_id": row["sentence_id"],
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "lead_in": row["lead_in"] if row["is_list_item"] else None,
            "is_heading": bool(row["is_heading"]),
            "page_no": row.get("page_no"),
            **unit.fields,
        }
