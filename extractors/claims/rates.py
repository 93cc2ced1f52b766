"""Rates: what a figure is per ("£10 a week", "per head", "annually", "£20-a-week").

A rate is read after units, direction words and the counted noun ("two women a week",
"£300 per person per year"); chained denominators join into one `per`.
"""

from __future__ import annotations

from .claim import Claim
from .cores import read_numeral
from .nouns import noun_phrase
from .window import DASHES, SentenceWindow


def read_rate(window: SentenceWindow, claim: Claim, k: int) -> int:
    """ "a week", "per year", "each year", "annually", "per head" after the figure;
    chained denominators join: "per person per week" -> "person per week"."""
    if claim.kind in ("date", "duration", "age", "change") and "measured" not in claim.flags:
        return k
    pers = []
    while len(pers) < 3:
        end = read_one_rate(window, claim, k)
        if end == k:
            break
        pers.append(claim.per)
        k = end
    if pers:
        claim.per = " per ".join(pers)
    return k


def read_one_rate(window: SentenceWindow, claim: Claim, k: int) -> int:
    """One denominator at k: "a week", "per-capita", "per 100,000 people", "annually";
    "a" names a rate only before a time unit, "head", "person" or "annum"."""
    lex = window.lexicon
    opener = window.lower(k)
    if opener == "per" and window.lower(k + 1) in DASHES and not window.doc[k].whitespace_ \
            and window.lower(k + 2) in lex.rate_denominators:
        claim.per = lex.rate_denominators[window.lower(k + 2)]  # "£300 per-capita"
        return k + 3
    if opener in lex.rate_openers:
        denominator = window.lower(k + 1)
        if denominator in lex.rate_denominators and window.lower(k + 2) not in lex.ago_words | {"'s", "of", "later"}:
            if opener in ("a", "an") and denominator not in lex.time_units \
                    and denominator not in ("head", "person", "annum"):
                return k
            claim.per = lex.rate_denominators[denominator]
            return k + 2
        if opener == "per" and window.atom(k + 1, "NUMERAL"):
            number = read_numeral(window, k + 1)
            if number is not None:
                found = noun_phrase(window, number[0], skip_determiners=False)
                end = found[1] if found else number[0]
                claim.per = window.text(k + 1, end)
                return end
    if opener in lex.rate_adverbs:
        claim.per = lex.rate_adverbs[opener]
        return k + 1
    return k


def read_hyphenated_rate(window: SentenceWindow, claim: Claim, k: int) -> int:
    """ "a £20-a-week increase", "a $15-an-hour wage": a rate written as a modifier."""
    if claim.kind in ("date", "duration", "age", "change") or window.lower(k) not in DASHES \
            or window.doc[k - 1].whitespace_:
        return k
    if window.lower(k + 1) not in ("a", "an", "per"):
        return k
    unit_at = k + 3 if window.lower(k + 2) in DASHES else k + 2
    if window.lower(unit_at) in window.lexicon.time_units and window.lower(unit_at) in window.lexicon.rate_denominators:
        claim.per = window.lexicon.rate_denominators[window.lower(unit_at)]
        return unit_at + 1
    return k
