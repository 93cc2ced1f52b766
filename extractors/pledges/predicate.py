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
        self.path: list[Token] = []
        self.liking = False
        self.ensure_clause: Token | None = None
        token = content
        for _ in range(6):
            if token is None:
                break
            self.path.append(token)
            nxt = None
            if is_in(token, lex["commitment.liking_verbs"]):
                self.liking = True
                nxt = first(children(token, "xcomp"))
            elif is_in(token, lex["predicate.chain_verbs"]):
                nxt = first([c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                              and (any(a.lower_ == "to" for a in c.children)
                                   or (c.tag_ == "VBG" and is_in(token, lex["predicate.gerund_chain_verbs"])))])
                if nxt is None and lemma(token) in ("prioritise", "prioritize"):
                    nxt = first(children(token, "xcomp", "dobj", "ccomp"))
            if nxt is None:
                break
            token = nxt
        self.head = token
        # The small model often parses a sentence-initial imperative as a modifier of
        # its object ("Raise" nmod "standards", "Ensure" amod "companies"): repair.
        self.misparsed = (token is not None and (token.tag_ == "VB" or token.lower_ in known_verbs())
                          and token.dep_ in ("amod", "nmod", "compound", "npadvmod")
                          and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN"))
        if self.misparsed:
            noun = token.head
            if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX") and is_in(token, lex["predicate.ensure_verbs"]):
                self.ensure_clause = noun.head
        elif token is not None:
            if lemma(token) == "make" and any(c.lower_ == "sure" for c in token.children):
                sure = next(c for c in token.children if c.lower_ == "sure")
                self.ensure_clause = first(children(sure, "ccomp")) or first(children(token, "ccomp"))
            elif is_in(token, lex["predicate.ensure_verbs"]):
                self.ensure_clause = first(children(token, "ccomp", "xcomp"))

    @property
    def object(self) -> Token | None:
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
