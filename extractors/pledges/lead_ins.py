"""Lists and their lead-ins: which commitment a list item inherits, and which lists are not ours.

An item under a committing lead-in ("Labour will:", "Our pledges:", "A re-elected
Howard Government will:") speaks with the lead-in's actor and cue; an item under
another party's record or plans ("The Tories have:") is never our pledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from .actors import ActorFinder
from .commitments import Commitment
from .grammar import SUBJECTS, imperative_head, is_in, lemma, phrase_text
from .rules import Lexicon


@dataclass
class ListContext:
    """The lead-in governing the list items that follow it, updated at each lead-in.

    A committing lead-in ("Labour will:", "Our pledges:") lends its actor and cue to
    its items; a disowning one ("The Tories have:") makes its items not ours. A lead-in
    that is neither clears both.
    """

    committing: tuple[str, Commitment] | None = None  # (lead-in text, its commitment)
    disowned: str | None = None  # the text of a lead-in of another party's record or plans

    def read_lead_in(self, row: dict, unit: Span, candidates: list[Commitment], finder: ActorFinder,
                     lex: Lexicon) -> None:
        """Take a lead-in unit (with the commitments found in it) as the new governor."""
        own = ([c for c in candidates if c.own] or _noun_lead_in(unit, finder, lex) or _modal_lead_in(unit, finder, lex)
               or _future_lead_in(unit, finder, lex))
        self.committing = (row["text"], own[0]) if own else None
        self.disowned = None if own else (row["text"] if _disowning_lead_in(unit, candidates, finder) else None)

    def governs(self, row: dict) -> bool:
        """Whether the unit sits under the committing lead-in."""
        return self.committing is not None and row["lead_in"] == self.committing[0]

    def inherited(self, row: dict, unit: Span) -> Commitment | None:
        """The lead-in's commitment, for a list item that continues it (not a clause of its own)."""
        if row["is_list_item"] and self.governs(row) and not _has_subject(unit):
            return self.committing[1]
        return None

    def disowns(self, row: dict) -> bool:
        """Whether the unit is an item under a disowning lead-in (an item with no lead-in
        at all, under a heading, is not)."""
        return self.disowned is not None and row["is_list_item"] and row["lead_in"] == self.disowned


def _noun_lead_in(unit: Span, finder: ActorFinder, lex: Lexicon) -> list[Commitment]:
    """A lead-in naming the party's commitments: "Our pledges:", "Labour's commitments:",
    "Our priorities are to:", or a bare label of a few words ("Key pledges:")."""
    root = unit.root
    noun = root if is_in(root, lex["commitment.lead_in_nouns"]) else next(
        (child for child in root.children if child.dep_ in SUBJECTS and is_in(child, lex["commitment.lead_in_nouns"])
         and lemma(root) == "be"), None)
    if noun is None:
        return []
    actor, own = finder.possessor(noun)
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    if not own and (len(words) > 4 or any(t.pos_ == "PROPN" for t in words)):
        return []  # "The Tory plans:" names someone else's; only a bare label speaks for the party
    strength = "soft" if is_in(noun, lex["commitment.soft_nouns"]) else "firm"
    return [Commitment([noun], strength, None, actor=actor if own else None, own=True, kind="noun",
                       cue_text=phrase_text([t for t in unit if t.i <= noun.i and not t.is_punct]))]


def _modal_lead_in(unit: Span, finder: ActorFinder, lex: Lexicon) -> list[Commitment]:
    """A lead-in ending in a modal ("A re-elected Howard Government will:") whose parse
    is too broken for the dependency patterns: the actor is read from the words before
    the modal."""
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    modals = lex["commitment.firm_modals"] | lex["commitment.soft_modals"]
    if not words or (words[-1].tag_ != "MD" and words[-1].lower_ not in modals):
        return []
    modal = words[-1]
    actor, own = finder.words_before(modal)
    if not own:
        return []
    strength = "soft" if modal.lower_ in lex["commitment.soft_modals"] else "firm"
    return [Commitment([modal], strength, None, actor=actor, own=True, kind="headless")]


def _future_lead_in(unit: Span, finder: ActorFinder, lex: Lexicon) -> list[Commitment]:
    """An impersonal lead-in in the future tense that opens a list of the party's
    measures: "This change will be paid for by:", "These will include:", "The new body
    would:". Not when someone else is its subject or owns it ("Labour's plans will
    mean:"), and not in the past."""
    if not unit.text.rstrip().endswith(":"):
        return []
    root = unit.root
    modals = lex["commitment.firm_modals"] | lex["commitment.soft_modals"]
    modal = next((c for c in root.children if c.dep_ in ("aux", "auxpass") and c.lower_ in modals), None)
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    if modal is None or (subject is not None and (_someone_elses(subject, finder) or _an_agent(subject, finder))):
        return []  # "The Government will:" may be another's (an opposition's text): not read as ours
    strength = "soft" if modal.lower_ in lex["commitment.soft_modals"] else "firm"
    return [Commitment([modal], strength, None, actor=None, own=True, kind="headless")]


def _someone_elses(subject, finder: ActorFinder) -> bool:
    """A subject naming another party or a person, or owned by one ("the Tories' plans")."""
    return finder.is_named(subject) or any(finder.is_named(child) for child in subject.children if child.dep_ == "poss")


def _an_agent(subject, finder: ActorFinder) -> bool:
    """A subject that acts of its own (a government, a group), not an impersonal "this"
    or "these" standing for the party's measures."""
    return finder.is_agentive(subject) and subject.pos_ != "PRON"


def _disowning_lead_in(unit: Span, candidates: list[Commitment], finder: ActorFinder) -> bool:
    """A lead-in whose list is someone else's or the past: "Since 2010 the Conservatives
    have:", "The Tories will:", "Labour has:" (in another party's manifesto)."""
    if any(not c.own and finder.is_named(c.subject) for c in candidates):
        return True
    root = unit.root
    past = root.tag_ in ("VBD", "VBN") or (root.lemma_ == "have" and root.tag_ in ("VBZ", "VBP"))
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    return past or (subject is not None and _someone_elses(subject, finder) and not finder.party.spans_in(list(unit)))


def _has_subject(unit: Span) -> bool:
    """Whether a list item is a clause of its own ("The Conservatives only have a plan")
    rather than the continuation of its lead-in ("Labour will:" + "Abolish ..."): it
    has a finite verb with a subject. Imperatives, which the small model often parses
    with a capitalised verb as a name ("Enact Britain's first Victims' Law to ..."),
    have no finite verb."""
    root = unit.root
    if imperative_head(unit) is not None or not any(child.dep_ in SUBJECTS for child in root.children):
        return False
    finite = ("VBZ", "VBP", "VBD", "MD")
    return root.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in root.children)
