"""Who commits: whether a subject, a possessor or the words before a modal are the party.

A commitment is a pledge only when its actor is the document's party ("we", the
party's name, "a Labour government", "our ministers"); a subject naming another party
or a person makes an attack or a report instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Token

from manifesto.models.entity_rules import Known, ambiguous_party_words, known_names, name_key, party_acronyms

from .grammar import IMPERSONAL_PRONOUNS, PLACES, children, is_in, is_instrument, noun_phrase, owners, phrase_text
from .party import Party, own_marked
from .rules import Lexicon


class ActorFinder:
    """Decides whether a subject (or possessor) is the document's party."""

    def __init__(self, party: Party, lex: Lexicon, local: Mapping[str, Known] | None = None):
        self.party = party
        self.lex = lex
        self.local = local or {}  # the party forms known only in the document's country ("CPM", "AAP")

    def names_party(self, head: Token) -> bool:
        """`names_party` with the document's country's own party forms."""
        return names_party(head, self.local)

    def actor(self, head: Token | None) -> tuple[str | None, bool]:
        """(actor words, is ours). Not ours with a name: another party or person."""
        if head is None:
            return None, False
        lex = self.lex
        if head.lower_ in lex["actor.pronouns"]:
            return head.text, True
        tokens = noun_phrase(head)
        spans = self.party.spans_in(tokens)
        head_in_name = _covers(spans, tokens, head)
        owned = any(t.lower_ in lex["actor.possessives"] and t.dep_ == "poss" for t in tokens)
        is_government = is_in(head, lex["actor.government_nouns"])
        if head_in_name or (is_government and (spans or owned or own_marked(head, self.party))):
            return phrase_text(self._with_conjuncts(head, tokens)), True
        if any(self._names_us(c) for c in head.conjuncts if c.i > head.i):
            return phrase_text(self._coordination(head, tokens)), True  # "The Liberals and Nationals will" (Nationals)
        if is_government and head.lower_ == "party" and any(t.lower_ in lex["actor.self_determiners"] for t in tokens):
            return phrase_text(tokens), True
        return None, False

    def _with_conjuncts(self, head: Token, tokens: list[Token]) -> list[Token]:
        """"The Liberals and Nationals": a coordinated subject of the party's own names
        is the actor as a whole."""
        conjuncts = [c for c in head.conjuncts if c.i > head.i]
        if not conjuncts or not all(self.party.spans_in(noun_phrase(c)) for c in conjuncts):
            return tokens
        return self._coordination(head, tokens)

    def _names_us(self, head: Token) -> bool:
        """Whether a noun is (the head of) one of the party's names: a joint subject
        with the party in it commits the party too ("The Liberals and Nationals will
        ..." in the Nationals' text)."""
        tokens = noun_phrase(head)
        return _covers(self.party.spans_in(tokens), tokens, head)

    @staticmethod
    def _coordination(head: Token, tokens: list[Token]) -> list[Token]:
        """The head's noun phrase through its last conjunct's."""
        conjuncts = [c for c in head.conjuncts if c.i > head.i]
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
        if is_in(tokens[-1], self.lex["actor.government_nouns"]) and own_marked(tokens[-1], self.party):
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
        for owner in owners(noun):
            if owner.dep_ == "poss" and owner.lower_ in self.lex["actor.possessives"]:
                return owner.text, True
            found = self.actor(owner)
            if found[1]:
                return found
        return None, False

    def is_agentive(self, head: Token | None) -> bool:
        """Whether a subject names an agent (a person, party or group) that is not us."""
        if head is None:
            return False
        if head.pos_ == "PRON":
            return head.lower_ not in IMPERSONAL_PRONOUNS
        if self._names_someone(head) or self.names_party(head):
            return True
        return is_in(head, self.lex["actor.government_nouns"])

    def is_named(self, subject: Token | None) -> bool:
        """Whether a subject names another party or a person, or a government by
        another party's or a person's name (a bare government noun may be ours in
        context: "the Government will ...")."""
        if subject is None:
            return False
        if is_in(subject, self.lex["actor.government_nouns"]):
            # "the Government" may be ours in context; "the Howard Government", "a
            # Labour government" (in another party's text) and "the Coalition" (in
            # Australia, another party's name) are not
            return self.names_party(subject) or any(
                self.names_party(t) or (t.pos_ == "PROPN" and t.ent_type_ not in PLACES)
                for t in subject.lefts if t.dep_ in ("compound", "amod", "poss"))
        return self._names_someone(subject) or self.names_party(subject)

    def _names_someone(self, head: Token) -> bool:
        """A person, or a group that acts by its creed ("Nationalists", "the Unionists"),
        as the recogniser tags them; not the people a measure is for (`is_people`), and
        not a programme the small model tags as a person: owned, counted or with an
        article ("Labor's $2.4 billion Cancer Plan will cut ..."), which a person's name
        is not ("Lord Levy", "David Laws")."""
        if head.ent_type_ not in ("PERSON", "NORP") or self.is_people(head):
            return False
        if head.ent_type_ == "PERSON":
            return not (is_instrument(head, self.lex) and any(c.dep_ in ("poss", "det", "nummod") for c in head.lefts))
        return True

    def is_people(self, head: Token) -> bool:
        """A name counted as people, those a measure is for: with a quantifier ("every
        Australian", "all Scots", which the small model tags a nationality or a person),
        or a nationality or faith named bare ("Australians will pay less", "Muslims will
        get 4.5% reservation"). A movement ("Nationalists") or a group with "the" acts."""
        if any(d.dep_ in ("det", "amod", "predet") and d.lower_ in self.lex["actor.people_quantifiers"]
               for d in head.lefts):
            return True
        if head.ent_type_ != "NORP" or any(d.dep_ == "det" and d.lower_ == "the" for d in head.lefts):
            return False
        return not head.lower_.endswith(tuple(self.lex["actor.movement_suffixes"]))

    def agent_phrase(self, clause: Token) -> str | None:
        """"With Labour, ..." / "Under a Labour government, ..." / "... under Labor": the
        party as agent."""
        for prep in self._agent_preps(clause):
            for obj in children(prep, "pobj"):
                actor, ours = self.actor(obj)
                if ours and obj.lower_ not in self.lex["actor.pronouns"]:
                    return actor
        return None

    def _agent_preps(self, clause: Token) -> list[Token]:
        """The clause's prepositions that may name its agent: "with" or "under" before
        it, "under" after it, also where the parser hangs it on the clause's object
        ("There will be no new taxes under a Labor Government": "under" on "taxes")."""
        fronted = [p for p in children(clause, "prep") if p.i < clause.i and p.lower_ in self.lex["actor.agent_prepositions"]]
        hosts = [clause, *(c for c in clause.children if c.dep_ in ("attr", "dobj") and c.i > clause.i)]
        trailing = [p for host in hosts for p in children(host, "prep")
                    if p.i > clause.i and p.lower_ in self.lex["actor.trailing_agent_prepositions"]]
        return fronted + trailing

    def foreign_agent(self, clause: Token) -> bool:
        """Another party as the agent of a clause: "Under the Tories, ...", "Under Tory
        plans, ...", "... will rise under the Liberals", "... under a Morrison
        Government", "... will be closed by the SNP". A person counts only before the
        clause ("Under Scott Morrison, ..."): "led by Dame Carol Black" names who runs a
        measure, "under the Corporations Act" a law."""
        for prep in children(clause, "agent"):
            if any(self._another_party(t) for obj in children(prep, "pobj") for t in _agent_words(obj, self.lex)):
                return True
        for prep in self._agent_preps(clause):
            before = prep.i < clause.i
            for obj in children(prep, "pobj"):
                for token in _agent_words(obj, self.lex):
                    government = is_in(token, self.lex["actor.government_nouns"])
                    if self._another_named(token) if before or government else self._another_party(token):
                        return True
        return False

    def foreign_owner(self, subject: Token | None) -> bool:
        """A subject owned by another party or a person: "The Liberals' Plan will cut
        ...", "Morrison's energy plan will ..." (an attack on their programme)."""
        return subject is not None and any(self._another_named(owner) for owner in children(subject, "poss"))

    def _another_party(self, token: Token) -> bool:
        """Whether a token names a party that is not ours."""
        return self.names_party(token) and not self.actor(token)[1]

    def _another_named(self, token: Token) -> bool:
        """Whether a token names another party, a person, or a government by another's
        name ("the Morrison Government"), not ours."""
        return self.is_named(token) and not self.actor(token)[1]


def _covers(spans: list[tuple[int, int]], tokens: list[Token], head: Token) -> bool:
    """Whether one of the (start, end) name spans over `tokens` contains `head`."""
    return any(tokens[a].i <= head.i <= tokens[b - 1].i for a, b in spans)


def _agent_words(obj: Token, lex: Lexicon) -> list[Token]:
    """The words of an agent phrase that may name whose it is: the noun, its owner and
    its modifiers ("Tory plans", "a Labour government", "the SNP's cuts", "the
    Conservative Spending Review"). Inside a proper name, a party form that is also an
    ordinary word names no party ("the National Living Wage", "the Green Deal" are
    schemes, not the Nationals' or the Greens')."""
    modifiers = [t for t in obj.children if t.dep_ in ("poss", "compound", "amod")]
    if obj.pos_ == "PROPN" and not is_in(obj, lex["actor.government_nouns"]):
        ambiguous = ambiguous_party_words()
        modifiers = [t for t in modifiers if t.dep_ == "poss" or name_key(t.text) not in ambiguous]
    return [obj] + modifiers


def names_party(head: Token, local: Mapping[str, Known] | None = None) -> bool:
    """A subject that names a political party: a party of the entity tables
    (models/entities/parties.jsonl: "Labour", "the Tories"; with `local`, also the forms
    that are a party only in the document's country: "CPM", "AAP" in India), or a proper
    name with "party" in it. Other organisations are not agents of their own here: "The NHS will
    remain ...", "The new Planning Commission will ..." state what the programme does."""
    phrase = [t for t in head.subtree if t.i <= head.i and (t.dep_ in ("compound", "amod", "poss") or t is head)]
    surfaces = {head.text, " ".join(t.text for t in phrase)}
    if head.ent_type_:
        surfaces.add(_entity_text(head))
    known, local, acronyms = known_names(), local or {}, party_acronyms()
    keys = [name_key(s) for s in surfaces if s.isupper() or name_key(s) not in acronyms]  # "the ACT", not "the Act"
    found = [local.get(key) or known.get(key) for key in keys]  # the country's reading first
    if any(entry is not None and entry.is_party for entry in found):
        return True
    return any(t.lower_ in ("party", "parties") for t in phrase) and any(t.pos_ == "PROPN" for t in phrase)


def _entity_text(token: Token) -> str:
    """The text of the named entity a token is in, read from its IOB tags (the length of
    the entity, not a search through every entity of the document)."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text
