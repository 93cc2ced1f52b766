"""Small readers of the parse that every step of the pledge reader shares.

Word-list membership that survives the small model's lemmas (`is_in`), and the few
walks over the dependency tree the rules keep needing: a predicate's subject, a noun
phrase, a clause's root, a verb with its particle or preposition, the verb an
imperative starts with.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from .rules import Lexicon, known_verbs

SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
IMPERSONAL_PRONOUNS = {"it", "this", "that", "these", "those", "which", "there"}
PLACES = ("GPE", "LOC", "NORP", "FAC")  # "the UK Government", "the Scottish Government": not a name


def lemma(token: Token) -> str:
    """The lemma in lower case, as the word lists write it."""
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
    """The children of a token attached with one of the dependency labels `deps`."""
    return [child for child in token.children if child.dep_ in deps]


def first(tokens: Iterable[Token]) -> Token | None:
    """The first token, or None for none."""
    return next(iter(tokens), None)


def subject_of(token: Token) -> Token | None:
    """The subject of a predicate, inherited along conjuncts and open complements. Of
    two subjects (a parse broken by a hyphen: "A re-elected Turnbull Government will
    cut ..." gives "re" and "Government"), the one nearest the predicate."""
    current = token
    for _ in range(8):
        subjects = [child for child in current.children if child.dep_ in SUBJECTS]
        if subjects:
            return min(subjects, key=lambda child: abs(current.i - child.i))
        if current.dep_ in ("conj", "xcomp", "acomp", "aux", "auxpass") and current.head is not current:
            current = current.head
        else:
            return None
    return None


def owners(noun: Token, prepositions: tuple[str, ...] = ("of", "for")) -> list[Token]:
    """Who a noun belongs to, in text order: its possessor ("Labour's aim", "our
    priority") and the objects of its owning prepositions ("the aim of the Bank", "a
    priority for the next Labour Government")."""
    found = []
    for child in noun.children:
        if child.dep_ == "poss":
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in prepositions:
            found.extend(children(child, "pobj"))
    return found


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
    """The document text from the first token to the last, without edge punctuation."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text.strip(" ,;:")


def clause_root(token: Token) -> Token:
    """The clause a predicate belongs to, up through conjuncts and complements."""
    while token.dep_ in ("conj", "xcomp", "ccomp") and token.head is not token:
        token = token.head
    return token


def phrasal(token: Token) -> str:
    """A verb with its particle, as the word lists write phrasal verbs: "set_up"."""
    particle = first(children(token, "prt"))
    return f"{lemma(token)}_{particle.lower_}" if particle is not None else lemma(token)


def prepositional(token: Token) -> str:
    """A verb with its first following preposition: "look_at", "look_into"."""
    prep = first([c for c in token.children if c.dep_ in ("prep", "prt") and c.i > token.i])
    return f"{lemma(token)}_{prep.lower_}" if prep is not None else lemma(token)


def imperative_head(unit: Span) -> Token | None:
    """The verb an imperative unit starts with ("Ensure ...", "Abolish ..."): tagged as a
    base verb, or a capitalised word that the rule lists know as a policy verb (the
    small model tags "Abolish Police and Crime Commissioners" as a name)."""
    word = next((t for t in unit if not (t.is_punct or t.is_space)), None)
    if word is None:
        return None
    if word.tag_ == "VB" or (word.text[:1].isupper() and word.lower_ in known_verbs()):
        return word
    return None


def is_instrument(noun: Token, lex: Lexicon) -> bool:
    """A noun of a policy instrument ("ban", "fund", "law") or a body ("commission", "unit")."""
    return is_in(noun, lex["specificity.instrument_nouns"]) or is_in(noun, lex["specificity.body_nouns"])


def stance(verb: Token | None, words: frozenset[str]) -> str | None:
    """The stance a verb takes on what follows its "to": "no" in "say no to X", "yes"
    in "say yes to X" (the parser hangs the word on the verb as an interjection or
    object); None when it takes none."""
    if verb is None or not any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return None
    return next((c.lower_ for c in verb.children if c.dep_ in ("intj", "dobj") and c.lower_ in words), None)
