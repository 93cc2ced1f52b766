"""Reading a document's units in order: the driver of the pledge rules.

Every unit of the `sentences` dataset (sentence, list item or heading) is read with
what came before it: the lead-in governing its list, whether the unit before was a
pledge, the unit before's evidence. The reading holds the rules' verdict and fields
and the classifier's features; `decide` makes the final call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc

from manifesto.pipeline.layout import ends_sentence
from manifesto.pipeline.registry import DocContext

from ..sentences import body_sentences
from .actors import ActorFinder
from .coding import plain_fields
from .commitments import Commitment
from .decision import analyse_unit
from .evidence import Evidence
from .features import feature_text, rules_reject, unit_signals
from .lead_ins import disowning_lead_in, has_subject, modal_lead_in, noun_lead_in
from .matching import commitments_by_unit, ents_by_unit, longest, phrases_by_unit
from .party import Party, own_government_names
from .rules import lexicon, matchers


@dataclass
class UnitReading:
    """A unit as the pledge reader saw it: the rules' verdict and fields, the features a
    classifier weighs, and the final decision (made by `decide`, see `read_units`)."""

    row: dict
    features: str
    rules_say: bool
    fields: dict
    rejected: bool = False  # the rules read a commitment and found it not ours, or not checkable
    is_pledge: bool = False


def read_units(doc: Doc, ctx: DocContext, decide) -> Iterator[UnitReading]:
    """Read every unit in document order; `decide(reading) -> bool` makes the call.

    The decision feeds back into the reading of the next unit ("It will be expanded"
    after a pledge is one too), so training can pass the gold label here and the
    extractor its classifier's verdict.
    """
    lex = lexicon()
    found = matchers(doc.vocab)
    catalog = ctx.document.catalog or {}
    party = Party.from_catalog(catalog.get("party"), catalog.get("leader"))
    finder = ActorFinder(party.with_names(own_government_names(doc, party, lex)), lex)
    year = _as_int(catalog.get("year"))
    rows = body_sentences(ctx.rows["sentences"])
    units = [doc.char_span(r["char_start"], r["char_end"], alignment_mode="expand") for r in rows]
    commitments_by = commitments_by_unit(doc, units, found, finder, lex)
    phrases_by = phrases_by_unit(doc, units, found)
    ents_by = ents_by_unit(doc, units)
    lead_in: tuple[str, Commitment] | None = None
    disowned: str | None = None  # a lead-in of another party's record or plans: its items are not ours
    previous_pledge: tuple[int, int] | None = None  # (ordinal, paragraph) of the last pledge
    previous_unit: tuple[tuple[int, int], Evidence] | None = None  # the unit before, for "these protections"
    for index, (row, unit) in enumerate(zip(rows, units)):
        if unit is None or row["is_repeat"]:
            continue
        candidates = commitments_by[index]
        if row["block_kind"] == "lead_in":
            own = [c for c in candidates if c.own] or noun_lead_in(unit, finder, lex) or modal_lead_in(unit, finder, lex)
            lead_in = (row["text"], own[0]) if own else None
            disowned = None if own else (row["text"] if disowning_lead_in(unit, candidates, finder) else None)
            if row["text"].rstrip().endswith(":"):
                continue  # "We will:" opens a list; "We will act - Refuse X - ..." is also a clause of its own
        if row["text"].rstrip().endswith("?"):
            continue
        if index == len(rows) - 1 and row["block_kind"] == "paragraph" and not ends_sentence(row["text"]):
            continue  # the text is cut off here (an extract): the object of any commitment is missing
        in_context = previous_pledge is not None and previous_pledge == (row["ordinal"] - 1, row["paragraph"])
        inherited = None
        if row["is_list_item"] and lead_in is not None and row["lead_in"] == lead_in[0] and not has_subject(unit):
            inherited = lead_in[1]
        evidence = Evidence(unit, finder, lex, year, ents_by[index], longest(phrases_by[index].get("TIME", [])))
        if previous_unit is not None and previous_unit[0] == (row["ordinal"] - 1, row["paragraph"]):
            evidence.antecedent = previous_unit[1]
        previous_unit = ((row["ordinal"], row["paragraph"]), evidence)
        analysis = analyse_unit(unit, candidates, inherited, in_context, finder, lex, phrases_by[index], evidence)
        signals = analysis.signals | unit_signals(row, unit, finder, lex, lead_in)
        reading = UnitReading(row, feature_text(signals, unit.text), analysis.fields is not None,
                              analysis.fields or analysis.fallback or plain_fields(unit, evidence, lex),
                              rejected=analysis.fields is None and (
                                  rules_reject(signals) or (row["is_list_item"] and row["lead_in"] == disowned)))
        reading.is_pledge = bool(decide(reading))
        if reading.is_pledge:
            previous_pledge = (row["ordinal"], row["paragraph"])
        yield reading


def _as_int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
