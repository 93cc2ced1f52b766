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


def read_glued_unit(window: SentenceWindow, claim: Claim) -> None:
    """A unit glued to the digits: "5pc" (per cent), "50p" (pence), "40GW"."""
    suffix = claim.core.suffix
    if suffix == "pc":
        claim.kind, claim.unit = "percent", "percent"
    elif suffix == "p":
        claim.kind, claim.unit, claim.currency = "money", "GBP", "GBP"
        scale_values(claim, 0.01)
    elif suffix in window.lexicon.measure_units:
        claim.kind, claim.unit = "other", window.lexicon.measure_units[suffix]  # "40GW"


def read_units(window: SentenceWindow, claim: Claim, k: int) -> int:
    """Currency, percent, age, time and measure words right after the number (and a
    currency symbol before it); returns where the claim's words go on."""
    _read_currency_symbol(window, claim)
    for reader in (_read_money, _read_percent, _read_age, _read_time_unit, _read_measure):
        end = reader(window, claim, k)
        if end is not None:
            return end
    return k


def scale_values(claim: Claim, factor: float) -> None:
    """Scale the claim's value or range ("50p" -> 0.5 pounds, "two years ago" -> -2)."""
    if claim.value is not None:
        claim.value *= factor
    if claim.low is not None:
        claim.low *= factor
        claim.high *= factor


def _read_currency_symbol(window: SentenceWindow, claim: Claim) -> None:
    """ "£", "$" before the number: money, and the symbol joins the span."""
    symbols = window.lexicon.currency_symbols
    prev = window.token(claim.start - 1)
    if prev is not None and prev.text.lower() in symbols:
        claim.kind, claim.currency = "money", currency_of(window, prev.text.lower(), symbols)
        claim.unit = claim.currency
        claim.start = claim.num_start = prev.i


def _read_money(window: SentenceWindow, claim: Claim, k: int) -> int | None:
    """ "10 million pounds", "50 cents" (in the currency's unit), "10p in the pound"."""
    lex = window.lexicon
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
    return None


def _read_percent(window: SentenceWindow, claim: Claim, k: int) -> int | None:
    """ "per cent", "percent", "%", "percentage points"."""
    percent = window.phrase_at(k, window.lexicon.percent_words)
    if percent is None:
        return None
    claim.kind, claim.unit = "percent", percent[0]
    claim.num_end = percent[1]
    return percent[1]


def _read_age(window: SentenceWindow, claim: Claim, k: int) -> int | None:
    """An age: "18-20 year old", "16-year-olds", "five years old", "aged 65"."""
    j = k + 1 if window.lower(k) in DASHES else k
    if window.lower(j) in ("year", "years"):
        after = j + 1
        if window.lower(after) in DASHES:
            after += 1
        if window.lower(after) in window.lexicon.age_words:
            claim.kind, claim.unit = "age", "year"
            return after + 1
    if window.lower(claim.start - 1) == "aged":
        claim.kind, claim.unit = "age", "year"
        claim.start -= 1
        return k
    return None


def _read_time_unit(window: SentenceWindow, claim: Claim, k: int) -> int | None:
    """A duration ("five years", "a five-year plan" as a modifier, "two years' time") or,
    before "ago", a date offset back from the document's year ("two years ago")."""
    lex = window.lexicon
    j = k + 1 if window.lower(k) in DASHES else k
    if window.lower(j) not in lex.time_units or claim.currency is not None:
        return None
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


def _read_measure(window: SentenceWindow, claim: Claim, k: int) -> int | None:
    """A unit of measure ("15 tonnes", "5 GW") or a temperature ("1.5 degrees Celsius", "2°C")."""
    low = window.lower(k)
    if claim.currency is not None:
        return None
    if low in window.lexicon.measure_units:
        claim.kind, claim.unit = "other", window.lexicon.measure_units[low]
        return k + 1
    if low in ("°", "degree", "degrees"):
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
    return None


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
