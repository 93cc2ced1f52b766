"""Reading the claims of one sentence: number atoms -> cores -> claims.

`find_atoms` runs the claims Matcher (models/claims/patterns.jsonl) near digits and
number words; `SentenceClaims` composes atoms into a core (a number, range or ratio),
grows it into a claim with the words around it (models/claims/lexicon.json) and the
dependency parse, links figures to their time references and assigns roles. The
extractor in `extractor.py` turns the claims into rows.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc, Span, Token

from .lexicon import ATOM_LABELS, NOT_CLAIM, ClaimsMatcher, Lexicon
from .numbers import (expand_short_year, fraction_value, is_year_text, multiplier_value, numeral_value,
                             read_digits, vague_value)

NOUNS = {"NOUN", "PROPN"}
VERBS = {"VERB", "AUX"}
DASHES = {"-", "–", "—"}
NAME_ENTITIES = {"LAW", "ORG", "PRODUCT", "WORK_OF_ART", "FAC"}
LOWER_CASE_LABELS = {"section", "article", "clause", "schedule", "paragraph", "chapter", "page", "no", "no.", "phase",
                     "stage", "tier", "level", "grade", "part", "band"}
PHONE_CONTEXT = {"call", "calls", "dial", "dialled", "ring", "phone", "line", "number", "helpline", "service", "operator",
                 "nhs", "emergency", "emergencies", "non-emergency", "non-emergencies", "non"}
YEAR_DETERMINERS = {"the", "this", "its", "our", "their", "his", "her", "a"}
TIME_KINDS = {"date", "duration"}
ATOM_PRIORITY = {label: rank for rank, label in enumerate(
    ("MONEYRATIO", "NETZERO", "VAGUE", "MULTIPLIER", "FRACTION", "RELDATE", "AGEGROUP", "YEARSPAN", "DECADE",
     "TIMES", "NUMERAL", "UNITSPAN"))}
PERIOD_START_WORDS = {"end", "start", "beginning", "middle", "close"}
DIGIT = re.compile(r"\d+")
WINDOW_BEFORE, WINDOW_AFTER = 6, 10  # the Matcher's longest pattern is 7 tokens
NP_DETERMINERS = {"DET", "PRON"}
FRONTED_TIME_OPENERS = {"since", "after", "before", "until", "till", "when", "once", "by", "in", "over", "during",
                        "within", "from", "throughout", "last", "this", "between"}
PARTITIVE_DETERMINERS = {"the", "those", "these", "our", "their", "its", "all", "his", "her", "your"}


@dataclass
class Core:
    """The number itself: token range, value(s) and what was read from it."""

    start: int
    end: int
    label: str  # number | range | ratio | vague | fraction | multiplier | reldate | agegroup | yearspan | decade
    value: float | None = None
    low: float | None = None
    high: float | None = None
    suffix: str | None = None  # "p" (pence) or "pc" (per cent) glued to the digits
    is_year: bool = False
    scaled: bool = False


@dataclass
class Claim:
    """A claim being built; token offsets are into the `Doc`."""

    core: Core
    start: int
    end: int
    num_start: int
    num_end: int
    resume: int = 0
    value: float | None = None
    low: float | None = None
    high: float | None = None
    bound: str = "="
    kind: str = "count"
    unit: str | None = None
    currency: str | None = None
    counted: str | None = None
    counted_head: int | None = None
    per: str | None = None
    direction: str | None = None
    change_type: str | None = None
    change_cue: bool = False  # the direction comes from a change construction (not maintain / to-level)
    time_ref: str | None = None
    resolved_year: int | None = None
    role: str = "statistic"
    is_modifier: bool = False  # a duration used as a modifier ("a five-year plan")
    comparison: tuple[int, int] | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def is_time(self) -> bool:
        return self.kind in TIME_KINDS


def find_atoms(doc: Doc, claims_matcher: ClaimsMatcher, text: str | None = None) -> tuple[dict[int, tuple[str, int]], set[int]]:
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


class SentenceClaims:
    """Finds and reads the claims of one sentence."""

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
        self.s = span.start
        self.e = span.end
        self.atoms = atoms
        self.blocked = blocked
        self.lex = lexicon
        self.sentence = sentence
        self.atom_starts = atom_starts if atom_starts is not None else sorted(atoms)

    # --- helpers -------------------------------------------------------------

    def tok(self, i: int) -> Token | None:
        return self.doc[i] if self.s <= i < self.e else None

    def low(self, i: int) -> str:
        return self.doc[i].lower_ if self.s <= i < self.e else ""

    def atom(self, i: int, label: str | None = None) -> tuple[str, int] | None:
        if i in self.blocked or not (self.s <= i < self.e):
            return None
        found = self.atoms.get(i)
        if found is None or found[1] > self.e or (label and found[0] != label):
            return None
        return found

    def words(self, start: int, end: int) -> list[str]:
        return [t.lower_ for t in self.doc[start:end]]

    def phrase_at(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
        """Longest entry of `table` (keys: token tuples) starting at token i: (value, end)."""
        for n in range(4, 0, -1):
            if i + n <= self.e:
                key = tuple(self.words(i, i + n))
                joined = ("".join(key),)
                for candidate in (key, joined):
                    if candidate in table:
                        return table[candidate], i + n
        return None

    def phrase_before(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[str, int] | None:
        """Longest entry of `table` ending just before token i: (value, start)."""
        for n in range(self.lex.max_bound_words, 0, -1):
            if i - n >= self.s:
                key = tuple(self.words(i - n, i))
                if key in table:
                    return table[key], i - n
        return None

    # --- finding -------------------------------------------------------------

    def find(self) -> list[Claim]:
        claims: list[Claim] = []
        starts = self.atom_starts
        position = bisect.bisect_left(starts, self.s)
        i = self.s
        while position < len(starts) and starts[position] < self.e:
            i = max(i, starts[position])
            if starts[position] < i:
                position += 1
                continue
            position += 1
            found = self.atom(i)
            if found is None:
                continue
            core = self.read_core(i, *found)
            if core is None:
                i = max(i + 1, found[1] if found[0] != "NUMERAL" else i + 1)
                continue
            claim = self.grow(core)
            i = max(claim.resume, core.end)
            previous = claims[-1] if claims else None
            if previous is not None and claim.start < previous.end and not (
                    previous.comparison and previous.comparison[0] <= claim.start and claim.is_time):
                if claim.num_start < previous.end:
                    continue  # the number is inside the previous claim already
                claim.start = previous.end  # spans do not overlap: "... cut | by 20%" keeps its number
            claims.append(claim)
        self.share_counted(claims)
        return claims

    def share_counted(self, claims: list[Claim]) -> None:
        """A coordinated figure with no noun of its own measures what the figure before it
        does: "relief of up to $1,080 for singles and up to $2,160 for couples", "40 new
        hospitals, but only six have been funded"."""
        families = {"count": "count", "rate": "count", "money": "money", "percent": "percent", "ratio": "ratio"}
        for index, claim in enumerate(claims):
            family = families.get(claim.kind)
            if claim.counted is not None or family is None or claim.core.label == "agegroup" or claim.is_time:
                continue
            if "elliptic" in claim.flags or self.low(claim.end) == "of" and self.low(claim.end + 1) in (
                    "them", "these", "those", "which", "whom"):
                # "100,000 homes, half of them in Auckland"; "500,000 people, twice as many as today"
                for previous in reversed(claims[:index]):
                    if previous.counted is not None and not previous.is_time:
                        claim.counted = previous.counted
                        break
                continue
            after = self.tok(claim.end)
            if after is not None and (after.pos_ in NOUNS | {"ADJ"} or after.tag_ in ("VBN", "VBG")):
                continue  # a noun of its own the reader did not take
            for previous in reversed(claims[:index]):
                if families.get(previous.kind) != family or previous.counted is None:
                    continue
                between = self.doc[previous.end:claim.start]
                if any(t.pos_ in VERBS for t in between) or len(between) > 8:
                    break
                if any(t.pos_ == "CCONJ" or t.text in (",", ";") for t in between):
                    claim.counted = previous.counted
                break

    def read_core(self, i: int, label: str, end: int) -> Core | None:
        words = self.words(i, end)
        if label == "VAGUE":
            value = vague_value(words, self.lex)
            return Core(i, end, "vague", value) if value is not None else None
        if label == "FRACTION":
            return self.read_fraction(i, end, words)
        if label == "MULTIPLIER":
            return self.read_multiplier(i, end, words)
        if label == "RELDATE":
            return Core(i, end, "reldate", float(self.lex.relative_dates[words[0]]))
        if label == "AGEGROUP":
            digits = "".join(ch for ch in words[-1] if ch.isdigit())
            return Core(i, end, "agegroup", float(digits))
        if label == "YEARSPAN":
            text = self.doc[i].text
            first = int(text[:4])
            second = expand_short_year(first, text[5:])
            if second is None or second <= first:
                return None
            return Core(i, end, "yearspan", None, float(first), float(second), is_year=True)
        if label == "DECADE":
            return Core(i, end, "decade", float(self.doc[i].text[:4]), is_year=True)
        if label == "MONEYRATIO":
            return Core(i, end, "ratio", self.lex.subunit_words[words[1]][1])
        if label == "NETZERO":
            return Core(i, end, "netzero", 0.0)
        if label == "UNITSPAN":
            return self.read_unit_span(i, end)
        if label == "TIMES":
            return self.read_times(i, end, words)
        return self.read_number(i)

    def read_times(self, i: int, end: int, words: list[str]) -> Core | None:
        """ "twice as fast as wages", "three times the rate of", "2.5 times higher": a factor
        between two quantities (a ratio). Without a comparison after it, "twice" is no
        figure ("twice a year") and "three times" is a count."""
        value = {"twice": 2.0, "thrice": 3.0}.get(words[0])
        if value is None:
            value = numeral_value(words[:-1], self.lex)
        nxt = self.tok(end)
        comparative = nxt is not None and (nxt.lower_ in ("as", "the", "what", "that", "more", "less", "fewer")
                                           or nxt.tag_ in ("JJR", "RBR") or nxt.pos_ in ("ADJ", "NOUN")
                                           and nxt.lower_ not in self.lex.time_units and nxt.lower_ != "per")
        if comparative and value:
            return Core(i, end, "times", value)
        if words[0] in ("twice", "thrice") or value is None:
            return None
        return Core(i, end - 1, "number", value)  # "three times a week": a count of occasions

    def read_unit_span(self, i: int, end: int) -> Core | None:
        """ "(in over) a decade", "within a year", "a year ago": one time unit is a time
        reference only after a bound word or a time preposition, or before "ago"; "£10 a
        week" is a rate and "once a year" no figure."""
        if self.low(end) in self.lex.ago_words:
            return Core(i, end, "unitspan", 1.0)
        before = self.low(i - 1)
        bound = self.phrase_before(i, self.lex.bounds)
        if bound is None and before not in self.lex.time_prepositions - {"of", "to", "than", "between"}:
            return None
        if self.low(end) == "of" and before in ("in", "for"):
            return None  # "in a year of record growth"
        return Core(i, end, "unitspan", 1.0)

    def read_fraction(self, i: int, end: int, words: list[str]) -> Core | None:
        value = fraction_value(words, self.lex)
        if value is None:
            return None
        nxt = self.tok(end)
        # "half a million", "a quarter of a million": a fraction of a scale word is a number
        scale_at = end + 1 if self.low(end) in ("a", "an") else end + 2 if (
            self.low(end) == "of" and self.low(end + 1) in ("a", "an")) else None
        if scale_at is not None and self.low(scale_at) in self.lex.scales:
            return Core(i, scale_at + 1, "number", value * self.lex.scales[self.low(scale_at)])
        if words == ["half"]:
            if nxt is not None and (nxt.text in DASHES or nxt.pos_ in NOUNS | {"ADJ"}):
                return None  # half-term, half measures
        return Core(i, end, "fraction", value)

    def read_multiplier(self, i: int, end: int, words: list[str]) -> Core | None:
        value = multiplier_value(words, self.lex)
        if value is None:
            return None
        token = self.doc[i]
        if end - i == 1 and words[0] in self.lex.verb_only_multipliers:
            nxt = self.tok(end)
            is_verb = token.pos_ == "VERB" or token.tag_.startswith("VB")
            before_det = nxt is not None and nxt.lower_ in ("the", "its", "their", "our", "this", "that", "his", "her")
            if not (is_verb or before_det):
                return None
        return Core(i, end, "multiplier", value)

    def read_number(self, i: int) -> Core | None:
        first = self.compose(i)
        if first is None:
            return None
        end, value, suffix, scaled = first
        if self.is_label(i, end, value):
            return None
        if end - i == 1 and value == int(value) and 1 <= value <= 31 and self.low(end) in self.lex.months:
            return None  # a day of the month: part of the date claim of the year after it, if any
        core = Core(i, end, "number", value, suffix=suffix, scaled=scaled)
        core.is_year = end - i == 1 and is_year_text(self.doc[i].text, self.lex)
        # ranges: 18-20, 5 to 10 million, between 5 and 10
        connector = self.low(end)
        # "from 5,000 to 8,000" and "by 20,000 to 273,000" are no ranges; "by 2029-30" is a span of years
        if (connector in DASHES or connector == "to") and self.atom(end + 1, "NUMERAL") \
                and (self.low(i - 1) not in ("from", "by") or core.is_year and connector in DASHES):
            second = self.compose(end + 1)
            if second is not None:
                ranged = self.make_range(core, second, end + 1)
                # "fell by 20,000 to 273,000" is a change and a level, not a range
                if ranged is not None and (connector != "to" or ranged.high <= 20 * ranged.low or ranged.is_year):
                    return ranged
        if self.low(i - 1) == "between" and connector == "and" and self.atom(end + 1, "NUMERAL"):
            second = self.compose(end + 1)
            if second is not None:
                ranged = self.make_range(core, second, end + 1)
                if ranged is not None:
                    if not ranged.is_year:  # "Between 2009 and 2016": "between" is the time preposition
                        ranged.start = i - 1
                    return ranged
        # ratios: 1 in 20, one out of five
        gap = 1 if connector == "in" else 2 if (connector == "out" and self.low(end + 1) == "of") else 0
        if connector == "in" and self.low(end + 1) in ("every", "each"):
            gap = 2  # "two in every five adults"
        if gap and self.atom(end + gap, "NUMERAL"):
            second = self.compose(end + gap)
            if second is not None:
                ratio = self.make_ratio(core, second)
                if ratio is not None:
                    return ratio
        return core

    def compose(self, i: int) -> tuple[int, float, str | None, bool] | None:
        """The numeral starting at i: (end, value, digit suffix, has a scale word)."""
        parts: list[str] = []
        last = ""
        suffix = None
        scaled = False
        j = i
        while j < self.e:
            found = self.atom(j, "NUMERAL")
            low = self.low(j)
            if found:
                span_words = self.words(j, found[1])
                kind = self._numeral_kind(span_words)
                if parts and not self._joins(last, kind, span_words):
                    break
                if kind == "digits":
                    digits = read_digits(span_words[0], self.lex)
                    if digits is None:
                        break
                    suffix = digits.suffix
                    if suffix and suffix in self.lex.scale_abbreviations:
                        scaled = True
                        kind = "scale"
                if kind == "scale" or kind == "hundred":
                    scaled = scaled or kind == "scale"
                parts.extend(span_words)
                last = kind
                j = found[1]
                continue
            if parts and low == "and" and last in ("scale", "hundred") and self._is_word_number(j + 1):
                parts.append(low)
                j += 1
                continue
            if parts and self.doc[j].text in DASHES and last == "tens" and not self.doc[j - 1].whitespace_ \
                    and not self.doc[j].whitespace_ and self._is_word_number(j + 1, below=10):
                parts.append("-")
                j += 1
                continue
            if low.endswith(".") and low[:-1] in self.lex.scale_abbreviations:
                low = low[:-1]  # "£375m." at the end of a sentence is one token
            if parts and last == "digits" and low in self.lex.scale_abbreviations and not self.doc[j - 1].whitespace_:
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
        if not parts or (parts[0] in self.lex.scales and len(parts) == 1):
            return None
        if parts[-1] == "and" or parts[-1] == "-":
            return None
        value = numeral_value(parts, self.lex)
        if value is None:
            return None
        return j, value, suffix, scaled

    def _numeral_kind(self, words: list[str]) -> str:
        word = words[-1]
        if read_digits(words[0], self.lex) is not None:
            return "digits"
        if word == "hundred":
            return "hundred"
        if word in self.lex.scales:
            return "scale"
        value = self.lex.number_words.get(word, 0)
        return "tens" if value >= 20 else "word"

    def _joins(self, last: str, kind: str, words: list[str]) -> bool:
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

    def _is_word_number(self, i: int, below: float | None = None) -> bool:
        word = self.low(i)
        if word not in self.lex.number_words or i in self.blocked:
            return False
        return below is None or self.lex.number_words[word] < below

    def make_range(self, core: Core, second: tuple[int, float, str | None, bool], second_start: int) -> Core | None:
        end, high, _suffix, high_scaled = second
        low = core.value
        if core.is_year and second_start + 1 == end:
            year = expand_short_year(int(low), self.doc[second_start].text)
            if year is not None and year > low:
                return Core(core.start, end, "yearspan", None, low, float(year), is_year=True)
            return None
        if high_scaled and not core.scaled:
            scale = self.scale_of(self.words(second_start, end))
            if low * scale <= high:
                low = low * scale  # "£5-10bn": the scale word covers both ends
        if not low < high:
            return None
        return Core(core.start, end, "range", None, low, high, suffix=_suffix or core.suffix, scaled=high_scaled)

    def scale_of(self, words: list[str]) -> float:
        """The product of the scale words and suffixes of a numeral ("10bn" -> 1e9)."""
        factor = 1.0
        for word in words:
            if word in self.lex.scales and word != "hundred":
                factor *= self.lex.scales[word]
            elif word in self.lex.scale_abbreviations:
                factor *= self.lex.scale_abbreviations[word]
            else:
                digits = read_digits(word, self.lex)
                if digits is not None and digits.suffix in self.lex.scale_abbreviations:
                    factor *= self.lex.scale_abbreviations[digits.suffix]
        return factor

    def make_ratio(self, core: Core, second: tuple[int, float, str | None, bool]) -> Core | None:
        end, denominator, _suffix, _scaled = second
        numerator = core.value
        if not denominator or numerator > denominator or numerator != int(numerator):
            return None
        last = self.doc[end - 1]
        if is_year_text(last.text, self.lex) or self.low(end) in self.lex.time_units:
            return None  # "5 in 2015", "rose 5 in 10 years"
        return Core(core.start, end, "ratio", numerator / denominator)

    def is_label(self, i: int, end: int, value: float) -> bool:
        """Numbers that label rather than count: list markers, phone numbers, names."""
        token = self.doc[i]
        text = token.text
        prev = self.tok(i - 1)
        nxt = self.tok(end)
        if token.tag_ == "LS":
            return True
        if i == self.s and nxt is not None and nxt.text in (".", ")") and end - i == 1 and text.isdigit():
            return True  # "1." / "2)" list or section marker
        if i == self.s and self.sentence.get("is_heading") and "." in text and end - i == 1:
            return True  # "2.3 Our economy"
        if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" and i - 1 == self.s:
            return True
        if text.isdigit() and text.startswith("0") and len(text) > 1:
            return True
        if text in self.lex.phone_numbers and end - i == 1:
            window = {t.lower_ for t in self.doc[max(self.s, i - 3):min(self.e, end + 3)]}
            if text == "999" or window & PHONE_CONTEXT:
                return True  # "dial 999", "NHS 111", "101 for non-emergencies"
        if prev is not None and prev.lower_ in self.lex.label_nouns:
            if prev.text[:1].isupper() or prev.lower_ in LOWER_CASE_LABELS:
                return True
        if token.ent_type_ in NAME_ENTITIES and token.ent_iob_ == "I":
            return True
        if end - i == 1 and is_year_text(text, self.lex) and prev is not None and prev.i > self.s \
                and prev.tag_ == "NNP" and prev.lower_ not in self.lex.months:
            return True  # "Vision 2030", "Licensing Act 2003"
        if end - i == 1 and is_year_text(text, self.lex) and self.sentence.get("block_kind") == "title" and any(
                t is not None and t.pos_ == "PROPN" and t.lower_ not in self.lex.months for t in (prev, nxt)):
            return True  # a year in the title block is part of the document's name: "2020 Party Platform"
        words = self.words(i, end)
        if words == ["one"] or words == ["zero"] or words == ["nil"] or words == ["nought"]:
            return not self._counting_one(i, end)
        return False

    def _counting_one(self, i: int, end: int) -> bool:
        """A bare "one"/"zero" counts only before a unit, a ratio or a noun it quantifies."""
        prev, nxt = self.tok(i - 1), self.tok(end)
        if nxt is None:
            return False
        if prev is not None and prev.lower_ in self.lex.pronominal_before_one:
            return False
        nl = nxt.lower_
        if nl in self.lex.time_units or nl in self.lex.measure_units or nl in ("in", "out", "%", "per", "percent"):
            return True
        if prev is not None and prev.text in self.lex.currency_symbols:
            return True
        if self.doc[i].lower_ != "one":
            return False
        return nxt.pos_ == "NOUN" and nl not in self.lex.idiom_nouns_after_one and self.doc[i].dep_ == "nummod"

    # --- growing -------------------------------------------------------------

    def grow(self, core: Core) -> Claim:
        claim = Claim(core=core, start=core.start, end=core.end, num_start=core.start, num_end=core.end,
                      value=core.value, low=core.low, high=core.high)
        if core.label == "range" and self.low(core.start) == "between":
            claim.num_start = core.start + 1
        k = core.end
        label = core.label
        if label == "vague":
            claim.bound = "vague"
            claim.num_end = core.end - 1 if self.low(core.end - 1) == "of" else core.end
            claim.kind = "count"
        elif label == "multiplier":
            claim.kind, claim.unit, claim.change_type = "change", "factor", "relative"
            claim.direction = "increase" if core.value > 1 else "decrease"
            claim.change_cue = True
        elif label in ("reldate", "yearspan", "decade"):
            claim.kind, claim.unit = "date", "year"
            if label == "reldate":
                claim.unit = self.lex.relative_date_units.get(self.low(core.end - 1), "year")
                if self.low(core.start - 1) in self.lex.duration_determiners and self.low(core.start) != "this":
                    # "over the last year": a duration of one unit
                    claim.kind, claim.value, claim.start = "duration", 1.0, core.start - 1
        elif label == "unitspan":
            claim.kind, claim.unit = "duration", self.lex.time_units[self.low(core.end - 1)]
            if self.low(core.end) in self.lex.ago_words:  # "a decade ago": an offset of one unit
                claim.kind, claim.value = "date", -1.0
                k = claim.end = core.end + 1
        elif label == "netzero":
            claim.kind = "other"
        elif label == "agegroup":
            claim.kind, claim.unit = "age", "year"
            claim.bound = ">" if self.low(core.start).startswith("over") else "<"
            claim.counted = "people"  # "over-65s" are people over 65
        elif label in ("fraction", "ratio", "times"):
            claim.kind = "ratio"
        # units glued to or following the number
        if core.suffix == "pc":
            claim.kind, claim.unit = "percent", "percent"
        elif core.suffix == "p":
            claim.kind, claim.unit, claim.currency = "money", "GBP", "GBP"
            self._scale_values(claim, 0.01)
        elif core.suffix in self.lex.measure_units:
            claim.kind, claim.unit = "other", self.lex.measure_units[core.suffix]  # "40GW"
        if label in ("number", "range"):
            k = self.read_units(claim, k)
        if label in ("number", "range", "unitspan"):
            k = self.read_post_bound(claim, k)
        if label == "number" and claim.kind == "count" and k == core.end:
            k = self.read_numeric_modifier(claim, k)
        claim.end = max(claim.end, k)
        if claim.kind == "count" and label in ("number", "range") and core.is_year and self.is_year_context(core):
            claim.kind, claim.unit = "date", "year"
        self.read_left(claim)
        self.read_age_after_noun(claim)
        if claim.kind in TIME_KINDS:
            self.read_time_phrase(claim)
            if claim.is_modifier:
                self.read_modified_noun(claim)
            elif claim.kind == "duration":
                self.read_measured_duration(claim)
            claim.resume = claim.end
            return claim
        claim.end = self.read_hyphenated_rate(claim, claim.end)
        if label == "times":
            k = self.read_times_comparison(claim, claim.end)
        else:
            k = self.read_direction_after(claim, claim.end)
        if label not in ("agegroup", "times") and "modifier" not in claim.flags:
            k = self.read_counted(claim, k)
        k = self.read_rate(claim, k)
        claim.end = max(claim.end, k)
        claim.resume = claim.end
        if label == "times":
            self.read_times_baseline(claim)
        self.read_comparison(claim)
        self.read_parse_direction(claim)
        if claim.counted is None and "change_noun_before" in claim.flags:
            noun = self.doc[claim.start]  # "a pay rise of 5%", "a council tax increase of £50"
            modifiers = [c.i for c in noun.lefts if c.dep_ in ("compound", "nmod") and c.pos_ in NOUNS]
            if modifiers:
                claim.counted = self.counted_text(self.doc[min(modifiers)].left_edge.i, noun.i)
        if claim.counted is None and claim.kind in ("percent", "count", "money", "change", "ratio", "rate"):
            self.read_subject_counted(claim)
        if claim.counted is None and claim.kind in ("percent", "count", "money", "ratio", "rate", "other") \
                and "modifier" not in claim.flags:
            self.read_counted_around(claim)
        if claim.kind == "count" and claim.per:
            claim.kind = "rate"
        if claim.kind == "count" and claim.counted and claim.counted.lower().split()[-1] == "age":
            claim.kind, claim.unit = "age", "year"  # "lower the voting age to 16"
            claim.flags.add("age_level")
        if claim.direction and claim.change_type is None and claim.change_cue:
            claim.change_type = "relative" if claim.kind in ("percent", "ratio", "change") else "absolute"
        if self.is_qualifier(claim):
            claim.flags.add("qualifier")
        return claim

    def is_qualifier(self, claim: Claim) -> bool:
        """A figure that picks out a group or a category rather than stating an amount:
        "the 37 per cent tax bracket" (a percentage naming the noun it premodifies, after
        "the"), "businesses with a turnover of up to $50 million" (inside a with-phrase
        that restricts a noun)."""
        if claim.kind == "percent" and claim.direction is None and self.low(claim.start - 1) == "the" \
                and claim.counted_head is not None and claim.num_end <= claim.counted_head < claim.end:
            return True
        token = self.span_root(claim)
        nested = False  # the figure sits in a noun of the with-phrase: "with a turnover of up to $50m"
        for _ in range(8):
            if token.pos_ in VERBS or token.head is token:
                return False
            if token.dep_ == "prep" and token.lower_ in ("with", "without"):
                before = self.tok(token.i - 1)
                # the parse may hang the phrase on the verb: "extend it to businesses with a turnover of ..."
                return token.head.pos_ in NOUNS or nested and before is not None and before.pos_ == "NOUN"
            if token.pos_ in NOUNS and token.i < claim.start:
                nested = True
            token = token.head
        return False

    def is_current_level(self, claim: Claim) -> bool:
        """ "with bulk billing rates now at 86 per cent": a figure marked as the present
        level ("now", "currently", "today" just before it) is a statistic, even in a pledge."""
        for k in range(claim.start - 1, max(self.s, claim.start - 4) - 1, -1):
            token = self.doc[k]
            if token.lower_ in ("now", "currently", "today", "presently"):
                return True
            if token.pos_ in VERBS or token.is_punct:
                return False
        return False

    def read_age_after_noun(self, claim: Claim) -> None:
        """ "people over 65", "children under 5", "pensioners aged 75": a bound number right
        after a noun for people, with no noun or unit of its own, is an age that restricts
        that group; the group is what is counted."""
        plain_range = claim.core.label == "range" and self.low(claim.start) == "between" and claim.low is not None \
            and claim.low == int(claim.low) and claim.high == int(claim.high) and 1 <= claim.low < claim.high <= 120
        bounded = claim.core.label == "number" and claim.bound in (">", "<", ">=", "<=") \
            and self.low(claim.start) in ("over", "under") and claim.value is not None \
            and claim.value == int(claim.value) and 1 <= claim.value <= 120
        if claim.kind == "count" and (bounded or plain_range):  # "people over 65", "adults between 18 and 24"
            nxt = self.tok(claim.end)
            if nxt is not None and (nxt.pos_ in NOUNS or nxt.text in DASHES):
                return
            noun = self.tok(claim.start - 1)
            if noun is None or not (noun.lower_ in self.lex.age_group_nouns or noun.ent_type_ == "NORP"
                                    or noun.tag_ == "NNPS"):
                return  # "people over 65", "Canadians over 65"
            claim.kind, claim.unit = "age", "year"
        if claim.kind != "age" or claim.counted is not None:
            return
        noun = self.tok(claim.start - 1)
        if noun is not None and (noun.lower_ in self.lex.age_group_nouns or noun.ent_type_ == "NORP"
                                 or noun.tag_ in ("NNS", "NNPS")):
            claim.counted = self.counted_of(noun, with_of=False)

    def read_numeric_modifier(self, claim: Claim, k: int) -> int:
        """ "a 10-point plan", "the two-child limit", "three-bedroom homes": a number joined by
        a hyphen to a noun, the pair modifying another noun, qualifies that noun (as "a
        five-year plan" does); the span is the hyphenated pair."""
        dash, noun, after = self.tok(k), self.tok(k + 1), self.tok(k + 2)
        if dash is None or noun is None or after is None or dash.text not in DASHES:
            return k
        if self.doc[k - 1].whitespace_ or dash.whitespace_ or noun.pos_ not in NOUNS:
            return k
        if after.pos_ not in NOUNS | {"ADJ"} or noun.lower_ in self.lex.time_units or self.atom(k + 1):
            return k
        found = self.noun_phrase(k + 2, skip_determiners=False)
        if found is not None:
            claim.counted = self.counted_text(found[3], found[1])
        claim.flags.update({"qualifier", "modifier"})
        return k + 2

    def read_post_bound(self, claim: Claim, k: int) -> int:
        """A bound after the figure: "£10,000 or more", "aged 65 and over", "five years or less"."""
        found = self.phrase_at(k, self.lex.post_bounds)
        if found is None or claim.bound not in ("=",):
            return k
        bound, end = found
        if self.low(end) in ("than", "of") or self.atom(end, "NUMERAL"):
            return k  # "10 or more than 20", "£5bn plus £3bn"
        claim.bound = bound
        claim.end = max(claim.end, end)
        return end

    def read_counted_around(self, claim: Claim) -> None:
        """What a figure with no noun of its own measures, from the phrase it sits in:
        "a surplus of $7bn", "grants, worth up to £5,000", "unemployment now at 4%",
        "keep inflation at or below 2%", "$50bn in new taxes", "limit fare rises to 2%"."""
        root = self.span_root(claim)
        head = root.head
        before = self.tok(claim.start - 1)
        # "tax on incomes over £150,000": a threshold that picks out a group of the plural before it
        if claim.bound in (">", "<", ">=", "<=") and self.low(claim.start) in ("over", "under", "above", "below") \
                and before is not None and before.tag_ == "NNS":
            claim.counted = self.counted_of(before, with_of=False)
            claim.flags.add("qualifier")
            return
        # "a surplus of $7.1 billion", "costs of more than £100,000"
        owner = None
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUNS and head.head.i < head.i:
            owner = head.head
        elif before is not None and before.lower_ == "of" and self.tok(claim.start - 2) is not None \
                and self.doc[claim.start - 2].pos_ in NOUNS:
            owner = self.doc[claim.start - 2]
        if owner is not None:
            if owner.lower_ not in self.lex.count_nouns:
                claim.counted = self.counted_of(owner, with_of=False)
            return
        # "bursaries, worth up to £12,000": what the sum is the worth of
        worth = head if head.lower_ == "worth" else before if before is not None and before.lower_ == "worth" else None
        if worth is not None:
            noun = worth.head if worth.head.pos_ in NOUNS and worth.head.i < worth.i else None
            k = worth.i - 1
            while noun is None and k >= self.s and (self.doc[k].is_punct or self.doc[k].pos_ == "ADV"):
                k -= 1
            if noun is None and k >= self.s and self.doc[k].pos_ in NOUNS:
                noun = self.doc[k]
            if noun is not None:
                claim.counted = self.counted_of(noun, with_of=False)
            return
        # "unemployment now at 4 per cent"; "keep inflation at or below 2 per cent"
        at = claim.start if self.low(claim.start) == "at" and self.low(claim.start + 1) not in ("least", "most") \
            else claim.start - 1 if self.low(claim.start - 1) == "at" else None
        if at is not None or (root.dep_ == "pobj" and head.lower_ in ("at", "to") and head.head is not head):
            at = head.i if at is None else at
            k = at - 1
            while k >= self.s and (self.low(k) in self.lex.time_adverbs or self.doc[k].pos_ == "ADV"):
                k -= 1
            if k >= self.s and self.doc[k].pos_ in NOUNS and self.doc[k].dep_ not in ("npadvmod",):
                claim.counted = self.counted_of(self.doc[k], with_of=False)
                self.direction_from_change_noun(claim, self.doc[k])
                return
            verb = self.governor(self.doc[at])
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i < at]
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
            if verb.pos_ in VERBS and objects:  # "cap fees at £9,000"
                claim.counted = self.counted_of(objects[-1], with_of=False)
                self.direction_from_change_noun(claim, objects[-1])
            elif verb.pos_ in VERBS and subjects and self.low(at) == "at":  # "unemployment stood at 5%"
                claim.counted = self.counted_of(subjects[0], with_of=False)
            return
        # "The deficit will be $20 billion": the subject of a copula
        if root.dep_ == "attr" and head.lemma_ == "be":
            subjects = [c for c in head.children if c.dep_ == "nsubj" and (c.pos_ in NOUNS or c.like_num)]
            if subjects:
                subject = subjects[0]
                if subject.like_num or subject.lower_ in self.lex.fractions:
                    # "A quarter of all car journeys are less than two miles": what the share is of
                    of = [c for c in subject.rights if c.dep_ == "prep" and c.lower_ == "of"]
                    objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
                    subject = objects[0] if objects else None
                if subject is not None:
                    claim.counted = self.counted_of(subject)
            return
        # "$50 billion in new taxes": what a sum of money is made of (not where it goes: "$2bn in rail")
        if claim.kind == "money" and self.low(claim.end) == "in":
            found = self.noun_phrase(claim.end + 1, skip_determiners=True)
            if found is not None and not self.atom(found[3]):
                noun = self.doc[found[2]]
                if noun.lower_ in self.lex.money_nouns or noun.lemma_.lower() in self.lex.money_nouns:
                    claim.counted = self.counted_text(found[3], found[1])

    def direction_from_change_noun(self, claim: Claim, noun: Token) -> None:
        """ "limit rent increases to 4% a year": the figure is the size of a change the
        noun names (increase, relative for a percentage)."""
        change = self.lex.change_words.get(noun.lower_) or self.lex.change_words.get(noun.lemma_.lower())
        if change is None or claim.direction is not None or noun.lower_ in ("up", "down"):
            return
        claim.direction = change
        claim.change_cue = True

    def read_modified_noun(self, claim: Claim) -> None:
        """A duration used as a modifier counts nothing itself; it qualifies the noun it
        modifies ("the four-hour A&E target" -> target). A determiner before it belongs to
        that noun phrase, not to the figure."""
        while claim.start < claim.num_start and self.low(claim.start) in self.lex.duration_determiners | {"a", "an"}:
            claim.start += 1
        k = claim.end
        found = self.noun_phrase(k, skip_determiners=False)
        if found is not None:
            claim.counted = self.counted_text(found[3], found[1])

    def read_measured_duration(self, claim: Claim) -> None:
        """A duration that measures something is a figure, not a time anchor:
        "nobody waits more than six weeks" (the bare object of a verb of duration: the
        wait), "waiting times have fallen to 10 weeks" (the level or size of a change),
        "15 hours of free childcare a week" (an amount of something, or per period)."""
        if claim.core.label == "reldate":
            return
        lex = self.lex
        prep = self.low(claim.start - 1)
        root = self.span_root(claim)
        verb = self.governor(root)
        if claim.core.label == "unitspan" and not (root.head.lemma_.lower() in lex.duration_verbs
                                                   and root.head.i < claim.start):
            return  # "(wait) over a year" only
        if root.dep_ == "attr" and root.head.lemma_ == "be" and prep not in lex.time_prepositions:
            subjects = [c for c in root.head.children if c.dep_ == "nsubj" and c.pos_ in NOUNS]
            if subjects:  # "The A&E target is four hours"
                claim.counted = self.counted_of(subjects[0])
                claim.time_ref = None
                claim.flags.add("measured")
            return
        change = lex.change_words.get(verb.lower_) or lex.change_words.get(verb.lemma_.lower())
        if prep in ("to", "by") and verb.pos_ == "VERB" and change is not None and verb.i < claim.start:
            claim.direction = change
            claim.change_cue = prep == "by"
            if prep == "by":
                claim.change_type = "absolute"
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in NOUNS]
            noun = objects[0] if objects else subjects[0] if subjects else None
            claim.counted = self.counted_of(noun) if noun is not None else None
        elif (prep not in lex.time_prepositions or claim.bound != "=") and (
                root.dep_ in ("dobj", "npadvmod", "obj", "pobj") or root.dep_ == "prep" and root.i < claim.num_start) \
                and root.head.pos_ == "VERB" and root.head.i < claim.start \
                and root.head.lemma_.lower() in lex.duration_verbs:
            claim.counted = root.head.lemma_.lower()
        elif prep not in lex.time_prepositions and (
                self.low(claim.end) == "of" and self.tok(claim.end + 1) is not None and self.doc[claim.end + 1].tag_ != "VBG"
                or self.low(claim.end) in lex.rate_openers | set(lex.rate_adverbs)):
            claim.flags.add("measured")
            claim.end = self.read_rate(claim, claim.end)
            if claim.per is None and self.low(claim.end) in lex.rate_openers \
                    and self.low(claim.end + 1) in lex.time_units and self.low(claim.end + 1) in lex.rate_denominators:
                claim.per = lex.rate_denominators[self.low(claim.end + 1)]  # "20 hours a week of ..."
                claim.end += 2
            k = claim.end
            if self.low(k) == "of":
                found = self.noun_phrase(k + 1, skip_determiners=True)
                if found is not None:
                    claim.counted = self.counted_text(found[3], found[1])
                    end = found[1]
                    if self.read_rate(claim, end) > end:  # "15 hours of free childcare a week"
                        claim.end = self.read_rate(claim, end)
            if claim.per is None and claim.counted is None:
                claim.flags.discard("measured")  # "two years of" with nothing after: no amount
                return
        else:
            return
        claim.time_ref = None
        claim.flags.add("measured")

    def _scale_values(self, claim: Claim, factor: float) -> None:
        if claim.value is not None:
            claim.value *= factor
        if claim.low is not None:
            claim.low *= factor
            claim.high *= factor

    def read_units(self, claim: Claim, k: int) -> int:
        """Currency, percent, age, time and measure words right after the number."""
        lex = self.lex
        prev = self.tok(claim.start - 1)
        if prev is not None and prev.text.lower() in lex.currency_symbols:
            claim.kind, claim.currency = "money", self.currency_of(prev.text.lower(), lex.currency_symbols)
            claim.unit = claim.currency
            claim.start = claim.num_start = prev.i
        low = self.low(k)
        if low in lex.currency_words:
            claim.kind, claim.currency = "money", self.currency_of(low, lex.currency_words)
            claim.unit = claim.currency
            claim.num_end = k + 1
            return self.read_subunit_ratio(claim, k + 1)
        if low in lex.subunit_words and claim.currency is None:
            code, factor = lex.subunit_words[low]
            code = self.currency_of(low, {low: code})
            claim.kind, claim.currency, claim.unit = "money", code, code
            self._scale_values(claim, factor)
            claim.num_end = k + 1
            return self.read_subunit_ratio(claim, k + 1)
        if claim.core.suffix == "p":
            end = self.read_subunit_ratio(claim, k)
            if end > k:
                return end
        percent = self.phrase_at(k, lex.percent_words)
        if percent is not None:
            claim.kind, claim.unit = "percent", percent[0]
            claim.num_end = percent[1]
            return percent[1]
        # age: 18-20 year old, 16-year-olds, five years old
        j = k + 1 if self.low(k) in DASHES else k
        if self.low(j) in ("year", "years"):
            after = j + 1
            if self.low(after) in DASHES:
                after += 1
            if self.low(after) in lex.age_words:
                claim.kind, claim.unit = "age", "year"
                return after + 1
        if self.low(claim.start - 1) == "aged":
            claim.kind, claim.unit = "age", "year"
            claim.start -= 1
            return k
        if self.low(j) in lex.time_units and claim.currency is None:
            unit = lex.time_units[self.low(j)]
            if self.low(j + 1) in lex.ago_words:
                claim.kind, claim.unit = "date", unit
                self._scale_values(claim, -1.0)
                return j + 2
            claim.kind, claim.unit = "duration", unit
            nxt = self.tok(j + 1)
            if j > k and nxt is not None and nxt.pos_ in NOUNS:
                claim.is_modifier = True  # "a five-year plan"
            if self.low(j + 1) in ("'", "’") or self.low(j + 1) in ("'s", "’s"):
                return j + 2 if self.low(j + 2) != "time" else j + 3
            return j + 1
        if low in lex.measure_units and claim.currency is None:
            claim.kind, claim.unit = "other", lex.measure_units[low]
            return k + 1
        if low in ("°", "degree", "degrees") and claim.currency is None:  # "1.5 degrees Celsius", "2°C"
            scale = self.low(k + 1)
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

    def currency_of(self, word: str, table: dict[str, str]) -> str:
        """ISO code of a currency word or symbol; "$", "dollar" and "cent" follow the
        document's country (AUD in an Australian manifesto, a euro cent in Ireland)."""
        if word in self.lex.local_dollar_words:
            return self.dollar
        if word in self.lex.local_cent_words:
            return self.cent
        return table[word]

    def read_subunit_ratio(self, claim: Claim, k: int) -> int:
        """ "30 cents in the dollar", "10p in the pound": a ratio of two amounts of money
        (0.3, 0.1), not a sum; the whole phrase is the number."""
        if self.low(k) not in ("in", "on", "of", "for") or self.low(k + 1) not in ("the", "every", "each", "a"):
            return k
        whole = self.low(k + 2)
        if whole not in self.lex.currency_words or claim.value is None:
            return k
        if self.currency_of(whole, self.lex.currency_words) != claim.currency:
            return k
        claim.kind, claim.unit, claim.currency = "ratio", None, None
        claim.num_end = k + 3
        return k + 3

    def is_year_context(self, core: Core) -> bool:
        """Whether a four-digit number is a year: tagged a date, after a time
        preposition or month, or not followed by a noun it counts."""
        token = self.doc[core.start]
        prev, nxt = self.tok(core.start - 1), self.tok(core.end)
        if prev is not None and (prev.lower_ in self.lex.time_prepositions or prev.lower_ in self.lex.months
                                 or prev.lower_ in YEAR_DETERMINERS):
            return True  # "in 2010", "May 2015", "the 2008 crisis"
        if token.ent_type_ == "DATE":
            return True
        return nxt is None or nxt.pos_ not in NOUNS | {"ADJ"}

    def read_left(self, claim: Claim) -> None:
        """Bound words, change constructions and duration openers before the number."""
        lex = self.lex
        p = claim.start
        if claim.kind == "date":
            return
        if claim.core.label == "range" and self.low(p) == "between":
            return
        bound = self.phrase_before(p, lex.bounds)
        if bound is not None:
            words = tuple(self.words(bound[1], p))
            # "over" that opens a period is its preposition, but "in over a decade" has one already
            before = self.tok(bound[1] - 1)
            after_duration_verb = before is not None and before.lemma_.lower() in lex.duration_verbs \
                and before.pos_ == "VERB"  # "wait over a year"
            is_period_prep = claim.kind == "duration" and len(words) == 1 and words[0] in lex.period_prepositions \
                and self.low(bound[1] - 1) not in lex.time_prepositions and not after_duration_verb
            # "at least 750,000" but not "the next three years over"; "over" with a period is a preposition
            if not is_period_prep and claim.bound != "vague":
                if claim.core.label != "agegroup":
                    claim.bound = bound[0]
                claim.start = p = bound[1]
        if claim.kind == "duration" or claim.core.label == "reldate":
            if self.low(p - 1) in lex.duration_openers:
                p -= 1
                if self.low(p - 1) in lex.duration_determiners:
                    p -= 1
                claim.start = p
            elif self.low(p - 1) in lex.duration_determiners and claim.core.label != "reldate":
                claim.start = p = p - 1
            return
        if claim.kind == "age":
            return
        before = self.low(p - 1)
        if before in lex.direction_before:  # "a further 10,000", "an extra £2bn"
            claim.direction = lex.direction_before[before]
            claim.change_cue = True
            claim.start = p = p - 1
        if before in ("up", "down") and self.doc[p - 1].pos_ in ("ADV", "ADP", "PART"):
            claim.direction = lex.change_words[before]  # "up 19%"
            claim.change_cue = True
            claim.flags.add("change_by")
            claim.start = p - 1
        elif before == "by" or before == "in" and claim.core.label == "fraction":
            verb = self.tok(p - 2)  # "fallen by a third", "cut in half"
            if verb is not None and verb.lower_ in lex.change_words:
                claim.direction = lex.change_words[verb.lower_]
                claim.change_cue = True
                claim.flags.add("change_by")
                claim.start = p - 2
            elif before == "in":  # "cut carbon pollution in half": the object is what is halved
                governor = self.governor(self.doc[p])
                change = lex.change_words.get(governor.lower_) or lex.change_words.get(governor.lemma_.lower())
                if change is not None and governor.pos_ == "VERB" and governor.i < p:
                    claim.direction, claim.change_cue = change, True
                    claim.flags.add("verb_by")
        elif before in lex.change_words and self.doc[p - 1].pos_ == "VERB" and claim.kind == "percent":
            claim.direction = lex.change_words[before]  # "rose 5%": the verb stays out of the span
            claim.change_cue = True
            claim.flags.add("change_by")
        elif before == "of":
            noun = self.tok(p - 2)
            if noun is not None and noun.lower_ in lex.change_words and noun.pos_ == "NOUN":
                claim.direction = lex.change_words[noun.lower_]
                claim.change_cue = True
                claim.start = p - 2
                claim.flags.add("change_noun_before")
                claim.flags.add("change_by")

    def read_time_phrase(self, claim: Claim) -> None:
        """A date or duration's own time_ref: its phrase with the preposition before it."""
        if claim.kind == "date" and self.low(claim.start - 1) in self.lex.months:
            claim.start -= 1  # "January 2020", "31 January 2020"
            day = self.tok(claim.start - 1)
            if day is not None and day.text.isdigit() and 1 <= int(day.text) <= 31:
                claim.start -= 1
        p = claim.start
        q = p
        # "by the end of 2020"
        if self.low(q - 1) == "of" and self.low(q - 2) in PERIOD_START_WORDS:
            q -= 2
            if self.low(q - 1) in ("the", "a"):
                q -= 1
        prep = q
        if self.low(q - 1) in self.lex.time_prepositions:
            prep = q - 1
            if self.low(prep) == "in" and self.low(prep - 1) == "than":
                prep -= 1
        end = claim.end
        if claim.kind == "duration" and prep < q and self.low(end) == "of" and self.tok(end + 1) is not None \
                and self.doc[end + 1].tag_ == "VBG":
            # "within 100 days of forming a government": the anchor event is part of the phrase
            last = max(t.i for t in self.doc[end].subtree)
            if last < self.e and last - end <= 6 and not any(self.doc[x].is_punct for x in range(end, last + 1)):
                end = last + 1
        if self.low(prep) == "than" and self.low(prep - 1) in ("later", "earlier", "sooner"):
            prep -= 1  # "no later than 2050"
            if self.low(prep - 1) in ("no", "not"):
                prep -= 1
        claim.time_ref = self.text(prep, end)
        clause = self.fronted_time_clause()
        if clause is not None and clause[0] <= prep and claim.end <= clause[1]:
            claim.time_ref = self.text(*clause)  # "Since Rebuilding Ireland was launched in 2016, ..."
        if claim.is_modifier:
            claim.time_ref = None

    def fronted_time_clause(self) -> tuple[int, int] | None:
        """The time adverbial a sentence opens with, up to its comma ("Since 2010,", "After
        nine years of a Tory government,", "When we took office in 2010,"): it scopes the
        whole sentence, and a long one is quoted whole."""
        if self.low(self.s) not in FRONTED_TIME_OPENERS:
            return None
        roots = [t.i for t in self.doc[self.s:self.e] if t.dep_ == "ROOT"]
        for k in range(self.s + 1, min(self.e, self.s + 16)):
            if self.doc[k].text in (",", ";", ":"):
                if k > self.s + 1 and roots and roots[0] > k:
                    return self.s, k
                break  # the comma must close the adverbial, not the main clause
        # no comma: "Since 2010 bus services have been cut ...": the opening phrase itself
        first = self.doc[self.s]
        found = self.atom(self.s + 1)
        if found is not None and (found[0] in ("RELDATE", "YEARSPAN", "DECADE") or found[1] == self.s + 2
                                  and is_year_text(self.doc[self.s + 1].text, self.lex)):
            return self.s, found[1]
        if first.dep_ == "prep" and first.head.dep_ == "ROOT":
            end = max(t.i for t in first.subtree) + 1
            if end < self.e and end - self.s <= 6 and any(self.atom(i) for i in range(self.s + 1, end)):
                return self.s, end
        return None

    def read_direction_after(self, claim: Claim, k: int) -> int:
        """"fewer", "more" or a change noun ("increase", "rise") right after the number."""
        token = self.tok(k)
        if token is None:
            return k
        low = token.lower_
        if low in self.lex.direction_after and claim.kind != "change" and self.low(k + 1) != "of":
            claim.direction = self.lex.direction_after[low]
            claim.change_cue = True
            claim.flags.add("comparative")
            return k + 1
        if low in self.lex.change_words and token.pos_ == "NOUN":
            claim.direction = self.lex.change_words[low]
            claim.change_cue = True
            claim.flags.add("change_noun_after")
            claim.counted_head = token.i
            return k + 1
        return k

    def read_counted(self, claim: Claim, k: int) -> int:
        """The counted noun phrase after the number (and the of-complement where the
        number word needs it), or the object of a multiplicative verb."""
        label = claim.core.label
        if claim.kind in ("date", "duration"):
            return k
        if "change_noun_after" in claim.flags:
            head = self.doc[claim.counted_head]
            claim.counted_head = None
            self.counted_from_prep(claim, head)
            return k
        if label == "multiplier":
            return self.read_multiplier_object(claim, k)
        if label == "vague":
            found = self.noun_phrase(k, skip_determiners=True)
        elif self.low(k) == "of" and (claim.kind in ("percent", "ratio", "money") or label in ("fraction",)
                                      or claim.kind == "other" and claim.unit is not None):
            found = self.noun_phrase(k + 1, skip_determiners=True)  # also "15 tonnes of CO2", "5 GW of wind"
        elif self.low(k) == "of" and claim.kind == "count" and label == "number" \
                and self.low(k + 1) in PARTITIVE_DETERMINERS:
            found = self.noun_phrase(k + 1, skip_determiners=True)  # "over 100,000 of those jobs"
        elif label == "fraction" and self.tok(k) is not None and self.doc[k].pos_ == "DET":
            found = self.noun_phrase(k, skip_determiners=True)  # half the children
        else:
            found = self.noun_phrase(k, skip_determiners=False)
        if found is None:
            return k
        start, end, head, counted_start = found
        claim.counted = self.counted_text(counted_start, end)
        claim.counted_head = head
        return end

    def noun_phrase(self, j: int, skip_determiners: bool, gerunds: bool = False) -> tuple[int, int, int, int] | None:
        """(start, end, head, start of the counted words) of the noun phrase at j.
        Coordinated adjectives stay in ("direct and indirect jobs"); with `gerunds`, a
        word in -ing before a noun is a premodifier whatever its tag ("planning times")."""
        lex = self.lex
        k = j
        if skip_determiners:
            while k < self.e and (self.doc[k].pos_ in NP_DETERMINERS and self.doc[k].dep_ in ("det", "poss", "predet")
                                  or self.doc[k].lower_ in ("all", "the", "our", "their", "its", "those", "these")):
                k += 1
        counted_start = k
        window: list[int] = []
        bridges: list[int] = []  # gerunds inside a compound
        plurals: list[int] = []  # plural nouns tagged as verbs
        chained: list[int] = []  # words of a hyphenated premodifier (never the head)
        while k < self.e and k - counted_start < 8 and k not in self.blocked:
            token = self.doc[k]
            low = token.lower_
            # "%", "times", "years" right after a figure are no counted noun; "planning times" is one
            if low in lex.time_adverbs or (low in lex.rate_openers and window) or low in lex.non_counted_nouns and (
                    not window or self.doc[window[-1]].pos_ not in NOUNS and self.doc[window[-1]].tag_ != "VBG"):
                break
            if token.pos_ in NOUNS or token.pos_ == "ADJ" or (token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "compound")):
                window.append(k)
            elif token.tag_ == "VBG" and self.tok(k + 1) is not None and self.doc[k + 1].pos_ in NOUNS and (
                    gerunds or window and self.doc[k - 1].tag_ == "NN"):
                window.append(k)  # "halved planning times"; "electric vehicle charging stations"
                bridges.append(k)
            elif token.tag_ == "VBZ" and low.endswith("s") and window and self.doc[k - 1].pos_ == "NOUN" and (
                    self.tok(k + 1) is None or self.doc[k + 1].pos_ in ("AUX", "PUNCT", "CCONJ")
                    or self.doc[k + 1].tag_ == "MD"):
                window.append(k)  # "1.3 million housing association tenants will ...": a plural read as a verb
                plurals.append(k)
                k += 1
                break
            elif token.text in DASHES and not token.whitespace_ and window and not self.doc[k - 1].whitespace_:
                window.append(k)
            elif low in ("and", "or") and window and (self.doc[k - 1].pos_ == "ADJ" or self.doc[k - 1].tag_ in ("VBN", "VBG")) \
                    and self.tok(k + 1) is not None and (self.doc[k + 1].pos_ == "ADJ" or self.doc[k + 1].tag_ in ("VBN", "VBG")) \
                    and self.tok(k + 2) is not None and self.doc[k + 2].pos_ in NOUNS | {"ADJ"}:
                window.append(k)  # "direct and indirect jobs", "new and refurbished homes"
                window.append(k + 1)
                k += 2
                continue
            elif token.tag_ == "POS" and window and self.doc[k - 1].pos_ in NOUNS and self.tok(k + 1) is not None \
                    and self.doc[k + 1].pos_ in NOUNS | {"ADJ"}:
                window.append(k)  # "a quarter of the nation's wealth"
            elif not token.whitespace_ and self.low(k + 1) in DASHES and not token.like_num \
                    and low not in lex.rate_openers and self.hyphen_chain_end(k) is not None:
                end = self.hyphen_chain_end(k)  # "made-in-America wind turbines", "good-paying jobs"
                window.extend(range(k, end))
                followed = self.tok(end) is not None and self.doc[end].pos_ in NOUNS | {"ADJ"}
                chained.extend(range(k, end if followed else end - 1))
                k = end
                continue
            elif token.like_num and not token.whitespace_ and self.low(k + 1) in DASHES \
                    and not self.doc[k + 1].whitespace_ and self.tok(k + 2) is not None and self.doc[k + 2].pos_ in NOUNS \
                    and self.tok(k + 3) is not None and self.doc[k + 3].pos_ in NOUNS:
                window.extend((k, k + 1, k + 2))  # "5,000 three-bedroom homes"
                k += 3
                continue
            else:
                break
            k += 1
        nouns = [i for i in window if self.doc[i].pos_ in NOUNS and i not in chained]
        if not nouns:
            return None
        last = window[-1]
        head = None
        for i in nouns:
            target = self.doc[i].head.i
            if not (i < target <= last):
                head = i
                break
        if head is None:
            head = nouns[-1]
        if bridges or plurals:
            # the parse broke the compound at the gerund or the mis-tagged plural: the head is
            # the last noun of the run that follows
            k = head + 1
            while k in window and (self.doc[k].pos_ in NOUNS or k in bridges or k in plurals):
                if self.doc[k].pos_ in NOUNS or k in plurals:
                    head = k
                k += 1
        end = head + 1
        # coordination: children and young people
        if self.low(end) in ("and", "or"):
            for conj in self.doc[head].conjuncts:
                if end < conj.i <= end + 4 and conj.pos_ in NOUNS and all(
                        self.doc[x].pos_ in NOUNS | {"ADJ"} for x in range(end + 1, conj.i)):
                    end = conj.i + 1
                    break
        # the of-complement of a level noun or of a noun needed to say what is counted
        return j, end, head, counted_start

    def hyphen_chain_end(self, k: int) -> int | None:
        """End of a hyphenated word starting at k ("made-in-America", "good-paying") when a
        noun follows it or it ends in one; None otherwise."""
        j = k
        while j + 2 < self.e and not self.doc[j].whitespace_ and self.doc[j + 1].text in DASHES \
                and not self.doc[j + 1].whitespace_ and j + 2 - k <= 8:
            j += 2
        if j == k or self.atom(j):
            return None
        after = self.tok(j + 1)
        if self.doc[j].pos_ in NOUNS or after is not None and after.pos_ in NOUNS | {"ADJ"}:
            return j + 1
        return None

    def counted_text(self, start: int, end: int) -> str | None:
        tokens = [t for t in self.doc[start:end]]
        while tokens and (tokens[0].pos_ in ("DET", "PRON", "NUM", "ADP", "ADV", "PUNCT") or tokens[0].like_num
                          or tokens[0].lower_ in ("all", "of")):
            if len(tokens) > 2 and tokens[1].text in DASHES and not tokens[0].whitespace_ and tokens[0].pos_ != "PUNCT":
                break  # "three-bedroom homes", "good-paying jobs" keep their first word
            tokens = tokens[1:]
        if not tokens:
            return None
        return self.text(tokens[0].i, tokens[-1].i + 1)

    def text(self, start: int, end: int) -> str:
        return self.doc[start:end].text

    def np_extent(self, head: Token, with_of: bool = True) -> tuple[int, int]:
        """Token range of the noun phrase headed by `head`: its left modifiers and an
        of-complement ("the cost of police governance")."""
        left = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet"):
                left = min(left, child.left_edge.i)
        right = head.i + 1
        if with_of:
            for child in head.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects and objects[0].i - child.i <= 6:
                        _l, r = self.np_extent(objects[0], with_of=False)
                        right = max(right, r)
                    break
        return max(left, self.np_floor), min(right, self.e)

    def read_multiplier_object(self, claim: Claim, k: int) -> int:
        """What a multiplicative word applies to: the object of "halve the cost of
        police governance" (in the span), "a threefold rise in X" (X, outside it)."""
        token = self.doc[claim.core.start]
        nxt = self.tok(k)
        if nxt is not None and nxt.lower_ in self.lex.change_words and nxt.pos_ == "NOUN":
            self.counted_from_prep(claim, nxt)
            return k + 1
        objects = [c for c in token.rights if c.dep_ in ("dobj", "obj")]
        if objects:
            pass
        elif token.head.i > token.i and token.head.pos_ in NOUNS and token.dep_ in ("amod", "predet", "det", "nmod"):
            objects = [token.head]  # "double the number of ..." read as a predeterminer
        if not objects and nxt is not None and nxt.lower_ == "of":
            objects = [c for c in nxt.children if c.dep_ == "pobj"]  # "a doubling of X"
        if objects:
            left, right = self.np_extent(objects[0])
            left = max(left, k)
            if left <= k + 1:
                claim.counted = self.counted_of(objects[0])
                claim.counted_head = objects[0].i
                return right
        is_verb = token.pos_ == "VERB" or token.tag_.startswith("VB")
        if not objects and nxt is not None and (nxt.pos_ == "DET" and not token.pos_ == "NOUN" or is_verb and (
                nxt.pos_ in NOUNS | {"ADJ"} or nxt.tag_ == "VBG")):
            # the parse found no object: "halved planning times" with "planning" read as a verb
            found = self.noun_phrase(k, skip_determiners=True, gerunds=is_verb)
            if found is not None:
                _start, end, head, counted_start = found
                end = max(end, self.np_extent(self.doc[head])[1])
                claim.counted = self.counted_of(self.doc[head])
                if self.doc[head].lower_ not in self.lex.count_nouns and self.np_extent(self.doc[head])[0] > counted_start:
                    claim.counted = self.counted_text(counted_start, end)
                claim.counted_head = head
                return end
        return k

    def counted_from_prep(self, claim: Claim, noun: Token) -> None:
        """What a change noun measures: "a rise in knife crime" -> knife crime."""
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    claim.counted = self.counted_of(objects[0])
                    return
        if self.low(noun.i + 1) in ("in", "of"):  # the parse attached the preposition elsewhere
            found = self.noun_phrase(noun.i + 2, skip_determiners=True)
            if found is not None:
                claim.counted = self.counted_text(found[3], found[1])

    def read_rate(self, claim: Claim, k: int) -> int:
        """ "a week", "per year", "each year", "annually", "per head" after the figure;
        chained denominators join: "per person per week" -> "person per week"."""
        if claim.kind in ("date", "duration", "age", "change") and "measured" not in claim.flags:
            return k
        pers = []
        while len(pers) < 3:
            end = self.read_one_rate(claim, k)
            if end == k:
                break
            pers.append(claim.per)
            k = end
        if pers:
            claim.per = " per ".join(pers)
        return k

    def read_times_comparison(self, claim: Claim, k: int) -> int:
        """What a factor compares: "twice as fast as wages", "three times as many homes as
        in 2010", "twice the rate of the economy", "three times higher than"."""
        token = self.tok(k)
        if token is None:
            return k
        if token.lower_ == "as":
            j = k + 1
            while j < self.e and j - k <= 2 and self.doc[j].pos_ in ("ADJ", "ADV") and self.low(j) != "as":
                j += 1
            if j == k + 1:
                return k
            if self.low(j - 1) in ("many", "much", "few", "little"):
                found = self.noun_phrase(j, skip_determiners=False)
                if found is not None:
                    claim.counted = self.counted_text(found[3], found[1])
                    claim.counted_head = found[2]
                    j = found[1]
                elif self.low(j - 1) in ("many", "few"):
                    claim.flags.add("elliptic")  # "500,000 Australians, twice as many as today"
            if self.low(j) != "as":
                return j
            end = j + 1
            while end < self.e and end - j < 7 and not self.doc[end].is_punct \
                    and self.doc[end].pos_ not in ("VERB", "AUX", "CCONJ", "PART", "SCONJ"):
                end += 1
            if end > j + 1:
                claim.comparison = (j, end)  # the baseline joins the span after the claim is read
            return j
        if token.lower_ in ("the", "what", "that") or token.pos_ in ("ADJ", "NOUN") and token.tag_ not in ("JJR",):
            found = self.noun_phrase(k, skip_determiners=True)  # "twice the rate of", "eight times average earnings"
            if found is None:
                return k
            head = self.doc[found[2]]
            claim.counted = self.counted_of(head)
            claim.counted_head = head.i
            return max(found[1], self.np_extent(head)[1])
        if token.tag_ in ("JJR", "RBR") or token.lower_ in ("more", "less", "fewer"):
            claim.flags.add("comparative")
            return k + 1
        return k

    def read_times_baseline(self, claim: Claim) -> None:
        """ "as wages", "as in 2010" after "twice as fast": in the span; a date in it is a
        claim of its own, nested; what grows is the subject of the verb if nothing else."""
        if claim.comparison is not None:
            start, end = claim.comparison
            claim.end = end
            if any(self.atom(i) for i in range(start + 1, end)):
                claim.time_ref = self.text(start, end)
        if claim.counted is None and "elliptic" not in claim.flags:
            verb = self.governor(self.span_root(claim))
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
            if verb.pos_ in VERBS and subjects:  # "rail fares have risen twice as fast as wages"
                claim.counted = self.counted_of(subjects[0])

    def read_hyphenated_rate(self, claim: Claim, k: int) -> int:
        """ "a £20-a-week increase", "a $15-an-hour wage": a rate written as a modifier."""
        if claim.kind in ("date", "duration", "age", "change") or self.low(k) not in DASHES or self.doc[k - 1].whitespace_:
            return k
        if self.low(k + 1) not in ("a", "an", "per"):
            return k
        unit_at = k + 3 if self.low(k + 2) in DASHES else k + 2
        if self.low(unit_at) in self.lex.time_units and self.low(unit_at) in self.lex.rate_denominators:
            claim.per = self.lex.rate_denominators[self.low(unit_at)]
            return unit_at + 1
        return k

    def read_one_rate(self, claim: Claim, k: int) -> int:
        lex = self.lex
        opener = self.low(k)
        if opener == "per" and self.low(k + 1) in DASHES and not self.doc[k].whitespace_ \
                and self.low(k + 2) in lex.rate_denominators:
            claim.per = lex.rate_denominators[self.low(k + 2)]  # "£300 per-capita"
            return k + 3
        if opener in lex.rate_openers:
            denominator = self.low(k + 1)
            if denominator in lex.rate_denominators and self.low(k + 2) not in lex.ago_words | {"'s", "of", "later"}:
                if opener in ("a", "an") and denominator not in lex.time_units and denominator not in ("head", "person", "annum"):
                    return k
                claim.per = lex.rate_denominators[denominator]
                return k + 2
            if opener == "per" and self.atom(k + 1, "NUMERAL"):
                number = self.compose(k + 1)
                if number is not None:
                    found = self.noun_phrase(number[0], skip_determiners=False)
                    end = found[1] if found else number[0]
                    claim.per = self.text(k + 1, end)
                    return end
        if opener in lex.rate_adverbs:
            claim.per = lex.rate_adverbs[opener]
            return k + 1
        return k

    def read_comparison(self, claim: Claim) -> None:
        """ "3,000 more prison places today than in 2010": the baseline joins the span."""
        if "comparative" not in claim.flags:
            return
        k = claim.end
        adverb_start = None
        while k < self.e and k - claim.end < 3 and (self.low(k) in self.lex.time_adverbs or
                                                     self.low(k) in ("this", "last", "year", "now")):
            adverb_start = k if adverb_start is None else adverb_start
            k += 1
        if self.low(k) != "than" and claim.counted is None and adverb_start is None and self.low(k + 1) == "than" \
                and self.doc[k].pos_ in ("ADJ", "ADV"):
            k += 1  # "75 percent more likely than other Americans"
        if self.low(k) != "than":
            return
        than = self.doc[k]
        end = max((t.i for t in than.subtree), default=k) + 1
        end = min(end, self.e, k + 8)
        if end <= k + 1:
            # the parse left "than" bare: take a preposition and what follows up to a break
            end = k + 1
            while end < self.e and end - k < 6 and not self.doc[end].is_punct \
                    and self.doc[end].pos_ not in ("VERB", "AUX", "CCONJ", "PART", "SCONJ"):
                end += 1
        if end <= k + 1:
            return
        has_time = any(self.atom(i) for i in range(k + 1, end)) or adverb_start is not None
        claim.comparison = (adverb_start if adverb_start is not None else k, end)
        claim.end = end
        if has_time:
            claim.time_ref = self.text(claim.comparison[0], end)

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

    def read_parse_direction(self, claim: Claim) -> None:
        """Direction from a governing verb: "cut emissions by 50%", "safeguard over
        10,000 officers" (maintain), "increase spending to £10bn" (a level target)."""
        if claim.direction is not None or claim.kind in ("date", "duration", "age"):
            return
        lex = self.lex
        root = self.span_root(claim)
        verb = None
        how = ""
        if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head is not root.head \
                and root.head.i == claim.start - 1:
            verb, how = root.head.head, "by"
        elif root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head is not root.head:
            verb, how = root.head.head, "to"
        elif root.dep_ in ("dobj", "obj"):
            verb, how = root.head, "object"
        elif self.low(claim.start) == "at" and self.low(claim.start + 1) not in ("least", "most") \
                or self.low(claim.start - 1) == "at" or (root.dep_ == "pobj" and root.head.lower_ == "at"):
            verb, how = self.governor(root), "at"  # "keep the ratio at or below 23.9 per cent"
        if verb is None:
            return
        word = verb.lower_
        lemma = verb.lemma_.lower()
        if word in lex.maintain_words or lemma in lex.maintain_words:
            claim.direction = "maintain"
            return
        on = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" and c.i > root.i]
        if how == "object" and lemma in ("put", "add", "slap", "impose") and on:
            # "put a penny in the pound on Income Tax", "put 5p on a pint": an addition to the object of "on"
            claim.direction, claim.change_cue = "increase", True
            objects = [c for c in on[0].children if c.dep_ == "pobj" and c.pos_ in NOUNS]
            if objects and claim.counted is None:
                claim.counted = self.counted_of(objects[0])
            if claim.kind == "ratio":
                claim.change_type = "absolute"  # a rate in pennies per pound rises by points
            return
        change = lex.change_words.get(word) or lex.change_words.get(lemma)
        if change is None or how == "at":
            return
        if how == "object" and (verb.pos_ != "VERB" or word in lex.object_change_exclusions
                                or lemma in lex.object_change_exclusions):
            return  # "raise £5bn" collects money; "lift 1.5 million people" is no change in people
        claim.direction = change
        claim.change_cue = how != "to"
        claim.flags.add(f"verb_{how}")

    def read_subject_counted(self, claim: Claim) -> None:
        """The counted noun of a bare change: the subject of its verb ("Reported
        offences have increased by 60%"), through "the number of"."""
        root = self.span_root(claim)
        verb = root
        for _ in range(6):
            if verb.pos_ in VERBS or verb.dep_ == "ROOT":
                break
            verb = verb.head
        if verb.pos_ not in VERBS:
            return
        if claim.core.label != "multiplier" and not (claim.flags & {"change_by", "verb_by", "verb_to"}):
            return  # only a change or a level target reads its clause ("debt rose by £5bn")
        before_by = self.tok(claim.start - 1) if self.low(claim.start - 1) == "by" else None
        if "verb_by" in claim.flags and self.tok(claim.start - 2) is not None and self.doc[claim.start - 2].pos_ in NOUNS:
            claim.counted = self.counted_of(self.doc[claim.start - 2])  # "... and doctors by 9,500"
            return
        if claim.flags & {"verb_by", "verb_to"} and before_by is None or "verb_to" in claim.flags:
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in NOUNS]
            objects += [conj for o in objects for conj in o.conjuncts if conj.pos_ in NOUNS]
            objects += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in NOUNS and objects]  # parse slip
            before = [o for o in objects if o.i < claim.start]
            if before:  # "cut emissions by 50%"; "raise A to £15,000 and B to £60,000": the nearest
                claim.counted = self.counted_of(max(before, key=lambda o: o.i))
                return
            if objects:
                claim.counted = self.counted_of(objects[0])
                return
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ in ("conj", "xcomp", "advcl"):
            # "... and convictions are down by 11 per cent": the noun before the verb group
            k = verb.i - 1
            while k >= self.s and self.doc[k].pos_ in ("AUX", "PART", "ADV"):
                k -= 1
            if k >= self.s and self.doc[k].pos_ in NOUNS:
                left = k
                while left - 1 >= self.s and self.doc[left - 1].pos_ in NOUNS | {"ADJ"} and self.doc[left - 1].head.i >= left:
                    left -= 1
                claim.counted = self.text(left, k + 1)
            return
        if not subjects:
            return
        subject = subjects[0]
        if subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl" and verb.head.pos_ in NOUNS:
            subject = verb.head  # "temporary accommodation, which has risen by 40 per cent"
        if subject.pos_ not in NOUNS:
            return
        claim.counted = self.counted_of(subject)

    def counted_of(self, noun: Token, with_of: bool = True) -> str | None:
        """The counted words of a noun phrase: "the number of X" -> X; "the cost of
        police governance" keeps its of-complement (`with_of`)."""
        if noun.lower_ in self.lex.count_nouns:
            for child in noun.rights:
                if child.dep_ == "prep" and child.lower_ == "of":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    if objects:
                        left, right = self.np_extent(objects[0], with_of=False)
                        return self.counted_text(left, right)
        left, right = self.np_extent(noun, with_of=with_of)
        return self.counted_text(left, right)

    # --- time references and roles --------------------------------------------

    def governor(self, token: Token) -> Token:
        """The nearest verb above a token (or the sentence root)."""
        for _ in range(12):
            if token.pos_ in VERBS or token.head is token:
                return token
            token = token.head
        return token

    def link_time_references(self, claims: list[Claim]) -> None:
        """A figure's time_ref: the date or duration governed by the same verb."""
        times = [c for c in claims if c.is_time and not c.is_modifier and c.time_ref]
        for claim in claims:
            if claim.is_time and "measured" not in claim.flags or claim.time_ref is not None:
                continue
            if claim.kind == "age" or "qualifier" in claim.flags:
                continue  # an age band or a category has no time of its own
            anchor = self.governor(self.span_root(claim))
            best = None
            for time in times:
                if claim.comparison and claim.comparison[0] <= time.start < claim.comparison[1]:
                    continue
                if self.governor(self.span_root(time)) == anchor:
                    # time phrases mostly follow what they anchor: "1m homes by 2020 and 500,000 more by 2022"
                    if time.start >= claim.end:
                        distance = time.start - claim.end
                    else:
                        distance = max(0, claim.start - time.end) + 2
                    if best is None or distance < best[0]:
                        best = (distance, time)
            if best is not None:
                claim.time_ref = best[1].time_ref
        for claim in claims:
            if claim.time_ref is None and (not claim.is_time or "measured" in claim.flags) and claim.kind != "age" \
                    and "qualifier" not in claim.flags:
                claim.time_ref = self.inherited_time_ref(claim, claims, times)
        # a time adverbial that opens the sentence scopes all of it: "Since 2010, X have ..., and Y has fallen by 13%"
        clause = self.fronted_time_clause()
        fronted = [t for t in times if clause is not None and clause[0] <= t.start < clause[1]]
        if fronted:
            for claim in claims:
                if claim.time_ref is None and (not claim.is_time or "measured" in claim.flags) and claim.kind != "age" \
                        and "qualifier" not in claim.flags and claim.start >= clause[1]:
                    claim.time_ref = fronted[0].time_ref
        # a date inside a comparison shares the comparison's time_ref
        for claim in claims:
            if claim.comparison and claim.time_ref:
                for time in times:
                    if claim.comparison[0] <= time.start < claim.comparison[1]:
                        time.time_ref = claim.time_ref

    def inherited_time_ref(self, claim: Claim, claims: list[Claim], times: list[Claim]) -> str | None:
        """A figure with no time of its own takes that of the figure it is part of ("1.25
        million jobs over the next five years, including 250,000 jobs for young people") or
        of the main clause of its "so that" clause."""
        token = self.span_root(claim)
        for _ in range(6):
            if token.lower_ == "including" and token.head is not token:
                owner = token.head
                for other in claims:
                    if other is not claim and other.time_ref and (
                            other.start <= owner.i < other.end or other.counted_head == owner.i):
                        return other.time_ref
                anchored = [t for t in times if self.governor(self.span_root(t)) == self.governor(owner)]
                if anchored:  # "including" attached to the verb of the whole
                    return min(anchored, key=lambda t: abs(t.start - claim.start)).time_ref
                return None
            if token.head is token:
                break
            token = token.head
        verb = self.governor(self.span_root(claim))
        if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("so", "that") for c in verb.children):
            main = self.governor(verb.head)
            anchored = [t for t in times if self.governor(self.span_root(t)) == main]
            if anchored:
                return min(anchored, key=lambda t: abs(t.start - claim.start)).time_ref
        return None

    def assign_role(self, claim: Claim, pledge_id: str | None) -> None:
        """time_reference and qualifier by kind; pledge_target inside a pledge of the
        pledges stage or under a commitment cue of the sentence; else statistic."""
        if claim.is_time and "measured" not in claim.flags:
            claim.role = "qualifier" if claim.is_modifier else "time_reference"
        elif claim.kind == "age" and "age_level" not in claim.flags or "qualifier" in claim.flags:
            claim.role = "qualifier"
        elif self.is_current_level(claim):
            claim.role = "statistic"
        elif self.is_past(claim):
            claim.role = "statistic"  # "we have delivered 2.2 million apprenticeships", "which has risen by 40%"
        elif pledge_id is not None or self.is_commitment(claim):
            claim.role = "pledge_target"
        else:
            claim.role = "statistic"

    def is_past(self, claim: Claim) -> bool:
        """Whether the figure's own verb is in a past or perfect tense (a record)."""
        verb = self.governor(self.span_root(claim))
        if verb.pos_ not in VERBS:
            return False
        if verb.tag_ == "VBD":
            return True
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxiliaries & self.lex.commitment_auxiliaries:
            return False
        return verb.tag_ == "VBN" and bool(auxiliaries & {"has", "have", "had", "'ve", "was", "were"})

    def is_commitment(self, claim: Claim) -> bool:
        """Whether the figure sits under a commitment: an auxiliary "will"/"shall" with
        the party as subject (or none), "we pledge/promise/aim", or an imperative list item."""
        lex = self.lex
        token = self.span_root(claim)
        for _ in range(12):
            for child in token.children:
                if child.dep_ == "aux" and child.lower_ in lex.commitment_auxiliaries:
                    return self._committed_subject(token)
            if token.lemma_.lower() in lex.commitment_verbs and self._committed_subject(token, required=True):
                return True
            if token.head is token:
                break
            token = token.head
        first = self.doc[self.s]
        lead_in = (self.sentence.get("lead_in") or "").lower()
        if self.sentence.get("block_kind") == "list_item" and (first.tag_ == "VB" or " will" in f" {lead_in}"):
            return True
        return False

    def _committed_subject(self, verb: Token, required: bool = False) -> bool:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return not required
        words = {t.lower_ for t in subjects[0].subtree}
        return bool(words & self.lex.commitment_subjects)


