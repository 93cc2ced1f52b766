"""The sentence a claim is read in, and the questions every reader asks of it.

Each reader is a function of a `SentenceWindow` and token offsets into its `Doc`. The
window answers "the lower-case word at i" or "the atom starting at i" with an empty
answer outside the sentence, so a reader may look a few tokens left or right of a
figure without checking the sentence's edges itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .claim import Claim
from .lexicon import Lexicon

NOUNS = {"NOUN", "PROPN"}
VERBS = {"VERB", "AUX"}
DASHES = {"-", "–", "—"}


class SentenceWindow:
    """One sentence of a parsed `Doc` (or a piece of a long one) with its number atoms,
    the claims lexicon and the currencies of the document's country."""

    def __init__(self, doc: Doc, span: Span, atoms: dict[int, tuple[str, int]], blocked: set[int],
                 lexicon: Lexicon, sentence: dict, atom_starts: list[int] | None = None,
                 country: str | None = None):
        self.doc = doc
        self.dollar, self.cent = lexicon.local_currencies(country)
        # an imperative list item under "We will:" starts with its verb, often tagged a noun
        # ("- Reinstate nursing bursaries"): no noun phrase reaches back to it
        first = doc[span.start]
        lead_in = (sentence.get("lead_in") or "").lower()
        self.np_floor = span.start + 1 if sentence.get("block_kind") == "list_item" and " will" in f" {lead_in}" \
            and first.is_alpha and first.is_title and first.pos_ not in ("DET", "NUM", "PRON", "ADJ") else span.start
        self.start = span.start
        self.end = span.end
        self.atoms = atoms
        self.blocked = blocked
        self.lexicon = lexicon
        self.sentence = sentence
        self.atom_starts = atom_starts if atom_starts is not None else sorted(atoms)

    def token(self, i: int) -> Token | None:
        return self.doc[i] if self.start <= i < self.end else None

    def lower(self, i: int) -> str:
        return self.doc[i].lower_ if self.start <= i < self.end else ""

    def atom(self, i: int, label: str | None = None) -> tuple[str, int] | None:
        """The atom starting at token i (of `label`, if given) that ends inside the sentence."""
        if i in self.blocked or not (self.start <= i < self.end):
            return None
        found = self.atoms.get(i)
        if found is None or found[1] > self.end or (label and found[0] != label):
            return None
        return found

    def words(self, start: int, end: int) -> list[str]:
        return [t.lower_ for t in self.doc[start:end]]

    def text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def phrase_at(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
        """Longest entry of `table` (keys: token tuples) starting at token i: (value, end)."""
        for n in range(4, 0, -1):
            if i + n <= self.end:
                key = tuple(self.words(i, i + n))
                joined = ("".join(key),)
                for candidate in (key, joined):
                    if candidate in table:
                        return table[candidate], i + n
        return None

    def phrase_before(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
        """Longest entry of `table` ending just before token i: (value, start)."""
        for n in range(self.lexicon.max_bound_words, 0, -1):
            if i - n >= self.start:
                key = tuple(self.words(i - n, i))
                if key in table:
                    return table[key], i - n
        return None

    def span_root(self, claim: Claim) -> Token:
        """The token of the claim whose head lies outside it (the claim's attachment)."""
        for index in (claim.counted_head, claim.core.end - 1, claim.core.start):
            if index is None or not (claim.start <= index < claim.end):
                continue
            token = self.doc[index]
            for _ in range(8):
                head = token.head
                if head is token or not (claim.start <= head.i < claim.end):
                    if token.dep_ == "prep":  # "a penny in the pound": the phrase hangs on "penny", not "in"
                        nominal = [t for t in self.doc[claim.start:claim.end] if t.dep_ in ("dobj", "obj", "nsubj",
                                   "nsubjpass", "pobj", "attr") and not (claim.start <= t.head.i < claim.end)]
                        if nominal:
                            return nominal[0]
                    return token
                token = head
        return self.doc[claim.core.start]


def governor(token: Token) -> Token:
    """The nearest verb above a token (or the sentence root)."""
    for _ in range(12):
        if token.pos_ in VERBS or token.head is token:
            return token
        token = token.head
    return token
