"""Testability: whether a commitment could be checked afterwards as done or not done.

Commitments to attitudes and unmeasurable goals ("take a zero tolerance approach",
"make communities safer", "have the powers they need") are not pledges unless the
unit names concrete means (a number, a date, a named or new instrument). The word
classes are in models/pledges/lexicon.toml (`testability.*`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .commitments import Commitment
from .evidence import Evidence
from .grammar import PLACES, children, first, is_in, is_instrument, lemma, noun_phrase, phrasal, stance
from .predicate import Predicate
from .rules import Lexicon


def testable(commitment: Commitment, predicate: Predicate, evidence: Evidence,
             phrases: dict[str, list[Span]], lex: Lexicon) -> bool:
    """Whether the commitment could be checked afterwards as done or not done: first
    what its wording says, then what its predicate commits to."""
    if predicate.head is None:
        return False
    verdict = _wording_verdict(commitment, predicate, evidence, phrases, lex)
    if verdict is not None:
        return verdict
    return _predicate_testable(predicate, evidence, lex)


def _wording_verdict(commitment: Commitment, predicate: Predicate, evidence: Evidence,
                     phrases: dict[str, list[Span]], lex: Lexicon) -> bool | None:
    """The verdict of the commitment's wording (politeness, rhetoric, necessity, "be",
    support for an object), or None when the predicate decides."""
    head = predicate.head
    if predicate.liking and is_in(head, lex["commitment.politeness_verbs"]):
        return False  # "we would like to thank ...", "... to take this opportunity"
    if is_in(head, lex["commitment.thanking_verbs"]) and not _measure_beside_thanks(head, evidence, lex):
        return False  # "I want to thank the 15,000 volunteers ...", whatever the cue
    for span in phrases.get("RHETORIC", []):
        if any(t in predicate.path for t in span):
            return False  # "we won't take policing back decades"
    content = commitment.content
    if commitment.via in ("subject",) and commitment.kind != "noun" and content is not None:
        wish_to_see = commitment.kind == "verb" and lemma(content) == "see"  # "we want to see the wage rise to £10"
        if is_in(content, lex["commitment.necessity_verbs"]) and (lemma(content) != "have" or children(content, "xcomp")) \
                and not wish_to_see:
            return False  # "we will need to", "we will have to", "we will see"
        if lemma(content) == "be":
            clause = _infinitive_of_complement(content)
            if clause is not None:  # "we will be ready to vote against X", "the first government to legislate X"
                return _predicate_testable(Predicate(clause, lex), evidence, lex)
            if not evidence.strong(*_what_we_will_be(content), commitment.subject):
                return False  # "we will be the party of ...", "Ulster Unionist MPs will be champions for the Union"
    if commitment.kind == "noun" and content is not None and content.pos_ in ("NOUN", "PROPN"):
        return not _rhetorical_object(content, lex)  # "our plans include a new bypass", not "... a fairer society"
    if commitment.kind == "object":
        if any(is_in(t, lex["commitment.announcing_verbs"]) for t in commitment.cue) and _names_people(head, lex):
            return False  # "we are announcing our candidate for Werriwa, Anne Stanley": not a measure
        if commitment.commitment == "firm" and not _rhetorical_object(head, lex):
            return True  # "Congress promises full statehood to Puducherry": what is promised is the measure
        return evidence.strong() or evidence.instrument_in(head)  # "we support a ban on fracking"
    return None


def _measure_beside_thanks(thanks: Token, evidence: Evidence, lex: Lexicon) -> bool:
    """A verb joined to the thanks that names concrete means of its own: "We will thank
    and reward our nurses with a 10% pay rise"; not "thank the 15,000 volunteers and ask
    for their vote"."""
    numbers = {t.i for t in evidence.numbers()}
    return any(verb.pos_ == "VERB" and not is_in(verb, lex["commitment.thanking_verbs"])
               and (any(t.i in numbers for t in verb.subtree) or evidence.instrument_in(verb))
               for verb in thanks.conjuncts)


def _names_people(noun: Token, lex: Lexicon) -> bool:
    """A person, people or a role ("our candidate for Werriwa, Anne Stanley", "our new
    team"), not a measure."""
    if noun.ent_type_ == "PERSON" or any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in noun.children):
        return True
    return _people(noun, lex) or is_in(noun, lex["testability.role_nouns"])


def _rhetorical_object(noun: Token, lex: Lexicon) -> bool:
    """What is promised is not a measure: a pronoun ("we guarantee it"), an attitude, a
    feeling or a whole society ("we promise change", "we guarantee respect", "we pledge a
    fairer country", "a brighter future"), or the party's own support ("we pledge our
    support to farmers")."""
    return (noun.pos_ not in ("NOUN", "PROPN") or is_in(noun, lex["testability.abstract_nouns"])
            or is_in(noun, lex["testability.promised_abstractions"]) or is_in(noun, lex["testability.society_nouns"])
            or noun.ent_type_ == "GPE"
            or any(m.dep_ == "amod" and is_in(m, lex["testability.goal_adjectives"]) for m in noun.children)
            or any(m.dep_ == "poss" and m.lower_ in lex["actor.possessives"] for m in noun.children))


CLAUSE_DEPS = ("relcl", "acl", "advcl", "ccomp", "xcomp")


def _infinitive_of_complement(be: Token) -> Token | None:
    """The "to" clause of what "be" gives its subject, which is what is committed to:
    "ready to vote against any rise in tuition fees", "free to vote on the bill", "the
    first government to legislate a 50% target". Not a relative clause ("a Prime
    Minister who governs for all Australians" describes)."""
    for complement in children(be, "attr", "acomp"):
        for clause in complement.subtree:
            if clause.dep_ in ("xcomp", "acl") and clause.pos_ in ("VERB", "AUX") \
                    and any(c.lower_ == "to" and c.dep_ == "aux" for c in clause.children):
                return clause
    return None


def _what_we_will_be(be: Token) -> list[Span]:
    """The phrases "be" gives its subject, up to their first clause: what they name (a
    name, a number, "for the Union") is no concrete means ("the party of working
    Australians", "champions for the Union", "a Prime Minister who ..."), a measure in a
    clause of theirs is ("the first government to legislate a 50% target")."""
    phrases = []
    for complement in children(be, "attr", "acomp"):
        words = noun_phrase(complement) or [complement]  # a bullet the parser made the complement ("we will all be • better off")
        clauses = [t.left_edge.i for t in complement.subtree if t.dep_ in CLAUSE_DEPS and t is not complement]
        end = min(clauses) if clauses else complement.right_edge.i + 1
        phrases.append(be.doc[words[0].i:max(end, words[-1].i + 1)])
    return phrases


def _predicate_testable(predicate: Predicate, evidence: Evidence, lex: Lexicon) -> bool:
    """A predicate with nothing to check ("do more"), talk, a vague goal, an attitude, a
    goal state, care for people or vague provision is testable only when the unit names
    concrete means (outside the goal itself); any other predicate is."""
    head = predicate.head
    strong = evidence.strong()
    obj = predicate.object
    if not predicate.misparsed and _empty(head, lex):
        return strong
    if is_in(head, lex["testability.discourse_verbs"]) and not children(head, "prt"):
        if stance(head, lex["testability.stance_words"]) is None:
            return False  # "we will say more about this"; "write off debts" is another verb
        return _stance_testable(head, evidence, lex)
    if is_in(head, lex["testability.vague_goal_verbs"]) or phrasal(head) in lex["testability.vague_goal_verbs"]:
        return strong  # "we will tackle ...", "prioritise tackling ..."
    if _abstract_object(head, obj, lex):
        return evidence.strong(obj)  # "make different choices", "restore confidence", "take a zero tolerance approach"
    verdict = _goal_object_verdict(head, obj, evidence, lex)
    if verdict is not None:
        return verdict
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
        if _abstract_object(clause, first(children(clause, "dobj")), lex):
            return strong  # "ensure our government shows respect for families"
    return True


def _stance_testable(head: Token, evidence: Evidence, lex: Lexicon) -> bool:
    """"Say no / yes to X" refuses or takes up X ("say no to new coal mines"): checkable
    unless X is a place, people, an attitude or a goal ("say yes to Scotland", "never
    say no to a patient", "say no to division", "say no to a good idea"), which only
    concrete means named elsewhere in the unit make checkable."""
    taken = first([o for p in children(head, "prep") if p.lower_ == "to" for o in children(p, "pobj", "pcomp")])
    if taken is None:
        return False
    if taken.pos_ == "VERB":
        return True  # "say no to selling off our forests": an act refused
    goal = any(m.dep_ == "amod" and is_in(m, lex["testability.goal_adjectives"]) for m in taken.children)
    if taken.ent_type_ in PLACES or _people(taken, lex) or is_in(taken, lex["testability.abstract_nouns"]) or goal:
        return evidence.strong(taken)
    return True


def _goal_object_verdict(head: Token, obj: Token | None, evidence: Evidence, lex: Lexicon) -> bool | None:
    """A goal verb with a goal for object ("deliver a stronger economy", "fight for a
    better future", "build a country that works for everyone") is testable only with
    concrete means outside that object; None when the predicate is not one."""
    goal_object = first([o for p in children(head, "prep") for o in children(p, "pobj")]) if obj is None else obj
    if goal_object is None or not is_in(head, lex["testability.goal_verbs"]):
        return None
    if not is_instrument(goal_object, lex) and any(
            m.dep_ == "amod" and is_in(m, lex["testability.goal_adjectives"]) for m in goal_object.children):
        return evidence.strong(goal_object)
    if is_in(goal_object, lex["testability.society_nouns"]) or goal_object.ent_type_ == "GPE":
        return evidence.strong(goal_object)
    return None


def _abstract_object(verb: Token, obj: Token | None, lex: Lexicon) -> bool:
    """A rhetoric verb with an attitude or feeling as object: "restore confidence"."""
    return (obj is not None and is_in(verb, lex["testability.rhetoric_verbs"]) and is_in(obj, lex["testability.abstract_nouns"])
            and not any(is_in(m, lex["specificity.new_modifiers"]) for m in obj.children))


def _empty(head: Token, lex: Lexicon) -> bool:
    """A predicate without anything to check: "want to go even further", "do more"."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    arguments = [c for c in head.children if c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "dative", "acomp", "prep",
                                                        "advcl", "nsubjpass", "agent", "prt", "npadvmod")]
    if not arguments:
        return True
    # a particle or adverb ("go on", "do much more"); "consult on a new law" has an object
    return all(c.lower_ in lex["testability.empty_complements"] and not children(c, "pobj", "pcomp") for c in arguments)


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
    """Whether an object (with its conjuncts) is people: "victims and the vulnerable"."""
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
