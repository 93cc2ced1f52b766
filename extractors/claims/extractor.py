"""The `claims` stage: one row per figure or time reference of each body sentence.

The readers of this package find and read the claims of a sentence (see `__init__.py`
for how); this module turns them into rows (ids, character offsets, pledge links,
resolved years). A sentence too long to read whole is read in pieces. No `nlp()` call
anywhere: the extractor reads the shared parse, and the Matcher is built once per
vocabulary.
"""

from __future__ import annotations

import bisect
from typing import Iterator

from spacy.tokens import Doc, Token

from manifesto.pipeline import schemas
from manifesto.pipeline.catalog import parse_year
from manifesto.pipeline.ids import row_id
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from .. import register
from ..sentences import body_sentences
from ..windows import Pieces
from .atoms import find_atoms
from .claim import Claim
from .lexicon import load_lexicon, matcher_for
from .reader import find_claims
from .roles import assign_role
from .times import link_time_references
from .window import SentenceWindow

def _build_matcher(nlp) -> None:
    """`ExtractorSpec.setup`: build the matcher before any memory zone opens."""
    matcher_for(nlp.vocab)


SPEC = ExtractorSpec(
    name="claims", version="3", schema=schemas.CLAIMS, requires=("sentences", "pledges"),
    components=("tagger", "attribute_ruler", "lemmatizer", "parser", "ner"), rules=("claims",),
    setup=_build_matcher,
)

@register(SPEC)
def extract_claims(doc: Doc, ctx: DocContext) -> Iterator[dict]:
    """Numeric claims, one row per figure or time reference (see docs/claims.md)."""
    lexicon = load_lexicon()
    text = ctx.document.text
    atoms, blocked = find_atoms(doc, matcher_for(doc.vocab), text)
    atom_starts = sorted(atoms)
    catalog_year = _catalog_year(ctx)
    country = (ctx.document.catalog or {}).get("country")
    pledges = sorted(ctx.rows.get("pledges") or [], key=lambda r: (r["char_start"], r["char_end"]))
    pledge_starts = [row["char_start"] for row in pledges]
    cutter: list[Pieces] = []  # made on the first long sentence
    for sentence in body_sentences(ctx.rows["sentences"]):
        if sentence.get("is_garbled"):
            continue  # broken PDF glyphs: a figure read here could be wrong (e.g. "�5bn")
        span = doc.char_span(sentence["char_start"], sentence["char_end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        for piece, piece_span, offset in _reading_windows(doc, span, cutter):
            if piece is doc:
                piece_atoms, piece_blocked, piece_starts = atoms, blocked, atom_starts
            else:
                piece_atoms, piece_blocked = find_atoms(piece, matcher_for(piece.vocab), piece.text)
                piece_starts = sorted(piece_atoms)
            window = SentenceWindow(piece, piece_span, piece_atoms, piece_blocked, lexicon, sentence, piece_starts,
                                    country)
            yield from _sentence_rows(ctx, text, piece, offset, window, sentence, pledges, pledge_starts, catalog_year)


# A sentence longer than this many tokens (a table or list run together, a text with no
# full stops) is read in pieces of this size, each a Doc of its own whose parse tree
# stops at its edges: reading a figure walks the tree around it, which in one huge
# sentence made the stage quadratic (a text of 200,000 numbers never finished).
MAX_CLAIM_TOKENS = 256


def _reading_windows(doc: Doc, span, cutter: list[Pieces]):
    """(doc, span, char offset) to read a sentence's claims in: the sentence itself, or
    consecutive pieces of a sentence longer than MAX_CLAIM_TOKENS (a figure cut by a
    piece's edge may be read in part)."""
    if len(span) <= MAX_CLAIM_TOKENS:
        yield doc, span, 0
        return
    if not cutter:
        cutter.append(Pieces(doc))
    for start in range(span.start, span.end, MAX_CLAIM_TOKENS):
        piece = cutter[0].piece(start, min(start + MAX_CLAIM_TOKENS, span.end))
        yield piece, piece[:], doc[start].idx


def _sentence_rows(ctx: DocContext, text: str, doc: Doc, offset: int, window: SentenceWindow, sentence: dict,
                   pledges: list[dict], pledge_starts: list[int], catalog_year: int | None) -> Iterator[dict]:
    """The rows of one sentence's claims (`offset`: of `doc`'s text in the document's)."""
    claims = find_claims(window)
    if not claims:
        return
    link_time_references(window, claims)
    for claim in claims:
        start, end = offset + doc[claim.start].idx, offset + _end_char(doc[claim.end - 1])
        pledge_id = _pledge_at(pledges, pledge_starts, start, end)
        assign_role(window, claim, pledge_id)
        if claim.kind == "date":
            claim.resolved_year = _resolve_year(claim, catalog_year)
        yield {
            "claim_id": row_id(ctx.doc_id, "claims", start, end),
            "doc_id": ctx.doc_id,
            "section_id": sentence["section_id"],
            "sentence_id": sentence["sentence_id"],
            "pledge_id": pledge_id,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "number_text": text[offset + doc[claim.num_start].idx:offset + _end_char(doc[claim.num_end - 1])],
            "value": claim.value,
            "value_low": claim.low,
            "value_high": claim.high,
            "bound": claim.bound,
            "kind": claim.kind,
            "unit": claim.unit,
            "currency": claim.currency,
            "counted": claim.counted,
            "per": claim.per,
            "direction": claim.direction,
            "change_type": claim.change_type,
            "time_ref": claim.time_ref,
            "resolved_year": claim.resolved_year,
            "role": claim.role,
            "page_no": sentence.get("page_no"),
        }


def _end_char(token: Token) -> int:
    """End of a token without a sentence full stop glued to it ("375m." -> "375m")."""
    text = token.text
    if len(text) > 1 and text.endswith("."):
        text = text[:-1]
    return token.idx + len(text)


def _catalog_year(ctx: DocContext) -> int | None:
    """The catalog year as `documents.year` reads it (a bad year is warned about and null)."""
    return parse_year(str((ctx.document.catalog or {}).get("year", "")))


def _resolve_year(claim: Claim, catalog_year: int | None) -> int | None:
    """The year a date claim names: a relative date ("last year", "two years ago") counted
    from the catalog year; else the year itself, or the first of a span."""
    label = claim.core.label
    if label in ("reldate",) or (claim.value is not None and abs(claim.value) < 1000):
        if catalog_year is None or claim.unit != "year" or claim.value is None:
            return None
        return catalog_year + int(claim.value)
    if claim.value is not None:
        return int(claim.value)
    if claim.low is not None:
        return int(claim.low)
    return None


def _pledge_at(pledges: list[dict], starts: list[int], start: int, end: int) -> str | None:
    """The pledge whose span contains [start, end), if any."""
    position = bisect.bisect_right(starts, start) - 1
    for row in pledges[max(0, position - 3):position + 1][::-1]:
        if row["char_start"] <= start and end <= row["char_end"]:
            return row["pledge_id"]
    return None
