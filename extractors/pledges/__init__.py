"""The `pledges` stage: election pledges, coded the way pledge researchers code them.

A pledge is a unit (sentence, list item or heading) that commits the document's own
party, or the government it would form, to a future action or outcome that could be
checked afterwards as done or not done (see docs/pledges.md). The extractor decides
in four steps, all over the parse that the runner made once:

1. Commitment language: dependency patterns (models/pledges/commitments.jsonl) find
   a modal ("will", "shall", "won't", "would"), a commitment verb ("pledge to", "are
   going to", "want to", "support X") or noun ("our priority is to") and the predicate
   it commits to.
2. Actor: the subject must be the party: "we"/"I", the party's name or a government
   noun that names or belongs to it ("a Labour government", "our ministers"). Names
   come from the catalog's `party` (models/pledges/parties.toml), so the same code
   works for any party ("Liberal–National Coalition" also gives "the Coalition",
   "Liberals", "Nationals"; "A re-elected Morrison Government" makes "Morrison" the
   party's in that document); a subject that is another party makes an attack, not a
   pledge.
   List items inherit the actor and cue of a committing lead-in ("Labour will:"); an
   impersonal future ("it will be mandatory ...") is a pledge only when "With <party>"
   makes the party its agent or it spells out the pledge just before it.
3. Testability: word classes (models/pledges/lexicon.toml) reject commitments to
   attitudes and unmeasurable goals ("take a zero tolerance approach", "make
   communities safer", "have the powers they need") unless the unit names concrete
   means (a number, a date, a named or new instrument).
4. Coding: type, polarity, specificity, condition and time frame from the predicate,
   its dependents and the entities in the unit.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from manifesto.models import MODELS_DIR
from manifesto.pipeline import schemas
from manifesto.pipeline.ids import row_id
from manifesto.pipeline.layout import ends_sentence
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from .. import register
from ..parties import canonical_party
from ..sentences import body_sentences

def _build_matchers(nlp) -> None:
    """`ExtractorSpec.setup`: build the matchers before any memory zone opens."""
    matchers(nlp.vocab)


SPEC = ExtractorSpec(
    name="pledges", version="3", schema=schemas.PLEDGES,
    requires=("sentences",), components=("parser", "lemmatizer", "ner"), rules=("pledges",),
    setup=_build_matchers,
)

RULES_DIR = MODELS_DIR / "pledges"
SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
OBJECTS = ("dobj", "attr", "oprd", "dative", "ccomp", "xcomp", "acomp", "pobj", "nsubjpass", "agent")
QUANTITY_ENTS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
NAME_ENTS = ("ORG", "LAW", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART")
IMPERSONAL_PRONOUNS = {"it", "this", "that", "these", "those", "which", "there"}


# --- rule data -----------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """The word lists of lexicon.toml as frozensets, by "section.list" name."""

    lists: dict[str, frozenset[str]]
    parties: dict

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with open(RULES_DIR / "lexicon.toml", "rb") as handle:
        data = tomllib.load(handle)
    lists = {f"{section}.{name}": frozenset(words) for section, names in data.items()
             for name, words in names.items() if isinstance(words, list)}
    with open(RULES_DIR / "parties.toml", "rb") as handle:
        parties = tomllib.load(handle)
    return Lexicon(lists, parties)


def read_jsonl(path: Path) -> list[dict]:
    """Records of a JSONL rule file; blank lines and `//` comment lines are skipped."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            records.append(json.loads(line))
    return records


def expand_lists(value, lex: Lexicon):
    """Replace "@section.list" strings inside a pattern by the words of that list."""
    if isinstance(value, dict):
        return {key: expand_lists(item, lex) for key, item in value.items()}
    if isinstance(value, list):
        out: list = []
        for item in value:
            if isinstance(item, str) and item.startswith("@"):
                out.extend(sorted(lex[item[1:]]))
            else:
                out.append(expand_lists(item, lex))
        return out
    return value


@dataclass(frozen=True)
class PatternInfo:
    id: str
    kind: str
    commitment: str
    nodes: tuple[str, ...]


@dataclass
class Matchers:
    dependency: DependencyMatcher
    phrases: Matcher
    info: dict[int, PatternInfo]


_MATCHERS: dict[int, tuple[Vocab, Matchers]] = {}


def matchers(vocab: Vocab) -> Matchers:
    """The dependency and phrase matchers, built once per vocabulary."""
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    lex = lexicon()
    dependency = DependencyMatcher(vocab, validate=True)
    info: dict[int, PatternInfo] = {}
    for record in read_jsonl(RULES_DIR / "commitments.jsonl"):
        pattern = expand_lists(record["pattern"], lex)
        dependency.add(record["id"], [pattern])
        key = vocab.strings[record["id"]]
        info[key] = PatternInfo(record["id"], record["kind"], record["commitment"],
                                tuple(node["RIGHT_ID"] for node in pattern))
    phrases = Matcher(vocab, validate=True)
    for record in read_jsonl(RULES_DIR / "phrases.jsonl"):
        phrases.add(record["label"], [expand_lists(record["pattern"], lex)])
    built = Matchers(dependency, phrases, info)
    _MATCHERS[id(vocab)] = (vocab, built)
    return built


# --- the party -----------------------------------------------------------------------

@dataclass(frozen=True)
class Party:
    """The words that name the document's party, as lower-cased token tuples."""

    names: tuple[tuple[str, ...], ...]

    @classmethod
    def from_catalog(cls, party: str | None, leader: str | None = None) -> "Party":
        """The names of the catalog's party however it is spelled (extractors/parties.py)."""
        names = party_names(party, leader)
        if party and party.strip():
            names |= party_names(canonical_party(party, lexicon().parties), leader)
        return cls(tuple(sorted(names, key=len, reverse=True)))

    def with_names(self, extra: Iterable[tuple[str, ...]]) -> "Party":
        names = set(self.names) | set(extra)
        return Party(tuple(sorted(names, key=len, reverse=True)))

    def match_at(self, tokens: list[Token], start: int) -> int:
        """Length of the party name starting at tokens[start] (0 if none)."""
        first = tokens[start]
        if not (first.text[:1].isupper()):
            return 0
        for name in self.names:
            end = start + len(name)
            if end <= len(tokens) and tuple(t.lower_ for t in tokens[start:end]) == name:
                return len(name)
        return 0

    def spans_in(self, tokens: list[Token]) -> list[tuple[int, int]]:
        found, i = [], 0
        while i < len(tokens):
            n = self.match_at(tokens, i)
            if n:
                found.append((i, i + n))
                i += n
            else:
                i += 1
        return found


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'&.-]+", text)


def party_names(party: str | None, leader: str | None = None) -> set[tuple[str, ...]]:
    """Names of a party in its own text, derived from its catalog name (parties.toml)."""
    if not party or not party.strip():
        return set()
    rules = lexicon().parties
    generic = set(rules["generic_words"])
    national = sorted(rules["national_adjectives"], key=len, reverse=True)
    full = re.sub(r"^the\s+", "", party.strip(), flags=re.I)
    words = _words(full)
    names = {full}
    core = words
    for i, word in enumerate(words):
        if word.lower() in generic:
            core = words[:i]
            break
    if core:
        cores = {" ".join(core)}
        stripped = " ".join(core)
        for adjective in national if party.strip().lower() not in set(rules["keep_national"]) else ():
            if stripped.lower().startswith(adjective + " ") and len(stripped) > len(adjective) + 1:
                cores.add(stripped[len(adjective) + 1:])
                break
        names |= cores
        for name in cores:
            last = name.split()[-1]
            if last.endswith("s") and not last.endswith("ss") and len(last) > 3 and last.lower() not in generic:
                names.add(name[:-1])  # "Liberal Democrats" -> "Liberal Democrat"
            elif last.endswith("ic"):
                names.add(name[:-2] + "s")  # "Democratic" -> "Democrats"
            elif last.isalpha() and not last.endswith("s"):
                names.add(name + "s")  # "Conservative" -> "Conservatives"
    initials = [w for w in words if w.lower() not in set(rules["acronym_skip"]) and w[:1].isupper()]
    if len(initials) >= rules["acronym_min_letters"]:
        names.add("".join(w[0] for w in initials))
    collective = set(rules["collective_words"])
    for i, word in enumerate(words):
        if i > 0 and word.lower() in collective and word[:1].isupper():
            names.add(word)  # "Liberal–National Coalition" -> "Coalition" ("the Coalition")
    separators = "".join(re.escape(s) for s in rules["member_separators"])
    for chunk in full.split():
        parts = [p for p in re.split(f"[{separators}]", chunk) if p]
        if len(parts) >= 2 and all(p[:1].isupper() and p.isalpha() for p in parts):
            for part in parts:  # "Liberal–National" -> "Liberal(s)", "National(s)"
                names.add(part)
                if not part.isupper() and not part.endswith("s"):
                    names.add(part + "s")
    names.update(rules["aliases"].get(party.strip().lower(), []))
    if leader and leader.strip():
        names.add(leader.strip())
        names.add(leader.strip().split()[-1])
    out = set()
    for name in names:
        tokens = tuple(t.lower() for t in re.findall(r"\w+|[^\w\s]", name))
        if tokens and tokens not in {("party",), ("the",)}:
            out.add(tokens)
    return out


def own_marked(head: Token) -> bool:
    """Whether a government noun carries a modifier only the party's own government
    has: "A re-elected Morrison Government", "a returned Labor government". Read from
    the surface (a marker, then capitalised names, then the noun), because the small
    model often breaks the parse of such lead-ins."""
    return own_government_name(head) is not None


def own_government_name(head: Token) -> tuple[Token, ...] | None:
    """The capitalised words between an own-government marker and a government noun
    ("re-elected Morrison Government" -> (Morrison,); "returned Labor government" ->
    (Labor,); "re-elected Government" -> ()), or None when there is no marker."""
    doc = head.doc
    j = head.i - 1
    names: list[Token] = []
    while j >= 0 and doc[j].is_alpha and doc[j].text[:1].isupper() and len(names) < 4:
        names.insert(0, doc[j])
        j -= 1
    before = "".join(t.text_with_ws for t in doc[max(0, j - 2):j + 1]).lower()
    words = re.sub(r"\s*-\s*", "-", before).split()
    if not words or words[-1] not in lexicon().parties["own_government_modifiers"]:
        return None
    return tuple(names)


def own_government_names(doc: Doc, party: Party, lex: Lexicon) -> set[tuple[str, ...]]:
    """Names that the document itself gives its own government: the proper names in
    front of a government noun marked as the party's own ("A re-elected Morrison
    Government will:" gives "Morrison"), so "the Morrison Government will ..." elsewhere
    in the same document is the party too."""
    found = set()
    for token in possible_members(doc, lex["actor.government_nouns"]):
        if not token.is_alpha or not is_in(token, lex["actor.government_nouns"]):
            continue
        names = own_government_name(token)
        if names and not party.match_at(list(names), 0):
            found.add(tuple(t.lower_ for t in names))
    return found


# --- commitments ---------------------------------------------------------------------

@dataclass
class Commitment:
    """Commitment language found in a unit: who commits, with which words, to what."""

    cue: list[Token]
    commitment: str  # firm | soft
    content: Token | None  # the predicate committed to (None for a bare lead-in)
    subject: Token | None = None
    actor: str | None = None
    own: bool = False  # the actor is the document's party
    negative: bool = False
    kind: str = "modal"
    via: str = "subject"  # subject | agent | context | lead_in
    cue_text: str = ""

    def text(self) -> str:
        if self.cue_text:
            return self.cue_text
        tokens = sorted(self.cue, key=lambda t: t.i)
        doc = tokens[0].doc
        return doc[tokens[0].i:tokens[-1].i + 1].text


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def is_in(token: Token, words: frozenset[str]) -> bool:
    """Whether a token's lemma or form is in a word list (plurals folded: the small
    model lemmatises "taxes" as "taxis")."""
    lower = token.lower_
    if lemma(token) in words or lower in words:
        return True
    if token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].is_alpha:
        if f"{token.doc[token.i - 2].lower_}-{lower}" in words:
            return True  # a hyphenated compound split by the tokenizer: "write-off"
    if lower.endswith("es") and lower[:-2] in words:
        return True
    return lower.endswith("s") and lower[:-1] in words


def possible_members(doc: Doc, words: frozenset[str]) -> list[Token]:
    """The tokens that `is_in(token, words)` may accept (a superset: callers test each).

    Read from the doc's arrays, each distinct form and lemma tested once: calling
    `is_in` on every token of a long document costs more than the rest of the search.
    """
    if len(doc) == 0:
        return []
    attrs = doc.to_array([LOWER, LEMMA])
    strings = doc.vocab.strings
    lowers = [h for h in numpy.unique(attrs[:, 0]) if _form_may_be_in(strings[int(h)], words)]
    lemmas = [h for h in numpy.unique(attrs[:, 1]) if strings[int(h)].lower() in words]
    hits = numpy.isin(attrs[:, 0], lowers) | numpy.isin(attrs[:, 1], lemmas)
    return [doc[int(i)] for i in numpy.flatnonzero(hits)]


def _form_may_be_in(lower: str, words: frozenset[str]) -> bool:
    """`is_in` on a form alone; the hyphenated case ("write-off") counts its last part."""
    return lower in words or lower[:-1] in words or lower[:-2] in words or lower in _last_parts(words)


@lru_cache(maxsize=64)
def _last_parts(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word.rsplit("-", 1)[1] for word in words if "-" in word)


def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def subject_of(token: Token) -> Token | None:
    """The subject of a predicate, inherited along conjuncts and open complements."""
    current = token
    for _ in range(8):
        for child in current.children:
            if child.dep_ in SUBJECTS:
                return child
        if current.dep_ in ("conj", "xcomp", "acomp", "aux", "auxpass") and current.head is not current:
            current = current.head
        else:
            return None
    return None


def noun_phrase(token: Token) -> list[Token]:
    """The noun phrase a head heads, without relative clauses or other right dependents
    except "of" phrases ("the leader of the Labour Party")."""
    tokens = list(token.doc[token.left_edge.i:token.i + 1])
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") or (child.dep_ == "prep" and child.lower_ == "of"):
            tokens.extend(child.subtree)
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "advmod", "prep", "mark")):
        tokens = tokens[1:]
    return sorted(tokens, key=lambda t: t.i)


def phrase_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,;:")


class ActorFinder:
    """Decides whether a subject (or possessor) is the document's party."""

    def __init__(self, party: Party, lex: Lexicon):
        self.party = party
        self.lex = lex

    def actor(self, head: Token | None) -> tuple[str | None, bool]:
        """(actor words, is ours). Not ours with a name: another party or person."""
        if head is None:
            return None, False
        lex = self.lex
        if head.lower_ in lex["actor.pronouns"]:
            return head.text, True
        tokens = noun_phrase(head)
        spans = self.party.spans_in(tokens)
        head_in_name = any(tokens[a].i <= head.i < tokens[b - 1].i + 1 for a, b in spans)
        owned = any(t.lower_ in lex["actor.possessives"] and t.dep_ == "poss" for t in tokens)
        is_government = is_in(head, lex["actor.government_nouns"])
        if head_in_name or (is_government and (spans or owned or own_marked(head))):
            return phrase_text(self._with_conjuncts(head, tokens)), True
        if is_government and head.lower_ == "party" and any(t.lower_ in lex["actor.self_determiners"] for t in tokens):
            return phrase_text(tokens), True
        return None, False

    def _with_conjuncts(self, head: Token, tokens: list[Token]) -> list[Token]:
        """"The Liberals and Nationals": a coordinated subject of the party's own names
        is the actor as a whole."""
        conjuncts = [c for c in head.conjuncts if c.i > head.i]
        if not conjuncts or not all(self.party.spans_in(noun_phrase(c)) for c in conjuncts):
            return tokens
        return sorted(set(tokens) | {t for c in conjuncts for t in noun_phrase(c)} |
                      {t for t in head.doc[tokens[-1].i:conjuncts[-1].i + 1]}, key=lambda t: t.i)

    def words_before(self, cue: Token) -> tuple[str | None, bool]:
        """The party named by the words right before a bare modal, for lead-ins the
        parser breaks up ("In government, Fine Gael will:" with "Fine Gael" attached to
        the comma): "we", a party name, or a party name with a government noun."""
        tokens: list[Token] = []
        doc = cue.doc
        for token in reversed(list(doc[cue.sent.start:cue.i])):
            inner_hyphen = token.text == "-" and not token.whitespace_ and token.i > 0 and not doc[token.i - 1].whitespace_
            if (token.is_punct and not inner_hyphen) or token.is_space:
                break
            tokens.insert(0, token)
        if not tokens:
            return None, False
        if tokens[-1].lower_ in self.lex["actor.pronouns"]:
            return tokens[-1].text, True  # "We will:", "To tackle crime we would:"
        if is_in(tokens[-1], self.lex["actor.government_nouns"]) and own_marked(tokens[-1]):
            return phrase_text(tokens), True  # "A re-elected Howard Government will:"
        start = 1 if tokens[0].lower_ in ("the", "a", "an") else 0
        n = self.party.match_at(tokens, start) if start < len(tokens) else 0
        rest = tokens[start + n:]
        if n and all(is_in(t, self.lex["actor.government_nouns"]) or t.text == "-" or t.lower_ == "led" for t in rest):
            return phrase_text(tokens), True
        return None, False

    def possessor(self, noun: Token) -> tuple[str | None, bool]:
        """The party as owner of a noun: "our priority", "Labour's aim", "the aim of
        the next Labour government", "a priority for the next Labour Government"."""
        for child in noun.children:
            if child.dep_ == "poss":
                found = self.actor(child) if child.lower_ not in self.lex["actor.possessives"] else (child.text, True)
                if found[1]:
                    return found
            if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                for obj in children(child, "pobj"):
                    found = self.actor(obj)
                    if found[1]:
                        return found
        return None, False

    def is_agentive(self, head: Token | None) -> bool:
        """Whether a subject names an agent (a person, party or group) that is not us."""
        if head is None:
            return False
        if head.pos_ == "PRON":
            return head.lower_ not in IMPERSONAL_PRONOUNS
        if head.ent_type_ in ("PERSON", "NORP") or (head.ent_type_ == "ORG" and head.pos_ == "PROPN"):
            return True
        return is_in(head, self.lex["actor.government_nouns"])

    def agent_phrase(self, clause: Token) -> str | None:
        """"With Labour, ..." / "Under a Labour government, ...": the party as agent."""
        for prep in children(clause, "prep"):
            if prep.lower_ not in self.lex["actor.agent_prepositions"] or prep.i > clause.i:
                continue
            for obj in children(prep, "pobj"):
                actor, ours = self.actor(obj)
                if ours and obj.lower_ not in self.lex["actor.pronouns"]:
                    return actor
        return None


# --- the extractor -------------------------------------------------------------------

@register(SPEC)
def extract_pledges(doc: Doc, ctx: DocContext) -> Iterator[dict]:
    """One row per pledge: a sentence, list item or heading of the party's commitments."""
    from ..pledge_classifier import classifier

    model = classifier(ctx.document.catalog)
    decide = (lambda unit: model.decide(unit.features, unit.rules_say, unit.rejected)) if model is not None else (
        lambda unit: unit.rules_say)
    text = ctx.document.text
    for unit in read_units(doc, ctx, decide):
        if not unit.is_pledge:
            continue
        row, start, end = unit.row, unit.row["char_start"], unit.row["char_end"]
        yield {
            "pledge_id": row_id(ctx.doc_id, "pledges", start, end),
            "doc_id": ctx.doc_id,
            "section_id": row["section_id"],
            "sentence_id": row["sentence_id"],
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "lead_in": row["lead_in"] if row["is_list_item"] else None,
            "is_heading": bool(row["is_heading"]),
            "page_no": row.get("page_no"),
            **unit.fields,
        }


@dataclass
class UnitReading:
    """A unit as the pledge reader saw it: the rules' verdict and fields, the features a
    classifier weighs, and the final decision (made by `decide`, see `read_units`)."""

    row: dict
    features: str
    rules_say: bool
    fields: dict
    rejected: bool = False  # the rules read a commitment and found it not ours, or not checkable
    is_pledge: bool = False


def read_units(doc: Doc, ctx: DocContext, decide) -> Iterator[UnitReading]:
    """Read every unit in document order; `decide(reading) -> bool` makes the call.

    The decision feeds back into the reading of the next unit ("It will be expanded"
    after a pledge is one too), so training can pass the gold label here and the
    extractor its classifier's verdict.
    """
    lex = lexicon()
    found = matchers(doc.vocab)
    catalog = ctx.document.catalog or {}
    party = Party.from_catalog(catalog.get("party"), catalog.get("leader"))
    finder = ActorFinder(party.with_names(own_government_names(doc, party, lex)), lex)
    year = _int(catalog.get("year"))
    rows = body_sentences(ctx.rows["sentences"])
    units = [doc.char_span(r["char_start"], r["char_end"], alignment_mode="expand") for r in rows]
    commitments_by_unit = _commitments_by_unit(doc, units, found, finder, lex)
    phrases_by_unit = _phrases_by_unit(doc, units, found)
    ents_by_unit = _ents_by_unit(doc, units)
    lead_in: tuple[str, Commitment] | None = None
    disowned: str | None = None  # a lead-in of another party's record or plans: its items are not ours
    previous_pledge: tuple[int, int] | None = None  # (ordinal, paragraph) of the last pledge
    previous_unit: tuple[tuple[int, int], Evidence] | None = None  # the unit before, for "these protections"
    for index, (row, unit) in enumerate(zip(rows, units)):
        if unit is None or row["is_repeat"]:
            continue
        candidates = commitments_by_unit[index]
        if row["block_kind"] == "lead_in":
            own = [c for c in candidates if c.own] or _noun_lead_in(unit, finder, lex) or _modal_lead_in(unit, finder, lex)
            lead_in = (row["text"], own[0]) if own else None
            disowned = None if own else (row["text"] if _disowning_lead_in(unit, candidates, finder) else None)
            if row["text"].rstrip().endswith(":"):
                continue  # "We will:" opens a list; "We will act - Refuse X - ..." is also a clause of its own
        if row["text"].rstrip().endswith("?"):
            continue
        if index == len(rows) - 1 and row["block_kind"] == "paragraph" and not ends_sentence(row["text"]):
            continue  # the text is cut off here (an extract): the object of any commitment is missing
        in_context = previous_pledge is not None and previous_pledge == (row["ordinal"] - 1, row["paragraph"])
        inherited = None
        if row["is_list_item"] and lead_in is not None and row["lead_in"] == lead_in[0] and not _has_subject(unit):
            inherited = lead_in[1]
        evidence = Evidence(unit, finder, lex, year, ents_by_unit[index], _longest(phrases_by_unit[index].get("TIME", [])))
        if previous_unit is not None and previous_unit[0] == (row["ordinal"] - 1, row["paragraph"]):
            evidence.antecedent = previous_unit[1]
        previous_unit = ((row["ordinal"], row["paragraph"]), evidence)
        analysis = _decide(unit, candidates, inherited, in_context, finder, lex, phrases_by_unit[index], evidence)
        signals = analysis.signals | _unit_signals(row, unit, finder, lex, lead_in)
        reading = UnitReading(row, feature_text(signals, unit.text), analysis.fields is not None,
                              analysis.fields or analysis.fallback or _plain_fields(unit, evidence, lex),
                              rejected=analysis.fields is None and (
                                  _rules_reject(signals) or (row["is_list_item"] and row["lead_in"] == disowned)))
        reading.is_pledge = bool(decide(reading))
        if reading.is_pledge:
            previous_pledge = (row["ordinal"], row["paragraph"])
        yield reading


def _disowning_lead_in(unit: Span, candidates: list[Commitment], finder: "ActorFinder") -> bool:
    """A lead-in whose list is someone else's or the past: "Since 2010 the Conservatives
    have:", "The Tories will:", "Labour has:" (in another party's manifesto)."""
    if any(not c.own and _named(c.subject, finder) for c in candidates):
        return True
    root = unit.root
    past = root.tag_ in ("VBD", "VBN") or (root.lemma_ == "have" and root.tag_ in ("VBZ", "VBP"))
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    return past or (subject is not None and _named(subject, finder) and not finder.party.spans_in(list(unit)))


def _rules_reject(signals: set[str]) -> bool:
    """The rules read commitment language and judged it: another party's or a person's
    ("The Conservatives will cut ..."), not checkable ("We will always do whatever is
    necessary"), or inside a subordinate clause ("as we will set out"). The classifier
    decides only where the rules found no commitment to judge (lists, imperatives,
    impersonal measures)."""
    return "r_other_party" in signals or "r_subordinate" in signals or any(s.endswith("_untestable") for s in signals)


def feature_text(signals: set[str], text: str) -> str:
    """What the classifier reads: the rules' signals as marker words, then the unit's
    words in lower case."""
    return " ".join(sorted(signals)) + " | " + " ".join(text.lower().split())


def _unit_signals(row: dict, unit: Span, finder: "ActorFinder", lex: Lexicon, lead_in) -> set[str]:
    """Layout and grammar of the unit itself, whatever commitment it holds. Whether the
    unit before was a pledge is deliberately not among them: trained on gold contexts, a
    classifier leans on it, and at extraction one false pledge would drag the next along."""
    signals = {f"k_{row['block_kind']}"}
    if row["is_list_item"]:
        signals.add("k_list_item" if lead_in is None or row["lead_in"] != lead_in[0] else "k_committed_item")
    if _imperative_head(unit) is not None:
        signals.add("r_imperative")
    root = unit.root
    if root.tag_ == "VBD" or any(c.lemma_ == "have" and c.dep_ == "aux" for c in root.children):
        signals.add("r_past")
    if not any(t.pos_ in ("VERB", "AUX") for t in unit):
        signals.add("r_verbless")
    if any(t.lower_ in lex["actor.pronouns"] and t.dep_ in SUBJECTS for t in unit):
        signals.add("r_we_subject")
    if finder.party.spans_in(list(unit)):
        signals.add("r_party_named")
    return signals | _clause_signals(unit)


def _clause_signals(unit: Span) -> set[str]:
    """The main clause's shape: its verb, its modal, what kind of subject it has."""
    root = unit.root
    signals = {f"s_root_{root.lemma_.lower()}", f"s_root_tag_{root.tag_}"}
    for child in root.children:
        if child.dep_ in ("aux", "auxpass") and child.tag_ == "MD":
            signals.add(f"s_modal_{child.lower_}")
        elif child.dep_ == "auxpass":
            signals.add("s_passive")
        elif child.dep_ in SUBJECTS:
            signals.add(f"s_subj_{child.lower_}" if child.pos_ == "PRON" else f"s_subj_{child.pos_.lower()}")
    return signals


def _plain_fields(unit: Span, evidence: "Evidence", lex: Lexicon) -> dict:
    """Fields of a pledge with no commitment words of its own (an item under "Our
    policies:", a bare imperative heading): no actor or cue to quote."""
    negative = any(t.lower_ in lex["commitment.negations"] or (t.lower_ == "no" and t.i == unit.start) for t in unit)
    return {"actor": None, "cue": None, "commitment": "firm", "pledge_type": "action",
            "polarity": "negative" if negative else "positive",
            "specificity": "specific" if evidence.specific() else "vague",
            "condition": None, "time_frame": evidence.time_frame()}


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _noun_lead_in(unit: Span, finder: ActorFinder, lex: Lexicon) -> list[Commitment]:
    """A lead-in naming the party's commitments: "Our pledges:", "Labour's commitments:",
    "Our priorities are to:", or a bare label of a few words ("Key pledges:")."""
    root = unit.root
    noun = root if is_in(root, lex["commitment.lead_in_nouns"]) else next(
        (child for child in root.children if child.dep_ in SUBJECTS and is_in(child, lex["commitment.lead_in_nouns"])
         and lemma(root) == "be"), None)
    if noun is None:
        return []
    actor, own = finder.possessor(noun)
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    if not own and (len(words) > 4 or any(t.pos_ == "PROPN" for t in words)):
        return []  # "The Tory plans:" names someone else's; only a bare label speaks for the party
    strength = "soft" if is_in(noun, lex["commitment.soft_nouns"]) else "firm"
    return [Commitment([noun], strength, None, actor=actor if own else None, own=True, kind="noun",
                       cue_text=phrase_text([t for t in unit if t.i <= noun.i and not t.is_punct]))]


def _modal_lead_in(unit: Span, finder: ActorFinder, lex: Lexicon) -> list[Commitment]:
    """A lead-in ending in a modal ("A re-elected Howard Government will:") whose parse
    is too broken for the dependency patterns: the actor is read from the words before
    the modal."""
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    modals = lex["commitment.firm_modals"] | lex["commitment.soft_modals"]
    if not words or (words[-1].tag_ != "MD" and words[-1].lower_ not in modals):
        return []
    modal = words[-1]
    actor, own = finder.words_before(modal)
    if not own:
        return []
    strength = "soft" if modal.lower_ in lex["commitment.soft_modals"] else "firm"
    return [Commitment([modal], strength, None, actor=actor, own=True, kind="headless")]


def _has_subject(unit: Span) -> bool:
    """Whether a list item is a clause of its own ("The Conservatives only have a plan")
    rather than the continuation of its lead-in ("Labour will:" + "Abolish ..."): it
    has a finite verb with a subject. Imperatives, which the small model often parses
    with a capitalised verb as a name ("Enact Britain's first Victims' Law to ..."),
    have no finite verb."""
    root = unit.root
    if _imperative_head(unit) is not None or not any(child.dep_ in SUBJECTS for child in root.children):
        return False
    finite = ("VBZ", "VBP", "VBD", "MD")
    return root.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in root.children)


def _imperative_head(unit: Span) -> Token | None:
    """The verb an imperative unit starts with ("Ensure ...", "Abolish ..."): tagged as a
    base verb, or a capitalised word that the rule lists know as a policy verb (the
    small model tags "Abolish Police and Crime Commissioners" as a name)."""
    first = next((t for t in unit if not (t.is_punct or t.is_space)), None)
    if first is None:
        return None
    if first.tag_ == "VB" or (first.text[:1].isupper() and first.lower_ in known_verbs()):
        return first
    return None


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """Every word that can start commitment language (for skipping texts without any)."""
    lex = lexicon()
    return frozenset(word for name in lex.lists if name.startswith("commitment.") for word in lex[name])


@lru_cache(maxsize=1)
def known_verbs() -> frozenset[str]:
    """Every verb of the rule lists (for recognising an imperative the tagger missed)."""
    lex = lexicon()
    names = [name for name in lex.lists if name.endswith("_verbs") and not name.startswith("commitment.")]
    return frozenset(word for name in names for word in lex[name] if "_" not in word)


def _unit_index(doc: Doc, units: list[Span | None]) -> list[int]:
    """For each token of the doc, the index of the unit containing it (or -1)."""
    owner = [-1] * len(doc)
    for index, unit in enumerate(units):
        if unit is not None:
            for i in range(unit.start, unit.end):
                owner[i] = index
    return owner


def _commitments_by_unit(doc: Doc, units, found: Matchers, finder: ActorFinder, lex: Lexicon) -> list[list[Commitment]]:
    owner = _unit_index(doc, units)
    by_unit: list[list[Commitment]] = [[] for _ in units]
    if not any(token.tag_ == "MD" or token.lower_ in cue_words() or lemma(token) in cue_words() for token in doc):
        return by_unit  # no commitment language at all: skip the dependency matcher
    seen: set[tuple[int, int | None]] = set()
    matches = sorted(bounded_matches(found.dependency, doc), key=lambda m: min(m[1]))
    for match_id, token_ids in matches:
        info = found.info[match_id]
        nodes = {name: doc[i] for name, i in zip(info.nodes, token_ids)}
        cue = nodes["cue"]
        unit = owner[cue.i]
        if unit < 0:
            continue
        commitment = _read_match(info, nodes, finder, lex)
        if commitment is None:
            continue
        if commitment.content is not None and owner[commitment.content.i] != unit:
            continue
        key = (cue.i, commitment.content.i if commitment.content is not None else None)
        if key in seen:
            continue
        seen.add(key)
        by_unit[unit].append(commitment)
    for commitments in by_unit:
        commitments.sort(key=lambda c: (not c.own, min(t.i for t in c.cue)))
    return by_unit


# A sentence longer than this many tokens is matched in overlapping windows of this
# size: the dependency matcher's cost grows with the square of a sentence's length
# (ancestor and descendant relations), so one huge unpunctuated "sentence" took hours.
MAX_MATCH_TOKENS = 256


def bounded_matches(matcher: DependencyMatcher, doc: Doc) -> list[tuple[int, list[int]]]:
    """`matcher(doc)`, with work linear in the document's length: when a sentence is
    longer than MAX_MATCH_TOKENS, the doc is matched piecewise (runs of ordinary
    sentences whole; each long sentence in half-overlapping windows, where a match
    must lie within one window). Token indices are the doc's; a match found in two
    overlapping windows is returned twice (callers keep one per cue and content)."""
    if all(len(sent) <= MAX_MATCH_TOKENS for sent in doc.sents):
        return matcher(doc)
    from ..windows import Pieces

    pieces, matches = Pieces(doc), []
    for start, end in _match_windows(doc):
        matches += [(match_id, [start + i for i in ids]) for match_id, ids in matcher(pieces.piece(start, end))]
    return matches


def _match_windows(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges covering the doc: whole sentences up to MAX_MATCH_TOKENS * 8 tokens
    a range, and each longer sentence as windows of MAX_MATCH_TOKENS, half overlapping."""
    run_start = None
    for sent in doc.sents:
        if len(sent) > MAX_MATCH_TOKENS:
            if run_start is not None:
                yield run_start, sent.start
                run_start = None
            step = MAX_MATCH_TOKENS // 2
            for start in range(sent.start, sent.end - step, step):
                yield start, min(start + MAX_MATCH_TOKENS, sent.end)
            continue
        if run_start is None:
            run_start = sent.start
        elif sent.end - run_start > MAX_MATCH_TOKENS * 8:
            yield run_start, sent.start
            run_start = sent.start
    if run_start is not None:
        yield run_start, len(doc)


def _longest(spans: list[Span]) -> list[Span]:
    """Matcher spans without those inside a longer overlapping one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _ents_by_unit(doc: Doc, units) -> list[list[Span]]:
    """The doc's entities, grouped by the unit they lie in (read once, not per unit)."""
    owner = _unit_index(doc, units)
    by_unit: list[list[Span]] = [[] for _ in units]
    for ent in doc.ents:
        unit = owner[ent.start]
        if unit >= 0 and owner[ent.end - 1] == unit:
            by_unit[unit].append(ent)
    return by_unit


def _phrases_by_unit(doc: Doc, units, found: Matchers) -> list[dict[str, list[Span]]]:
    owner = _unit_index(doc, units)
    by_unit: list[dict[str, list[Span]]] = [{} for _ in units]
    for match_id, start, end in found.phrases(doc):
        unit = owner[start]
        if unit >= 0 and owner[end - 1] == unit:
            by_unit[unit].setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
    return by_unit


def _read_match(info: PatternInfo, nodes: dict[str, Token], finder: ActorFinder, lex: Lexicon) -> Commitment | None:
    """Turn a dependency match into a Commitment: strength, subject, actor, negation."""
    cue = nodes["cue"]
    content = nodes.get("content")
    cue_tokens = [token for name, token in nodes.items() if name.startswith("cue")]
    if info.kind == "modal" and content is not None and content.dep_ in ("aux", "auxpass") and content.head is not content:
        content = content.head  # the modal hangs on the auxiliary: "will be(auxpass) ring-fenced"
    if info.commitment == "modal":
        strength = "soft" if cue.lower_ in lex["commitment.soft_modals"] else "firm"
    elif info.commitment == "noun":
        strength = "soft" if is_in(cue, lex["commitment.soft_nouns"]) else "firm"
    else:
        strength = info.commitment
    if info.kind == "object" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        return None  # "we will support X": the modal pattern reads it
    commitment = Commitment(cue_tokens, strength, content, kind=info.kind)
    if info.kind == "noun":
        commitment.actor, commitment.own = finder.possessor(cue)
        commitment.cue_text = cue.text
        commitment.subject = cue
        return commitment
    clause = content if info.kind == "modal" else cue
    if info.kind == "headless":
        clause = cue
    if info.kind == "modal":
        special = _modal_noun_commitment(commitment, cue, content, finder, lex)
        if special is not None:
            return special
    commitment.negative = _negated(cue, clause, lex)
    if commitment.negative:
        negs = [t for t in cue.doc[cue.i:min(len(cue.doc), cue.i + 3)] if t.lower_ in lex["commitment.negations"] or lemma(t) == "not"]
        if negs:
            commitment.cue = sorted(set(commitment.cue) | {negs[0]}, key=lambda t: t.i)
    commitment.subject = subject_of(clause)
    commitment.actor, commitment.own = finder.actor(commitment.subject)
    if info.kind == "headless" and not commitment.own:
        commitment.actor, commitment.own = finder.words_before(cue)  # "In government, Fine Gael will:"
    if info.kind == "modal" and strength == "soft" and not commitment.negative and is_in(content, lex["commitment.support_verbs"]) \
            and 0 < content.i - cue.i <= 2 and content.tag_ == "VB":
        commitment.cue_text = cue.doc[cue.i:content.i + 1].text  # soft support: "we would support X"
    return commitment


def _negated(cue: Token, clause: Token, lex: Lexicon) -> bool:
    """"will not", "won't", "will never", and "there will be no ..." / "introduce no ..."."""
    if any(child.dep_ == "neg" for child in clause.children):
        return True
    if any(child.dep_ in ("attr", "dobj") and any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
           for child in clause.children):
        return True
    following = cue.doc[cue.i + 1:cue.i + 3]
    return any(t.lower_ in lex["commitment.negations"] for t in following[:1]) or (
        len(following) == 2 and following[0].lower_ in ("also", "then", "now") and following[1].lower_ in lex["commitment.negations"])


def _modal_noun_commitment(commitment: Commitment, modal: Token, content: Token, finder: ActorFinder, lex: Lexicon) -> Commitment | None:
    """Priority language around a modal: "it will be a priority for X to ...", "we will
    make it a priority to ...", "X will be one of our priorities", "we will prioritise"."""
    nouns = lex["commitment.soft_nouns"] | lex["commitment.firm_nouns"]
    doc = modal.doc
    if lemma(content) == "be":
        subject = subject_of(content)
        if subject is not None and is_in(subject, nouns):
            actor, own = finder.possessor(subject)
            target = next(iter(children(content, "xcomp", "ccomp", "advcl")), None)
            return _noun_commitment(commitment, subject, target, actor, own, subject.text, lex)
        for attr in children(content, "attr", "acomp"):
            noun = _find_noun(attr, nouns)
            if noun is None:
                continue
            actor, own = finder.possessor(noun)
            target = next(iter(children(content, "xcomp", "advcl", "ccomp") + children(noun, "acl", "relcl", "xcomp")), None)
            if target is None and subject is not None and subject.pos_ in ("VERB", "NOUN") and subject.dep_ == "csubj":
                target = subject
            if target is None and subject is not None and subject.tag_ == "VBG":
                target = subject
            return _noun_commitment(commitment, noun, target, actor, own, doc[modal.i:noun.i + 1].text if noun.i > modal.i else noun.text, lex)
    if lemma(content) == "make":
        for child in children(content, "ccomp", "dobj", "oprd", "attr", "xcomp"):
            noun = _find_noun(child, nouns)
            if noun is None:
                continue
            subject = subject_of(content)
            actor, own = finder.actor(subject)
            target = next(iter(children(noun, "acl", "relcl", "xcomp") + children(content, "xcomp", "advcl")), None)
            return _noun_commitment(commitment, noun, target, actor, own, doc[modal.i:noun.i + 1].text, lex, subject)
    if lemma(content) in ("prioritise", "prioritize"):
        commitment.commitment = "soft"
        commitment.cue_text = doc[modal.i:content.i + 1].text
    return None


def _find_noun(token: Token, nouns: frozenset[str]) -> Token | None:
    """`token` or a noun in its "one of ..." phrase that is in `nouns`."""
    if is_in(token, nouns):
        return token
    for prep in children(token, "prep"):
        for obj in children(prep, "pobj"):
            if is_in(obj, nouns):
                return obj
    return None


def _noun_commitment(commitment: Commitment, noun: Token, target: Token | None, actor, own, cue_text: str,
                     lex: Lexicon, subject: Token | None = None) -> Commitment:
    commitment.commitment = "soft" if is_in(noun, lex["commitment.soft_nouns"]) else "firm"
    commitment.content = target
    commitment.actor, commitment.own = actor, own
    commitment.cue_text = cue_text
    commitment.kind = "noun"
    commitment.subject = subject or noun
    return commitment


# --- deciding a unit -----------------------------------------------------------------

@dataclass
class Analysis:
    """What the rules read in a unit: the pledge fields when they judge it a pledge, the
    fields of its best commitment otherwise (for a classifier that overrules them), and
    the signals a classifier weighs (models/pledges/classifier)."""

    fields: dict | None
    fallback: dict | None
    signals: set[str]


def _decide(unit: Span, candidates: list[Commitment], inherited: Commitment | None, in_context: bool,
            finder: ActorFinder, lex: Lexicon, phrases: dict[str, list[Span]], evidence: "Evidence") -> Analysis:
    """The rules' reading of a unit: pledge fields (or None) and the signals behind them."""
    signals: set[str] = set()
    options = _options(unit, candidates, inherited, in_context, finder, lex, signals)
    fallback = None
    for commitment, lead_content in options:
        predicate = Predicate(commitment.content, lex)
        testable = _testable(commitment, predicate, evidence, phrases, lex)
        # A list item speaks with its lead-in's voice, whichever clause of it is checkable.
        voice = options[0][0] if inherited is not None and commitment.kind == "impersonal" else commitment
        fields = _fields(unit, commitment, voice, predicate, lead_content, evidence, phrases, lex)
        signals.add(f"r_{commitment.kind}_{'testable' if testable else 'untestable'}")
        if testable:
            signals.add("r_pledge")
            return Analysis(fields, fields, signals | _evidence_signals(evidence))
        fallback = fallback or fields
    return Analysis(None, fallback, signals | _evidence_signals(evidence))


def _options(unit: Span, candidates: list[Commitment], inherited: Commitment | None, in_context: bool,
             finder: ActorFinder, lex: Lexicon, signals: set[str]) -> list[tuple[Commitment, Token | None]]:
    """The commitments a unit could be a pledge by, the party's own first."""
    options: list[tuple[Commitment, Token | None]] = []
    if inherited is not None:
        signals.add(f"r_inherits_{inherited.kind}")
        own = Commitment(inherited.cue, inherited.commitment, _imperative_head(unit) or unit.root,
                         actor=inherited.actor, own=True,
                         negative=inherited.negative, kind="inherited", via="lead_in", cue_text=inherited.text())
        options.append((own, inherited.content))
    for commitment in candidates:
        signals.add(f"r_cue_{commitment.kind}_{commitment.commitment}")
        if commitment.kind == "headless" or commitment.content is None:
            continue
        if _subordinate(commitment, lex) or _wh_clause(commitment):
            signals.add("r_subordinate")
            continue
        if commitment.own:
            signals.add("r_own")
            options.append((commitment, None))
            continue
        passive = commitment.subject is not None and commitment.subject.dep_ == "nsubjpass"
        if commitment.kind not in ("modal",) or (finder.is_agentive(commitment.subject) and not passive):
            signals.add("r_other_actor")
            if _named(commitment.subject, finder):
                signals.add("r_other_party")  # "The Conservatives will cut ...": an attack, never our pledge
            continue  # another party or person acts: an attack or a report, not our pledge
        signals.add("r_impersonal_passive" if passive else "r_impersonal")
        agent = finder.agent_phrase(_clause_root(commitment.content))
        policy = _policy_predicate(commitment.content, commitment.subject, lex)
        signals.add("r_policy_predicate" if policy else "r_effect_predicate")
        if agent is not None or in_context or inherited is not None:
            if policy and not commitment.kind == "noun":
                impersonal = Commitment(commitment.cue, commitment.commitment, commitment.content,
                                        subject=commitment.subject, actor=agent, own=True,
                                        negative=commitment.negative, kind="impersonal",
                                        via="agent" if agent else "context")
                options.append((impersonal, None))
    return options


def _named(subject: Token | None, finder: "ActorFinder") -> bool:
    """A subject that names another party or a person (not a government noun, which
    may be ours in context: "the Government will ...")."""
    if subject is None or is_in(subject, finder.lex["actor.government_nouns"]):
        return False
    return subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "NORP", "ORG")


def _fields(unit: Span, commitment: Commitment, voice: Commitment, predicate: "Predicate", lead_content,
            evidence: "Evidence", phrases: dict[str, list[Span]], lex: Lexicon) -> dict:
    """The coded fields of a pledge made by `commitment` (spoken with `voice`)."""
    pledge_type = _pledge_type(predicate, lead_content, evidence, lex)
    return {
        "actor": voice.actor,
        "cue": _process_cue(voice, predicate, lex) if pledge_type == "process" else voice.text(),
        "commitment": voice.commitment,
        "pledge_type": pledge_type,
        "polarity": "negative" if commitment.negative else "positive",
        "specificity": "specific" if evidence.specific() or _refers_back(predicate, evidence) else "vague",
        "condition": _condition(unit, predicate, phrases, lex),
        "time_frame": evidence.time_frame() or _time_clause(unit, predicate, lex),
    }


def _evidence_signals(evidence: "Evidence") -> set[str]:
    """Concrete means named in the unit: numbers, dates, named or new instruments."""
    signals = {"r_specific"} if evidence.specific() else set()
    if evidence.numbers():
        signals.add("r_number")
    if evidence.time_frame():
        signals.add("r_time_frame")
    return signals


def _process_cue(commitment: Commitment, predicate: Predicate, lex: Lexicon) -> str:
    """The cue of a process pledge includes its verb when the verb follows the modal:
    "will consult", "will review"; not "will also ask (the Board to review)"."""
    head = predicate.head
    modal = commitment.cue[0] if commitment.cue else None
    if commitment.kind != "modal" or head is None or modal is None or not 0 < head.i - modal.i <= 3:
        return commitment.text()
    if not (is_in(head, lex["predicate.process_verbs"]) or _phrasal(head) in lex["predicate.process_verbs"]
            or _prepositional(head) in lex["predicate.process_verbs"]):
        return commitment.text()
    return head.doc[modal.i:head.i + 1].text


def _clause_root(token: Token) -> Token:
    while token.dep_ in ("conj", "xcomp", "ccomp") and token.head is not token:
        token = token.head
    return token


def _policy_predicate(content: Token, subject: Token | None, lex: Lexicon) -> bool:
    """Whether an impersonal future describes a rule or measure (not an effect):
    passive ("will be expanded"), "be mandatory / able / subject to", existential
    "there will be", or an entitlement ("communities will have a greater say")."""
    kids = list(content.children)
    if is_in(content, lex["predicate.reaction_verbs"]) or any(
            c.dep_ == "acomp" and is_in(c, lex["predicate.reaction_verbs"]) for c in kids):
        return False  # "This will be welcomed by small businesses": a reaction, not a measure
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    if passive:
        return True
    if lemma(content) == "be":
        if any(c.dep_ == "expl" for c in kids):
            return any(c.dep_ == "attr" for c in kids)
        if any(c.dep_ == "acomp" and c.tag_ == "VBN" for c in kids):
            return True  # a passive the parser reads as "be" + participle: "will be ring-fenced"
        return any(c.dep_ in ("acomp", "attr") and is_in(c, lex["predicate.policy_state_adjectives"]) for c in kids)
    if is_in(content, lex["predicate.forecast_verbs"]):
        return False
    pronoun = subject is not None and subject.lower_ in IMPERSONAL_PRONOUNS
    if is_in(content, lex["predicate.entitlement_verbs"]) and not pronoun:
        return any(c.dep_ in ("dobj", "attr", "acomp") for c in kids)
    return False


class Predicate:
    """The predicate committed to, followed through verbs that only carry another
    ("continue to", "work to", "would like to", "make sure") to the checkable one."""

    def __init__(self, content: Token | None, lex: Lexicon):
        self.content = content
        self.path: list[Token] = []
        self.liking = False
        self.ensure_clause: Token | None = None
        token = content
        for _ in range(6):
            if token is None:
                break
            self.path.append(token)
            nxt = None
            if is_in(token, lex["commitment.liking_verbs"]):
                self.liking = True
                nxt = _first(children(token, "xcomp"))
            elif is_in(token, lex["predicate.chain_verbs"]):
                nxt = _first([c for c in token.children if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX")
                              and (any(a.lower_ == "to" for a in c.children)
                                   or (c.tag_ == "VBG" and is_in(token, lex["predicate.gerund_chain_verbs"])))])
                if nxt is None and lemma(token) in ("prioritise", "prioritize"):
                    nxt = _first(children(token, "xcomp", "dobj", "ccomp"))
            if nxt is None:
                break
            token = nxt
        self.head = token
        # The small model often parses a sentence-initial imperative as a modifier of
        # its object ("Raise" nmod "standards", "Ensure" amod "companies"): repair.
        self.misparsed = (token is not None and (token.tag_ == "VB" or token.lower_ in known_verbs())
                          and token.dep_ in ("amod", "nmod", "compound", "npadvmod")
                          and token.head.i > token.i and token.head.pos_ in ("NOUN", "PROPN"))
        if self.misparsed:
            noun = token.head
            if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX") and is_in(token, lex["predicate.ensure_verbs"]):
                self.ensure_clause = noun.head
        elif token is not None:
            if lemma(token) == "make" and any(c.lower_ == "sure" for c in token.children):
                sure = next(c for c in token.children if c.lower_ == "sure")
                self.ensure_clause = _first(children(sure, "ccomp")) or _first(children(token, "ccomp"))
            elif is_in(token, lex["predicate.ensure_verbs"]):
                self.ensure_clause = _first(children(token, "ccomp", "xcomp"))

    @property
    def object(self) -> Token | None:
        if self.head is None:
            return None
        if self.misparsed:
            return self.head.head
        return _first(children(self.head, "dobj")) or _first(
            [o for p in children(self.head, "prep") for o in children(p, "pobj")] if self.head.pos_ != "VERB" else [])

    def means(self) -> Token | None:
        """The verb of a "by ..." means clause: "by abolishing Police and Crime Commissioners"."""
        for token in self.path:
            for prep in children(token, "prep"):
                if prep.lower_ == "by":
                    verb = _first([c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"])
                    if verb is not None:
                        return verb
        return None


def _first(tokens: Iterable[Token]) -> Token | None:
    return next(iter(tokens), None)


# --- testability ---------------------------------------------------------------------

def _testable(commitment: Commitment, predicate: Predicate, evidence: "Evidence",
              phrases: dict[str, list[Span]], lex: Lexicon) -> bool:
    """Whether the commitment could be checked afterwards as done or not done."""
    head = predicate.head
    if head is None:
        return False
    if predicate.liking and is_in(head, lex["commitment.politeness_verbs"]):
        return False  # "we would like to thank ..."
    for span in phrases.get("RHETORIC", []):
        if any(t in predicate.path for t in span):
            return False  # "we won't take policing back decades"
    content = commitment.content
    if commitment.via in ("subject",) and commitment.kind != "noun" and content is not None:
        wish_to_see = commitment.kind == "verb" and lemma(content) == "see"  # "we want to see the wage rise to £10"
        if is_in(content, lex["commitment.necessity_verbs"]) and (lemma(content) != "have" or children(content, "xcomp")) \
                and not wish_to_see:
            return False  # "we will need to", "we will have to", "we will see"
        if lemma(content) == "be" and not evidence.strong():
            return False  # "we will be the party of ..."
    if commitment.kind == "object":
        return evidence.strong() or evidence.instrument_in(head)  # "we support a ban on fracking"
    strong = evidence.strong()
    obj = predicate.object
    if not predicate.misparsed and _empty(head, lex):
        return strong
    if is_in(head, lex["testability.discourse_verbs"]):
        return False  # "we will say more about this"
    if is_in(head, lex["testability.vague_goal_verbs"]) or _phrasal(head) in lex["testability.vague_goal_verbs"]:
        return strong  # "we will tackle ...", "prioritise tackling ..."
    if _abstract_object(head, obj, lex):
        return evidence.strong(obj)  # "make different choices", "restore confidence", "take a zero tolerance approach"
    goal_object = _first([o for p in children(head, "prep") for o in children(p, "pobj")]) if obj is None else obj
    if goal_object is not None and is_in(head, lex["testability.goal_verbs"]) and not _instrument(goal_object, lex) and any(
            m.dep_ == "amod" and is_in(m, lex["testability.goal_adjectives"]) for m in goal_object.children):
        return evidence.strong(goal_object)  # "deliver a stronger economy", "fight for a better future"
    if goal_object is not None and is_in(head, lex["testability.goal_verbs"]) and (
            is_in(goal_object, lex["testability.society_nouns"]) or goal_object.ent_type_ == "GPE"):
        return evidence.strong(goal_object)  # "build a country that works for everyone"
    if _goal_state(head, lex):
        return evidence.strong(*children(head, "dobj", "oprd", "ccomp", "attr", "acomp", "xcomp"))  # "keep people safe"
    if obj is not None and is_in(head, lex["testability.care_verbs"]) and _people(obj, lex) and not _means_named(head, lex):
        return evidence.strong(obj)  # "protect victims and support the vulnerable"
    if _vague_provision(head, predicate.ensure_clause, lex):
        return strong  # "have the powers they need", "ensure the right resources are available"
    clause = predicate.ensure_clause
    if clause is not None:
        if is_in(clause, lex["testability.vague_clause_predicates"]) or _goal_state(clause, lex):
            return strong  # "make sure that domestic violence is tackled and not ignored"
        if _abstract_object(clause, _first(children(clause, "dobj")), lex):
            return strong  # "ensure our government shows respect for families"
    return True


def _abstract_object(verb: Token, obj: Token | None, lex: Lexicon) -> bool:
    """A rhetoric verb with an attitude or feeling as object: "restore confidence"."""
    return (obj is not None and is_in(verb, lex["testability.rhetoric_verbs"]) and is_in(obj, lex["testability.abstract_nouns"])
            and not any(is_in(m, lex["specificity.new_modifiers"]) for m in obj.children))


def _phrasal(token: Token) -> str:
    particle = _first(children(token, "prt"))
    return f"{lemma(token)}_{particle.lower_}" if particle is not None else lemma(token)


def _prepositional(token: Token) -> str:
    """A verb with its first following preposition: "look_at", "look_into"."""
    prep = _first([c for c in token.children if c.dep_ in ("prep", "prt") and c.i > token.i])
    return f"{lemma(token)}_{prep.lower_}" if prep is not None else lemma(token)


def _wh_clause(commitment: Commitment) -> bool:
    """"What we will do", "how we will pay for it": a question word fills the predicate."""
    content = commitment.content
    return content is not None and any(c.tag_ in ("WP", "WDT", "WRB") and c.dep_ in ("dobj", "advmod", "attr", "pobj")
                                       for c in content.children)


def _subordinate(commitment: Commitment, lex: Lexicon) -> bool:
    """A commitment mentioned in a subordinate clause ("as we will set out below")."""
    clause = commitment.content if commitment.kind == "modal" else commitment.cue[0]
    if clause is None:
        return False
    clause = _clause_root(clause)
    return clause.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in lex["commitment.subordinators"] and c.i < clause.i for c in clause.children)


def _empty(head: Token, lex: Lexicon) -> bool:
    """A predicate without anything to check: "want to go even further", "do more"."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    arguments = [c for c in head.children if c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "acomp", "prep",
                                                        "advcl", "nsubjpass", "agent", "prt", "npadvmod")]
    if not arguments:
        return True
    return all(c.lower_ in lex["testability.empty_complements"] for c in arguments)


def _goal_state(token: Token, lex: Lexicon) -> bool:
    """"make/keep X safe(r)", "make X the best place": a goal adjective as the result."""
    goal = lex["testability.goal_adjectives"]
    if token.pos_ == "ADJ" and is_in(token, goal):
        return True
    if lemma(token) not in ("make", "keep", "be", "become", "remain", "feel", "stay"):
        return False
    for child in token.children:
        if child.dep_ not in ("oprd", "ccomp", "acomp", "xcomp", "attr", "dobj"):
            continue
        if child.pos_ == "ADJ" and is_in(child, goal):
            return True
        if child.dep_ != "dobj" and any(m.dep_ == "amod" and is_in(m, goal) for m in child.children):
            return True  # "make Britain the best place"
        if child.dep_ == "ccomp" and any(m.dep_ == "amod" and is_in(m, goal) for s in children(child, "nsubj") for m in s.children):
            return True  # the same, parsed as a small clause
    return False


def _people(obj: Token, lex: Lexicon) -> bool:
    group = [obj] + [c for c in obj.conjuncts]
    return all(is_in(t, lex["testability.people_nouns"]) for t in group)


def _means_named(head: Token, lex: Lexicon) -> bool:
    """Whether a care verb names its means: "support families with childcare costs"."""
    for prep in children(head, "prep"):
        if prep.lower_ in ("with", "through", "by", "via"):
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp") and not is_in(obj, lex["testability.people_nouns"]) \
                        and not is_in(obj, lex["testability.abstract_nouns"]):
                    return True
    return False


def _vague_provision(head: Token, clause: Token | None, lex: Lexicon) -> bool:
    """"the powers they need", "the right resources", "the necessary support" as what is
    had, given or made available."""
    for predicate in (head, clause):
        if predicate is None:
            continue
        if not (is_in(predicate, lex["testability.provision_predicates"]) or lemma(predicate) == "be"
                or any(is_in(c, lex["testability.provision_predicates"]) for c in predicate.children if c.dep_ in ("acomp", "attr"))):
            continue
        if lemma(predicate) == "be":  # "ensure the right supports are in place"
            nouns = children(predicate, "nsubj")
        else:
            nouns = [c for c in predicate.subtree if c.pos_ in ("NOUN", "PROPN") and c.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")]
        for noun in nouns:
            if any(m.dep_ == "amod" and is_in(m, lex["testability.vague_modifiers"]) for m in noun.children):
                return True
            if any(m.dep_ in ("relcl", "acl") and is_in(m, lex["testability.need_verbs"]) for m in noun.children):
                return True
    return False


# --- coding --------------------------------------------------------------------------

def _pledge_type(predicate: Predicate, lead_content: Token | None, evidence: "Evidence", lex: Lexicon) -> str:
    """action | outcome | status_quo | process, from the committed predicate."""
    head = predicate.head
    if head is not None and head.pos_ not in ("VERB", "AUX") and lead_content is not None:
        head = lead_content  # a noun-phrase bullet under "We will introduce:"
    if head is None:
        return "action"
    if predicate.path and lemma(predicate.path[0]) in lex["predicate.continuation_verbs"] and predicate.path[0] is not head:
        return "status_quo"  # "we will continue to support ..."
    means = predicate.means()
    if means is not None:
        head = means
    obj = _first(children(head, "dobj"))
    if is_in(head, lex["predicate.process_verbs"]) or _phrasal(head) in lex["predicate.process_verbs"] \
            or _prepositional(head) in lex["predicate.process_verbs"]:
        return "process"
    if obj is not None and is_in(obj, lex["predicate.process_nouns"]) and is_in(head, lex["specificity.creation_verbs"]):
        return "process"
    if is_in(head, lex["predicate.delegation_verbs"]) and any(
            is_in(c, lex["predicate.process_verbs"]) for c in children(head, "xcomp", "ccomp")):
        return "process"  # "ask the Board of Taxation to review ...", "direct the agency to examine ..."
    quantity = evidence.quantity_in(head)
    if is_in(head, lex["predicate.continuation_verbs"]):
        return "outcome" if _target_quantity(head, evidence, lex) else "status_quo"
    if obj is not None and is_in(obj, lex["predicate.status_quo_objects"]) and lemma(head) in ("ensure", "secure", "guarantee"):
        return "status_quo"
    if is_in(head, lex["predicate.ensure_verbs"]) or lemma(head) == "secure":
        if any(t is not head and t.pos_ in ("VERB", "AUX") and is_in(t, lex["predicate.persistence_verbs"]) for t in head.subtree):
            return "status_quo"  # "guarantee the right of EU nationals ... to stay in the UK"
    if is_in(head, lex["predicate.outcome_verbs"]) and obj is not None and not _instrument(obj, lex):
        return "outcome"
    if is_in(head, lex["predicate.quantity_outcome_verbs"]) and quantity and (obj is None or not _instrument(obj, lex)):
        return "outcome"
    if is_in(head, lex["predicate.staffing_verbs"]) and quantity:
        return "outcome"  # "recruit 500 more border force officers"
    return "action"


def _target_quantity(head: Token, evidence: "Evidence", lex: Lexicon) -> bool:
    """Whether a continuation verb carries a number that sets a target ("safeguard over
    10,000 police officers", "keep police on the beat through a plan that safeguards
    10,000 officers"), rather than a number that describes what is kept (a relative
    clause on the object: "Continue the scheme, which provides up to €30,000") or the
    level it is kept at ("Keep the ratio at or below 23.9 per cent")."""
    numbers = {t.i for t in evidence.numbers()}
    skip: set[int] = set()
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in lex["predicate.level_prepositions"]:
            skip.update(t.i for t in child.subtree)
        if child.dep_ == "dobj":
            for noun in child.subtree:
                for clause in children(noun, "relcl"):
                    skip.update(t.i for t in clause.subtree)
    return any(t.i in numbers and t.i not in skip for t in head.subtree)


def _instrument(noun: Token, lex: Lexicon) -> bool:
    return is_in(noun, lex["specificity.instrument_nouns"]) or is_in(noun, lex["specificity.body_nouns"])


def _condition(unit: Span, predicate: Predicate, phrases: dict[str, list[Span]], lex: Lexicon) -> str | None:
    """The words of a condition on the commitment itself ("if ...", "when we leave the
    EU", "where necessary"); conditions inside the policy's content are not recorded."""
    anchors = set()
    for token in predicate.path:
        anchors.add(token)
        anchors.update(c for c in token.children if c.dep_ == "xcomp")
        if is_in(token, lex["predicate.chain_verbs"]):
            anchors.update(c for c in token.children if c.dep_ in ("advcl",))
    root = _clause_root(predicate.content) if predicate.content is not None else None
    if root is not None:
        anchors.add(root)
    for span in phrases.get("CONDITION", []):
        if span[0].dep_ in ("acomp", "attr", "oprd"):
            continue  # "will be subject to proper controls" is the commitment, not a condition
        if span.root.head in anchors or span.root in anchors or any(t.head in anchors for t in span):
            return span.text
    for token in unit:
        if token.lower_ not in lex["condition.markers"] or token.dep_ not in ("mark", "advmod", "prep"):
            continue
        clause = token.head if token.dep_ != "prep" else token
        if clause.dep_ not in ("advcl", "prep") or clause.head not in anchors:
            continue
        words = list(clause.subtree)
        start = token.i
        end = words[-1].i + 1
        if start > clause.head.i:  # after the commitment: the condition runs to the end of the sentence
            between = unit.doc[clause.head.i + 1:start]
            if any(t.pos_ == "VERB" and t not in anchors for t in between):
                continue  # "powers enabling the police to stop ... if there is evidence": it limits the policy
            end = unit.end
        tokens = [t for t in unit.doc[start:end]]
        while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        if len(tokens) >= 2:
            return unit.doc[tokens[0].i:tokens[-1].i + 1].text
    return None


def _refers_back(predicate: Predicate, evidence: "Evidence") -> bool:
    """A reference back in what is committed to ("We will maintain these protections for
    tenants.", "It will be expanded into more areas.") takes its specificity from the
    sentence before in the same paragraph ("Rent Pressure Zones limit rent increases to
    4% a year ...", "We will overhaul the Prevent programme.")."""
    head = predicate.head
    if head is None or evidence.antecedent is None:
        return False
    words = set(head.subtree)
    if predicate.content is not None:
        words.update(children(predicate.content, "nsubj", "nsubjpass"))
    refers = any((t.dep_ == "det" and t.lower_ in ("this", "these", "those") and t.head.pos_ in ("NOUN", "PROPN"))
                 or (t.dep_ in ("nsubj", "nsubjpass", "dobj") and t.lower_ in ("it", "this", "these", "they", "them"))
                 for t in words)
    return refers and evidence.antecedent.specific()


def _time_clause(unit: Span, predicate: Predicate, lex: Lexicon) -> str | None:
    """A clause that bounds the commitment in time: "Until the cap is in place, we will
    maintain ...", "We will freeze fares until the new network opens"."""
    anchors = set(predicate.path)
    if predicate.content is not None:
        anchors.add(_clause_root(predicate.content))
    for token in unit:
        if token.lower_ not in lex["time.clause_markers"] or token.dep_ != "mark":
            continue
        clause = token.head
        if clause.dep_ != "advcl" or clause.head not in anchors:
            continue
        words = [t for t in clause.subtree if t.i >= token.i]
        while words and (words[-1].is_punct or words[-1].is_space):
            words.pop()
        if len(words) >= 2:
            return unit.doc[words[0].i:words[-1].i + 1].text
    return None


@dataclass
class Evidence:
    """What makes a unit checkable and specific: numbers, dates, names, instruments."""

    unit: Span
    finder: ActorFinder
    lex: Lexicon
    year: int | None
    ents: list[Span] = field(default_factory=list)
    time_phrases: list[Span] = field(default_factory=list)
    antecedent: "Evidence | None" = None  # the unit before in the same paragraph
    _cache: dict = field(default_factory=dict)

    def _party_tokens(self) -> set[int]:
        if "party" not in self._cache:
            tokens = list(self.unit)
            self._cache["party"] = {tokens[i].i for a, b in self.finder.party.spans_in(tokens) for i in range(a, b)}
        return self._cache["party"]

    def time_frames(self) -> list[Span]:
        if "time" in self._cache:
            return self._cache["time"]
        lex = self.lex
        frames = []
        for ent in self.ents:
            if ent.label_ != "DATE":
                continue
            words = {t.lower_ for t in ent}
            years = [int(t.text) for t in ent if t.text.isdigit() and len(t.text) == 4]
            start = ent.start
            before = self.unit.doc[start - 1] if start > self.unit.start else None
            deadline = (before is not None and before.lower_ in lex["time.deadline_prepositions"]) or (
                ent[0].lower_ in lex["time.deadline_prepositions"])
            future = (bool(words & lex["time.future_words"]) or deadline) and not words & {"last", "past", "previous", "ago"}
            if words & lex["time.age_words"]:
                continue
            if years:
                future = self.year is None or all(y >= self.year for y in years)
            if not future or not any(ch.isalpha() or ch.isdigit() for ch in ent.text):
                continue
            if before is not None and before.lower_ in lex["time.prepositions"]:
                start -= 1
            elif ent[0].lower_ not in lex["time.prepositions"] and not years:
                if ent.root.head.lower_ not in lex["time.prepositions"]:
                    continue
            if ent.root.head.lower_ in ("than", "since", "of") or (before is not None and before.lower_ in ("than", "since", "of")):
                continue
            frames.append(self.unit.doc[start:self._anchored_end(ent, deadline)])
        for token in self.bare_years():  # "from 2022", "by 2025" that the recogniser took for a count
            frames.append(self.unit.doc[token.i - 1:token.i + 1])
        for phrase in self.time_phrases:  # "in our first term", "by the end of the next Parliament"
            if not any(f.start <= phrase.start < f.end or phrase.start <= f.start < phrase.end for f in frames):
                frames.append(phrase)
        frames.sort(key=lambda f: f.start)
        self._cache["time"] = frames
        return frames

    def time_frame(self) -> str | None:
        frames = self.time_frames()
        return frames[0].text if frames else None

    def _anchored_end(self, ent: Span, deadline: bool) -> int:
        """End of a deadline with its anchor event: "within 100 days of forming a
        government", "within a year of taking office" (the "of" phrase is part of it)."""
        end = ent.end
        if not deadline or end >= self.unit.end:
            return end
        after = self.unit.doc[end]
        if after.lower_ == "of" and after.head.i in range(ent.start, ent.end):
            last = max(t.i for t in after.subtree)
            if last < self.unit.end:
                return last + 1
        return end

    def bare_years(self) -> list[Token]:
        """Years after a time preposition that the recogniser did not mark as dates
        ("from 2022", "by 2025" tagged CARDINAL), from the election year on."""
        if "years" in self._cache:
            return self._cache["years"]
        out = []
        for token in self.unit:
            if token.ent_type_ == "DATE" or not (token.is_digit and len(token.text) == 4) or token.i == self.unit.start:
                continue
            year, before = int(token.text), self.unit.doc[token.i - 1]
            if not 1900 <= year <= 2100 or before.lower_ not in self.lex["time.prepositions"]:
                continue
            if self.year is not None and year < self.year:
                continue
            out.append(token)
        self._cache["years"] = out
        return out

    def numbers(self) -> list[Token]:
        if "numbers" in self._cache:
            return self._cache["numbers"]
        out = []
        for token in self.unit:
            if token.ent_type_ in ("DATE", "TIME", "ORDINAL") or token.i in self._party_tokens() or token in self.bare_years():
                continue
            if any(ch.isdigit() for ch in token.text) and token.like_num:
                out.append(token)
            elif token.ent_type_ in QUANTITY_ENTS and token.pos_ == "NUM" and token.lower_ not in self.lex["specificity.non_quantity_numbers"]:
                out.append(token)
            elif token.ent_type_ in ("MONEY", "PERCENT"):
                out.append(token)
            elif token.lower_ in self.lex["specificity.quantity_words"] and token.pos_ in ("NOUN", "NUM", "ADJ", "ADV"):
                out.append(token)
        self._cache["numbers"] = out
        return out

    def quantity_in(self, head: Token) -> bool:
        numbers = {t.i for t in self.numbers()}
        return any(t.i in numbers for t in head.subtree)

    def names(self) -> list[Token]:
        """Named things that are not the party: quoted names, acronyms, multi-word
        organisation or law names, capitalised instrument names."""
        lex = self.lex
        party = self._party_tokens()
        tokens = list(self.unit)
        found = []
        all_caps = sum(t.is_upper for t in tokens if t.is_alpha) > 0.6 * max(1, sum(t.is_alpha for t in tokens))
        quotes = [i for i, t in enumerate(tokens) if t.is_quote and t.tag_ != "POS"]
        for a, b in zip(quotes, quotes[1:]):
            inner = tokens[a + 1:b]
            if 1 <= len(inner) <= 10 and inner[0].is_alpha:
                found.extend(inner)
        for i, token in enumerate(tokens):
            if token.i in party or not token.is_alpha and not token.text.rstrip("s").isalpha():
                continue
            core = token.text[:-1] if token.text.endswith("s") else token.text
            if not all_caps and len(core) >= 2 and core.isupper() and core.isalpha() and token.lower_ not in lex["specificity.non_name_words"]:
                found.append(token)  # NHS, IPCC, PCCs
            elif i > 0 and token.text[:1].isupper() and (_instrument(token, lex)) and not all_caps:
                previous = tokens[i - 1] if tokens[i - 1].tag_ != "POS" else tokens[i - 2] if i > 1 else tokens[i - 1]
                if previous.text[:1].isupper() and previous.i not in party and previous.i != self.unit.start:
                    found.append(token)  # "Police Innovation Fund", "Victims' Law"
        run: list[Token] = []
        for token in tokens[1:] + [None]:  # runs of two or more capitalised names: "Justice Goddard"
            if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper() and token.i not in party \
                    and not all_caps and token.lower_ not in lex["specificity.non_name_words"]:
                run.append(token)
                continue
            if len(run) >= 2:
                found.extend(run)
            run = []
        for ent in self.ents:
            if ent.label_ in NAME_ENTS and len(ent) >= 2 and not any(t.i in party for t in ent) \
                    and not all(t.lower_ in lex["specificity.non_name_words"] for t in ent if t.is_alpha):
                found.extend(ent)
        return found

    def new_instruments(self) -> list[Token]:
        """Instruments and bodies that are new or created: "a new Police Standards
        Authority", "set up a child protection unit", "introduce mandatory reporting"."""
        lex = self.lex
        out = []
        for token in self.unit:
            if token.pos_ not in ("NOUN", "PROPN") or not _instrument(token, lex):
                continue
            if any(is_in(m, lex["specificity.new_modifiers"]) for m in token.children if m.dep_ in ("amod", "compound", "nmod")):
                out.append(token)
                continue
            verb = token
            while verb.dep_ in ("conj", "appos", "compound") and verb.head is not verb:
                verb = verb.head
            if verb.dep_ in ("dobj", "nsubjpass") and is_in(verb.head, lex["specificity.creation_verbs"]):
                out.append(token)
        return out

    def strong(self, *outside: Token | None) -> bool:
        """Whether the unit names a number, a time frame, a named thing or a new
        instrument; with `outside`, only counting what lies outside those phrases (so
        "make the NHS the best in the world" is not rescued by its own object)."""
        if "strong" not in self._cache:
            tokens = [t.i for t in self.numbers() + self.names() + self.new_instruments()]
            tokens += [t.i for span in self.time_frames() for t in span]
            self._cache["strong"] = set(tokens)
        found = self._cache["strong"]
        excluded = {t.i for phrase in outside if phrase is not None for t in phrase.subtree}
        return bool(found - excluded)

    def instruments(self) -> list[Token]:
        """Instruments named in the unit ("a ban", "the law on hate crime"), bodies and
        systems named by what they do ("community safety partnerships", "the inspection
        regime"), and nouns of creation ("the creation of chartered prison officers");
        not what the party merely owns ("our investigative laws", "our prison system")."""
        lex = self.lex
        out = []
        for token in self.unit:
            if token.pos_ != "NOUN":
                continue
            if is_in(token, lex["specificity.creation_nouns"]) and children(token, "prep"):
                out.append(token)
                continue
            sector = is_in(token, lex["specificity.sector_nouns"])
            named_body = is_in(token, lex["specificity.body_nouns"]) and any(
                c.dep_ == "compound" and c.pos_ in (("PROPN",) if sector else ("NOUN", "PROPN")) for c in token.children)
            if not (is_in(token, lex["specificity.instrument_nouns"]) or named_body):
                continue
            if token.dep_ == "compound" and is_in(token.head, lex["specificity.sector_nouns"]):
                continue  # "the personal income tax system": a whole sector, not an instrument
            owners = [c for c in token.children if c.dep_ == "poss"]
            if any(c.lower_ in ("our", "their", "its", "your") for c in owners):
                continue
            if any(c.dep_ == "amod" and is_in(c, lex["testability.vague_modifiers"]) for c in token.children):
                continue
            out.append(token)
        return out

    def instrument_in(self, head: Token) -> bool:
        inside = {t.i for t in head.subtree}
        return any(t.i in inside for t in self.instruments() + self.new_instruments())

    def legal_acts(self) -> list[Token]:
        """Verbs changing the legal status of what they name: "ban", "legalise"."""
        return [t for t in self.unit if t.pos_ == "VERB" and is_in(t, self.lex["specificity.legal_verbs"])]

    def specific(self) -> bool:
        return self.strong() or bool(self.instruments()) or bool(self.legal_acts())
