"""Commitment language: a dependency match read as who commits, how firmly, to what.

The patterns of models/pledges/commitments.jsonl find the cue ("will", "pledge to",
"our priority is to") and the predicate it commits to; this module turns one match
into a `Commitment`: its strength, negation, subject and actor, and the priority
language around a modal ("it will be a priority for X to ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .actors import ActorFinder
from .grammar import children, first, is_in, lemma, subject_of
from .rules import Lexicon, PatternInfo


@dataclass
class Commitment:
    """Commitment language found in a unit: who commits, with which words, to what."""

    cue: list[Token]
    commitment: str  # firm | soft
    content: Token | None  # the predicate committed to (None for a bare lead-in)
    subject: Token | None = None
    actor: str | None = None
    own: bool = False  # the actor is the document's party
    negative: bool = False
    kind: str = "modal"
    via: str = "subject"  # subject | agent | context | measure | lead_in
    cue_text: str = ""

    def text(self) -> str:
        """The cue as the `cue` field quotes it: its own wording, or its words in the text."""
        if self.cue_text:
            return self.cue_text
        tokens = sorted(self.cue, key=lambda t: t.i)
        doc = tokens[0].doc
        return doc[tokens[0].i:tokens[-1].i + 1].text


def read_match(info: PatternInfo, nodes: dict[str, Token], finder: ActorFinder, lex: Lexicon) -> Commitment | None:
    """Turn a dependency match into a Commitment: strength, subject, actor, negation."""
    cue = nodes["cue"]
    content = nodes.get("content")
    if info.kind == "modal" and content is not None and content.dep_ in ("aux", "auxpass") and content.head is not content:
        content = content.head  # the modal hangs on the auxiliary: "will be(auxpass) ring-fenced"
    if info.kind == "object" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        return None  # "we will support X": the modal pattern reads it
    if _past(cue):
        return None  # "In 2016 we committed $50 million to ...", "we had committed ...": the record
    strength = _strength(info, cue, lex)
    cue_tokens = [token for name, token in nodes.items() if name.startswith("cue")]
    commitment = Commitment(cue_tokens, strength, content, kind=info.kind)
    if info.kind == "noun":
        commitment.actor, commitment.own = finder.possessor(cue)
        commitment.cue_text = cue.text
        commitment.subject = cue
        return commitment
    if info.kind == "modal":
        special = _modal_noun_commitment(commitment, cue, content, finder, lex)
        if special is not None:
            return special
    clause = content if info.kind == "modal" else cue
    commitment.negative = _negated(cue, clause, lex)
    if commitment.negative and info.spoken:
        return None  # "We are not promising miracles": declining to commit ("we are not going to X" commits)
    if info.spoken and is_in(cue, lex["commitment.spending_verbs"]) and _ongoing(cue, content, lex):
        return None  # "We are already investing $4 billion in ...": what goes on, not a promise
    if commitment.negative:
        commitment.cue = _with_negation(commitment.cue, cue, lex)
    commitment.subject = _noun_tagged_subject(cue) if cue.pos_ in ("NOUN", "PROPN") else subject_of(clause)
    commitment.actor, commitment.own = finder.actor(commitment.subject)
    if info.kind == "headless" and not commitment.own:
        commitment.actor, commitment.own = finder.words_before(cue)  # "In government, Fine Gael will:"
    if info.kind == "modal" and strength == "soft" and not commitment.negative and _support_verb(cue, content, lex):
        commitment.cue_text = cue.doc[cue.i:content.i + 1].text  # soft support: "we would support X"
    return commitment


def _ongoing(cue: Token, content: Token | None, lex: Lexicon) -> bool:
    """Spending in the present progressive that describes what goes on: a marker on the
    verb ("already", "currently") or in its object ("a record $25 billion", however the
    parser hangs "record"), or "this year"."""
    markers = lex["commitment.ongoing_markers"]
    if any(c.dep_ in ("advmod", "dobj", "npadvmod") and c.lower_ in markers for c in cue.children):
        return True
    if content is not None and any(c.lower_ in markers for c in content.subtree if c.i <= content.i):
        return True
    return any(c.dep_ == "npadvmod" and c.lower_ == "year" and any(d.lower_ == "this" for d in c.children)
               for c in cue.children)


def _past(cue: Token) -> bool:
    """A commitment word in the simple past or the past perfect ("In 2016 Labor
    committed ...", "we had pledged ..."): the record, not a commitment now. A modal's
    cue is never past ("would" is a soft modal)."""
    return (cue.tag_ == "VBD" and cue.dep_ != "aux") or any(
        c.dep_ == "aux" and c.tag_ == "VBD" and c.lower_ in ("had", "'d") for c in cue.children)


def _noun_tagged_subject(cue: Token) -> Token | None:
    """The subject of a commitment verb the tagger read as a plural noun: the name it
    took for a modifier ("Congress pledges to ...": "Congress" a compound of "pledges"),
    or, for a second verb read as a conjunct of the first verb's object ("Congress
    recognises X and promises to ..."), that verb's subject, when it is a third person
    singular, as the verb's "-s" requires. None for a real noun ("our promises to
    voters", "Previous Labour pledges to cut fees were abandoned", "We reject the
    Conservative cuts and promises to privatise ..."), which then commits nobody."""
    if cue.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") or any(c.dep_ in ("poss", "amod") for c in cue.children):
        return None
    compounds = [c for c in cue.lefts if c.dep_ == "compound"]
    if compounds:
        return compounds[-1]
    if cue.dep_ != "conj":
        return None
    verb = next((a for a in cue.ancestors if a.pos_ in ("VERB", "AUX")), None)
    subject = subject_of(verb) if verb is not None else None
    return subject if subject is not None and subject.tag_ in ("NN", "NNP") else None


def _strength(info: PatternInfo, cue: Token, lex: Lexicon) -> str:
    """firm | soft: fixed by the pattern, or read from its modal ("would") or noun ("aim")."""
    if info.commitment == "modal":
        return "soft" if cue.lower_ in lex["commitment.soft_modals"] else "firm"
    if info.commitment == "noun":
        return "soft" if is_in(cue, lex["commitment.soft_nouns"]) else "firm"
    return info.commitment


def _negated(cue: Token, clause: Token, lex: Lexicon) -> bool:
    """"will not", "won't", "will never", and "there will be no ..." / "introduce no ..."."""
    if any(child.dep_ == "neg" for child in clause.children):
        return True
    if any(child.dep_ in ("attr", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
           for child in clause.children):
        return True
    following = cue.doc[cue.i + 1:cue.i + 3]
    return any(t.lower_ in lex["commitment.negations"] for t in following[:1]) or (
        len(following) == 2 and following[0].lower_ in ("also", "then", "now") and following[1].lower_ in lex["commitment.negations"])


def _with_negation(cue_tokens: list[Token], cue: Token, lex: Lexicon) -> list[Token]:
    """The cue with its negation when one follows the cue closely ("will not")."""
    doc = cue.doc
    negs = [t for t in doc[cue.i:min(len(doc), cue.i + 3)] if t.lower_ in lex["commitment.negations"] or lemma(t) == "not"]
    if negs:
        return sorted(set(cue_tokens) | {negs[0]}, key=lambda t: t.i)
    return cue_tokens


def _support_verb(modal: Token, content: Token, lex: Lexicon) -> bool:
    """A verb of support right after the modal ("we would support X"): part of the cue."""
    return is_in(content, lex["commitment.support_verbs"]) and 0 < content.i - modal.i <= 2 and content.tag_ == "VB"


def _modal_noun_commitment(commitment: Commitment, modal: Token, content: Token, finder: ActorFinder, lex: Lexicon) -> Commitment | None:
    """Priority language around a modal: "it will be a priority for X to ...", "we will
    make it a priority to ...", "X will be one of our priorities", "we will prioritise".
    None when there is none (a "prioritise" only softens the modal's commitment)."""
    nouns = lex["commitment.soft_nouns"] | lex["commitment.firm_nouns"]
    if lemma(content) == "be":
        return _priority_is(commitment, modal, content, nouns, finder, lex)
    if lemma(content) == "make":
        return _priority_made(commitment, modal, content, nouns, finder, lex)
    if lemma(content) in ("prioritise", "prioritize"):
        commitment.commitment = "soft"
        commitment.cue_text = modal.doc[modal.i:content.i + 1].text
    return None


def _priority_is(commitment: Commitment, modal: Token, be: Token, nouns: frozenset[str], finder: ActorFinder,
                 lex: Lexicon) -> Commitment | None:
    """"Our priority will be to ...", "it will be a priority for X to ...", "X will be
    one of our priorities", "Cutting waiting times will be our priority"."""
    subject = subject_of(be)
    if subject is not None and is_in(subject, nouns):
        actor, own = finder.possessor(subject)
        target = first(children(be, "xcomp", "ccomp", "advcl"))
        return _noun_commitment(commitment, subject, target, actor, own, subject.text, lex)
    for attr in children(be, "attr", "acomp"):
        noun = _find_noun(attr, nouns)
        if noun is None:
            continue
        actor, own = finder.possessor(noun)
        target = first(children(be, "xcomp", "advcl", "ccomp") + children(noun, "acl", "relcl", "xcomp"))
        if target is None and subject is not None and subject.pos_ in ("VERB", "NOUN") and subject.dep_ == "csubj":
            target = subject
        if target is None and subject is not None and subject.tag_ == "VBG":
            target = subject
        cue_text = modal.doc[modal.i:noun.i + 1].text if noun.i > modal.i else noun.text
        return _noun_commitment(commitment, noun, target, actor, own, cue_text, lex)
    return None


def _priority_made(commitment: Commitment, modal: Token, make: Token, nouns: frozenset[str], finder: ActorFinder,
                   lex: Lexicon) -> Commitment | None:
    """"We will make it a priority to ...", "we will make X our priority"."""
    for child in children(make, "ccomp", "dobj", "oprd", "attr", "xcomp"):
        noun = _find_noun(child, nouns)
        if noun is None:
            continue
        subject = subject_of(make)
        actor, own = finder.actor(subject)
        target = first(children(noun, "acl", "relcl", "xcomp") + children(make, "xcomp", "advcl"))
        return _noun_commitment(commitment, noun, target, actor, own, modal.doc[modal.i:noun.i + 1].text, lex, subject)
    return None


def _find_noun(token: Token, nouns: frozenset[str]) -> Token | None:
    """`token` or a noun in its "one of ..." phrase that is in `nouns`."""
    if is_in(token, nouns):
        return token
    if token.lower_ != "one":
        return None  # "a central part of our long-term plan": the noun is no commitment of the clause
    for prep in children(token, "prep"):
        for obj in children(prep, "pobj"):
            if is_in(obj, nouns):
                return obj
    return None


def _noun_commitment(commitment: Commitment, noun: Token, target: Token | None, actor, own, cue_text: str,
                     lex: Lexicon, subject: Token | None = None) -> Commitment:
    """The commitment re-read as priority language: the noun sets its strength, the
    target clause is what is committed to."""
    commitment.commitment = "soft" if is_in(noun, lex["commitment.soft_nouns"]) else "firm"
    commitment.content = target
    commitment.actor, commitment.own = actor, own
    commitment.cue_text = cue_text
    commitment.kind = "noun"
    commitment.subject = subject or noun
    return commitment
