"""Reading the value of a number as written: digits, number words and scale words.

Pure functions over lower-cased token texts, with the word lists of
`models/claims/numbers.json` (see `lexicon.Lexicon`); no spaCy here, so the
arithmetic is tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon

DIGITS = re.compile(r"^(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<suffix>[a-z]+)?$")
CONNECTORS = {"and", "-", "a", "an"}
PERCENT_SUFFIX = "pc"
PENCE_SUFFIX = "p"


@dataclass(frozen=True)
class Digits:
    """A digit token read: its value with any scale suffix applied, and the suffix."""

    value: float
    suffix: str | None
    has_separator: bool
    is_integer: bool


def read_digits(text: str, lexicon: Lexicon) -> Digits | None:
    """`10,000` -> 10000; `1.2` -> 1.2; `8bn` -> 8e9; `50p` -> 50 with suffix `p`; `40GW` -> 40 with suffix `gw`."""
    match = DIGITS.match(text.lower())
    if not match:
        return None
    value = float(match["int"].replace(",", "") + (match["frac"] or ""))
    suffix = match["suffix"]
    if suffix:
        if suffix in lexicon.scale_abbreviations:
            value *= lexicon.scale_abbreviations[suffix]
        elif suffix not in (PENCE_SUFFIX, PERCENT_SUFFIX) and suffix not in lexicon.measure_units:
            return None  # "40gw" keeps its unit as the suffix; "21st" is no number
    return Digits(value, suffix, "," in match["int"], match["frac"] is None)


def is_year_text(text: str, lexicon: Lexicon) -> bool:
    """Four digits, no separator, within the lexicon's year range (`2010`, not `2,010`)."""
    if not re.fullmatch(r"\d{4}", text):
        return False
    low, high = lexicon.year_range
    return low <= int(text) <= high


def numeral_value(words: list[str], lexicon: Lexicon) -> float | None:
    """Value of a numeral written in digits and/or words, e.g.

    ["two", "hundred", "and", "fifty", "thousand"] -> 250000; ["1.2", "billion"] -> 1.2e9;
    ["a", "million"] -> 1e6; ["twenty", "-", "five"] -> 25; ["375", "m"] -> 3.75e8.
    Returns None when the words do not form one number.
    """
    total = 0.0
    current: float | None = None
    seen = False
    for word in words:
        if word in CONNECTORS:
            continue
        digits = read_digits(word, lexicon)
        if digits is not None:
            if current is not None:
                return None
            current = digits.value
        elif word in lexicon.number_words:
            current = (current or 0.0) + lexicon.number_words[word]
        elif word == "hundred":
            current = (1.0 if current is None else current) * 100
        elif word in lexicon.scales:
            total += (1.0 if current is None else current) * lexicon.scales[word]
            current = None
        elif word in lexicon.scale_abbreviations:
            total += (1.0 if current is None else current) * lexicon.scale_abbreviations[word]
            current = None
        else:
            return None
        seen = True
    if not seen:
        return None
    return total + (current or 0.0)


def fraction_value(words: list[str], lexicon: Lexicon) -> float | None:
    """["a", "third"] -> 1/3; ["two", "-", "thirds"] -> 2/3; ["half"] -> 0.5."""
    words = [w for w in words if w != "-"]
    if len(words) == 1 and words[0] in lexicon.fractions:
        return lexicon.fractions[words[0]]
    if len(words) == 2 and words[0] in lexicon.fraction_numerators and words[1] in lexicon.fractions:
        return lexicon.fraction_numerators[words[0]] * lexicon.fractions[words[1]]
    return None


def multiplier_value(words: list[str], lexicon: Lexicon) -> float | None:
    """["halve"] -> 0.5; ["threefold"] -> 3; ["3", "-", "fold"] -> 3; ["three", "-", "fold"] -> 3."""
    words = [w for w in words if w != "-"]
    if len(words) == 1:
        return lexicon.multipliers.get(words[0])
    if len(words) == 2 and words[1] == "fold":
        return numeral_value([words[0]], lexicon)
    return None


def vague_value(words: list[str], lexicon: Lexicon) -> float | None:
    """["hundreds", "of"] -> 100; ["tens", "of", "thousands", "of"] -> 10000."""
    if words and words[-1] == "of":
        words = words[:-1]
    return lexicon.vague_scales.get(" ".join(words))


def expand_short_year(first: int, second_text: str) -> int | None:
    """The end of a span of years: (2015, "16") -> 2016; (1999, "00") -> 2000; (2010, "2015") -> 2015."""
    if not second_text.isdigit():
        return None
    if len(second_text) == 4:
        return int(second_text)
    if len(second_text) != 2:
        return None
    century = first - first % 100
    second = century + int(second_text)
    return second + 100 if second < first else second
