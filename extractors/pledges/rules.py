"""The pledge rules as data: the word lists and the matchers built from models/pledges/.

Every word list, dependency pattern and phrase pattern lives in a data file
(`lexicon.toml`, `parties.toml`, `commitments.jsonl`, `phrases.jsonl`); this module
reads them once per process, and once per vocabulary builds the spaCy matchers, so the
readers of the other modules hold only logic.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Token
from spacy.vocab import Vocab

from manifesto.models import MODELS_DIR

RULES_DIR = MODELS_DIR / "pledges"


@dataclass(frozen=True)
class Lexicon:
    """The word lists of lexicon.toml as frozensets, by "section.list" name, and its
    word tables (inline tables mapping a word to another) by the same kind of name."""

    lists: dict[str, frozenset[str]]
    parties: dict
    tables: dict[str, dict[str, str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """lexicon.toml and parties.toml, read once per process."""
    with open(RULES_DIR / "lexicon.toml", "rb") as handle:
        data = tomllib.load(handle)
    lists = {f"{section}.{name}": frozenset(words) for section, names in data.items()
             for name, words in names.items() if isinstance(words, list)}
    tables = {f"{section}.{name}": dict(words) for section, names in data.items()
              for name, words in names.items() if isinstance(words, dict)}
    with open(RULES_DIR / "parties.toml", "rb") as handle:
        parties = tomllib.load(handle)
    return Lexicon(lists, parties, tables)


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
class ContentRule:
    """Where a pattern's predicate is read from the parse instead of matched as a node:
    the head of node `of`, or its children by dependency label, optionally of given
    parts of speech or tags. A node such as {"DEP": "pobj"} or {"POS": "VERB"} matches a
    large share of all tokens, and the DependencyMatcher pays for every one of them
    (it walks each matched token's ancestors), though only those next to a cue matter."""

    of: str
    head: bool = False
    deps: frozenset[str] = frozenset()
    pos: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    @classmethod
    def read(cls, record: dict | None, nodes: tuple[str, ...], pattern_id: str) -> ContentRule | None:
        if record is None:
            return None
        unknown = set(record) - {"of", "head", "dep", "pos", "tag"}
        if record.get("of") not in nodes or "content" in nodes or unknown or bool(record.get("head")) == bool(record.get("dep")):
            raise ValueError(f"commitments.jsonl {pattern_id}: `content` must read from one of its nodes {nodes} "
                             f"either its head or its children by `dep` (optionally filtered by `pos`, `tag`), "
                             f"and the pattern must have no `content` node; got {record}")
        return cls(record["of"], bool(record.get("head")), frozenset(record.get("dep", ())),
                   frozenset(record.get("pos", ())), frozenset(record.get("tag", ())))

    def candidates(self, token: Token) -> list[Token]:
        """The predicates the rule reads off `token` (the node `of`)."""
        found = [token.head] if self.head else [c for c in token.children if c.dep_ in self.deps]
        return [t for t in found if t is not token and (not self.pos or t.pos_ in self.pos)
                and (not self.tags or t.tag_ in self.tags)]


@dataclass(frozen=True)
class PatternInfo:
    """What a commitment pattern stands for: its kind ("modal", "verb", "noun", ...),
    its strength ("firm", "soft", or read from the cue), the names of its nodes in
    match order (a match gives token indices only), and where its predicate is read
    when it is not one of the nodes."""

    id: str
    kind: str
    commitment: str
    nodes: tuple[str, ...]
    content: ContentRule | None = None
    spoken: bool = False  # a commitment made as it is spoken ("we are pledging"): negated, it declines


@dataclass
class Matchers:
    """The commitment patterns (dependency) and the fixed phrases (RHETORIC, CONDITION,
    TIME), with what each commitment pattern stands for, by match id."""

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
        nodes = tuple(node["RIGHT_ID"] for node in pattern)
        info[key] = PatternInfo(record["id"], record["kind"], record["commitment"], nodes,
                                ContentRule.read(record.get("content"), nodes, record["id"]), record.get("spoken", False))
    phrases = Matcher(vocab, validate=True)
    for record in read_jsonl(RULES_DIR / "phrases.jsonl"):
        phrases.add(record["label"], [expand_lists(record["pattern"], lex)])
    built = Matchers(dependency, phrases, info)
    _MATCHERS[id(vocab)] = (vocab, built)
    return built


@lru_cache(maxsize=1)
def cue_words() -> frozenset[str]:
    """Every word that can start commitment language (for skipping texts without any):
    the commitment word lists, and the words a pattern's cue names itself (the "go" of
    "we're going to")."""
    lex = lexicon()
    listed = {word for name in lex.lists if name.startswith("commitment.") for word in lex[name]}
    return frozenset(listed | _literal_cue_words(lex))


def _literal_cue_words(lex: Lexicon) -> set[str]:
    """The LEMMA or LOWER values written into the `cue` node of commitments.jsonl."""
    words: set[str] = set()
    for record in read_jsonl(RULES_DIR / "commitments.jsonl"):
        for node in expand_lists(record["pattern"], lex):
            if node["RIGHT_ID"] != "cue":
                continue
            for attr in ("LEMMA", "LOWER"):
                value = node["RIGHT_ATTRS"].get(attr)
                values = value.get("IN", []) if isinstance(value, dict) else [value] if value else []
                words.update(str(v).lower() for v in values)
    return words


@lru_cache(maxsize=1)
def known_verbs() -> frozenset[str]:
    """Every verb of the rule lists (for recognising an imperative the tagger missed)."""
    lex = lexicon()
    names = [name for name in lex.lists if name.endswith("_verbs") and not name.startswith("commitment.")]
    return frozenset(word for name in names for word in lex[name] if "_" not in word)
