"""Number atoms: where the claims Matcher (models/claims/patterns.jsonl) finds a number.

An atom is the smallest piece a figure is built from ("10,000", "two hundred", "a
third", "last year", "over-65s"); `NOT_CLAIM` idioms ("zero tolerance", "no one")
block the tokens they cover. The readers compose atoms into cores and claims.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc

from .lexicon import ATOM_LABELS, NOT_CLAIM, ClaimsMatcher

ATOM_PRIORITY = {label: rank for rank, label in enumerate(
    ("MONEYRATIO", "NETZERO", "VAGUE", "MULTIPLIER", "FRACTION", "RELDATE", "AGEGROUP", "YEARSPAN", "DECADE",
     "TIMES", "NUMERAL", "UNITSPAN"))}
DIGIT = re.compile(r"\d+")
WINDOW_BEFORE, WINDOW_AFTER = 6, 10  # the Matcher's longest pattern is 7 tokens


def find_atoms(doc: Doc, claims_matcher: ClaimsMatcher,
               text: str | None = None) -> tuple[dict[int, tuple[str, int]], set[int]]:
    """Best atom starting at each token (longest, then by label priority), and the
    tokens covered by NOT_CLAIM idioms. The Matcher runs only on windows around
    digits and number words, which keeps it off most of the text."""
    strings = doc.vocab.strings
    blocked: set[int] = set()
    found: dict[int, list[tuple[str, int]]] = {}
    for start, end in candidate_windows(doc, claims_matcher.trigger_ids, doc.text if text is None else text):
        for match_id, match_start, match_end in claims_matcher.matcher(doc[start:end]):
            label = strings[match_id]
            match_start += start
            match_end += start
            if label == NOT_CLAIM:
                blocked.update(range(match_start, match_end))
            elif label in ATOM_LABELS:
                found.setdefault(match_start, []).append((label, match_end))
    atoms = {}
    for start, options in found.items():
        options = [(label, end) for label, end in set(options) if not blocked.intersection(range(start, end))]
        if options:
            atoms[start] = min(options, key=lambda o: (-(o[1] - start), ATOM_PRIORITY[o[0]]))
    return atoms, blocked


def candidate_windows(doc: Doc, trigger_ids: np.ndarray, text: str) -> list[tuple[int, int]]:
    """Merged token windows around tokens with a digit or a number word."""
    if not len(doc):
        return []
    array = doc.to_array([LOWER, IDX])
    hits = set(np.flatnonzero(np.isin(array[:, 0], trigger_ids)).tolist())
    starts = array[:, 1]
    for match in DIGIT.finditer(text):
        hits.add(int(np.searchsorted(starts, match.start(), side="right")) - 1)
    windows: list[list[int]] = []
    for i in sorted(hits):
        start, end = max(0, i - WINDOW_BEFORE), min(len(doc), i + WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]
