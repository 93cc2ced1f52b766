"""The predicate a commitment is to: followed to the verb that can be checked."""

from __future__ import annotations

from spacy.tokens import Token

from .grammar import children, first, is_in, lemma
from .rules import Lexicon, known_verbs


class Predicate:
    """The predicate committed to, followed through verbs that only carry another
    ("continue to", "work to", "would like to", "make sure") to the checkable one."""

    def __init__(self, content: Token | None, lex: Lexicon):
        self.content = content
        self.path: list[Token] = []  # from the content to the head, each verb carrying the next
        self.liking = False  # "would like to": politeness ("thank") is then no commitment
        token = content
        for _ in range(6):
            if token is None:
                break
            self.path.append(token)
            if is_in(token, lex["commitment.liking_verbs"]):
                self.liking = True
            carried = _carried(token, lex)
            if carried is None:
                break
            token = carried
        self.head = token
        self.misparsed = _misparsed_imperative(token)
        self.ensure_clause = _ensure_clause(token, self.misparsed, lex)

    @property
    def object(self) -> Token | None:
        """What the head acts on: its direct object (for a noun head, its "of" object)."""
        if self.head is None:
            return None
        if self.misparsed:
            return self.head.head
        return first(children(self.head, "dobj")) or first(
            [o for p in children(self.head, "prep") for o in children(p, "pobj")] if self.head.pos_ != "VERB" else [])

    def means(self) -> Token | None:
        """The verb of a "by ..." means clause: "by abolishing Police and Crime Commissioners"."""
        for token in self.path:
            for prep in children(token, "prep"):
                if prep.lower_ == "by":
                    verb = first([c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"])
                    if verb is not None:
                        return verb
        return None


def _carried(token: Token, lex: Lexicon) -> Token | None:
    """The predicate a verb only carries: "continue to X", "would like to X", "prioritise X"."""
    if is_in(token, lex["commitment.liking_verbs"]):
        return first(children(token, "xcomp"))
    if not is_in(token, lex["predicate.chain_verbs"]):
        return None
    carried = first([c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                     and (any(a.lower_ == "to" for a in c.children)
                          or (c.tag_ == "VBG" and is_in(token, lex["predicate.gerund_chain_verbs"])))])
    if carried is None and lemma(token) in ("prioritise", "prioritize"):
        carried = first(children(token, "xcomp", "dobj", "ccomp"))
    return carried


def _misparsed_imperative(token: Token | None) -> bool:
    """The small model often parses a sentence-initial imperative as a modifier of its
    object ("Raise" nmod "standards", "Ensure" amod "companies"): the object is then
    the verb's head."""
    return (token is not None and (token.tag_ == "VB" or token.lower_ in known_verbs())
            and token.dep_ in ("amod", "nmod", "compound", "npadvmod")
            and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN"))


def _ensure_clause(head: Token | None, misparsed: bool, lex: Lexicon) -> Token | None:
    """The clause an "ensure" or "make sure" verb commits to: "ensure (that) X is done"."""
    if misparsed:
        noun = head.head
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX") and is_in(head, lex["predicate.ensure_verbs"]):
            return noun.head
        return None
    if head is None:
        return None
    if lemma(head) == "make" and any(c.lower_ == "sure" for c in head.children):
        sure = next(c for c in head.children if c.lower_ == "sure")
        return first(children(sure, "ccomp")) or first(children(head, "ccomp"))
    if is_in(head, lex["predicate.ensure_verbs"]):
        return first(children(head, "ccomp", "xcomp"))
    return None
