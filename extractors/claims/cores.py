"""Cores: the number itself, read from the atom it starts with and the atoms after it.

A core is one number ("two hundred and fifty thousand", "£375m" without its "£"), a
range ("18-20", "between 5 and 10"), a ratio ("1 in 20", "a penny in the pound"), a
fraction, a multiplicative word ("halve"), a comparison factor ("three times"), a
relative date, an age group, a span of years or a decade. Numbers that label rather
than count are dropped here (`labels.py`); what the words around a core make of it
is read by the other readers (`reader.py`).
"""

from __future__ import annotations

from .claim import Core
from .labels import is_label
from .numbers import (expand_short_year, fraction_value, is_year_text, multiplier_value, numeral_value, read_digits,
                      vague_value)
from .window import DASHES, NOUNS, SentenceWindow


def read_core(window: SentenceWindow, i: int, label: str, end: int) -> Core | None:
    """The core of the atom [i, end) with this Matcher label, or None where the atom is
    no figure here ("twice a year", "half-term", a list marker)."""
    words = window.words(i, end)
    if label == "VAGUE":
        value = vague_value(words, window.lexicon)
        return Core(i, end, "vague", value) if value is not None else None
    if label == "FRACTION":
        return read_fraction(window, i, end, words)
    if label == "MULTIPLIER":
        return read_multiplier(window, i, end, words)
    if label == "RELDATE":
        return Core(i, end, "reldate", float(window.lexicon.relative_dates[words[0]]))
    if label == "AGEGROUP":
        digits = "".join(ch for ch in words[-1] if ch.isdigit())
        return Core(i, end, "agegroup", float(digits))
    if label == "YEARSPAN":
        text = window.doc[i].text
        first = int(text[:4])
        second = expand_short_year(first, text[5:])
        if second is None or second <= first:
            return None
        return Core(i, end, "yearspan", None, float(first), float(second), is_year=True)
    if label == "DECADE":
        return Core(i, end, "decade", float(window.doc[i].text[:4]), is_year=True)
    if label == "MONEYRATIO":
        return Core(i, end, "ratio", window.lexicon.subunit_words[words[1]][1])
    if label == "NETZERO":
        return Core(i, end, "netzero", 0.0)
    if label == "UNITSPAN":
        return read_unit_span(window, i, end)
    if label == "TIMES":
        return read_times(window, i, end, words)
    return read_number(window, i)


def read_times(window: SentenceWindow, i: int, end: int, words: list[str]) -> Core | None:
    """ "twice as fast as wages", "three times the rate of", "2.5 times higher": a factor
    between two quantities (a ratio). Without a comparison after it, "twice" is no
    figure ("twice a year") and "three times" is a count."""
    value = {"twice": 2.0, "thrice": 3.0}.get(words[0])
    if value is None:
        value = numeral_value(words[:-1], window.lexicon)
    nxt = window.token(end)
    comparative = nxt is not None and (nxt.lower_ in ("as", "the", "what", "that", "more", "less", "fewer")
                                       or nxt.tag_ in ("JJR", "RBR") or nxt.pos_ in ("ADJ", "NOUN")
                                       and nxt.lower_ not in window.lexicon.time_units and nxt.lower_ != "per")
    if comparative and value:
        return Core(i, end, "times", value)
    if words[0] in ("twice", "thrice") or value is None:
        return None
    return Core(i, end - 1, "number", value)  # "three times a week": a count of occasions


def read_unit_span(window: SentenceWindow, i: int, end: int) -> Core | None:
    """ "(in over) a decade", "within a year", "a year ago": one time unit is a time
    reference only after a bound word or a time preposition, or before "ago"; "£10 a
    week" is a rate and "once a year" no figure."""
    if window.lower(end) in window.lexicon.ago_words:
        return Core(i, end, "unitspan", 1.0)
    before = window.lower(i - 1)
    bound = window.phrase_before(i, window.lexicon.bounds)
    if bound is None and before not in window.lexicon.time_prepositions - {"of", "to", "than", "between"}:
        return None
    if window.lower(end) == "of" and before in ("in", "for"):
        return None  # "in a year of record growth"
    return Core(i, end, "unitspan", 1.0)


def read_fraction(window: SentenceWindow, i: int, end: int, words: list[str]) -> Core | None:
    """ "a third", "two-thirds"; "half a million" is a number, "half-term" no figure."""
    value = fraction_value(words, window.lexicon)
    if value is None:
        return None
    nxt = window.token(end)
    # "half a million", "a quarter of a million": a fraction of a scale word is a number
    scale_at = end + 1 if window.lower(end) in ("a", "an") else end + 2 if (
        window.lower(end) == "of" and window.lower(end + 1) in ("a", "an")) else None
    if scale_at is not None and window.lower(scale_at) in window.lexicon.scales:
        return Core(i, scale_at + 1, "number", value * window.lexicon.scales[window.lower(scale_at)])
    if words == ["half"]:
        if nxt is not None and (nxt.text in DASHES or nxt.pos_ in NOUNS | {"ADJ"}):
            return None  # half-term, half measures
    return Core(i, end, "fraction", value)


def read_multiplier(window: SentenceWindow, i: int, end: int, words: list[str]) -> Core | None:
    """ "halve", "treble", "threefold"; a word that is also an adjective ("double") counts
    only as a verb or before a determiner ("double the number")."""
    value = multiplier_value(words, window.lexicon)
    if value is None:
        return None
    token = window.doc[i]
    if end - i == 1 and words[0] in window.lexicon.verb_only_multipliers:
        nxt = window.token(end)
        is_verb = token.pos_ == "VERB" or token.tag_.startswith("VB")
        before_det = nxt is not None and nxt.lower_ in ("the", "its", "their", "our", "this", "that", "his", "her")
        if not (is_verb or before_det):
            return None
    return Core(i, end, "multiplier", value)


def read_number(window: SentenceWindow, i: int) -> Core | None:
    """A number in digits and/or words, or the range or ratio it opens; None for a label
    or a day of the month."""
    first = read_numeral(window, i)
    if first is None:
        return None
    end, value, suffix, scaled = first
    if is_label(window, i, end, value):
        return None
    if end - i == 1 and value == int(value) and 1 <= value <= 31 and window.lower(end) in window.lexicon.months:
        return None  # a day of the month: part of the date claim of the year after it, if any
    core = Core(i, end, "number", value, suffix=suffix, scaled=scaled)
    core.is_year = end - i == 1 and is_year_text(window.doc[i].text, window.lexicon)
    return _read_range(window, core) or _read_ratio(window, core) or core


def _read_range(window: SentenceWindow, core: Core) -> Core | None:
    """ "18-20", "5 to 10 million", "between 5 and 10": the range the number opens."""
    i, end = core.start, core.end
    connector = window.lower(end)
    # "from 5,000 to 8,000" and "by 20,000 to 273,000" are no ranges; "by 2029-30" is a span of years
    if (connector in DASHES or connector == "to") and window.atom(end + 1, "NUMERAL") \
            and (window.lower(i - 1) not in ("from", "by") or core.is_year and connector in DASHES):
        second = read_numeral(window, end + 1)
        if second is not None:
            ranged = make_range(window, core, second, end + 1)
            # "fell by 20,000 to 273,000" is a change and a level, not a range
            if ranged is not None and (connector != "to" or ranged.high <= 20 * ranged.low or ranged.is_year):
                return ranged
    if window.lower(i - 1) == "between" and connector == "and" and window.atom(end + 1, "NUMERAL"):
        second = read_numeral(window, end + 1)
        if second is not None:
            ranged = make_range(window, core, second, end + 1)
            if ranged is not None:
                if not ranged.is_year:  # "Between 2009 and 2016": "between" is the time preposition
                    ranged.start = i - 1
                return ranged
    return None


def _read_ratio(window: SentenceWindow, core: Core) -> Core | None:
    """ "1 in 20", "one out of five", "two in every five": the ratio the number opens."""
    end = core.end
    connector = window.lower(end)
    gap = 1 if connector == "in" else 2 if (connector == "out" and window.lower(end + 1) == "of") else 0
    if connector == "in" and window.lower(end + 1) in ("every", "each"):
        gap = 2  # "two in every five adults"
    if gap and window.atom(end + gap, "NUMERAL"):
        second = read_numeral(window, end + gap)
        if second is not None:
            ratio = make_ratio(window, core, second)
            if ratio is not None:
                return ratio
    return None


def read_numeral(window: SentenceWindow, i: int) -> tuple[int, float, str | None, bool] | None:
    """The numeral starting at i: (end, value, digit suffix, has a scale word)."""
    parts: list[str] = []
    last = ""
    suffix = None
    scaled = False
    j = i
    while j < window.end:
        found = window.atom(j, "NUMERAL")
        low = window.lower(j)
        if found:
            span_words = window.words(j, found[1])
            kind = _numeral_kind(window, span_words)
            if parts and not _joins(last, kind, span_words):
                break
            if kind == "digits":
                digits = read_digits(span_words[0], window.lexicon)
                if digits is None:
                    break
                suffix = digits.suffix
                if suffix and suffix in window.lexicon.scale_abbreviations:
                    scaled = True
                    kind = "scale"
            if kind == "scale" or kind == "hundred":
                scaled = scaled or kind == "scale"
            parts.extend(span_words)
            last = kind
            j = found[1]
            continue
        if parts and low == "and" and last in ("scale", "hundred") and _is_word_number(window, j + 1):
            parts.append(low)
            j += 1
            continue
        if parts and window.doc[j].text in DASHES and last == "tens" and not window.doc[j - 1].whitespace_ \
                and not window.doc[j].whitespace_ and _is_word_number(window, j + 1, below=10):
            parts.append("-")
            j += 1
            continue
        if low.endswith(".") and low[:-1] in window.lexicon.scale_abbreviations:
            low = low[:-1]  # "£375m." at the end of a sentence is one token
        if parts and last == "digits" and low in window.lexicon.scale_abbreviations \
                and not window.doc[j - 1].whitespace_:
            parts.append(low)
            last = "scale"
            scaled = True
            j += 1
            continue
        if parts and last == "digits" and low in ("bn", "mn", "tn"):
            parts.append(low)
            last = "scale"
            scaled = True
            j += 1
            continue
        break
    if not parts or (parts[0] in window.lexicon.scales and len(parts) == 1):
        return None
    if parts[-1] == "and" or parts[-1] == "-":
        return None
    value = numeral_value(parts, window.lexicon)
    if value is None:
        return None
    return j, value, suffix, scaled


def _numeral_kind(window: SentenceWindow, words: list[str]) -> str:
    """digits, hundred, scale ("million"), tens ("twenty") or word ("five"): which parts may follow."""
    word = words[-1]
    if read_digits(words[0], window.lexicon) is not None:
        return "digits"
    if word == "hundred":
        return "hundred"
    if word in window.lexicon.scales:
        return "scale"
    value = window.lexicon.number_words.get(word, 0)
    return "tens" if value >= 20 else "word"


def _joins(last: str, kind: str, words: list[str]) -> bool:
    """Whether a part of this kind continues a numeral whose last part was `last`
    ("twenty" + "five", "two" + "hundred"; not "5" + "6", "twenty" + "thirty")."""
    if words[0] in ("a", "an"):
        return False
    if kind == "digits":
        return False
    if kind in ("scale", "hundred"):
        return last in ("digits", "word", "tens", "hundred", "scale")
    if kind == "word":
        return last in ("tens", "hundred", "scale") and last != "digits"
    if kind == "tens":
        return last in ("hundred", "scale")
    return False


def _is_word_number(window: SentenceWindow, i: int, below: float | None = None) -> bool:
    """Whether token i is a number word (below `below`) outside an idiom."""
    word = window.lower(i)
    if word not in window.lexicon.number_words or i in window.blocked:
        return False
    return below is None or window.lexicon.number_words[word] < below


def make_range(window: SentenceWindow, core: Core, second: tuple[int, float, str | None, bool],
               second_start: int) -> Core | None:
    """The range from `core` to the numeral `second` ("18-20", "£5-10bn", "2015-16"), or
    None where the second number is not above the first."""
    end, high, high_suffix, high_scaled = second
    low = core.value
    if core.is_year and second_start + 1 == end:
        year = expand_short_year(int(low), window.doc[second_start].text)
        if year is not None and year > low:
            return Core(core.start, end, "yearspan", None, low, float(year), is_year=True)
        return None
    if high_scaled and not core.scaled:
        scale = scale_of(window, window.words(second_start, end))
        if low * scale <= high:
            low = low * scale  # "£5-10bn": the scale word covers both ends
    if not low < high:
        return None
    return Core(core.start, end, "range", None, low, high, suffix=high_suffix or core.suffix, scaled=high_scaled)


def scale_of(window: SentenceWindow, words: list[str]) -> float:
    """The product of the scale words and suffixes of a numeral ("10bn" -> 1e9)."""
    factor = 1.0
    for word in words:
        if word in window.lexicon.scales and word != "hundred":
            factor *= window.lexicon.scales[word]
        elif word in window.lexicon.scale_abbreviations:
            factor *= window.lexicon.scale_abbreviations[word]
        else:
            digits = read_digits(word, window.lexicon)
            if digits is not None and digits.suffix in window.lexicon.scale_abbreviations:
                factor *= window.lexicon.scale_abbreviations[digits.suffix]
    return factor


def make_ratio(window: SentenceWindow, core: Core, second: tuple[int, float, str | None, bool]) -> Core | None:
    """ "1 in 20", "two out of five": the share `core` of the numeral `second`."""
    end, denominator, _suffix, _scaled = second
    numerator = core.value
    if not denominator or numerator > denominator or numerator != int(numerator):
        return None
    last = window.doc[end - 1]
    if is_year_text(last.text, window.lexicon) or window.lower(end) in window.lexicon.time_units:
        return None  # "5 in 2015", "rose 5 in 10 years"
    return Core(core.start, end, "ratio", numerator / denominator)
