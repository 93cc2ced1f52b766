"""The rules' verdict on one unit: which commitment could make it a pledge, and whether one does.

A unit may hold several commitments (and inherit one from its lead-in); they are tried
the party's own first, and the first checkable one makes the pledge. Every finding on
the way is kept as a signal for the classifier.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .actors import ActorFinder
from .coding import pledge_fields
from .commitments import Commitment
from .evidence import Evidence
from .features import evidence_signals
from .grammar import IMPERSONAL_PRONOUNS, clause_root, first, imperative_head, is_in, lemma, owners
from .predicate import Predicate
from .rules import Lexicon
from .testability import testable


@dataclass
class Analysis:
    """What the rules read in a unit: the pledge fields when they judge it a pledge, the
    fields of its best commitment otherwise (for a classifier that overrules them), and
    the signals a classifier weighs (models/pledges/classifier)."""

    fields: dict | None
    fallback: dict | None
    signals: set[str]
    tentative: bool = False  # accepted only as a passive measure out of context: the classifier decides


def analyse_unit(unit: Span, candidates: list[Commitment], inherited: Commitment | None, in_context: bool,
                 finder: ActorFinder, lex: Lexicon, phrases: dict[str, list[Span]], evidence: Evidence) -> Analysis:
    """The rules' reading of a unit: pledge fields (or None) and the signals behind them.

    `candidates` are the unit's own commitments, `inherited` its lead-in's (for a list
    item), `in_context` says the unit before in the paragraph was a pledge.
    """
    signals: set[str] = set()
    options = _pledge_options(unit, candidates, inherited, in_context, finder, lex, signals, evidence.specific())
    fallback = None
    for commitment, lead_content in options:
        predicate = Predicate(commitment.content, lex)
        checkable = testable(commitment, predicate, evidence, phrases, lex)
        # A list item speaks with its lead-in's voice, whichever clause of it is checkable.
        voice = options[0][0] if inherited is not None and commitment.kind == "impersonal" else commitment
        fields = pledge_fields(unit, commitment, voice, predicate, lead_content, evidence, phrases, lex)
        signals.add(f"r_{commitment.kind}_{'testable' if checkable else 'untestable'}")
        if checkable:
            signals.add("r_pledge")
            return Analysis(fields, fields, signals | evidence_signals(evidence), tentative=commitment.via == "measure")
        fallback = fallback or fields
    impersonal = None if fallback is not None else _impersonal_reading(candidates, finder)
    if impersonal is not None:
        fallback = pledge_fields(unit, impersonal, impersonal, Predicate(impersonal.content, lex), None, evidence,
                                 phrases, lex)
    return Analysis(None, fallback, signals | evidence_signals(evidence))


def _impersonal_reading(candidates: list[Commitment], finder: ActorFinder) -> Commitment | None:
    """An impersonal modal the rules did not take as a pledge ("Funding will follow the
    patient", no pledge before it), as the party's with no actor: the fields a unit is
    coded with if the classifier calls it a pledge (its cue "will", not none)."""
    for commitment in candidates:
        if not commitment.own and commitment.content is not None and _impersonal_modal(commitment, finder):
            return _as_impersonal(commitment, None, "context")
    return None


def _passive(commitment: Commitment) -> bool:
    return commitment.subject is not None and commitment.subject.dep_ == "nsubjpass"


def _impersonal_modal(commitment: Commitment, finder: ActorFinder) -> bool:
    """A modal whose subject does not act of its own: a passive ("targets will be
    abolished") or a thing ("funding will follow the patient")."""
    return commitment.kind == "modal" and (_passive(commitment) or not finder.is_agentive(commitment.subject))


def _as_impersonal(commitment: Commitment, actor: str | None, via: str) -> Commitment:
    """The commitment read as the party's impersonal measure."""
    return Commitment(commitment.cue, commitment.commitment, commitment.content, subject=commitment.subject,
                      actor=actor, own=True, negative=commitment.negative, kind="impersonal", via=via)


def _pledge_options(unit: Span, candidates: list[Commitment], inherited: Commitment | None, in_context: bool,
                    finder: ActorFinder, lex: Lexicon, signals: set[str],
                    concrete: bool) -> list[tuple[Commitment, Token | None]]:
    """The commitments a unit could be a pledge by, the party's own first, each with the
    content of the lead-in it continues (or None). What is found on the way is added to
    `signals`."""
    options: list[tuple[Commitment, Token | None]] = []
    if inherited is not None:
        signals.add(f"r_inherits_{inherited.kind}")
        options.append((_as_list_item(inherited, unit), inherited.content))
    for commitment in candidates:
        signals.add(f"r_cue_{commitment.kind}_{commitment.commitment}")
        if commitment.kind == "headless" or commitment.content is None:
            continue
        if _subordinate(commitment, lex) or _wh_clause(commitment) or _believed(commitment, lex):
            signals.add("r_subordinate")
            continue
        if commitment.own:
            signals.add("r_own")
            options.append((commitment, None))
            continue
        impersonal = _impersonal(commitment, in_context or inherited is not None, finder, lex, signals, concrete)
        if impersonal is not None:
            options.append((impersonal, None))
    return options


def _as_list_item(lead_in: Commitment, unit: Span) -> Commitment:
    """The lead-in's commitment made by one of its items: the lead-in's actor and cue,
    the item's verb (or root) as what is committed to."""
    return Commitment(lead_in.cue, lead_in.commitment, imperative_head(unit) or unit.root,
                      actor=lead_in.actor, own=True,
                      negative=lead_in.negative, kind="inherited", via="lead_in", cue_text=lead_in.text())


def _impersonal(commitment: Commitment, in_context: bool, finder: ActorFinder, lex: Lexicon,
                signals: set[str], concrete: bool = False) -> Commitment | None:
    """A commitment that is not the party's own words as the party's impersonal measure
    ("Centrally set targets will be abolished"): only a modal with no agent of its own,
    whose predicate is a measure (not an effect), and only when "With <party>, ..."
    makes the party its agent, the context (a pledge just before, a committing
    lead-in) makes it ours, or it is a passive measure naming concrete means
    ("Prescription charges will be abolished from April 2026"; 88% of those are pledges
    in the UK dev gold, but a forecast has the same form, "3,000 jobs will be lost in
    2026", so the classifier still makes the call: `via` "measure"). None otherwise:
    another party or person acting, or named as the agent ("Under the Conservatives,
    ..."), is an attack or a report."""
    passive = _passive(commitment)
    addressed = _addressed_under_us(commitment, finder, lex)
    if addressed is not None:
        signals.add("r_addressed")
        return _as_impersonal(commitment, addressed, "agent")
    if not _impersonal_modal(commitment, finder):
        signals.add("r_other_actor")
        if finder.is_named(commitment.subject) or _named_promiser(commitment, finder, lex) or \
                finder.foreign_agent(clause_root(commitment.content)):
            signals.add("r_other_party")  # "The Conservatives will cut ...", "Under the Liberals, the Government will ..."
        return None
    signals.add("r_impersonal_passive" if passive else "r_impersonal")
    agent = finder.agent_phrase(clause_root(commitment.content))
    policy = _policy_predicate(commitment.content, commitment.subject, lex)
    signals.add("r_policy_predicate" if policy else "r_effect_predicate")
    if finder.foreign_agent(clause_root(commitment.content)) or finder.foreign_owner(commitment.subject):
        signals.add("r_other_party")  # "Under the Conservatives, 200 police stations will be closed"
        return None
    measure = passive and concrete
    if (agent is None and not in_context and not measure) or not policy:
        return None
    return _as_impersonal(commitment, agent, "agent" if agent else ("context" if in_context else "measure"))


def _addressed_under_us(commitment: Commitment, finder: ActorFinder, lex: Lexicon) -> str | None:
    """The party as agent of what will happen to the reader, or of what an unnamed
    government will do: "Under a Liberal Democrat government, you will not have to pay
    ...", "With Labor, you will pay less for childcare", "Under Labor, the Government
    will establish a $15 billion fund". The party's words as agent, or None."""
    subject = commitment.subject
    if commitment.kind != "modal" or subject is None:
        return None
    if subject.lower_ not in lex["actor.addressee_pronouns"] and not _unnamed_government(subject, lex):
        return None
    return finder.agent_phrase(clause_root(commitment.content))


def _unnamed_government(subject: Token, lex: Lexicon) -> bool:
    """"the Government", "the next government", "the Federal Government": a government
    noun with no name, owner or other word before it that says whose it is (a level of
    government, parties.toml `government_level_words`, says which, not whose)."""
    levels = lex.parties["government_level_words"]
    return is_in(subject, lex["actor.government_nouns"]) and not any(
        (child.dep_ in ("poss", "compound", "nmod") or child.pos_ == "PROPN") and child.lower_ not in levels
        for child in subject.children)


def _named_promiser(commitment: Commitment, finder: ActorFinder, lex: Lexicon) -> bool:
    """A commitment verb ("pledges to", "promises to", "is committed to") whose subject
    is a name that is not the party's: someone else's promise ("The BJP promises to
    ..."), an organisation or a person named; not a place ("Scotland is committed to net
    zero by 2045": the classifier decides), and not "the Government", which may be ours in
    context. A modal's named subject may be the party's programme ("The new Bill of
    Rights will apply ..."). For a commitment noun, its owner is the promiser ("The Bank
    of England's target is to ...")."""
    subject = commitment.subject
    if commitment.kind == "noun" and subject is not None:
        subject = first(owners(subject, ("of",)))  # "The Bank of England's target is to ..."
    if commitment.kind not in ("verb", "object", "adjective", "noun") or subject is None:
        return False
    if is_in(subject, lex["actor.government_nouns"]):
        return False
    return finder.names_party(subject) or (subject.pos_ == "PROPN" and subject.ent_type_ in ("ORG", "PERSON", "NORP"))


def _policy_predicate(content: Token, subject: Token | None, lex: Lexicon) -> bool:
    """Whether an impersonal future describes a rule or measure (not an effect):
    passive ("will be expanded"), "be mandatory / able / subject to", existential
    "there will be", an entitlement ("communities will have a greater say") or an
    obligation put on someone ("banks will have to report ...")."""
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
    pronoun = subject is not None and subject.lower_ in IMPERSONAL_PRONOUNS
    if _obligation(content, lex) and not pronoun:
        return True  # "Banks will have to report ...": a rule put on someone else
    if is_in(content, lex["predicate.forecast_verbs"]):
        return False
    if is_in(content, lex["predicate.entitlement_verbs"]) and not pronoun:
        return any(c.dep_ in ("dobj", "attr", "acomp") for c in kids)
    return False


def _obligation(content: Token, lex: Lexicon) -> bool:
    """"will have to / need to" with the verb of what must be done: "have to report"."""
    return is_in(content, lex["predicate.obligation_verbs"]) and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in content.children)


def _wh_clause(commitment: Commitment) -> bool:
    """"What we will do", "how we will pay for it": a question word fills the predicate.
    Not "That is why we will cut taxes": the clause after "that/this is why" is the
    sentence's own claim (it reads "so we will cut taxes"), not an embedded question."""
    content = commitment.content
    if content is None or _therefore_clause(content):
        return False
    return any(c.tag_ in ("WP", "WDT", "WRB") and c.dep_ in ("dobj", "advmod", "attr", "pobj") for c in content.children)


def _therefore_clause(clause: Token) -> bool:
    """The clause of "That is why ...", "This is why ...", "..., which is why ...": "why"
    in it, and it hangs on a "be" whose subject is a pronoun for what was just said."""
    head = clause.head
    return (clause.dep_ in ("ccomp", "advcl") and lemma(head) == "be"
            and any(c.dep_ == "advmod" and c.lower_ == "why" for c in clause.children)
            and any(c.dep_ == "nsubj" and c.lower_ in ("that", "this", "which", "it") for c in head.children))


def _believed(commitment: Commitment, lex: Lexicon) -> bool:
    """A modal in the complement of a verb of belief ("We believe that more choice will
    end waiting lists", "We expect that the outcome will be ..."): a forecast or a view,
    whoever holds it. Not when the party is the modal's subject ("I know that a
    Conservative government will cut ...", or a run-on "We believe in X We will abolish
    Y" the parser hangs on "believe"), and only the clause itself, not one joined to it
    with a subject of its own ("... should be free and a Labour government will ...")."""
    content = commitment.content
    if commitment.kind != "modal" or content is None or commitment.own:
        return False
    return content.dep_ == "ccomp" and is_in(content.head, lex["commitment.belief_verbs"])


def _subordinate(commitment: Commitment, lex: Lexicon) -> bool:
    """A commitment mentioned in a subordinate clause ("as we will set out below")."""
    clause = commitment.content if commitment.kind == "modal" else commitment.cue[0]
    if clause is None:
        return False
    clause = clause_root(clause)
    return clause.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in lex["commitment.subordinators"] and c.i < clause.i for c in clause.children)
