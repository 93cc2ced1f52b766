"""Reading a document's units in order: the driver of the pledge rules.

Every unit of the `sentences` dataset (sentence, list item or heading) is read with
what came before it: the lead-in governing its list, whether the unit before was a
pledge, the unit before's evidence. The reading holds the rules' verdict and fields
and the classifier's features; `decide` makes the final call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Span

from manifesto.models.entity_rules import country_code, local_names
from manifesto.pipeline.layout import ends_sentence
from manifesto.pipeline.registry import DocContext

from ..sentences import body_sentences
from .actors import ActorFinder
from .coding import plain_fields
from .decision import Analysis, analyse_unit
from .evidence import Evidence
from .features import feature_words, rules_reject, unit_signals
from .grammar import imperative_head
from .lead_ins import ListContext
from .matching import commitments_by_unit, ents_by_unit, longest, phrases_by_unit
from .party import Party, own_government_names
from .rules import Lexicon, lexicon, matchers


@dataclass
class UnitReading:
    """A unit as the pledge reader saw it: the rules' verdict and fields, the features a
    classifier weighs, and the final decision (made by `decide`, see `read_units`)."""

    row: dict
    features: tuple[str, ...]
    rules_say: bool
    fields: dict
    rejected: bool = False  # the rules read a commitment and found it not ours, or not checkable
    worded: bool = True  # commitment words, a lead-in, an imperative or a list or heading form
    tentative: bool = False  # the rules' yes is only a passive measure's, out of context: the classifier decides
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
    finder = _actor_finder(doc, catalog, lex)
    year = _as_int(catalog.get("year"))
    rows = body_sentences(ctx.rows["sentences"])
    units = [doc.char_span(r["char_start"], r["char_end"], alignment_mode="expand") for r in rows]
    commitments_by = commitments_by_unit(doc, units, found, finder, lex)
    phrases_by = phrases_by_unit(doc, units, found)
    ents_by = ents_by_unit(doc, units)
    lists = ListContext()
    previous_pledge: tuple[int, int] | None = None  # (ordinal, paragraph) of the last pledge
    previous_unit: tuple[tuple[int, int], Evidence] | None = None  # the unit before, for "these protections"
    for index, (row, unit) in enumerate(zip(rows, units)):
        if unit is None or row["is_repeat"]:
            continue
        if row["block_kind"] == "lead_in":
            lists.read_lead_in(row, unit, commitments_by[index], finder, lex)
            if row["text"].rstrip().endswith(":"):
                continue  # "We will:" opens a list; "We will act - Refuse X - ..." is also a clause of its own
        if _commits_to_nothing(row, last=index == len(rows) - 1):
            continue
        place, before = (row["ordinal"], row["paragraph"]), (row["ordinal"] - 1, row["paragraph"])
        evidence = Evidence(unit, finder, lex, year, ents_by[index], longest(phrases_by[index].get("TIME", [])))
        if previous_unit is not None and previous_unit[0] == before:
            evidence.antecedent = previous_unit[1]
        previous_unit = (place, evidence)
        analysis = analyse_unit(unit, commitments_by[index], lists.inherited(row, unit), previous_pledge == before,
                                finder, lex, phrases_by[index], evidence)
        reading = _reading(row, unit, analysis, lists, evidence, finder, lex)
        reading.is_pledge = bool(decide(reading))
        if reading.is_pledge:
            previous_pledge = place
        yield reading


def _actor_finder(doc: Doc, catalog: dict, lex: Lexicon) -> ActorFinder:
    """The finder of the catalog's party, with the names the document gives its own
    government and the party forms of its country ("CPM" in India)."""
    party = Party.from_catalog(catalog.get("party"), catalog.get("leader"), catalog.get("country"))
    local = local_names(country_code(catalog.get("country")))
    return ActorFinder(party.with_names(own_government_names(doc, party, lex)), lex, local)


def _commits_to_nothing(row: dict, last: bool) -> bool:
    """A question, or the cut-off end of an extract (the object of any commitment is missing)."""
    if row["text"].rstrip().endswith("?"):
        return True
    return last and row["block_kind"] == "paragraph" and not ends_sentence(row["text"])


def _reading(row: dict, unit: Span, analysis: Analysis, lists: ListContext, evidence: Evidence,
             finder: ActorFinder, lex: Lexicon) -> UnitReading:
    """The unit as `decide` sees it: the rules' verdict and fields (their best reading
    when they found no pledge), the classifier's features, and whether the rules
    rejected what they read."""
    signals = analysis.signals | unit_signals(row, unit, finder, lex, committed_item=lists.governs(row))
    fields = analysis.fields or analysis.fallback or plain_fields(unit, evidence, lex)
    rejected = analysis.fields is None and (
        rules_reject(signals) or lists.disowns(row) or _slogan(row, unit, signals, evidence)
        or (_possibility(unit, lex) and not lists.governs(row)))
    return UnitReading(row, feature_words(signals, unit, lex), analysis.fields is not None, fields, rejected=rejected,
                       worded=_worded(row, signals), tentative=analysis.tentative)


def _worded(row: dict, signals: set[str]) -> bool:
    """Whether anything in the unit's words or form could commit: commitment words, a
    lead-in it continues, an imperative, a list item or a heading. A plain sentence with
    none ("More people die each year from infections caught in hospital") describes."""
    if row["block_kind"] != "paragraph" or "r_imperative" in signals:
        return True
    return any(signal.startswith(("r_cue_", "r_inherits_")) for signal in signals)


def _possibility(unit: Span, lex: Lexicon) -> bool:
    """A main clause in a modal of possibility ("borrowing could be secured against
    government-owned assets"): what might be, not what the party will do."""
    return any(child.dep_ in ("aux", "auxpass") and child.lower_ in lex["testability.possibility_modals"]
               for child in unit.root.children)


def _verb_and_object(unit: Span) -> bool:
    """An imperative the tagger read as a modifier of its object ("Scrap tuition fees":
    "Scrap" a compound of "fees"), not a noun heading its phrase ("Value for money") or a
    comparative ("Lower taxes for families", which is as often a theme)."""
    head = imperative_head(unit)
    return head is not None and head.dep_ != "ROOT" and head.tag_ not in ("JJ", "JJR", "JJS")


SLOGAN_WORDS = 7


def _slogan(row: dict, unit: Span, signals: set[str], evidence: Evidence) -> bool:
    """A short list item without a verb or a lead-in: a theme of a summary box under a
    chapter heading ("Less regulation", "Value for money"), not a commitment. Longer
    noun-phrase items name measures ("An expansion of free nursery places for two year
    olds") and stay with the classifier, as do short ones that name concrete means
    ("5,000 new buses by 2028"), say no ("No new runway at Heathrow") or are imperatives
    the tagger read as nouns ("Scrap tuition fees")."""
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    if not (row["is_list_item"] and row["lead_in"] is None and len(words) <= SLOGAN_WORDS):
        return False
    if "r_verbless" not in signals or _verb_and_object(unit) or evidence.specific():
        return False
    return words[0].lower_ != "no"  # "No tuition fees" refuses something: left to the classifier


def _as_int(value) -> int | None:
    """The catalog's year as a number, or None when it has none."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
