"""The claims stage's language data, loaded once from `models/claims/`.

Number words, scales, currencies, units, bound and direction words live in
`numbers.json` and `lexicon.json`; the spaCy `Matcher` patterns that find number
atoms and idioms live in `patterns.jsonl`. A pattern may name a lexicon list as
`"@name"` inside an `IN` list, so a word added to the lexicon reaches the patterns.
The Matcher is built once per `Vocab` and cached; extraction never builds it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from manifesto.models import MODELS_DIR

CLAIMS_DATA = MODELS_DIR / "claims"
ATOM_LABELS = ("NUMERAL", "VAGUE", "FRACTION", "MULTIPLIER", "RELDATE", "AGEGROUP", "YEARSPAN", "DECADE",
               "MONEYRATIO", "NETZERO", "UNITSPAN", "TIMES")
NOT_CLAIM = "NOT_CLAIM"


@dataclass(frozen=True)
class Lexicon:
    """Every word list the claims extractor reads, as dicts and frozensets."""

    number_words: dict[str, float]
    scales: dict[str, float]
    scale_abbreviations: dict[str, float]
    vague_scales: dict[str, float]
    fractions: dict[str, float]
    fraction_numerators: dict[str, float]
    multipliers: dict[str, float]
    verb_only_multipliers: frozenset[str]
    phone_numbers: frozenset[str]
    year_range: tuple[int, int]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    subunit_words: dict[str, tuple[str, float]]
    local_dollar_words: frozenset[str]
    local_cent_words: frozenset[str]
    dollar_countries: dict[str, str]
    euro_countries: frozenset[str]
    percent_words: dict[tuple[str, ...], str]
    time_units: dict[str, str]
    rate_openers: frozenset[str]
    rate_denominators: dict[str, str]
    rate_adverbs: dict[str, str]
    measure_units: dict[str, str]
    bounds: dict[tuple[str, ...], str]
    post_bounds: dict[tuple[str, ...], str]
    period_prepositions: frozenset[str]
    direction_after: dict[str, str]
    direction_before: dict[str, str]
    change_words: dict[str, str]
    object_change_exclusions: frozenset[str]
    maintain_words: frozenset[str]
    count_nouns: frozenset[str]
    duration_verbs: frozenset[str]
    money_nouns: frozenset[str]
    age_group_nouns: frozenset[str]
    duration_openers: frozenset[str]
    duration_determiners: frozenset[str]
    relative_dates: dict[str, int]
    relative_date_units: dict[str, str]
    ago_words: frozenset[str]
    time_prepositions: frozenset[str]
    time_adverbs: frozenset[str]
    months: frozenset[str]
    age_words: frozenset[str]
    label_nouns: frozenset[str]
    idiom_nouns_after_one: frozenset[str]
    pronominal_before_one: frozenset[str]
    commitment_auxiliaries: frozenset[str]
    commitment_verbs: frozenset[str]
    commitment_subjects: frozenset[str]
    non_counted_nouns: frozenset[str]
    patterns: tuple[dict, ...]

    max_bound_words: int = 4

    def local_currencies(self, country: str | None) -> tuple[str, str]:
        """(code of "$"/"dollar", code of "cent") in a catalog country: AUD in Australia,
        a euro cent in Ireland; USD where the country has no dollar of its own."""
        key = (country or "").strip().lower()
        dollar = self.dollar_countries.get(key, "USD")
        cent = dollar if key in self.dollar_countries else "EUR" if key in self.euro_countries else "USD"
        return dollar, cent


def _phrases(mapping: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    return {tuple(key.split()): value for key, value in mapping.items()}


def _read_json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in [k for k in data if k.startswith("_")]:
        data.pop(key)  # "_about" and other comments
    return data


def _read_patterns(path: Path) -> tuple[dict, ...]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            row = json.loads(line)
            if "pattern" in row:
                rows.append(row)
    return tuple(rows)


@lru_cache(maxsize=4)
def load_lexicon(folder: Path = CLAIMS_DATA) -> Lexicon:
    """Read the claims data files (cached: one read per process)."""
    numbers = _read_json(folder / "numbers.json")
    words = _read_json(folder / "lexicon.json")
    return Lexicon(
        number_words={k: float(v) for k, v in numbers["number_words"].items()},
        scales={k: float(v) for k, v in numbers["scales"].items()},
        scale_abbreviations={k: float(v) for k, v in numbers["scale_abbreviations"].items()},
        vague_scales={k: float(v) for k, v in numbers["vague_scales"].items()},
        fractions={k: float(v) for k, v in numbers["fractions"].items()},
        fraction_numerators={k: float(v) for k, v in numbers["fraction_numerators"].items()},
        multipliers={k: float(v) for k, v in numbers["multipliers"].items()},
        verb_only_multipliers=frozenset(numbers["verb_only_multipliers"]),
        phone_numbers=frozenset(numbers["phone_numbers"]),
        year_range=tuple(numbers["year_range"]),
        currency_symbols=words["currency_symbols"],
        currency_words=words["currency_words"],
        subunit_words={k: (v[0], float(v[1])) for k, v in words["subunit_words"].items()},
        local_dollar_words=frozenset(words["local_dollar_words"]),
        local_cent_words=frozenset(words["local_cent_words"]),
        dollar_countries=words["dollar_countries"],
        euro_countries=frozenset(words["euro_countries"]),
        percent_words=_phrases(words["percent_words"]),
        time_units=words["time_units"],
        rate_openers=frozenset(words["rate_openers"]),
        rate_denominators=words["rate_denominators"],
        rate_adverbs=words["rate_adverbs"],
        measure_units=words["measure_units"],
        bounds=_phrases(words["bounds"]),
        post_bounds=_phrases(words["post_bounds"]),
        period_prepositions=frozenset(words["period_prepositions"]),
        direction_after=words["direction_after"],
        direction_before=words["direction_before"],
        change_words=words["change_words"],
        object_change_exclusions=frozenset(words["object_change_exclusions"]),
        maintain_words=frozenset(words["maintain_words"]),
        count_nouns=frozenset(words["count_nouns"]),
        duration_verbs=frozenset(words["duration_verbs"]),
        money_nouns=frozenset(words["money_nouns"]),
        age_group_nouns=frozenset(words["age_group_nouns"]),
        duration_openers=frozenset(words["duration_openers"]),
        duration_determiners=frozenset(words["duration_determiners"]),
        relative_dates={k: int(v) for k, v in words["relative_dates"].items()},
        relative_date_units=words["relative_date_units"],
        ago_words=frozenset(words["ago_words"]),
        time_prepositions=frozenset(words["time_prepositions"]),
        time_adverbs=frozenset(words["time_adverbs"]),
        months=frozenset(words["months"]),
        age_words=frozenset(words["age_words"]),
        label_nouns=frozenset(words["label_nouns"]),
        idiom_nouns_after_one=frozenset(words["idiom_nouns_after_one"]),
        pronominal_before_one=frozenset(words["pronominal_before_one"]),
        commitment_auxiliaries=frozenset(words["commitment_auxiliaries"]),
        commitment_verbs=frozenset(words["commitment_verbs"]),
        commitment_subjects=frozenset(words["commitment_subjects"]),
        non_counted_nouns=frozenset(words["non_counted_nouns"]),
        patterns=_read_patterns(folder / "patterns.jsonl"),
        max_bound_words=max(len(key.split()) for key in words["bounds"]),
    )


def singular_time_units(lexicon: Lexicon) -> list[str]:
    """ "year", "decade", ...: the time units that name one unit ("over a decade")."""
    return sorted(word for word, unit in lexicon.time_units.items() if word == unit)


def pattern_lists(lexicon: Lexicon) -> dict[str, list[str]]:
    """The lexicon lists a pattern may name as "@name"."""
    return {
        "number_words": sorted(lexicon.number_words),
        "scales": sorted(lexicon.scales),
        "vague_single": sorted(k for k in lexicon.vague_scales if " " not in k),
        "fractions": sorted(lexicon.fractions),
        "fraction_numerators": sorted(lexicon.fraction_numerators),
        "multipliers": sorted(lexicon.multipliers),
        "relative_date_words": sorted(lexicon.relative_dates),
        "relative_date_units": sorted(lexicon.relative_date_units),
        "singular_time_units": singular_time_units(lexicon),
    }


def _resolve(value: Any, lists: dict[str, list[str]]) -> Any:
    """Replace "@name" references (as a whole IN list) by the named lexicon list."""
    if isinstance(value, dict):
        return {key: _resolve(item, lists) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, lists) for item in value]
    if isinstance(value, str) and value.startswith("@"):
        try:
            return lists[value[1:]]
        except KeyError:
            raise ValueError(f"claims pattern names unknown lexicon list {value!r}") from None
    return value


def build_matcher(vocab: Vocab, lexicon: Lexicon) -> Matcher:
    """A Matcher with every pattern of `patterns.jsonl`, keyed by its label."""
    matcher = Matcher(vocab, validate=True)
    lists = pattern_lists(lexicon)
    grouped: dict[str, list[list[dict]]] = {}
    for row in lexicon.patterns:
        grouped.setdefault(row["label"], []).append(_resolve(row["pattern"], lists))
    for label, patterns in grouped.items():
        matcher.add(label, patterns)
    return matcher


def trigger_words(lexicon: Lexicon) -> set[str]:
    """Words that can be part of a number atom: the Matcher runs only near them and
    near digits (a manifesto has a few figures per hundred words)."""
    words = set(lexicon.number_words) | set(lexicon.scales) | set(lexicon.fractions) | set(lexicon.multipliers)
    words |= {part for key in lexicon.vague_scales for part in key.split()} - {"of"}
    words |= set(lexicon.relative_date_units) | set(singular_time_units(lexicon)) | {"fold", "penny", "cent", "net", "twice", "thrice"}
    return words


@dataclass(frozen=True)
class ClaimsMatcher:
    """The Matcher and the lower-case hashes of the words that trigger a look."""

    matcher: Matcher
    trigger_ids: np.ndarray


_MATCHERS: dict[int, tuple[Vocab, ClaimsMatcher]] = {}


def matcher_for(vocab: Vocab) -> ClaimsMatcher:
    """The claims Matcher for this vocab, built on first use and then reused."""
    cached = _MATCHERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        lexicon = load_lexicon()
        ids = np.array(sorted(vocab.strings.add(word) for word in trigger_words(lexicon)), dtype=np.uint64)
        cached = (vocab, ClaimsMatcher(build_matcher(vocab, lexicon), ids))
        _MATCHERS[id(vocab)] = cached
    return cached[1]
