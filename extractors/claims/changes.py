"""Bounds and directions of change: the words and the verb around a figure.

Bounds before and after it ("at least", "up to", "or more"), change constructions
("a further", "up 19%", "fallen by a third", "a rise of 5%"), direction words after it
("fewer", "more", "increase") and the direction of the verb that governs it ("cut
emissions by 50%", "safeguard 10,000 officers" -> maintain, "raise it to £10" -> a level).
"""

from __future__ import annotations

from spacy.tokens import Token

from .claim import Claim
from .nouns import counted_of
from .window import NOUNS, SentenceWindow, governor


def read_words_before(window: SentenceWindow, claim: Claim) -> None:
    """Bound words, change constructions and duration openers before the number."""
    if claim.kind == "date":
        return
    if claim.core.label == "range" and window.lower(claim.start) == "between":
        return
    _read_bound_before(window, claim)
    if claim.kind == "duration" or claim.core.label == "reldate":
        _read_duration_opener(window, claim)
        return
    if claim.kind == "age":
        return
    _read_change_before(window, claim)


def _read_bound_before(window: SentenceWindow, claim: Claim) -> None:
    """ "at least 750,000", "over 10,000", "no fewer than 20": the bound joins the span."""
    lex = window.lexicon
    p = claim.start
    bound = window.phrase_before(p, lex.bounds)
    if bound is None:
        return
    words = tuple(window.words(bound[1], p))
    # "over" that opens a period is its preposition, but "in over a decade" has one already
    before = window.token(bound[1] - 1)
    after_duration_verb = before is not None and before.lemma_.lower() in lex.duration_verbs \
        and before.pos_ == "VERB"  # "wait over a year"
    is_period_prep = claim.kind == "duration" and len(words) == 1 and words[0] in lex.period_prepositions \
        and window.lower(bound[1] - 1) not in lex.time_prepositions and not after_duration_verb
    # "at least 750,000" but not "the next three years over"; "over" with a period is a preposition
    if not is_period_prep and claim.bound != "vague":
        if claim.core.label != "agegroup":
            claim.bound = bound[0]
        claim.start = bound[1]


def _read_duration_opener(window: SentenceWindow, claim: Claim) -> None:
    """ "the next five years", "these three years": the words that open a duration."""
    lex = window.lexicon
    p = claim.start
    if window.lower(p - 1) in lex.duration_openers:
        p -= 1
        if window.lower(p - 1) in lex.duration_determiners:
            p -= 1
        claim.start = p
    elif window.lower(p - 1) in lex.duration_determiners and claim.core.label != "reldate":
        claim.start = p - 1


def _read_change_before(window: SentenceWindow, claim: Claim) -> None:
    """A change construction before the number: "a further 10,000", "up 19%", "fallen by a
    third", "cut in half", "rose 5%", "a rise of 5%"."""
    lex = window.lexicon
    p = claim.start
    before = window.lower(p - 1)
    if before in lex.direction_before:  # "a further 10,000", "an extra £2bn"
        claim.direction = lex.direction_before[before]
        claim.change_cue = True
        claim.start = p = p - 1
    if before in ("up", "down") and window.doc[p - 1].pos_ in ("ADV", "ADP", "PART"):
        claim.direction = lex.change_words[before]  # "up 19%"
        claim.change_cue = True
        claim.flags.add("change_by")
        claim.start = p - 1
    elif before == "by" or before == "in" and claim.core.label == "fraction":
        verb = window.token(p - 2)  # "fallen by a third", "cut in half"
        if verb is not None and verb.lower_ in lex.change_words:
            claim.direction = lex.change_words[verb.lower_]
            claim.change_cue = True
            claim.flags.add("change_by")
            claim.start = p - 2
        elif before == "in":  # "cut carbon pollution in half": the object is what is halved
            governing = governor(window.doc[p])
            change = lex.change_words.get(governing.lower_) or lex.change_words.get(governing.lemma_.lower())
            if change is not None and governing.pos_ == "VERB" and governing.i < p:
                claim.direction, claim.change_cue = change, True
                claim.flags.add("verb_by")
    elif before in lex.change_words and window.doc[p - 1].pos_ == "VERB" and claim.kind == "percent":
        claim.direction = lex.change_words[before]  # "rose 5%": the verb stays out of the span
        claim.change_cue = True
        claim.flags.add("change_by")
    elif before == "of":
        noun = window.token(p - 2)
        if noun is not None and noun.lower_ in lex.change_words and noun.pos_ == "NOUN":
            claim.direction = lex.change_words[noun.lower_]
            claim.change_cue = True
            claim.start = p - 2
            claim.flags.add("change_noun_before")
            claim.flags.add("change_by")


def read_post_bound(window: SentenceWindow, claim: Claim, k: int) -> int:
    """A bound after the figure: "£10,000 or more", "aged 65 and over", "five years or less"."""
    found = window.phrase_at(k, window.lexicon.post_bounds)
    if found is None or claim.bound not in ("=",):
        return k
    bound, end = found
    if window.lower(end) in ("than", "of") or window.atom(end, "NUMERAL"):
        return k  # "10 or more than 20", "£5bn plus £3bn"
    claim.bound = bound
    claim.end = max(claim.end, end)
    return end


def read_direction_after(window: SentenceWindow, claim: Claim, k: int) -> int:
    """"fewer", "more" or a change noun ("increase", "rise") right after the number."""
    token = window.token(k)
    if token is None:
        return k
    low = token.lower_
    if low in window.lexicon.direction_after and claim.kind != "change" and window.lower(k + 1) != "of":
        claim.direction = window.lexicon.direction_after[low]
        claim.change_cue = True
        claim.flags.add("comparative")
        return k + 1
    if low in window.lexicon.change_words and token.pos_ == "NOUN":
        claim.direction = window.lexicon.change_words[low]
        claim.change_cue = True
        claim.flags.add("change_noun_after")
        claim.counted_head = token.i
        return k + 1
    return k


def direction_from_change_noun(window: SentenceWindow, claim: Claim, noun: Token) -> None:
    """ "limit rent increases to 4% a year": the figure is the size of a change the
    noun names (increase, relative for a percentage)."""
    change = window.lexicon.change_words.get(noun.lower_) or window.lexicon.change_words.get(noun.lemma_.lower())
    if change is None or claim.direction is not None or noun.lower_ in ("up", "down"):
        return
    claim.direction = change
    claim.change_cue = True


def read_parse_direction(window: SentenceWindow, claim: Claim) -> None:
    """Direction from a governing verb: "cut emissions by 50%", "safeguard over
    10,000 officers" (maintain), "increase spending to £10bn" (a level target)."""
    if claim.direction is not None or claim.kind in ("date", "duration", "age"):
        return
    lex = window.lexicon
    root = window.span_root(claim)
    verb, how = _governing_verb(window, claim, root)
    if verb is None:
        return
    word = verb.lower_
    lemma = verb.lemma_.lower()
    if word in lex.maintain_words or lemma in lex.maintain_words:
        claim.direction = "maintain"
        return
    on = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on" and c.i > root.i]
    if how == "object" and lemma in ("put", "add", "slap", "impose") and on:
        # "put a penny in the pound on Income Tax", "put 5p on a pint": an addition to the object of "on"
        claim.direction, claim.change_cue = "increase", True
        objects = [c for c in on[0].children if c.dep_ == "pobj" and c.pos_ in NOUNS]
        if objects and claim.counted is None:
            claim.counted = counted_of(window, objects[0])
        if claim.kind == "ratio":
            claim.change_type = "absolute"  # a rate in pennies per pound rises by points
        return
    change = lex.change_words.get(word) or lex.change_words.get(lemma)
    if change is None or how == "at":
        return
    if how == "object" and (verb.pos_ != "VERB" or word in lex.object_change_exclusions
                            or lemma in lex.object_change_exclusions):
        return  # "raise £5bn" collects money; "lift 1.5 million people" is no change in people
    claim.direction = change
    claim.change_cue = how != "to"
    claim.flags.add(f"verb_{how}")


def _governing_verb(window: SentenceWindow, claim: Claim, root: Token) -> tuple[Token | None, str]:
    """The verb whose direction a figure takes, and how the figure hangs on it: "by"
    ("cut emissions by 50%"), "to" (a level), "object" or "at" ("keep the ratio at 23.9%")."""
    verb = None
    how = ""
    if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.head is not root.head \
            and root.head.i == claim.start - 1:
        verb, how = root.head.head, "by"
    elif root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head is not root.head:
        verb, how = root.head.head, "to"
    elif root.dep_ in ("dobj", "obj"):
        verb, how = root.head, "object"
    elif window.lower(claim.start) == "at" and window.lower(claim.start + 1) not in ("least", "most") \
            or window.lower(claim.start - 1) == "at" or (root.dep_ == "pobj" and root.head.lower_ == "at"):
        verb, how = governor(root), "at"  # "keep the ratio at or below 23.9 per cent"
    return verb, how
