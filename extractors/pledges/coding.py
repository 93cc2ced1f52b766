"""Coding a pledge: type, polarity, specificity, condition and time frame.

Read from the committed predicate, its dependents and the entities in the unit, the
way pledge researchers code them (docs/pledges.md, "Fields").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .commitments import Commitment
from .evidence import Evidence
from .grammar import children, clause_root, first, is_in, lemma, is_instrument, phrasal, prepositional, stance
from .predicate import Predicate
from .rules import Lexicon


def pledge_fields(unit: Span, commitment: Commitment, voice: Commitment, predicate: Predicate, lead_content,
                  evidence: Evidence, phrases: dict[str, list[Span]], lex: Lexicon) -> dict:
    """The coded fields of a pledge made by `commitment` (spoken with `voice`)."""
    pledge_type = _pledge_type(predicate, lead_content, evidence, lex)
    return {
        "actor": voice.actor,
        "cue": _process_cue(voice, predicate, lex) if pledge_type == "process" else voice.text(),
        "commitment": voice.commitment,
        "pledge_type": pledge_type,
        "polarity": "negative" if commitment.negative != _refuses(predicate, lex) else "positive",
        "specificity": "specific" if evidence.specific() or _refers_back(predicate, evidence) else "vague",
        "condition": _condition(unit, predicate, phrases, lex),
        "time_frame": evidence.time_frame() or _time_clause(unit, predicate, lex),
    }


def plain_fields(unit: Span, evidence: Evidence, lex: Lexicon) -> dict:
    """Fields of a pledge with no commitment words of its own (an item under "Our
    policies:", a bare imperative heading): no actor or cue to quote."""
    negative = any(t.lower_ in lex["commitment.negations"] or (t.lower_ == "no" and t.i == unit.start) for t in unit)
    return {"actor": None, "cue": None, "commitment": "firm", "pledge_type": "action",
            "polarity": "negative" if negative else "positive",
            "specificity": "specific" if evidence.specific() else "vague",
            "condition": None, "time_frame": evidence.time_frame()}


def _refuses(predicate: Predicate, lex: Lexicon) -> bool:
    """"(We will:) Say no to a new runway": a refusal in positive words ("We will not
    say no to new nuclear power" is then a yes)."""
    return stance(predicate.head, lex["testability.stance_words"]) == "no"


def _process_cue(commitment: Commitment, predicate: Predicate, lex: Lexicon) -> str:
    """The cue of a process pledge includes its verb when the verb follows the modal:
    "will consult", "will review"; not "will also ask (the Board to review)"."""
    head = predicate.head
    modal = commitment.cue[0] if commitment.cue else None
    if commitment.kind != "modal" or head is None or modal is None or not 0 < head.i - modal.i <= 3:
        return commitment.text()
    if not _is_process_verb(head, lex):
        return commitment.text()
    return head.doc[modal.i:head.i + 1].text


def _pledge_type(predicate: Predicate, lead_content: Token | None, evidence: Evidence, lex: Lexicon) -> str:
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
    obj = first(children(head, "dobj"))
    if _is_process(head, obj, lex):
        return "process"
    return _status_quo_or_outcome(head, obj, evidence, lex) or "action"


def _is_process_verb(head: Token, lex: Lexicon) -> bool:
    """"review", "consult", "look into": process verbs, also as phrasal or prepositional verbs."""
    return (is_in(head, lex["predicate.process_verbs"]) or phrasal(head) in lex["predicate.process_verbs"]
            or prepositional(head) in lex["predicate.process_verbs"])


def _is_process(head: Token, obj: Token | None, lex: Lexicon) -> bool:
    """A pledge to a process rather than its result: "review ...", "set up an inquiry",
    "ask the Board of Taxation to review ...", "direct the agency to examine ..."."""
    if _is_process_verb(head, lex):
        return True
    if obj is not None and is_in(obj, lex["predicate.process_nouns"]) and is_in(head, lex["specificity.creation_verbs"]):
        return True
    return is_in(head, lex["predicate.delegation_verbs"]) and any(
        is_in(c, lex["predicate.process_verbs"]) for c in children(head, "xcomp", "ccomp"))


def _status_quo_or_outcome(head: Token, obj: Token | None, evidence: Evidence, lex: Lexicon) -> str | None:
    """status_quo for keeping what exists ("maintain", "guarantee the right ... to
    stay"), outcome for a state or number reached ("reduce crime", "recruit 500 more
    officers"); None for an action."""
    quantity = evidence.quantity_in(head)
    if is_in(head, lex["predicate.continuation_verbs"]):
        return "outcome" if _target_quantity(head, evidence, lex) else "status_quo"
    if obj is not None and is_in(obj, lex["predicate.status_quo_objects"]) and lemma(head) in ("ensure", "secure", "guarantee"):
        return "status_quo"
    if is_in(head, lex["predicate.ensure_verbs"]) or lemma(head) == "secure":
        if any(t is not head and t.pos_ in ("VERB", "AUX") and is_in(t, lex["predicate.persistence_verbs"]) for t in head.subtree):
            return "status_quo"  # "guarantee the right of EU nationals ... to stay in the UK"
    if is_in(head, lex["predicate.outcome_verbs"]) and obj is not None and not is_instrument(obj, lex):
        return "outcome"
    if is_in(head, lex["predicate.quantity_outcome_verbs"]) and quantity and (obj is None or not is_instrument(obj, lex)):
        return "outcome"
    if is_in(head, lex["predicate.staffing_verbs"]) and quantity:
        return "outcome"  # "recruit 500 more border force officers"
    return None


def _target_quantity(head: Token, evidence: Evidence, lex: Lexicon) -> bool:
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


def _condition(unit: Span, predicate: Predicate, phrases: dict[str, list[Span]], lex: Lexicon) -> str | None:
    """The words of a condition on the commitment itself ("if ...", "when we leave the
    EU", "where necessary"); conditions inside the policy's content are not recorded."""
    anchors = _commitment_anchors(predicate, lex)
    phrase = _condition_phrase(phrases, anchors)
    return phrase if phrase is not None else _condition_clause(unit, anchors, lex)


def _commitment_anchors(predicate: Predicate, lex: Lexicon) -> set[Token]:
    """The tokens a condition on the commitment hangs on: the predicate's path, its
    open complements, the adverbial clauses of carrying verbs, the clause's root."""
    anchors = set()
    for token in predicate.path:
        anchors.add(token)
        anchors.update(c for c in token.children if c.dep_ == "xcomp")
        if is_in(token, lex["predicate.chain_verbs"]):
            anchors.update(c for c in token.children if c.dep_ in ("advcl",))
    root = clause_root(predicate.content) if predicate.content is not None else None
    if root is not None:
        anchors.add(root)
    return anchors


def _condition_phrase(phrases: dict[str, list[Span]], anchors: set[Token]) -> str | None:
    """A fixed condition phrase ("where necessary", "if elected") attached to the commitment."""
    for span in phrases.get("CONDITION", []):
        if span[0].dep_ in ("acomp", "attr", "oprd"):
            continue  # "will be subject to proper controls" is the commitment, not a condition
        if span.root.head in anchors or span.root in anchors or any(t.head in anchors for t in span):
            return span.text
    return None


def _condition_clause(unit: Span, anchors: set[Token], lex: Lexicon) -> str | None:
    """A clause opened by a condition marker ("if", "when", "unless") on the commitment."""
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


def _refers_back(predicate: Predicate, evidence: Evidence) -> bool:
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
        anchors.add(clause_root(predicate.content))
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
