"""Units and currencies: what kind of quantity a number is, from the words around it.

Money (a currency symbol before the number, a currency or subunit word after it, "£",
"$" and "cent" in the catalog country's currency, "10p in the pound" as a ratio),
percentages, ages, durations and dates ("five years", "two years ago"), units of
measure and temperatures; and whether a four-digit number is a year.
"""

from __future__ import annotations

from .claim import Claim, Core
from .window import DASHES, NOUNS, SentenceWindow

YEAR_DETERMINERS = {"the", "this", "its", "our", "their", "his", "her", "a"}


def scale_values(claim: Claim, factor: float) -> None:
    if claim.value is not None:
        claim.value *= factor
    if claim.low is not None:
        claim.low *= factor
        claim.high *= factor


def read_units(window: SentenceWindow, claim: Claim, k: int) -> int:
    """Currency, percent, age, time and measure words right after the number."""
    lex = window.lexicon
    prev = window.token(claim.start - 1)
    if prev is not None and prev.text.lower() in lex.currency_symbols:
        claim.kind, claim.currency = "money", currency_of(window, prev.text.lower(), lex.currency_symbols)
        claim.unit = claim.currency
        claim.start = claim.num_start = prev.i
    low = window.lower(k)
    if low in lex.currency_words:
        claim.kind, claim.currency = "money", currency_of(window, low, lex.currency_words)
        claim.unit = claim.currency
        claim.num_end = k + 1
        return read_subunit_ratio(window, claim, k + 1)
    if low in lex.subunit_words and claim.currency is None:
        code, factor = lex.subunit_words[low]
        code = currency_of(window, low, {low: code})
        claim.kind, claim.currency, claim.unit = "money", code, code
        scale_values(claim, factor)
        claim.num_end = k + 1
        return read_subunit_ratio(window, claim, k + 1)
    if claim.core.suffix == "p":
        end = read_subunit_ratio(window, claim, k)
        if end > k:
            return end
    percent = window.phrase_at(k, lex.percent_words)
    if percent is not None:
        claim.kind, claim.unit = "percent", percent[0]
        claim.num_end = percent[1]
        return percent[1]
    # age: 18-20 year old, 16-year-olds, five years old
    j = k + 1 if window.lower(k) in DASHES else k
    if window.lower(j) in ("year", "years"):
        after = j + 1
        if window.lower(after) in DASHES:
            after += 1
        if window.lower(after) in lex.age_words:
            claim.kind, claim.unit = "age", "year"
            return after + 1
    if window.lower(claim.start - 1) == "aged":
        claim.kind, claim.unit = "age", "year"
        claim.start -= 1
        return k
    if window.lower(j) in lex.time_units and claim.currency is None:
        unit = lex.time_units[window.lower(j)]
        if window.lower(j + 1) in lex.ago_words:
            claim.kind, claim.unit = "date", unit
            scale_values(claim, -1.0)
            return j + 2
        claim.kind, claim.unit = "duration", unit
        nxt = window.token(j + 1)
        if j > k and nxt is not None and nxt.pos_ in NOUNS:
            claim.is_modifier = True  # "a five-year plan"
        if window.lower(j + 1) in ("'", "’") or window.lower(j + 1) in ("'s", "’s"):
            return j + 2 if window.lower(j + 2) != "time" else j + 3
        return j + 1
    if low in lex.measure_units and claim.currency is None:
        claim.kind, claim.unit = "other", lex.measure_units[low]
        return k + 1
    if low in ("°", "degree", "degrees") and claim.currency is None:  # "1.5 degrees Celsius", "2°C"
        scale = window.lower(k + 1)
        claim.kind = "other"
        if scale in ("c", "celsius", "centigrade"):
            claim.unit = "degree Celsius"
            return k + 2
        if scale in ("f", "fahrenheit"):
            claim.unit = "degree Fahrenheit"
            return k + 2
        claim.unit = "degree"
        return k + 1
    return k


def currency_of(window: SentenceWindow, word: str, table: dict[str, str]) -> str:
    """ISO code of a currency word or symbol; "$", "dollar" and "cent" follow the
    document's country (AUD in an Australian manifesto, a euro cent in Ireland)."""
    if word in window.lexicon.local_dollar_words:
        return window.dollar
    if word in window.lexicon.local_cent_words:
        return window.cent
    return table[word]


def read_subunit_ratio(window: SentenceWindow, claim: Claim, k: int) -> int:
    """ "30 cents in the dollar", "10p in the pound": a ratio of two amounts of money
    (0.3, 0.1), not a sum; the whole phrase is the number."""
    if window.lower(k) not in ("in", "on", "of", "for") or window.lower(k + 1) not in ("the", "every", "each", "a"):
        return k
    whole = window.lower(k + 2)
    if whole not in window.lexicon.currency_words or claim.value is None:
        return k
    if currency_of(window, whole, window.lexicon.currency_words) != claim.currency:
        return k
    claim.kind, claim.unit, claim.currency = "ratio", None, None
    claim.num_end = k + 3
    return k + 3


def is_year_context(window: SentenceWindow, core: Core) -> bool:
    """Whether a four-digit number is a year: tagged a date, after a time
    preposition or month, or not followed by a noun it counts."""
    token = window.doc[core.start]
    prev, nxt = window.token(core.start - 1), window.token(core.end)
    if prev is not None and (prev.lower_ in window.lexicon.time_prepositions or prev.lower_ in window.lexicon.months
                             or prev.lower_ in YEAR_DETERMINERS):
        return True  # "in 2010", "May 2015", "the 2008 crisis"
    if token.ent_type_ == "DATE":
        return True
    return nxt is None or nxt.pos_ not in NOUNS | {"ADJ"}
