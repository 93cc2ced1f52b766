"""One spelling per party: the catalog's `party` normalised against parties.toml.

The pledge actor is found by the names derived from the catalog's `party`, so its
spelling used to change the pledges found: "Labour" gave fewer names than "Labour
Party" (no "Labour Party", no "New Labour"), and "labour party" no acronyms. Before
names are derived, a spelling is mapped to the party's name in
models/pledges/parties.toml `[aliases]` when it names exactly one listed party (its
full name, its name without the generic word, or one of its aliases: "Greens", an
alias of two parties, stays as written), and a name in lower case is capitalised
(acronyms are formed from capitals). The pledges extractor uses the names of both
spellings.
"""

from __future__ import annotations

import re
import string


def canonical_party(party: str, rules: dict) -> str:
    """The party's name as its table entry spells it, else the name tidied."""
    cleaned = re.sub(r"^the\s+", "", " ".join(party.split()), flags=re.I)
    lower = cleaned.lower()
    key = _table_key(lower, rules)
    if key is None:
        return _capitalise(cleaned, rules) if cleaned.islower() else cleaned
    return cleaned if lower == key and not cleaned.islower() else _capitalise(key, rules)


def _table_key(lower: str, rules: dict) -> str | None:
    """The `[aliases]` key naming this party, if exactly one does."""
    aliases: dict[str, list[str]] = rules["aliases"]
    if lower in aliases:
        return lower
    generic = set(rules["generic_words"])
    by_core = {key for key in aliases if lower in _cores(key, generic)}
    by_alias = {key for key, names in aliases.items() if lower in _lower(names)}
    found = by_core | by_alias
    found -= {key for key in found for other in found if key != other and key in _lower(aliases[other])}
    return found.pop() if len(found) == 1 else None  # a key listed as another's alias is that party too


def _lower(names: list[str]) -> set[str]:
    return {name.lower() for name in names}


def _cores(key: str, generic: set[str]) -> set[str]:
    """A listed name without its generic word and what follows, and its plural."""
    words = key.split()
    cut = next((i for i, word in enumerate(words) if word in generic), None)
    if not cut:
        return set()
    core = " ".join(words[:cut])
    return {core, core + "s"}


def _capitalise(name: str, rules: dict) -> str:
    """`liberal party of australia` -> `Liberal Party of Australia`."""
    skip = set(rules["acronym_skip"])
    return " ".join(word if word in skip else string.capwords(word) for word in name.split())
