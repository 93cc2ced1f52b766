"""The `entities` and `entity_index` stages: named entities, with aliases resolved to one entity.

`entities` reads the shared parse, whose `doc.ents` hold the project's rule spans
(models/entity_rules.py, run before the model) and spaCy's NER around them. For each
document it:

1. keeps the entity labels (numbers, dates and money are the claims stage's), trims the
   model's spans to the gold conventions (no "the", possessive, quotes, titles) and drops
   what the model tags that is not a name (a capitalised common word, "the Government",
   "the Agency", a generic plural class, a kind of tax, title-case words of a heading);
   it also reads names the model gets wrong as a whole: "the Morrison Government" (the
   person), "Rebuilding Ireland" (a programme), "NHS 111" (a numbered service), and the
   party forms that are a party only in the document's country ("the Coalition");
2. labels party names by use: the party as a noun is ORG ("Labour will"), a modifier of
   a noun is NORP ("a Labour government"), its members' plural is NORP ("the Tories");
3. names every mention's entity: the name tables (parties, known bodies), then the
   document's own links (an acronym defined in brackets after its long form, a
   person's first or last name after the full name), and finds the repeats of linked
   names the model missed ("the HSE" after "Health and Safety Executive (HSE)").

`entity_index` (corpus scope) counts each entity once across the corpus: `entity_id`
hashes the normalised canonical name, so "IPCC" in one manifesto and "Independent
Police Complaints Commission" in another are the same row.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Doc, Span

from manifesto.models.entity_rules import (ACRONYM, SPANS_KEY, Known, abbreviates, bracketed_acronym, clean_span, country_code,
                                 known_names, lexicon, local_names, local_surfaces, name_key)
from manifesto.pipeline import schemas
from manifesto.pipeline.ids import row_id, stable_hash
from manifesto.pipeline.registry import CorpusContext, DocContext, ExtractorSpec

from . import register

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LAW", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART")
# Labels whose names are repeated verbatim elsewhere in a document are the same entity.
PROPAGATED_LABELS = {"PERSON", "ORG", "LAW", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"}
# Order for breaking ties between labels in the index.
LABEL_ORDER = {label: i for i, label in enumerate(("ORG", "PERSON", "GPE", "LAW", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"))}
MODIFIER_DEPS = {"compound", "amod", "nmod"}
# Layout blocks whose words are capitalised by style, not because they are names.
LINE_KINDS = ("title", "heading", "line")
# "the Morrison Government", "the Bush Administration": the name is the person's.
GOVERNMENT_HEADS = {"government", "administration"}
ADJECTIVE_SUFFIXES = ("al", "an", "ish", "ese", "ic", "ian", "ary", "ive", "ern", "ed", "ist")
# Plural nationalities and groups name their adjective ("Australians" -> "Australian").
DEMONYM_PLURAL = re.compile(r"(?:an|i|im|u|kh|o|ic|er)s$")

SPEC = ExtractorSpec(
    name="entities", version="3", schema=schemas.ENTITIES,
    requires=("sentences",), components=("ner", "tagger", "parser", "entity_rules"), rules=("entities",),
)
INDEX_SPEC = ExtractorSpec(
    name="entity_index", version="1", schema=schemas.ENTITY_INDEX,
    requires=("entities",), needs_parse=False, scope="corpus", sort_key=("canonical", "entity_id"),
    rules=("entities",),
)


@dataclass
class Mention:
    """A mention while a document is processed: a token span, label and entity name."""

    start: int
    end: int
    label: str
    source: str
    canonical: str | None = None
    linked: bool = False  # named through another mention of the document


def entity_id(canonical: str) -> str:
    """The id of an entity: a hash of its normalised name, without its label."""
    return stable_hash({"entity": name_key(canonical)})


def plain_name(text: str) -> str:
    """A mention's text as a name: straight apostrophes, single spaces."""
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


@register(SPEC)
def extract_entities(doc: Doc, ctx: DocContext) -> Iterator[dict]:
    """One row per entity mention (see the module docstring and docs/entities.md)."""
    code = country_code(ctx.document.catalog.get("country"))
    known = {**known_names(), **local_names(code)}
    mentions = _collect(doc, ctx, known)
    _governments(doc, mentions, known)
    _gerund_programmes(doc, mentions, _line_blocks(ctx))
    _numbered_services(doc, mentions)
    _local_parties(doc, mentions, code)
    _label_parties(doc, mentions, known)
    _name(doc, mentions, known)
    yield from _rows(doc, ctx, mentions)


# --- 1. the spans: rules as they are, the model's cleaned and checked ---

def _collect(doc: Doc, ctx: DocContext, known: dict[str, Known]) -> list[Mention]:
    lex = lexicon()
    rules = {(s.start, s.end) for s in doc.spans[SPANS_KEY]} if SPANS_KEY in doc.spans else set()
    lower_words = {t.text for t in doc if t.is_lower and t.is_alpha}
    headings = {(s["char_start"], s["char_end"]) for s in ctx.rows.get("sentences", []) if s["is_heading"]}
    lines = _line_blocks(ctx)
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        if (ent.start, ent.end) in rules:
            if not _is_term(ent, lex):
                mentions.append(Mention(ent.start, ent.end, ent.label_, "pattern"))
            continue
        span = clean_span(ent, trim_verbs="start", lex=lex)
        if span is None:
            continue
        label = _model_label(span, known.get(name_key(span.text)), lex)
        if label and not _not_a_name(span, label, lower_words, headings, known, lex, lines):
            mentions.append(Mention(span.start, span.end, label, "model"))
    mentions.extend(_signature_names(doc, ctx, _taken(mentions)))
    return mentions


def _line_blocks(ctx: DocContext) -> list[tuple[int, int]]:
    """Character ranges of the title, headings and stand-alone lines of the document."""
    return [(b.char_start, b.char_end) for b in ctx.document.layout.blocks if b.kind in LINE_KINDS]


def _in_lines(span: Span, lines: list[tuple[int, int]]) -> bool:
    return any(start <= span.start_char and span.end_char <= end for start, end in lines)


def _is_term(span: Span, lex) -> bool:
    """"the next Parliament", "this Dáil": a legislature's name meaning a term of office."""
    words = [t.lower_ for t in span if t.is_alpha]
    return len(words) == 1 and words[0] in lex["term_institutions"] and span.start > 0 \
        and span.doc[span.start - 1].lower_ in lex["temporal_modifiers"]


def _generic_plural(span: Span, lex) -> bool:
    """A name whose last word is a plural common noun names a class of bodies, not one:
    "Approved Housing Bodies", "Rent Pressure Zones", "Clinical Commissioning Groups".
    Plural heads that the rule lists count as one body ("Police and Crime
    Commissioners", "Armed Forces") are kept."""
    last = span[-1]
    word = last.lower_
    if len(span) < 2 or not last.is_alpha or not last.is_title or len(word) < 4:
        return False
    if not word.endswith("s") or word.endswith(("ss", "us", "is", "ics")):
        return False
    return word not in lex["org_heads"] and word not in lex["law_heads"]


def _signature_names(doc: Doc, ctx: DocContext, taken: set[int]) -> Iterator[Mention]:
    """A stand-alone line of two or three capitalised proper nouns is a person's name:
    the signatures under a foreword ("Yvette Cooper"), which the model misses without
    a sentence around them. Words of the rule lists and known names do not count."""
    lex = lexicon()
    excluded = lex.heads | lex["role_words"] | lex["person_titles"] | lex["generic_institutions"] \
        | lex["leading_stopwords"] | lex["generic_modifiers"] | lex["sentence_verbs"] | lex["connectors"]
    for block in ctx.document.layout.blocks:
        if block.kind != "line":
            continue
        span = doc.char_span(block.char_start, block.char_end, alignment_mode="contract")
        if span is None or not 2 <= len(span) <= 3 or taken.intersection(range(span.start, span.end)):
            continue
        if all(t.is_title and t.is_alpha and t.lower_ not in excluded and t.tag_ in ("NNP", "") for t in span) \
                and name_key(span.text) not in known_names():
            yield Mention(span.start, span.end, "PERSON", "pattern")


def _model_label(span: Span, entry: Known | None, lex) -> str | None:
    """The label of a model span: the tables' for known names, a head word's, or the model's."""
    if entry is not None:
        return entry.label if not entry.is_party else ("ORG" if entry.form == "names" else "NORP")
    last = span[-1].lower_
    if last in lex["loc_heads"] and span.label_ in ("WORK_OF_ART", "PRODUCT"):
        return "LOC"
    if last in lex["law_heads"] and span.label_ in ("WORK_OF_ART", "ORG", "PRODUCT", "EVENT", "LAW"):
        return "LAW"
    if last in lex["org_heads"] and span.label_ not in ("LAW",) and len(span) > 1:
        return "ORG"
    return span.label_


def _not_a_name(span: Span, label: str, lower_words: set[str], headings: set[tuple[int, int]],
                known: dict[str, Known], lex, lines: list[tuple[int, int]] = ()) -> bool:
    """What the small model tags that the gold conventions do not count as an entity."""
    key = name_key(span.text)
    if _is_term(span, lex):
        return True  # "the next Parliament", "the next Dáil": a term of office
    if key in known:
        return False
    if key in lex["non_entities"]:
        return True
    words = [t.lower_ for t in span if t.is_alpha]
    if not words or all(w in lex["generic_institutions"] or w in lex["leading_stopwords"] for w in words):
        return True  # "Government", "this Government's", "the Budget"
    if len(words) == 1 and words[0] in lex.heads and words[0] not in lex["term_institutions"]:
        return True  # "the Agency", "the Board": a definite description of a body named before
    if words[-1] in lex["tax_heads"]:
        return True  # "Income Tax", "Council Tax": a kind of tax
    if label == "ORG" and _generic_plural(span, lex):
        return True  # "Approved Housing Bodies", "Rape Crisis Centres": a class of bodies
    if lines and _in_lines(span, lines):
        if len(span) == 2 and span[0].lower_ in lex["section_words"] and (span[1].is_digit or span[1].is_upper):
            return True  # "Chapter 6", "Part II" on its own line
        if len(words) > 1 and all(w in lower_words for w in words):
            return True  # "A Stronger Economy", "... Our NHS and Care Services": heading style
    if len(span) == 1 and span[0].text.lower() in lower_words and span[0].text not in lower_words:
        return True  # a capitalised common word: "Communities will...", "a new Chartered Officer"
    if label == "PERSON" and any(w in lex["role_words"] for w in words):
        return True  # "Chartered Officers", "Chief Constables"
    if span.text.isupper() and (span.start_char, span.end_char) in headings:
        return True  # a heading in capitals ("FOREWORD")
    return False


# --- 1b. names the model reads wrongly as a whole ---

def _governments(doc: Doc, mentions: list[Mention], known: dict[str, Known]) -> None:
    """"the Morrison Government", "the Bush Administration": the model's ORG is the
    person's name and a generic word (OntoNotes tags only "Bush"). The name is taken as
    a person when it is the surname of a person named in the document, or else a
    proper noun that the document never writes in lower case and that does not look
    like an adjective ("the Federal Government", "the Scottish Government" stay)."""
    lex = lexicon()
    surnames = {doc[m.end - 1].text for m in mentions if m.label == "PERSON" and m.end - m.start > 1}
    lower_words = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
    for mention in mentions:
        last = doc[mention.end - 1]
        if mention.source != "model" or last.lower_ not in GOVERNMENT_HEADS or not last.is_title \
                or not 2 <= mention.end - mention.start <= 3:
            continue
        name = doc[mention.start:mention.end - 1]
        if name_key(name.text) in known or any(t.lower_ in lex.heads or t.lower_ in lex["generic_modifiers"] for t in name):
            continue
        if name[-1].text in surnames or all(
                t.is_title and t.tag_.startswith("NNP") and t.lower_ not in lower_words
                and not t.lower_.endswith(ADJECTIVE_SUFFIXES) for t in name):
            mention.end, mention.label = mention.end - 1, "PERSON"


def _gerund_programmes(doc: Doc, mentions: list[Mention], lines: list[tuple[int, int]]) -> None:
    """"Since Rebuilding Ireland was launched": a capitalised gerund before a name in
    running text names a programme or campaign (ORG) that contains the name. In
    headings and titles, where every word is capitalised, and at the start of a
    sentence, where the gerund may be the verb, this is not done."""
    taken = _taken(mentions)
    for mention in mentions:
        if mention.label not in ("GPE", "ORG", "NORP", "LOC") or mention.start < 1:
            continue
        gerund = doc[mention.start - 1]
        if not (gerund.is_title and gerund.is_alpha and gerund.lower_.endswith("ing") and len(gerund) >= 6):
            continue
        if gerund.i in taken or gerund.is_sent_start or gerund.i == 0 or _in_lines(doc[gerund.i:mention.end], lines):
            continue
        after = doc[mention.end] if mention.end < len(doc) else None
        if after is not None and (after.text in ("'s", "’s") or (after.is_alpha and after.is_title)):
            continue  # "Creating Ireland's Future": a longer title than the rule can delimit
        before = doc[gerund.i - 1]
        if before.is_space or before.text in ("-", "–", "—", "•", ":") or (
                before.is_alpha and before.is_title and before.lower_ not in lexicon()["leading_stopwords"]):
            continue  # a list item's first word, or inside a longer capitalised run
        mention.start, mention.label, mention.source, mention.canonical = gerund.i, "ORG", "pattern", None
        taken.add(gerund.i)


def _numbered_services(doc: Doc, mentions: list[Mention]) -> None:
    """"NHS 111": an acronym body directly followed by a short number that is neither
    a year nor a count of something (no plural noun, unit or % after it) names a
    numbered service; the number is part of the name."""
    taken = _taken(mentions)
    for mention in mentions:
        if mention.label != "ORG" or mention.end - mention.start != 1 or mention.end + 1 >= len(doc):
            continue
        body, number, after = doc[mention.start], doc[mention.end], doc[mention.end + 1]
        if not (body.is_upper and len(body) >= 2 and number.is_digit and 2 <= len(number) <= 4) or number.i in taken:
            continue
        if 1900 <= int(number.text) <= 2099 or body.whitespace_ != " ":
            continue
        if after.tag_ in ("NNS", "NNPS", "CD") or after.text in ("%", "-", "–") or after.like_num \
                or after.lower_ in ("per", "percent", "million", "billion", "thousand"):
            continue
        mention.end, mention.canonical = mention.end + 1, None


def _local_parties(doc: Doc, mentions: list[Mention], code: str | None) -> None:
    """Party forms that are a party only in the document's country ("the Coalition" in
    Australia): every occurrence not inside another name."""
    surfaces = local_surfaces(code)
    if not surfaces:
        return
    lex = lexicon()
    taken = _taken(mentions)
    for surface in surfaces:
        words = surface.split()
        for token in doc:
            end = token.i + len(words)
            if end > len(doc) or [t.text for t in doc[token.i:end]] != words or taken.intersection(range(token.i, end)):
                continue
            before = doc[token.i - 1] if token.i > 0 else None
            after = doc[end] if end < len(doc) else None
            if before is not None and before.is_alpha and before.is_title and not token.is_sent_start \
                    and before.lower_ not in lex["leading_stopwords"]:
                continue  # "Liberal National Coalition" is the table's; "X Coalition" another name
            if after is not None and after.is_alpha and after.is_title and not after.is_sent_start \
                    and after.lower_ not in lex["generic_institutions"]:
                continue
            mentions.append(Mention(token.i, end, "ORG", "pattern"))
            taken.update(range(token.i, end))


# --- 2. parties: the party as a noun is ORG, as a modifier or its members NORP ---

def _label_parties(doc: Doc, mentions: list[Mention], known: dict[str, Known]) -> None:
    for mention in mentions:
        entry = known.get(name_key(doc[mention.start:mention.end].text))
        if entry is None or not entry.is_party:
            continue
        if entry.form != "names":
            mention.label = "NORP"
        else:
            mention.label = "NORP" if _modifies_noun(doc, mention) else "ORG"


def _modifies_noun(doc: Doc, mention: Mention) -> bool:
    """Whether a party name is used as an adjective: "the next Labour government"."""
    if mention.end >= len(doc) or doc[mention.end - 1].lower_ == "party":
        return False
    last, following = doc[mention.end - 1], doc[mention.end]
    if not following.is_alpha:
        return False
    if following.tag_:
        if not following.tag_.startswith("NN"):
            return False
        return not last.dep_ or last.dep_ in MODIFIER_DEPS
    return following.is_lower or following.lower_ in lexicon()["generic_institutions"]


# --- 3. names: tables, acronyms defined in the text, short forms, repeats ---

def _name(doc: Doc, mentions: list[Mention], known: dict[str, Known]) -> None:
    for mention in mentions:
        entry = known.get(name_key(doc[mention.start:mention.end].text))
        if entry is not None:
            mention.canonical = entry.canonical
    _link_acronyms(doc, mentions)
    _link_people(doc, mentions)
    _add_repeats(doc, mentions)
    for mention in mentions:
        if mention.canonical is None:
            mention.canonical = plain_name(doc[mention.start:mention.end].text)
            if mention.label == "NORP" and DEMONYM_PLURAL.search(mention.canonical):
                mention.canonical = mention.canonical[:-1]  # "Australians" -> "Australian"
        if mention.linked:
            mention.source = "alias"


def _link_acronyms(doc: Doc, mentions: list[Mention]) -> None:
    """"Long Form (ACRO)": every mention of ACRO (or ACROs) names the long form's entity."""
    by_start = {m.start: m for m in mentions}
    defined: dict[str, Mention] = {}
    for mention in mentions:
        long_form = doc[mention.start:mention.end]
        acronym = bracketed_acronym(long_form)
        if acronym and abbreviates(acronym, long_form):
            defined.setdefault(acronym[:-1] if acronym.endswith("s") and acronym[-2].isupper() else acronym, mention)
    if not defined:
        return
    taken = _taken(mentions)
    for token in doc:
        base = token.text[:-1] if token.text.endswith("s") and len(token.text) > 2 and token.text[-2].isupper() else token.text
        source = defined.get(base)
        if source is None or token.i in range(source.start, source.end):
            continue
        existing = by_start.get(token.i)
        if existing is not None and existing.end == token.i + 1:
            existing.label, existing.canonical, existing.linked = source.label, _canonical(doc, source), True
        elif token.i not in taken:
            mentions.append(Mention(token.i, token.i + 1, source.label, "alias", _canonical(doc, source), True))
            taken.add(token.i)


def _canonical(doc: Doc, mention: Mention) -> str:
    return mention.canonical or plain_name(doc[mention.start:mention.end].text)


def _link_people(doc: Doc, mentions: list[Mention]) -> None:
    """A person's first or last name alone names the one full name that has it
    ("Goddard" after "Lowell Goddard"); a run of such names is split ("Yvette Sadiq"
    in a signature line, after "Yvette Cooper" and "Sadiq Khan")."""
    full: dict[str, set[str]] = defaultdict(set)
    names = {_canonical(doc, m) for m in mentions if m.label == "PERSON" and m.end - m.start > 1}
    names -= {name for name in names if all(_part_of_other(word, name, names) for word in name.split())}
    for name in names:
        parts = name.split()
        full[parts[0]].add(name)
        full[parts[-1]].add(name)
    if not full:
        return
    for mention in list(mentions):
        if mention.label != "PERSON" or mention.canonical:
            continue
        tokens = doc[mention.start:mention.end]
        if len(tokens) == 1 and len(full.get(tokens.text, ())) == 1:
            mention.canonical, mention.linked = next(iter(full[tokens.text])), True
        elif len(tokens) > 1 and tokens.text not in names and all(len(full.get(t.text, ())) == 1 for t in tokens):
            owners = [next(iter(full[t.text])) for t in tokens]
            if len(set(owners)) == len(owners):
                mentions.remove(mention)
                for token, owner in zip(tokens, owners):
                    mentions.append(Mention(token.i, token.i + 1, "PERSON", mention.source, owner, True))


def _part_of_other(word: str, name: str, names: set[str]) -> bool:
    return any(other != name and word in (other.split()[0], other.split()[-1]) for other in names)


def _add_repeats(doc: Doc, mentions: list[Mention]) -> None:
    """Occurrences the model missed of a multi-word name (or acronym) found in the document."""
    names: dict[tuple[str, ...], Mention] = {}
    surnames: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        words = tuple(t.text for t in doc[mention.start:mention.end])
        if mention.label in PROPAGATED_LABELS and (len(words) > 1 or ACRONYM.match(words[0])):
            names.setdefault(words, mention)
        if mention.label == "PERSON" and len(words) > 1 and words[-1].istitle():
            surnames[words[-1]].add(_canonical(doc, mention))
    for surname, owners in surnames.items():  # "Starmer" after "Keir Starmer"
        if len(owners) == 1 and (surname,) not in names:
            names[(surname,)] = Mention(0, 0, "PERSON", "alias", next(iter(owners)))
    if not names:
        return
    taken = _taken(mentions) | {i for ent in doc.ents for i in range(ent.start, ent.end) if len(ent) == 1}
    firsts: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in names:
        firsts[words[0]].append(words)
    for token in doc:
        for words in firsts.get(token.text, ()):
            end = token.i + len(words)
            if end <= len(doc) and tuple(t.text for t in doc[token.i:end]) == words \
                    and not taken.intersection(range(token.i, end)) and not _inside_name(doc, token.i, end, taken):
                model = names[words]
                mentions.append(Mention(token.i, end, model.label, "alias", _canonical(doc, model), True))
                taken.update(range(token.i, end))


def _inside_name(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether the words are part of a longer capitalised name ("Police Now" in "Police
    Now Foundation"). A neighbour that is another mention, or the capitalised first
    word of the sentence, does not count."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if after is not None and after.i not in taken and after.is_alpha and after.is_title and not after.is_sent_start:
        return True
    return before is not None and before.i not in taken and before.is_alpha and before.is_title \
        and not before.is_sent_start and before.lower_ not in lexicon()["leading_stopwords"]


def _taken(mentions: list[Mention]) -> set[int]:
    return {i for m in mentions for i in range(m.start, m.end)}


# --- rows ---

def _rows(doc: Doc, ctx: DocContext, mentions: list[Mention]) -> Iterator[dict]:
    text = ctx.document.text
    layout = ctx.document.layout
    sentences = ctx.rows["sentences"]
    starts = [s["char_start"] for s in sentences]
    sections = ctx.rows.get("sections", [])
    section_starts = [s["char_start"] for s in sections]
    seen: set[tuple[int, int]] = set()
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        span = doc[mention.start:mention.end]
        start, end = span.start_char, span.end_char
        if (start, end) in seen or start >= end or layout.role_at(start) not in (None, "body"):
            continue  # covers, contents and index pages repeat names from the body
        seen.add((start, end))
        position = bisect.bisect_right(starts, start) - 1
        sentence = sentences[position] if position >= 0 and start < sentences[position]["char_end"] else None
        if sentence is not None:
            section_id = sentence["section_id"]
        else:
            section_id = sections[max(bisect.bisect_right(section_starts, start) - 1, 0)]["section_id"]
        yield {
            "mention_id": row_id(ctx.doc_id, "entities", start, end),
            "entity_id": entity_id(mention.canonical),
            "doc_id": ctx.doc_id,
            "section_id": section_id,
            "sentence_id": sentence["sentence_id"] if sentence is not None else None,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
            "label": mention.label,
            "canonical": mention.canonical,
            "source": mention.source,
            "page_no": ctx.document.layout.page_at(start) if ctx.document.layout.pages else None,
        }


# --- the corpus index ---

@dataclass
class EntityTally:
    """What the index keeps of one entity while it reads the mentions."""

    canonicals: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    texts: set[str] = field(default_factory=set)
    n_mentions: int = 0
    n_documents: int = 0


@register(INDEX_SPEC)
def index_entities(doc: None, ctx: CorpusContext) -> Iterator[dict]:
    """One row per entity of the corpus, with its surface forms and counts.

    Reads the mentions a few hundred documents at a time and keeps a tally per entity,
    so memory grows with the number of distinct entities, not with the collection.
    """
    tallies: dict[str, EntityTally] = defaultdict(EntityTally)
    for chunk in ctx.chunks("entities", ["entity_id", "doc_id", "text", "label", "canonical"]):
        columns = chunk.to_pydict()
        for eid, text, label, canonical in zip(columns["entity_id"], columns["text"], columns["label"],
                                               columns["canonical"]):
            tally = tallies[eid]
            tally.canonicals[canonical] += 1
            tally.labels[label] += 1
            tally.texts.add(text)
            tally.n_mentions += 1
        for eid, _ in set(zip(columns["entity_id"], columns["doc_id"])):  # a document lies in one chunk
            tallies[eid].n_documents += 1
    known = known_names()
    for eid, tally in tallies.items():
        canonical = _most_common(tally.canonicals)
        entry = known.get(name_key(canonical))
        labels = tally.labels
        label = entry.label if entry is not None else min(labels, key=lambda l: (-labels[l], LABEL_ORDER.get(l, 99)))
        key = name_key(canonical)
        aliases = sorted({plain_name(text) for text in tally.texts if name_key(text) != key})
        yield {
            "entity_id": eid, "canonical": canonical, "label": label, "aliases": aliases,
            "n_mentions": tally.n_mentions, "n_documents": tally.n_documents,
        }


def _most_common(counts: Counter) -> str:
    return min(counts, key=lambda v: (-counts[v], v))
