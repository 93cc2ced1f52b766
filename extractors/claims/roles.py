"""Roles: whether a figure is a pledge target, a statistic, a qualifier or a time reference.

A figure is a `pledge_target` inside a pledge of the pledges stage or under a
commitment of its own sentence ("we will", "we pledge", a bullet under "We will:"),
unless it is marked as the present level or its verb is past (a record); a figure
that picks out a group or a category is a `qualifier`.
"""

from __future__ import annotations

from spacy.tokens import Token

from .claim import Claim
from .window import NOUNS, VERBS, SentenceWindow, governor


def assign_role(window: SentenceWindow, claim: Claim, pledge_id: str | None) -> None:
    """time_reference and qualifier by kind; pledge_target inside a pledge of the
    pledges stage or under a commitment cue of the sentence; else statistic."""
    if claim.is_time and "measured" not in claim.flags:
        claim.role = "qualifier" if claim.is_modifier else "time_reference"
    elif claim.kind == "age" and "age_level" not in claim.flags or "qualifier" in claim.flags:
        claim.role = "qualifier"
    elif is_current_level(window, claim):
        claim.role = "statistic"
    elif is_past(window, claim):
        claim.role = "statistic"  # "we have delivered 2.2 million apprenticeships", "which has risen by 40%"
    elif pledge_id is not None or is_commitment(window, claim):
        claim.role = "pledge_target"
    else:
        claim.role = "statistic"


def is_past(window: SentenceWindow, claim: Claim) -> bool:
    """Whether the figure's own verb is in a past or perfect tense (a record)."""
    verb = governor(window.span_root(claim))
    if verb.pos_ not in VERBS:
        return False
    if verb.tag_ == "VBD":
        return True
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & window.lexicon.commitment_auxiliaries:
        return False
    return verb.tag_ == "VBN" and bool(auxiliaries & {"has", "have", "had", "'ve", "was", "were"})


def is_commitment(window: SentenceWindow, claim: Claim) -> bool:
    """Whether the figure sits under a commitment: an auxiliary "will"/"shall" with
    the party as subject (or none), "we pledge/promise/aim", or an imperative list item."""
    lex = window.lexicon
    token = window.span_root(claim)
    for _ in range(12):
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in lex.commitment_auxiliaries:
                return _committed_subject(window, token)
        if token.lemma_.lower() in lex.commitment_verbs and _committed_subject(window, token, required=True):
            return True
        if token.head is token:
            break
        token = token.head
    first = window.doc[window.start]
    lead_in = (window.sentence.get("lead_in") or "").lower()
    if window.sentence.get("block_kind") == "list_item" and (first.tag_ == "VB" or " will" in f" {lead_in}"):
        return True
    return False


def _committed_subject(window: SentenceWindow, verb: Token, required: bool = False) -> bool:
    """Whether the verb's subject is the party ("we", "the Labour government"), or it has
    none (an imperative) where that is allowed."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return not required
    words = {t.lower_ for t in subjects[0].subtree}
    return bool(words & window.lexicon.commitment_subjects)


def is_current_level(window: SentenceWindow, claim: Claim) -> bool:
    """ "with bulk billing rates now at 86 per cent": a figure marked as the present
    level ("now", "currently", "today" just before it) is a statistic, even in a pledge."""
    for k in range(claim.start - 1, max(window.start, claim.start - 4) - 1, -1):
        token = window.doc[k]
        if token.lower_ in ("now", "currently", "today", "presently"):
            return True
        if token.pos_ in VERBS or token.is_punct:
            return False
    return False


def is_qualifier(window: SentenceWindow, claim: Claim) -> bool:
    """A figure that picks out a group or a category rather than stating an amount:
    "the 37 per cent tax bracket" (a percentage naming the noun it premodifies, after
    "the"), "businesses with a turnover of up to $50 million" (inside a with-phrase
    that restricts a noun)."""
    if claim.kind == "percent" and claim.direction is None and window.lower(claim.start - 1) == "the" \
            and claim.counted_head is not None and claim.num_end <= claim.counted_head < claim.end:
        return True
    token = window.span_root(claim)
    nested = False  # the figure sits in a noun of the with-phrase: "with a turnover of up to $50m"
    for _ in range(8):
        if token.pos_ in VERBS or token.head is token:
            return False
        if token.dep_ == "prep" and token.lower_ in ("with", "without"):
            before = window.token(token.i - 1)
            # the parse may hang the phrase on the verb: "extend it to businesses with a turnover of ..."
            return token.head.pos_ in NOUNS or nested and before is not None and before.pos_ == "NOUN"
        if token.pos_ in NOUNS and token.i < claim.start:
            nested = True
        token = token.head
    return False
