"""The document's party: the names it goes by in its own text.

Names are derived from the catalog's `party` (and `leader`) with the rules of
models/pledges/parties.toml, so the same code works for any party: "Liberal–National
Coalition" also gives "the Coalition", "Liberals", "Nationals". A document can add
names of its own: "A re-elected Morrison Government will:" makes "Morrison" the
party's in that document, and so does a government named after one of the party's
leaders (parties.toml `[leaders]`): "The Turnbull Government will ..." in a Liberal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable

from spacy.tokens import Doc, Token

from manifesto.models.entity_rules import country_code, country_names, known_names, local_names, name_key

from ..parties import canonical_party
from .grammar import PLACES, is_in, possible_members
from .rules import Lexicon, lexicon


@dataclass(frozen=True)
class Party:
    """The words that name the document's party, as lower-cased token tuples."""

    names: tuple[tuple[str, ...], ...]
    leaders: frozenset[tuple[str, ...]] = frozenset()  # names its governments go by (parties.toml [leaders])

    @classmethod
    def from_catalog(cls, party: str | None, leader: str | None = None, country: str | None = None) -> Party:
        """The names of the catalog's party however it is spelled (extractors/parties.py),
        also when the catalog gives only a short form the party registry knows ("ALP" is
        the Australian Labor Party, whose text says "Labor"; "BJP" and "INC" likewise)."""
        names = party_names(party, leader)
        leaders = party_leaders(party)
        if party and party.strip():
            spellings = {canonical_party(party, lexicon().parties), registered_party(party, country),
                         national_party(party, country)}
            for canonical in spellings - {None}:
                names |= party_names(canonical, leader)
                leaders |= party_leaders(canonical)
        return cls(tuple(sorted(names, key=len, reverse=True)), frozenset(leaders))

    def with_names(self, extra: Iterable[tuple[str, ...]]) -> Party:
        """The party with more names (those the document gives its own government)."""
        names = set(self.names) | set(extra)
        return Party(tuple(sorted(names, key=len, reverse=True)), self.leaders)

    @cached_property
    def first_words(self) -> frozenset[str]:
        """The words a name can start with: most tokens are ruled out by one lookup."""
        return frozenset(name[0] for name in self.names if name)

    def match_at(self, tokens: list[Token], start: int) -> int:
        """Length of the party name starting at tokens[start] (0 if none)."""
        first = tokens[start]
        if first.lower_ not in self.first_words or not first.text[:1].isupper():
            return 0
        for name in self.names:
            end = start + len(name)
            if end <= len(tokens) and tuple(t.lower_ for t in tokens[start:end]) == name:
                return len(name)
        return 0

    def spans_in(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """(start, end) positions in `tokens` of the party's names, longest first at each place."""
        found, i = [], 0
        while i < len(tokens):
            n = self.match_at(tokens, i)
            if n:
                found.append((i, i + n))
                i += n
            else:
                i += 1
        return found


def national_party(party: str, country: str | None) -> str | None:
    """The `parties.toml` entry of the party's name in its country, when the name is
    shared across countries ("Liberal Party" in Australia is the "Liberal Party of
    Australia", whose text speaks as "the Coalition"); None when there is none."""
    code = country_code(country)
    if code is None:
        return None
    aliases = lexicon().parties["aliases"]
    for name in sorted(country_names(code), key=len, reverse=True):  # "AU", "AUS" and "Australia" alike
        national = f"{' '.join(party.split())} of {name}"
        if national.lower() in aliases:
            return canonical_party(national, lexicon().parties)
    return None


def registered_party(party: str, country: str | None = None) -> str | None:
    """The canonical name of the party the registry (models/entities/parties.jsonl) knows
    by this name or short form, in the catalog's country when that has local forms
    ("INC" in India); None for a name it does not list as a party."""
    key = name_key(party)
    known = local_names(country_code(country)).get(key) or known_names().get(key)
    return known.canonical if known is not None and known.is_party else None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'&.-]+", text)


def party_names(party: str | None, leader: str | None = None) -> set[tuple[str, ...]]:
    """Names of a party in its own text, derived from its catalog name (parties.toml)."""
    if not party or not party.strip():
        return set()
    rules = lexicon().parties
    full = re.sub(r"^the\s+", "", party.strip(), flags=re.I)
    words = _words(full)
    names = {full} | _core_names(words, party, rules) | _acronyms(words, rules)
    names |= _collective_names(words, rules) | _member_names(full, rules)
    names.update(rules["aliases"].get(party.strip().lower(), []))
    if leader and leader.strip():
        names.add(leader.strip())
        names.add(leader.strip().split()[-1])
    tokenized = (tuple(t.lower() for t in re.findall(r"\w+|[^\w\s]", name)) for name in names)
    return {tokens for tokens in tokenized if tokens and tokens not in {("party",), ("the",)}}


def party_leaders(party: str | None) -> set[tuple[str, ...]]:
    """The leaders' names parties.toml lists for a party, as lower-cased token tuples."""
    if not party or not party.strip():
        return set()
    table = {_dashes(key): names for key, names in lexicon().parties.get("leaders", {}).items()}
    key = _dashes(re.sub(r"^the\s+", "", " ".join(party.split()), flags=re.I).lower())
    return {tuple(_words(name.lower())) for name in table.get(key, [])}


def _dashes(name: str) -> str:
    """A party name with any dash as "-": "Liberal–National" and "Liberal-National" are one key."""
    return re.sub(r"[‐-―−]", "-", name)


def _core_names(words: list[str], party: str, rules: dict) -> set[str]:
    """The name without its generic words ("Labour Party" -> "Labour"), also without a
    national adjective ("Australian Labor" -> "Labor"; parties.toml lists the parties
    that keep theirs), each with its other grammatical number."""
    generic = set(rules["generic_words"])
    core = words
    for i, word in enumerate(words):
        if word.lower() in generic:
            core = words[:i]
            break
    if not core:
        return set()
    stripped = " ".join(core)
    cores = {stripped}
    if party.strip().lower() not in set(rules["keep_national"]):
        for adjective in sorted(rules["national_adjectives"], key=len, reverse=True):
            if stripped.lower().startswith(adjective + " ") and len(stripped) > len(adjective) + 1:
                cores.add(stripped[len(adjective) + 1:])
                break
    variants = {_other_number(name, generic) for name in cores}
    return cores | {variant for variant in variants if variant is not None}


def _other_number(name: str, generic: set[str]) -> str | None:
    """The name as its members say it in the other number, or None."""
    last = name.split()[-1]
    if last.endswith("s") and not last.endswith("ss") and len(last) > 3 and last.lower() not in generic:
        return name[:-1]  # "Liberal Democrats" -> "Liberal Democrat"
    if last.endswith("ic"):
        return name[:-2] + "s"  # "Democratic" -> "Democrats"
    if last.isalpha() and not last.endswith("s"):
        return name + "s"  # "Conservative" -> "Conservatives"
    return None


def _acronyms(words: list[str], rules: dict) -> set[str]:
    """The initials of a name long enough to be known by them ("Democratic Unionist Party" -> "DUP")."""
    initials = [w for w in words if w.lower() not in set(rules["acronym_skip"]) and w[:1].isupper()]
    if len(initials) >= rules["acronym_min_letters"]:
        return {"".join(w[0] for w in initials)}
    return set()


def _collective_names(words: list[str], rules: dict) -> set[str]:
    """"Liberal–National Coalition" -> "Coalition" ("the Coalition")."""
    collective = set(rules["collective_words"])
    return {word for i, word in enumerate(words) if i > 0 and word.lower() in collective and word[:1].isupper()}


def _member_names(full: str, rules: dict) -> set[str]:
    """The members of a joint name: "Liberal–National" -> "Liberal(s)", "National(s)"."""
    separators = "".join(re.escape(s) for s in rules["member_separators"])
    names = set()
    for chunk in full.split():
        parts = [p for p in re.split(f"[{separators}]", chunk) if p]
        if len(parts) >= 2 and all(p[:1].isupper() and p.isalpha() for p in parts):
            for part in parts:
                names.add(part)
                if not part.isupper() and not part.endswith("s"):
                    names.add(part + "s")
    return names


def own_marked(head: Token, party: Party) -> bool:
    """Whether a government noun carries a modifier only the party's own government
    has: "A re-elected Morrison Government", "a returned Labor government", unless the
    name in it is another party's or another party's leader's: the opposition warns of
    "a re-elected Morrison Government" too. Read from the surface (a marker, then
    capitalised names, then the noun), because the small model often breaks the parse
    of such lead-ins."""
    names = own_government_name(head)
    return names is not None and not _names_another(names, party)


def own_government_name(head: Token) -> tuple[Token, ...] | None:
    """The capitalised words between an own-government marker and a government noun
    ("re-elected Morrison Government" -> (Morrison,); "returned Labor government" ->
    (Labor,); "re-elected Government" -> ()), or None when there is no marker."""
    doc = head.doc
    start = _names_start(head)
    before = "".join(t.text_with_ws for t in doc[max(0, start - 3):start]).lower()
    words = re.sub(r"\s*-\s*", "-", before).split()
    if not words or words[-1] not in lexicon().parties["own_government_modifiers"]:
        return None
    return tuple(doc[start:head.i])


def _names_another(names: tuple[Token, ...], party: Party) -> bool:
    """Whether capitalised words name another party (the registry knows it as a name,
    "<name> Party" or "<name>s", and it is not ours) or end in a leader that
    parties.toml lists for another party only."""
    if not names or party.match_at(list(names), 0):
        return False
    words = tuple(t.lower_ for t in names)
    if {words[i:] for i in range(len(words))} & (_all_leaders() - party.leaders):
        return True
    text = " ".join(t.text for t in names)
    return any(registered_party(form) is not None for form in (text, f"{text} Party", f"{text}s"))


@lru_cache(maxsize=1)
def _all_leaders() -> frozenset[tuple[str, ...]]:
    """Every leader's name in parties.toml `[leaders]`, as lower-cased word tuples."""
    return frozenset(tuple(_words(name.lower())) for names in lexicon().parties["leaders"].values() for name in names)


NAME_WORDS = 4  # the most capitalised words read as a name before a government noun


def _names_start(head: Token, stop: tuple[str, ...] = ()) -> int:
    """Where the capitalised words right before `head` begin (at most NAME_WORDS of
    them, none of the words in `stop`): "re-elected Morrison Government" -> Morrison."""
    doc = head.doc
    j = head.i - 1
    while j >= 0 and head.i - j <= NAME_WORDS and doc[j].is_alpha and doc[j].text[:1].isupper() \
            and doc[j].lower_ not in stop:
        j -= 1
    return j + 1


def own_government_names(doc: Doc, party: Party, lex: Lexicon) -> set[tuple[str, ...]]:
    """Names that the document itself gives its own government: the proper names in
    front of a government noun marked as the party's own ("A re-elected Morrison
    Government will:" gives "Morrison"), so "the Morrison Government will ..." elsewhere
    in the same document is the party too."""
    found = set()
    led = lexicon().parties["leader_government_nouns"] if party.leaders else ()
    for token in possible_members(doc, lex["actor.government_nouns"]):
        if not token.is_alpha or not is_in(token, lex["actor.government_nouns"]):
            continue
        names = own_government_name(token)
        if names is not None and _names_another(names, party):
            continue  # "A re-elected Morrison Government will ..." in a Labor text: an attack
        if names and not party.match_at(list(names), 0):
            found.add(tuple(t.lower_ for t in names))
        elif names is None:
            found |= _name_before_ours(token, party)
            if token.lower_ in led:
                found |= _leader_before(token, party.leaders)
    return found


def _name_before_ours(head: Token, party: Party) -> set[tuple[str, ...]]:
    """A person's name fused with the party's own in front of a government noun: "a
    Shorten Labor Government" gives (shorten,), so "a Shorten Government will ..." in
    the same document is the party's too, as its leader's government; a place or
    nationality is no leader ("the Welsh Labour Government")."""
    words = list(head.doc[_names_start(head, stop=DETERMINERS):head.i])
    for k in range(1, len(words)):
        if party.match_at(words, k) == len(words) - k:
            name = tuple(t.lower_ for t in words[:k])
            rules = lexicon().parties
            national = " ".join(name) in rules["national_adjectives"]
            level = any(word in rules["government_level_words"] for word in name)
            person = not (national or level) and all(t.pos_ == "PROPN" and t.ent_type_ not in PLACES for t in words[:k])
            return {name} if person else set()  # not "the Welsh Labour Government", "a Federal Labor Government"
    return set()


DETERMINERS = ("the", "a", "an")


def _leader_before(head: Token, leaders: frozenset[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The party's leader named between "the" or "a" (or the start of a sentence) and
    a government noun: "The Turnbull Government" gives (turnbull,), "a Shorten Labor
    Government" (shorten,), "Modi Government will ..." (modi,). Read from the surface,
    like `own_government_name`."""
    doc = head.doc
    start = _names_start(head, stop=DETERMINERS)
    heads_phrase = head.dep_ != "compound" and all(t.tag_ == "NNP" for t in doc[start:head.i])  # not "Major Government projects"
    opens_sentence = start < head.i and (start == 0 or doc[start].is_sent_start) and heads_phrase
    if not opens_sentence and (start == 0 or doc[start - 1].lower_ not in DETERMINERS):
        return set()
    words = tuple(t.lower_ for t in doc[start:head.i])
    return {leader for leader in leaders if words[:len(leader)] == leader}
