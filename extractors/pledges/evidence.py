"""What makes a unit checkable and specific: numbers, dates, names and instruments.

Testability and specificity both ask what concrete means a unit names; `Evidence`
reads them once per unit (cached) for every question asked of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from spacy.tokens import Span, Token

from .actors import ActorFinder
from .grammar import children, imperative_head, is_in, is_instrument
from .rules import Lexicon

QUANTITY_ENTS = ("CARDINAL", "MONEY", "PERCENT", "QUANTITY")
NAME_ENTS = ("ORG", "LAW", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART")
ONE_WORD_NAME_ENTS = ("ORG", "LAW", "FAC", "PRODUCT")


def _memoised(method):
    """Cache a method without arguments in the Evidence's `_cache`: the rules ask the
    same question of a unit several times (once per reading of its commitments)."""
    name = method.__name__

    @wraps(method)
    def cached(self):
        if name not in self._cache:
            self._cache[name] = method(self)
        return self._cache[name]
    return cached


@dataclass
class Evidence:
    """What makes a unit checkable and specific: numbers, dates, names, instruments."""

    unit: Span
    finder: ActorFinder
    lex: Lexicon
    year: int | None
    ents: list[Span] = field(default_factory=list)
    time_phrases: list[Span] = field(default_factory=list)
    antecedent: Evidence | None = None  # the unit before in the same paragraph
    _cache: dict = field(default_factory=dict)

    @_memoised
    def _party_tokens(self) -> set[int]:
        """Positions of the party's names: the party naming itself ("SNP", "Fine Gael") is no concrete means."""
        tokens = list(self.unit)
        return {tokens[i].i for a, b in self.finder.party.spans_in(tokens) for i in range(a, b)}

    @_memoised
    def time_frames(self) -> list[Span]:
        """The unit's time frames in text order: dates ahead of the election with their
        preposition ("by 2025", "within 100 days of forming a government"), years the
        recogniser missed, and the fixed time phrases ("in our first term")."""
        frames = [frame for ent in self.ents if ent.label_ == "DATE" and (frame := self._date_frame(ent)) is not None]
        for token in self.bare_years():  # "from 2022", "by 2025" that the recogniser took for a count
            frames.append(self.unit.doc[token.i - 1:token.i + 1])
        for phrase in self.time_phrases:  # "in our first term", "by the end of the next Parliament"
            if not any(f.start <= phrase.start < f.end or phrase.start <= f.start < phrase.end for f in frames):
                frames.append(phrase)
        frames.sort(key=lambda f: f.start)
        return frames

    def _date_frame(self, ent: Span) -> Span | None:
        """A DATE entity as a time frame, or None when it is past, an age, a comparison
        ("more than a year") or no time the commitment is bound to."""
        lex = self.lex
        words = {t.lower_ for t in ent}
        years = [int(t.text) for t in ent if t.text.isdigit() and len(t.text) == 4]
        start = ent.start
        before = self.unit.doc[start - 1] if start > self.unit.start else None
        deadline = (before is not None and before.lower_ in lex["time.deadline_prepositions"]) or (
            ent[0].lower_ in lex["time.deadline_prepositions"])
        future = (bool(words & lex["time.future_words"]) or deadline) and not words & {"last", "past", "previous", "ago"}
        if words & lex["time.age_words"]:
            return None
        if years:
            future = self.year is None or all(y >= self.year for y in years)
        if not future or not any(ch.isalpha() or ch.isdigit() for ch in ent.text):
            return None
        if before is not None and before.lower_ in lex["time.prepositions"]:
            start -= 1
        elif ent[0].lower_ not in lex["time.prepositions"] and not years:
            if ent.root.head.lower_ not in lex["time.prepositions"]:
                return None
        if ent.root.head.lower_ in ("than", "since", "of") or (before is not None and before.lower_ in ("than", "since", "of")):
            return None
        return self.unit.doc[start:self._anchored_end(ent, deadline)]

    def time_frame(self) -> str | None:
        """The `time_frame` field: the first time frame's words."""
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

    @_memoised
    def bare_years(self) -> list[Token]:
        """Years after a time preposition that the recogniser did not mark as dates
        ("from 2022", "by 2025" tagged CARDINAL), from the election year on."""
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
        return out

    @_memoised
    def numbers(self) -> list[Token]:
        """Numbers and quantity words ("£10", "500", "half", "a million"), not dates, years or the party's name."""
        out = []
        skipped = self._party_tokens() | {t.i for t in self.bare_years()}
        quantity_words = self.lex["specificity.quantity_words"]
        for token in self.unit:
            if not (token.ent_type or token.like_num or token.lower_ in quantity_words):
                continue  # most words: no entity, no number, no quantity word
            if token.ent_type_ in ("DATE", "TIME", "ORDINAL") or token.i in skipped:
                continue
            if token.like_num and any(ch.isdigit() for ch in token.text):
                out.append(token)
            elif token.ent_type_ in QUANTITY_ENTS and token.pos_ == "NUM" and token.lower_ not in self.lex["specificity.non_quantity_numbers"]:
                out.append(token)
            elif token.ent_type_ in ("MONEY", "PERCENT"):
                out.append(token)
            elif token.lower_ in quantity_words and token.pos_ in ("NOUN", "NUM", "ADJ", "ADV"):
                out.append(token)
        return out

    def quantity_in(self, head: Token) -> bool:
        """Whether a number lies in the phrase `head` heads."""
        numbers = {t.i for t in self.numbers()}
        return any(t.i in numbers for t in head.subtree)

    def names(self) -> list[Token]:
        """Named things that are not the party: quoted names, acronyms, multi-word
        organisation or law names, capitalised instrument names. In a unit set in
        capitals only quotes and entities count."""
        party = self._party_tokens()
        tokens = list(self.unit)
        found = _quoted_words(tokens)
        if not _all_caps(tokens):
            found += _capitalised_names(tokens, party, self.unit.start, self.lex) + _name_runs(tokens, party, self.lex)
        for ent in self.ents:
            if ent.label_ in NAME_ENTS and len(ent) >= 2 and not any(t.i in party for t in ent) \
                    and not all(t.lower_ in self.lex["specificity.non_name_words"] for t in ent if t.is_alpha):
                found.extend(ent)
        return found

    @_memoised
    def new_instruments(self) -> list[Token]:
        """Instruments and bodies that are new or created ("a new Police Standards
        Authority", "set up a child protection unit", "introduce mandatory reporting"),
        and facilities built or new (`_built_facility`)."""
        lex = self.lex
        return [token for token in self.unit if token.pos_ in ("NOUN", "PROPN") and (
            (is_instrument(token, lex) and _new_or_made(token, lex))
            or _built_facility(token, lex))]

    def strong(self, *outside: Token | Span | None) -> bool:
        """Whether the unit names a number, a time frame, a named thing or a new
        instrument; with `outside`, only counting what lies outside those phrases (a
        token stands for its subtree), so "make the NHS the best in the world" is not
        rescued by its own object."""
        excluded = {t.i for phrase in outside if phrase is not None
                    for t in (phrase.subtree if isinstance(phrase, Token) else phrase)}
        return bool(self._concrete_means() - excluded)

    @_memoised
    def _concrete_means(self) -> set[int]:
        """Positions of the numbers, names, new instruments and time frames `strong` counts."""
        tokens = [t.i for t in self.numbers() + self.names() + self.new_instruments()]
        return set(tokens) | {t.i for span in self.time_frames() for t in span}

    @_memoised
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
        """Whether an instrument (named, new or not) lies in the phrase `head` heads."""
        inside = {t.i for t in head.subtree}
        return any(t.i in inside for t in self.instruments() + self.new_instruments())

    @_memoised
    def legal_acts(self) -> list[Token]:
        """Verbs changing the legal status of what they name: "ban", "legalise"; also
        the verb an imperative item starts with, which the small model often tags as a
        name or noun ("Ban fracking", "Decriminalise abortion")."""
        opening = imperative_head(self.unit)
        return [t for t in self.unit if (t.pos_ == "VERB" or t == opening)
                and is_in(t, self.lex["specificity.legal_verbs"])]

    @_memoised
    def specific(self) -> bool:
        """The `specificity` field: "specific" when the unit names concrete means."""
        return self.strong() or bool(self.instruments()) or bool(self.legal_acts()) or self.names_programme()

    def names_programme(self) -> bool:
        """Whether a verb acts on a body or programme named in one word ("protect
        Medicare"). It makes the unit specific but does not make a vague goal checkable
        (it is not in `strong`): the small model's recogniser also marks capitalised
        ideas as organisations ("tackle Islamophobia")."""
        party = self._party_tokens()
        return any(len(ent) == 1 and _one_word_name(ent, self.unit.start) and ent.start not in party for ent in self.ents)


def _new_or_made(noun: Token, lex: Lexicon) -> bool:
    """Whether an instrument or body is new ("a new body", "a national register") or the
    object of a creation verb ("set up a unit", "introduce and fund a scheme")."""
    if any(m.dep_ in ("amod", "compound", "nmod") and is_in(m, lex["specificity.new_modifiers"]) for m in noun.children):
        return True
    verb = _verb_acting_on(noun, through=("conj", "appos", "compound"))
    return verb is not None and is_in(verb, lex["specificity.creation_verbs"])


def _built_facility(noun: Token, lex: Lexicon) -> bool:
    """A facility new or built: "build a new hospital in Geelong", "a second airport";
    not the party's own ("our hospitals"), not one merely named in a compound ("a
    hospital system"), not a figure of speech ("build bridges between communities")."""
    if not is_in(noun, lex["specificity.facility_nouns"]) or noun.dep_ == "compound":
        return False
    if any(c.dep_ == "poss" for c in noun.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in lex["specificity.figurative_prepositions"] for c in noun.children):
        return False
    if any(m.dep_ == "amod" and (m.lower_ == "new" or m.ent_type_ == "ORDINAL") for m in noun.children):
        return True
    verb = _verb_acting_on(noun, through=("conj", "appos"))
    return verb is not None and is_in(verb, lex["specificity.building_verbs"])


def _verb_acting_on(noun: Token, through: tuple[str, ...]) -> Token | None:
    """The verb whose object (or passive subject) the noun is, reached through the
    relations in `through` ("set up and fund a unit and a register": "register" via its
    conjunct); None when the noun is no verb's object."""
    while noun.dep_ in through and noun.head is not noun:
        noun = noun.head
    return noun.head if noun.dep_ in ("dobj", "nsubjpass") else None


def _all_caps(tokens: list[Token]) -> bool:
    """A unit set in capitals (a heading): capitals name nothing there."""
    return sum(t.is_upper for t in tokens if t.is_alpha) > 0.6 * max(1, sum(t.is_alpha for t in tokens))


def _one_word_name(ent: Span, unit_start: int) -> bool:
    """A one-word name of a body, programme or law that a verb acts on ("protect
    Medicare", "fund Centrelink"): a proper noun the recogniser marked, as a verb's
    object, not the unit's first word (capitalised anyway), not an event ("Brexit") and
    without a determiner (a capitalised common noun: "the Council", "This Authority")."""
    token = ent[0]
    return (ent.label_ in ONE_WORD_NAME_ENTS and token.pos_ == "PROPN" and token.i != unit_start
            and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB"
            and token.text[:1].isupper() and not children(token, "det", "poss"))


def _quoted_words(tokens: list[Token]) -> list[Token]:
    """The words between quotes, up to ten: a quoted name ("the 'Help to Buy' scheme")."""
    found = []
    quotes = [i for i, t in enumerate(tokens) if t.is_quote and t.tag_ != "POS"]
    for a, b in zip(quotes, quotes[1:]):
        inner = tokens[a + 1:b]
        if 1 <= len(inner) <= 10 and inner[0].is_alpha:
            found.extend(inner)
    return found


def _capitalised_names(tokens: list[Token], party: set[int], unit_start: int, lex: Lexicon) -> list[Token]:
    """Acronyms ("NHS", "PCCs") and capitalised instrument names ("Police Innovation
    Fund", "Victims' Law"), not the party's own name."""
    found = []
    for i, token in enumerate(tokens):
        if token.i in party or not token.is_alpha and not token.text.rstrip("s").isalpha():
            continue
        core = token.text[:-1] if token.text.endswith("s") else token.text
        if len(core) >= 2 and core.isupper() and core.isalpha() and token.lower_ not in lex["specificity.non_name_words"]:
            found.append(token)  # NHS, IPCC, PCCs
        elif i > 0 and token.text[:1].isupper() and is_instrument(token, lex):
            previous = tokens[i - 1] if tokens[i - 1].tag_ != "POS" else tokens[i - 2] if i > 1 else tokens[i - 1]
            if previous.text[:1].isupper() and previous.i not in party and previous.i != unit_start:
                found.append(token)  # "Police Innovation Fund", "Victims' Law"
    return found


def _name_runs(tokens: list[Token], party: set[int], lex: Lexicon) -> list[Token]:
    """Runs of two or more capitalised proper nouns after the unit's first word: "Justice Goddard"."""
    found: list[Token] = []
    run: list[Token] = []
    for token in tokens[1:] + [None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper() and token.i not in party \
                and token.lower_ not in lex["specificity.non_name_words"]:
            run.append(token)
            continue
        if len(run) >= 2:
            found.extend(run)
        run = []
    return found
