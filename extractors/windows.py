"""Pieces of a parsed `Doc` as Docs of their own, in time linear in the piece.

Matching and reading that walk the dependency tree cost the square of a sentence's
length; one huge "sentence" (a table run together, a text without full stops) made
such stages take hours. Those stages read a long sentence in pieces of a few hundred
tokens instead. spaCy's `Span.as_doc` copies the whole document's arrays for every
piece (quadratic again), so `Pieces` converts the document once and slices that.
A piece keeps its tokens' tags, lemmas, morphology, entities and the dependencies
inside it; a token whose head lies outside the piece becomes a root.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, TAG
from spacy.tokens import Doc

ATTRS = [TAG, POS, MORPH, LEMMA, NORM, DEP, HEAD, ENT_IOB, ENT_TYPE, ENT_KB_ID]
IOB_INSIDE, IOB_BEGIN = 1, 3


class Pieces:
    """Cut pieces out of one parsed doc (its arrays read once)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.array = doc.to_array(ATTRS)
        self.root_dep = doc.vocab.strings.add("ROOT")

    def piece(self, start: int, end: int) -> Doc:
        """`doc[start:end]` as a Doc of its own."""
        tokens = self.doc[start:end]
        piece = Doc(self.doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
        array = self.array[start:end].copy()
        heads = array[:, ATTRS.index(HEAD)].astype(numpy.int64)  # relative offsets, stored unsigned
        absolute = numpy.arange(end - start) + heads
        outside = (absolute < 0) | (absolute >= end - start)
        heads[outside] = 0
        array[:, ATTRS.index(HEAD)] = heads.astype(numpy.uint64)
        array[outside, ATTRS.index(DEP)] = self.root_dep
        if len(array) and array[0, ATTRS.index(ENT_IOB)] == IOB_INSIDE:
            array[0, ATTRS.index(ENT_IOB)] = IOB_BEGIN  # an entity cut by the piece's start
        piece.from_array(ATTRS, array)
        return piece
