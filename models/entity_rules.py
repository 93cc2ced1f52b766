"""The project's entity rules: a `SpanRuler` ahead of spaCy's NER, fed by models/entities/.

A general news-trained model misses or mislabels the names of the policy field: bodies
("College of Policing"), offices ("Police and Crime Commissioners"), laws and codes
("Victims' Law"), party names ("Labour" as a PERSON). The ruler marks them before the
model runs, so the model labels the rest of the text around them. Its data:

- `patterns.jsonl`: token patterns for *classes* of names ("... Act", "Department for
  ...", "X Commission", "Lord X"), written with `@list` references to word lists;
- `lexicon.toml`: those word lists (heads, connectors, titles, ...), also used to clean
  spans and to check matches;
- `parties.jsonl`: party names, their members' plural ("Conservatives", "Tories") and
  adjectives ("Tory"), with one canonical name per party; forms under `unmatched` are
  too ambiguous to match ("National", "ACT") but name the party when the model tags them;
  forms under `local` ("Coalition" in Australia) name the party only in documents from
  one of its countries (`local_names`; the extractor matches them, as the ruler does not
  know the document's country);
- `aliases.jsonl`: known equivalences ("IPCC" = "Independent Police Complaints
  Commission", "Britain" = "United Kingdom"), matched as exact phrases.

Class matches are checked and trimmed by `select_rule_spans` (the ruler's span filter):
a leading imperative ("Abolish Police and Crime Commissioners") or article is dropped,
two coordinated names ("Home Office and Department for Education") are not one name,
a head with only generic modifiers ("New Law", "National Fund") is not a name, and a
"Department of X, Y and Z" takes in its comma list. The kept spans are in `doc.ents`
(before the model) and in `doc.spans["entity_rules"]`.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Span, Token
from spacy.util import registry

from . import MODELS_DIR, project_component

COMPONENT = "entity_rules"
SPANS_KEY = "entity_rules"
DATA_DIR = MODELS_DIR / "entities"

# Pattern ids: exact names from the tables are trusted as they are; class matches are
# checked and trimmed. `id` of a party pattern is "party:<form>", of an alias "alias".
# Patterns labelled ROLE claim titles ("Secretary of State for Education") so the model
# does not tag part of them; the extractor leaves them out.
SUFFIX_CLASSES = {"law_suffix": "law_heads", "org_suffix": "org_heads"}
PREFIX_CLASSES = {"law_prefix": ("law_prefix_heads",), "org_prefix": ("org_prefix_heads", "org_heads")}
OPEN_ENDED_CLASSES = {*PREFIX_CLASSES, "org_majesty", "org_hm"}
CLASS_IDS = {*SUFFIX_CLASSES, *PREFIX_CLASSES, "org_majesty", "org_hm", "org_quoted_programme", "org_named_programme",
             "person_title", "person_postnominal", "role"}
PARTY_FORMS = ("names", "members", "adjectives")

# Characters cut from the edges of a span: quotes, brackets, PDF-conversion asterisks.
EDGE_CHARACTERS = set("'\"‘’“”`*()[]{},;:.-–—«»/|•")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
POSSESSIVES = {"'s", "’s", "'", "’"}
VERB_TAGS = {"VB", "VBP", "VBZ", "VBD"}
BULLETS = {"-", "–", "—", "•", "*", "·", "▪", ":", "\n"}


@dataclass(frozen=True)
class Lexicon:
    """The word lists of lexicon.toml, as frozensets of lower-case words."""

    version: str
    lists: dict[str, frozenset[str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]

    @cached_property
    def heads(self) -> frozenset[str]:
        """Every word that ends or starts a class name (a body's or a law's head)."""
        return self["law_heads"] | self["org_heads"] | self["law_prefix_heads"] | self["org_prefix_heads"]


ACRONYM = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*s?$")


def abbreviates(acronym: str, long_form: Span) -> bool:
    """Whether the capitals of `acronym` are initials of the long form's words, in order,
    starting with the first: PCCs / Police and Crime Commissioners, HMIC / Her Majesty's
    Inspectorate of Constabulary, MoJ / Ministry of Justice."""
    if not ACRONYM.match(acronym) or len(long_form) < 2:
        return False
    letters = [c for c in acronym if c.isupper()]
    initials = [t.text[0].upper() for t in long_form if t.is_alpha]
    if not initials or letters[0] != initials[0]:
        return False
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True


def bracketed_acronym(span: Span) -> str | None:
    """The acronym in brackets right after a span ("... Commissioners (PCCs)"), if any."""
    doc, end = span.doc, span.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and ACRONYM.match(doc[end + 1].text):
        return doc[end + 1].text
    return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with open(DATA_DIR / "lexicon.toml", "rb") as handle:
        data = tomllib.load(handle)
    return Lexicon(str(data.get("rules_version", "0")),
                   {name: frozenset(words) for name, words in data["lists"].items()})


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.lstrip().startswith("//")]


def name_key(text: str) -> str:
    """The comparison key of a name: case-folded, straight apostrophes, single spaces,
    without a leading "the" and without accents ("The IPCC" = "ipcc", "Sinn Féin" =
    "Sinn Fein")."""
    text = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = text.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Known:
    """A name the tables know: its canonical name, table label and form."""

    canonical: str
    label: str
    form: str  # "names", "members", "adjectives" for parties; "alias" otherwise
    is_party: bool


@lru_cache(maxsize=1)
def known_names() -> dict[str, Known]:
    """`name_key(surface) -> Known` for every party form and alias in the tables."""
    known: dict[str, Known] = {}
    for row in _read_jsonl(DATA_DIR / "aliases.jsonl"):
        entry = Known(row["canonical"], row["label"], "alias", False)
        for surface in [row["canonical"], *row.get("aliases", []), *row.get("unmatched", [])]:
            known.setdefault(name_key(surface), entry)
    for row in _read_jsonl(DATA_DIR / "parties.jsonl"):
        unmatched = row.get("unmatched", {})
        for form in PARTY_FORMS:
            for surface in [*row.get(form, []), *unmatched.get(form, [])]:
                known[name_key(surface)] = Known(row["canonical"], "ORG", form, True)
        known.setdefault(name_key(row["canonical"]), Known(row["canonical"], "ORG", "names", True))
    return known


@lru_cache(maxsize=1)
def party_acronyms() -> frozenset[str]:
    """`name_key`s of the party forms the table writes only in capitals ("ACT", "SNP",
    "CPI"): they name the party only in capitals, not as the word "Act" or "Cpi". A form
    also listed in another case ("UKIP" and "Ukip") is read in any case."""
    surfaces: dict[str, set[bool]] = {}
    for row in _read_jsonl(DATA_DIR / "parties.jsonl"):
        unmatched, local = row.get("unmatched", {}), row.get("local", {})
        for form in PARTY_FORMS:
            for surface in [*row.get(form, []), *unmatched.get(form, []), *local.get(form, [])]:
                surfaces.setdefault(name_key(surface), set()).add(surface.isupper())
    return frozenset(key for key, capitals in surfaces.items() if capitals == {True})


@lru_cache(maxsize=1)
def ambiguous_party_words() -> frozenset[str]:
    """`name_key`s of the party forms the tables keep `unmatched` because they are
    ordinary words too ("National", "Green", "ACT"): inside another name ("the National
    Living Wage", "the Green Deal") they name no party."""
    found = set()
    for row in _read_jsonl(DATA_DIR / "parties.jsonl"):
        for surfaces in row.get("unmatched", {}).values():
            found |= {name_key(surface) for surface in surfaces}
    return frozenset(found)


# Country names of `catalog.csv` -> the codes of parties.jsonl.
COUNTRY_CODES = {
    "uk": "UK", "united kingdom": "UK", "great britain": "UK", "britain": "UK", "england": "UK",
    "scotland": "UK", "wales": "UK", "northern ireland": "UK", "ie": "IE", "ireland": "IE",
    "republic of ireland": "IE", "au": "AU", "australia": "AU", "nz": "NZ", "new zealand": "NZ",
    "aotearoa new zealand": "NZ", "us": "US", "usa": "US", "united states": "US",
    "united states of america": "US", "ca": "CA", "canada": "CA", "in": "IN", "india": "IN",
    # ISO 3166 alpha-3 codes and other common spellings
    "gbr": "UK", "gb": "UK", "irl": "IE", "aus": "AU", "nzl": "NZ", "can": "CA", "ind": "IN",
    "republic of india": "IN", "bharat": "IN",
}


def country_names(code: str) -> set[str]:
    """Every spelling of a country the catalog may use, by its parties-table code."""
    return {name for name, known in COUNTRY_CODES.items() if known == code}


def country_code(country: str | None) -> str | None:
    """The parties table's code of a catalog country ("Australia" -> "AU"), if known."""
    return COUNTRY_CODES.get(name_key(country)) if country else None


@lru_cache(maxsize=None)
def local_names(code: str | None) -> dict[str, Known]:
    """`name_key(surface) -> Known` for the `local` party forms of one country: short
    names that are a party only there ("the Coalition" in Australia)."""
    if code is None:
        return {}
    local: dict[str, Known] = {}
    for row in _read_jsonl(DATA_DIR / "parties.jsonl"):
        if code in row.get("country", []):
            for form, surfaces in row.get("local", {}).items():
                for surface in surfaces:
                    local[name_key(surface)] = Known(row["canonical"], "ORG", form, True)
    return local


def local_surfaces(code: str | None) -> list[str]:
    """The `local` party forms of one country, as written in the table."""
    rows = _read_jsonl(DATA_DIR / "parties.jsonl") if code else []
    return [surface for row in rows if code in row.get("country", [])
            for surfaces in row.get("local", {}).values() for surface in surfaces]


def _name_word_regex() -> str:
    # A capitalised word: upper-case first letter (Latin-1 accents included).
    return r"^[A-ZÀ-ÖØ-Þ][\w'’.\-&]*$"


def _name_part_regex(lex: Lexicon, connectors: str = "connectors") -> str:
    words = sorted(lex[connectors] | {"'s", "’s"}, key=len, reverse=True)
    return r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-&]*|" + "|".join(re.escape(w) for w in words) + r")$"


def _expand(value, lex: Lexicon):
    """Replace "@name_word", "@name_part" and "@list+list" references in a pattern."""
    if isinstance(value, dict):
        return {key: _expand(item, lex) for key, item in value.items()}
    if isinstance(value, list):
        return [_expand(item, lex) for item in value]
    if isinstance(value, str) and value.startswith("@"):
        name = value[1:]
        if name == "name_word":
            return _name_word_regex()
        if name == "name_part":
            return _name_part_regex(lex)
        if name == "name_part_suffix":
            return _name_part_regex(lex, "suffix_connectors")
        return sorted(set().union(*(lex[part] for part in name.split("+"))))
    return value


def _tokens(nlp: Language, text: str) -> list[dict]:
    return [{"ORTH": token.text} for token in nlp.make_doc(text)]


def build_patterns(nlp: Language) -> list[dict]:
    """All SpanRuler patterns: the class patterns, then party and alias phrases."""
    lex = lexicon()
    patterns = [{**row, "pattern": _expand(row["pattern"], lex)} for row in _read_jsonl(DATA_DIR / "patterns.jsonl")]
    for row in _read_jsonl(DATA_DIR / "parties.jsonl"):
        for form in PARTY_FORMS:
            label = "ORG" if form == "names" else "NORP"
            for surface in row.get(form, []):
                pattern: str | list[dict] = surface  # a phrase (PhraseMatcher, exact text)
                if form == "adjectives" and len(nlp.make_doc(surface)) == 1:
                    # "Conservative", "Tory": not a sentence's first word ("Conservative
                    # estimates"). "Liberal Democrat" is a party wherever it stands.
                    pattern = _tokens(nlp, surface)
                    pattern[0] = {**pattern[0], "IS_SENT_START": False}
                patterns.append({"label": label, "id": f"party:{form}", "pattern": pattern})
    for row in _read_jsonl(DATA_DIR / "aliases.jsonl"):
        for surface in [row["canonical"], *row.get("aliases", [])]:
            patterns.append({"label": row["label"], "id": "alias", "pattern": surface})
    return patterns


# --- cleaning and checking spans (also used by the extractor on the model's spans) ---

def _at_sentence_start(token: Token) -> bool:
    if token.is_sent_start or token.i == 0:
        return True
    previous = token.doc[token.i - 1]
    return previous.is_space or previous.text in BULLETS


def _is_leading_verb(token: Token, lex: Lexicon, anywhere: bool = True) -> bool:
    """An imperative or participle before a name ("Abolish", "Protecting"), not a name
    word. With `anywhere=False` only at the start of a sentence or list item."""
    if token.lower_ in lex.heads or not token.is_alpha:
        return False
    if not _at_sentence_start(token):
        return anywhere and token.tag_ in VERB_TAGS
    return token.tag_ in VERB_TAGS or token.tag_ == "VBG" or token.lower_ in lex["sentence_verbs"]


def clean_span(span: Span, *, trim_verbs: bool | str = False, lex: Lexicon | None = None) -> Span | None:
    """The span without what the gold conventions leave out (see docs/entities.md).

    Leading articles and quotes ("the Parole Board", "'Prevent'"), a possessive ("Labour's",
    "Conservatives'"), trailing lower-case words ("'Prevent' programme"), titles and
    postnominals of a PERSON ("Sir Keir Starmer QC"), and, with `trim_verbs`, a leading
    imperative ("Abolish Police and Crime Commissioners"); `trim_verbs="start"` trims
    one only at the start of a sentence or list item. None when nothing is left.
    """
    lex = lex or lexicon()
    doc = span.doc
    start, end = span.start, span.end
    is_person = span.label_ == "PERSON"
    if is_person:
        start = _after_title(doc, start, end, lex)
    changed = True
    while changed and start < end:
        changed = False
        first, last = doc[start], doc[end - 1]
        if (first.is_space or first.text in EDGE_CHARACTERS or first.lower_ in lex["leading_stopwords"]
                or (first.is_punct and first.text not in ("&",))):
            start, changed = start + 1, True
        elif is_person and first.lower_ in lex["person_titles"]:
            start, changed = start + 1, True
        elif trim_verbs and end - start > 1 and _is_leading_verb(first, lex, anywhere=trim_verbs is True):
            start, changed = start + 1, True
        elif last.is_space or last.text in EDGE_CHARACTERS or last.text in POSSESSIVES or last.is_punct:
            end, changed = end - 1, True
        elif last.is_alpha and last.is_lower:
            end, changed = end - 1, True
        elif is_person and last.lower_ in lex["postnominals"]:
            end, changed = end - 1, True
        elif last.is_digit and span.label_ != "LAW":
            end, changed = end - 1, True
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label, span_id=span.id)


def _after_title(doc, start: int, end: int, lex: Lexicon) -> int:
    """Where a person's name starts after a title with capitalised modifiers: "Prime
    Minister Scott Morrison", "Shadow Home Secretary Yvette Cooper", "Treasurer Josh
    Frydenberg". The title is the last title word among the first few capitalised words
    that leaves a name after it: one word after a title that opens the span, two after
    one that does not, so "Julie Bishop", "John Major" and "Martin Luther King Jr" stay
    whole."""
    cut = start
    for i in range(start, min(end - 1, start + 5)):
        token = doc[i]
        if not (token.is_title or token.is_upper or token.text in ("-", ".")):
            break
        if token.lower_ not in lex["person_titles"] or not doc[i + 1].is_alpha or doc[i + 1].lower_ in lex["person_titles"]:
            continue
        rest = [t for t in doc[i + 1:end] if t.is_alpha and t.lower_ not in lex["postnominals"]]
        if len(rest) >= (1 if i == start else 2):
            cut = i + 1
    return cut


def check_class_span(span: Span, pattern_id: str, lex: Lexicon | None = None) -> bool:
    """Whether a cleaned class match is one name (see the module docstring)."""
    lex = lex or lexicon()
    words = [t for t in span if not t.is_punct and t.text not in POSSESSIVES]
    if not words:
        return False
    lowers = [t.lower_ for t in span]
    acronym = bracketed_acronym(span)
    for i, token in enumerate(span):
        if token.text in ("-", "–") and (span[i - 1].whitespace_ or token.whitespace_ or i == 0):
            return False  # a dash between words, not a hyphen inside one
        if token.text in ("'s", "’s") and (i == 0 or span[i - 1].lower_ not in lex["name_possessives"]):
            return False
        if token.lower_ in lex["coordinators"] and 0 < i < len(span) - 1:
            if lowers[i + 1] == "the" or name_key(span[:i].text) in known_names():
                return False  # "... and the ...", "NHS and Police and Crime Commissioners"
            if name_key(span[i + 1:].text) in known_names():
                return False  # "Chief Constables and Police and Crime Commissioners"
            if acronym and not abbreviates(acronym, span) and abbreviates(acronym, span[i + 1:]):
                return False  # "Department of Homeland Security and Immigration and Customs Enforcement (ICE)"
            if set(lowers[:i]) & lex.heads and (set(lowers[i + 1:]) & lex.heads or lowers[i + 1] in ("hm", "her", "his")):
                return False
    if pattern_id in OPEN_ENDED_CLASSES and span.end < len(span.doc):
        following = span.doc[span.end]
        if following.is_alpha and not following.is_lower and not following.is_sent_start:
            return False  # cut inside a longer name the patterns do not cover
    if pattern_id in SUFFIX_CLASSES:
        tail = span[-2] if span.label_ == "LAW" and span[-1].is_digit and len(span) > 1 else span[-1]
        if tail.lower_ not in lex[SUFFIX_CLASSES[pattern_id]]:
            return False
        modifiers = [t.lower_ for t in span[: tail.i - span.start] if t.is_alpha and not t.is_lower]
        return any(m not in lex["generic_modifiers"] for m in modifiers)
    if pattern_id in PREFIX_CLASSES:
        heads = frozenset().union(*(lex[name] for name in PREFIX_CLASSES[pattern_id]))
        positions = [i for i, low in enumerate(lowers) if low in heads and i + 1 < len(lowers) and lowers[i + 1] in lex["prefix_links"]]
        if not positions:
            return False
        rest = [t.lower_ for t in span[positions[0] + 2:] if t.is_alpha and not t.is_lower]
        return any(m not in lex["generic_modifiers"] for m in rest)
    if pattern_id == "org_named_programme":
        return _is_named_programme(span, lex)
    if pattern_id == "person_postnominal" and any(name_key(t.text) in known_names() for t in span):
        return False  # "Labour MP", "Conservative MEP"
    if pattern_id in ("person_title", "person_postnominal"):
        return not any(low in lex["role_words"] for low in lowers) and len(span) <= 4
    return True


def _is_named_programme(span: Span, lex: Lexicon) -> bool:
    """"the Help to Buy scheme": the name stands right before the programme word, is
    not the tail of a longer capitalised run cut by the cleaning ("Help to Buy scheme"
    at the start of a sentence, where "Help" reads as a verb), and is not one adjective
    or generic word ("the Scottish scheme", "the National scheme")."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].lower_ not in lex["named_programme_heads"]:
        return False
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in lex["connectors"] and doc[i].lower_ != "the":
        i -= 1
    if i >= 0 and i < span.start - 1 and doc[i].is_alpha and doc[i].is_title:
        return False
    names = [t for t in span if t.is_alpha and not t.is_lower]
    if not names or all(t.lower_ in lex["generic_modifiers"] for t in names):
        return False
    if name_key(span.text) in lex["non_entities"] or any(t.lower_ in lex["calendar_words"] for t in names):
        return False  # "the COVID-19 scheme", "the January scheme"
    return not (len(names) == 1 and not names[0].tag_.startswith("NNP") and not names[0].is_upper)


def _extend_list(span: Span, lex: Lexicon) -> Span:
    """A prefix-class name with a comma list: "Department of Housing, Planning and Local
    Government", "Department for Environment, Food and Rural Affairs". The list is
    taken in only when it closes with "and" + capitalised words, and no item is a
    known name or holds a head word ("Department of Health, Treasury and Home Office"
    is three names)."""
    doc = span.doc

    def run(i: int) -> int:  # end of a run of capitalised words (connectors inside)
        j = i
        while j < len(doc) and (doc[j].is_title or doc[j].is_upper) and doc[j].is_alpha:
            j += 1
            if j + 1 < len(doc) and doc[j].lower_ in ("of", "for", "on") and doc[j + 1].is_title:
                j += 1
        return j

    def plain(i: int, j: int) -> bool:
        words = doc[i:j]
        return 0 < j - i <= 4 and name_key(words.text) not in known_names() \
            and not any(t.lower_ in lex.heads for t in words)

    i, items = span.end, 0
    while i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ not in ("and", "&"):
        j = run(i + 1)
        if not plain(i + 1, j):
            return span
        i, items = j, items + 1
    if i < len(doc) and doc[i].text == "," and items:
        i += 1  # an Oxford comma
    if not items or i + 1 >= len(doc) or doc[i].lower_ not in ("and", "&"):
        return span
    k = i + 2 if doc[i + 1].lower_ == "the" else i + 1
    j = run(k)
    if not plain(k, j):
        return span
    return Span(doc, span.start, j, label=span.label, span_id=span.id)


def _priority(span: Span) -> int:
    """Among spans of equal length: table names before class matches."""
    return 0 if span.id_.startswith("party") else 1 if span.id_ == "alias" else 2


def select_rule_spans(matches: Iterable[Span]) -> list[Span]:
    """Clean and check the matches, then keep the longest that do not overlap."""
    lex = lexicon()
    candidates: dict[tuple[int, int], Span] = {}
    for match in matches:
        is_class = match.id_ in CLASS_IDS
        span = clean_span(match, trim_verbs=is_class, lex=lex) if is_class else match
        if span is None or (is_class and not check_class_span(span, match.id_, lex)):
            continue
        if match.id_ in PREFIX_CLASSES:
            span = _extend_list(span, lex)
        key = (span.start, span.end)
        if key not in candidates or _priority(span) < _priority(candidates[key]):
            candidates[key] = span
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(candidates.values(), key=lambda s: (-(s.end - s.start), _priority(s), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen)


@registry.misc("manifesto.entity_rule_spans.v1")
def make_spans_filter():
    """Span filter for `doc.spans["entity_rules"]`: the selected rule spans."""
    def spans_filter(existing: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        return select_rule_spans(matches)
    return spans_filter


@registry.misc("manifesto.entity_rule_ents.v1")
def make_ents_filter():
    """Entity filter: existing entities, plus the selected rule spans that do not overlap them."""
    def ents_filter(entities: Iterable[Span], matches: Iterable[Span]) -> list[Span]:
        matches = list(matches)
        entities = list(entities)
        if not matches:
            return entities
        doc = matches[0].doc
        selected = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else select_rule_spans(matches)
        taken = {i for ent in entities for i in range(ent.start, ent.end)}
        return entities + [s for s in selected if not taken.intersection(range(s.start, s.end))]
    return ents_filter


@project_component(COMPONENT, rules=("entities",))
def add_entity_rules(nlp: Language) -> None:
    """Add the entity ruler before "ner" (or last, without a model NER)."""
    if COMPONENT in nlp.pipe_names:
        return
    position = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("span_ruler", name=COMPONENT, **position, config={
        "spans_key": SPANS_KEY, "annotate_ents": True, "overwrite": False,
        "spans_filter": {"@misc": "manifesto.entity_rule_spans.v1"},
        "ents_filter": {"@misc": "manifesto.entity_rule_ents.v1"},
        "validate": True,
    })
    with nlp.select_pipes(enable=[COMPONENT]):  # phrase patterns need the tokenizer only
        ruler.add_patterns(build_patterns(nlp))
