"""Running the matchers over a document and sharing out what they find among its units.

The matchers run once over the whole document (not once per unit); their matches, and
the document's entities, are then grouped by the unit they lie in. Very long
sentences are matched in windows so the work stays linear in the document's length.
"""

from __future__ import annotations

from typing import Iterator

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from .actors import ActorFinder
from .commitments import Commitment, read_match
from .grammar import lemma
from .rules import Lexicon, Matchers, PatternInfo, cue_words


def _unit_index(doc: Doc, units: list[Span | None]) -> list[int]:
    """For each token of the doc, the index of the unit containing it (or -1)."""
    owner = [-1] * len(doc)
    for index, unit in enumerate(units):
        if unit is not None:
            for i in range(unit.start, unit.end):
                owner[i] = index
    return owner


def commitments_by_unit(doc: Doc, units, found: Matchers, finder: ActorFinder, lex: Lexicon) -> list[list[Commitment]]:
    """The commitments of each unit, the party's own first, then in text order. A match
    whose predicate lies in another unit is dropped, and so is a second match of the
    same cue and predicate."""
    owner = _unit_index(doc, units)
    by_unit: list[list[Commitment]] = [[] for _ in units]
    if not _has_cue_words(doc):
        return by_unit  # no commitment language at all: skip the dependency matcher
    seen: set[tuple[int, int | None]] = set()
    for info, nodes in _matched_nodes(doc, found):
        cue = nodes["cue"]
        unit = owner[cue.i]
        if unit < 0:
            continue
        commitment = read_match(info, nodes, finder, lex)
        if commitment is None:
            continue
        if commitment.content is not None and owner[commitment.content.i] != unit:
            continue
        key = (cue.i, commitment.content.i if commitment.content is not None else None)
        if key in seen:
            continue
        seen.add(key)
        by_unit[unit].append(commitment)
    for commitments in by_unit:
        commitments.sort(key=lambda c: (not c.own, min(t.i for t in c.cue)))
    return by_unit


def _matched_nodes(doc: Doc, found: Matchers) -> list[tuple[PatternInfo, dict[str, Token]]]:
    """Each dependency match as its pattern and named tokens, in text order; a pattern
    whose predicate is read from the parse (`ContentRule`) gives one match per predicate
    it reads, as a `content` node would have."""
    matches = []
    for match_id, token_ids in bounded_matches(found.dependency, doc):
        info = found.info[match_id]
        nodes = {name: doc[i] for name, i in zip(info.nodes, token_ids)}
        if info.content is None:
            matches.append((info, nodes))
        else:
            matches += [(info, {**nodes, "content": c}) for c in info.content.candidates(nodes[info.content.of])]
    return sorted(matches, key=lambda m: min(t.i for t in m[1].values()))


def _has_cue_words(doc: Doc) -> bool:
    return any(token.tag_ == "MD" or token.lower_ in cue_words() or lemma(token) in cue_words() for token in doc)


# A sentence longer than this many tokens is matched in overlapping windows of this
# size: the dependency matcher's cost grows with the square of a sentence's length
# (ancestor and descendant relations), so one huge unpunctuated "sentence" took hours.
MAX_MATCH_TOKENS = 256


def bounded_matches(matcher: DependencyMatcher, doc: Doc) -> list[tuple[int, list[int]]]:
    """`matcher(doc)`, with work linear in the document's length: when a sentence is
    longer than MAX_MATCH_TOKENS, the doc is matched piecewise (runs of ordinary
    sentences whole; each long sentence in half-overlapping windows, where a match's
    nodes must lie within one window; a predicate read by a `ContentRule` is read from
    the whole parse and may lie beyond it). Token indices are the doc's; a match found in two
    overlapping windows is returned twice (callers keep one per cue and content)."""
    if all(len(sent) <= MAX_MATCH_TOKENS for sent in doc.sents):
        return matcher(doc)
    from ..windows import Pieces

    pieces, matches = Pieces(doc), []
    for start, end in _match_windows(doc):
        matches += [(match_id, [start + i for i in ids]) for match_id, ids in matcher(pieces.piece(start, end))]
    return matches


def _match_windows(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges covering the doc: whole sentences up to MAX_MATCH_TOKENS * 8 tokens
    a range, and each longer sentence as windows of MAX_MATCH_TOKENS, half overlapping."""
    run_start = None
    for sent in doc.sents:
        if len(sent) > MAX_MATCH_TOKENS:
            if run_start is not None:
                yield run_start, sent.start
                run_start = None
            step = MAX_MATCH_TOKENS // 2
            for start in range(sent.start, sent.end - step, step):
                yield start, min(start + MAX_MATCH_TOKENS, sent.end)
            continue
        if run_start is None:
            run_start = sent.start
        elif sent.end - run_start > MAX_MATCH_TOKENS * 8:
            yield run_start, sent.start
            run_start = sent.start
    if run_start is not None:
        yield run_start, len(doc)


def longest(spans: list[Span]) -> list[Span]:
    """Matcher spans without those inside a longer overlapping one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def ents_by_unit(doc: Doc, units) -> list[list[Span]]:
    """The doc's entities, grouped by the unit they lie in (read once, not per unit)."""
    owner = _unit_index(doc, units)
    by_unit: list[list[Span]] = [[] for _ in units]
    for ent in doc.ents:
        unit = owner[ent.start]
        if unit >= 0 and owner[ent.end - 1] == unit:
            by_unit[unit].append(ent)
    return by_unit


def phrases_by_unit(doc: Doc, units, found: Matchers) -> list[dict[str, list[Span]]]:
    """The fixed phrases (RHETORIC, CONDITION, TIME) of each unit, by label."""
    owner = _unit_index(doc, units)
    by_unit: list[dict[str, list[Span]]] = [{} for _ in units]
    for match_id, start, end in found.phrases(doc):
        unit = owner[start]
        if unit >= 0 and owner[end - 1] == unit:
            by_unit[unit].setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
    return by_unit
