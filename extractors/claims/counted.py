"""What a figure counts: the `counted` noun phrase, from the words or the parse around it.

Usually the noun phrase right after the number ("1.5 million people", "a third of
pupils", "halve the cost of police governance"); failing that, what the clause says
the figure is of: the subject or object of its verb ("offences have increased by
60%", "cut emissions by 50%"), the noun it is the level, worth or size of ("a surplus
of $7bn", "grants worth up to £5,000", "unemployment now at 4%"), or the counted noun
of the figure it is coordinated with ("up to $1,080 for singles and up to $2,160 for
couples").
"""

from __future__ import annotations

from spacy.tokens import Token

from .changes import direction_from_change_noun
from .claim import Claim
from .nouns import counted_of, counted_text, noun_phrase, np_extent
from .window import DASHES, NOUNS, VERBS, SentenceWindow, governor

PARTITIVE_DETERMINERS = {"the", "those", "these", "our", "their", "its", "all", "his", "her", "your"}


def share_counted(window: SentenceWindow, claims: list[Claim]) -> None:
    """A coordinated figure with no noun of its own measures what the figure before it
    does: "relief of up to $1,080 for singles and up to $2,160 for couples", "40 new
    hospitals, but only six have been funded"."""
    families = {"count": "count", "rate": "count", "money": "money", "percent": "percent", "ratio": "ratio"}
    for index, claim in enumerate(claims):
        family = families.get(claim.kind)
        if claim.counted is not None or family is None or claim.core.label == "agegroup" or claim.is_time:
            continue
        if "elliptic" in claim.flags or window.lower(claim.end) == "of" and window.lower(claim.end + 1) in (
                "them", "these", "those", "which", "whom"):
            # "100,000 homes, half of them in Auckland"; "500,000 people, twice as many as today"
            for previous in reversed(claims[:index]):
                if previous.counted is not None and not previous.is_time:
                    claim.counted = previous.counted
                    break
            continue
        after = window.token(claim.end)
        if after is not None and (after.pos_ in NOUNS | {"ADJ"} or after.tag_ in ("VBN", "VBG")):
            continue  # a noun of its own the reader did not take
        for previous in reversed(claims[:index]):
            if families.get(previous.kind) != family or previous.counted is None:
                continue
            between = window.doc[previous.end:claim.start]
            if any(t.pos_ in VERBS for t in between) or len(between) > 8:
                break
            if any(t.pos_ == "CCONJ" or t.text in (",", ";") for t in between):
                claim.counted = previous.counted
            break


def read_counted(window: SentenceWindow, claim: Claim, k: int) -> int:
    """The counted noun phrase after the number (and the of-complement where the
    number word needs it), or the object of a multiplicative verb."""
    label = claim.core.label
    if claim.kind in ("date", "duration"):
        return k
    if "change_noun_after" in claim.flags:
        head = window.doc[claim.counted_head]
        claim.counted_head = None
        counted_from_prep(window, claim, head)
        return k
    if label == "multiplier":
        return read_multiplier_object(window, claim, k)
    if label == "vague":
        found = noun_phrase(window, k, skip_determiners=True)
    elif window.lower(k) == "of" and (claim.kind in ("percent", "ratio", "money") or label in ("fraction",)
                                      or claim.kind == "other" and claim.unit is not None):
        found = noun_phrase(window, k + 1, skip_determiners=True)  # also "15 tonnes of CO2", "5 GW of wind"
    elif window.lower(k) == "of" and claim.kind == "count" and label == "number" \
            and window.lower(k + 1) in PARTITIVE_DETERMINERS:
        found = noun_phrase(window, k + 1, skip_determiners=True)  # "over 100,000 of those jobs"
    elif label == "fraction" and window.token(k) is not None and window.doc[k].pos_ == "DET":
        found = noun_phrase(window, k, skip_determiners=True)  # half the children
    else:
        found = noun_phrase(window, k, skip_determiners=False)
    if found is None:
        return k
    start, end, head, counted_start = found
    claim.counted = counted_text(window, counted_start, end)
    claim.counted_head = head
    return end


def read_multiplier_object(window: SentenceWindow, claim: Claim, k: int) -> int:
    """What a multiplicative word applies to: the object of "halve the cost of
    police governance" (in the span), "a threefold rise in X" (X, outside it)."""
    token = window.doc[claim.core.start]
    nxt = window.token(k)
    if nxt is not None and nxt.lower_ in window.lexicon.change_words and nxt.pos_ == "NOUN":
        counted_from_prep(window, claim, nxt)
        return k + 1
    objects = [c for c in token.rights if c.dep_ in ("dobj", "obj")]
    if objects:
        pass
    elif token.head.i > token.i and token.head.pos_ in NOUNS and token.dep_ in ("amod", "predet", "det", "nmod"):
        objects = [token.head]  # "double the number of ..." read as a predeterminer
    if not objects and nxt is not None and nxt.lower_ == "of":
        objects = [c for c in nxt.children if c.dep_ == "pobj"]  # "a doubling of X"
    if objects:
        left, right = np_extent(window, objects[0])
        left = max(left, k)
        if left <= k + 1:
            claim.counted = counted_of(window, objects[0])
            claim.counted_head = objects[0].i
            return right
    is_verb = token.pos_ == "VERB" or token.tag_.startswith("VB")
    if not objects and nxt is not None and (nxt.pos_ == "DET" and not token.pos_ == "NOUN" or is_verb and (
            nxt.pos_ in NOUNS | {"ADJ"} or nxt.tag_ == "VBG")):
        # the parse found no object: "halved planning times" with "planning" read as a verb
        found = noun_phrase(window, k, skip_determiners=True, gerunds=is_verb)
        if found is not None:
            _start, end, head, counted_start = found
            end = max(end, np_extent(window, window.doc[head])[1])
            claim.counted = counted_of(window, window.doc[head])
            if window.doc[head].lower_ not in window.lexicon.count_nouns \
                    and np_extent(window, window.doc[head])[0] > counted_start:
                claim.counted = counted_text(window, counted_start, end)
            claim.counted_head = head
            return end
    return k


def counted_from_prep(window: SentenceWindow, claim: Claim, noun: Token) -> None:
    """What a change noun measures: "a rise in knife crime" -> knife crime."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in ("in", "of"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                claim.counted = counted_of(window, objects[0])
                return
    if window.lower(noun.i + 1) in ("in", "of"):  # the parse attached the preposition elsewhere
        found = noun_phrase(window, noun.i + 2, skip_determiners=True)
        if found is not None:
            claim.counted = counted_text(window, found[3], found[1])


def read_counted_from_clause(window: SentenceWindow, claim: Claim) -> None:
    """What a figure counts when no noun follows it: what the change noun before it is a
    change in ("a council tax increase of £50" -> council tax), the subject or object of
    its verb, or the phrase it sits in."""
    if claim.counted is None and "change_noun_before" in claim.flags:
        noun = window.doc[claim.start]  # "a pay rise of 5%", "a council tax increase of £50"
        modifiers = [c.i for c in noun.lefts if c.dep_ in ("compound", "nmod") and c.pos_ in NOUNS]
        if modifiers:
            claim.counted = counted_text(window, window.doc[min(modifiers)].left_edge.i, noun.i)
    if claim.counted is None and claim.kind in ("percent", "count", "money", "change", "ratio", "rate"):
        read_subject_counted(window, claim)
    if claim.counted is None and claim.kind in ("percent", "count", "money", "ratio", "rate", "other") \
            and "modifier" not in claim.flags:
        read_counted_around(window, claim)


def read_counted_around(window: SentenceWindow, claim: Claim) -> None:
    """What a figure with no noun of its own measures, from the phrase it sits in:
    "a surplus of $7bn", "grants, worth up to £5,000", "unemployment now at 4%",
    "keep inflation at or below 2%", "$50bn in new taxes", "limit fare rises to 2%".
    The first construction that fits decides, whether or not it finds a noun."""
    root = window.span_root(claim)
    before = window.token(claim.start - 1)
    for reader in (_threshold_group, _owner_of, _worth_of, _level_at, _copula_subject, _money_made_of):
        if reader(window, claim, root, before):
            return


def _threshold_group(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "tax on incomes over £150,000": a threshold that picks out a group of the plural before it."""
    if claim.bound in (">", "<", ">=", "<=") and window.lower(claim.start) in ("over", "under", "above", "below") \
            and before is not None and before.tag_ == "NNS":
        claim.counted = counted_of(window, before, with_of=False)
        claim.flags.add("qualifier")
        return True
    return False


def _owner_of(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "a surplus of $7.1 billion", "costs of more than £100,000": the noun the figure is of."""
    head = root.head
    owner = None
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUNS and head.head.i < head.i:
        owner = head.head
    elif before is not None and before.lower_ == "of" and window.token(claim.start - 2) is not None \
            and window.doc[claim.start - 2].pos_ in NOUNS:
        owner = window.doc[claim.start - 2]
    if owner is None:
        return False
    if owner.lower_ not in window.lexicon.count_nouns:
        claim.counted = counted_of(window, owner, with_of=False)
    return True


def _worth_of(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "bursaries, worth up to £12,000": what the sum is the worth of."""
    head = root.head
    worth = head if head.lower_ == "worth" else before if before is not None and before.lower_ == "worth" else None
    if worth is None:
        return False
    noun = worth.head if worth.head.pos_ in NOUNS and worth.head.i < worth.i else None
    k = worth.i - 1
    while noun is None and k >= window.start and (window.doc[k].is_punct or window.doc[k].pos_ == "ADV"):
        k -= 1
    if noun is None and k >= window.start and window.doc[k].pos_ in NOUNS:
        noun = window.doc[k]
    if noun is not None:
        claim.counted = counted_of(window, noun, with_of=False)
    return True


def _level_at(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "unemployment now at 4 per cent", "keep inflation at or below 2 per cent", "cap fees
    at £9,000", "limit fare rises to 2%": what is at (or brought to) the level."""
    head = root.head
    at = claim.start if window.lower(claim.start) == "at" and window.lower(claim.start + 1) not in ("least", "most") \
        else claim.start - 1 if window.lower(claim.start - 1) == "at" else None
    to_level = root.dep_ == "pobj" and head.lower_ in ("at", "to") and head.head is not head
    if at is None and not to_level:
        return False
    at = head.i if at is None else at
    k = at - 1
    while k >= window.start and (window.lower(k) in window.lexicon.time_adverbs or window.doc[k].pos_ == "ADV"):
        k -= 1
    if k >= window.start and window.doc[k].pos_ in NOUNS and window.doc[k].dep_ not in ("npadvmod",):
        claim.counted = counted_of(window, window.doc[k], with_of=False)
        direction_from_change_noun(window, claim, window.doc[k])
        return True
    verb = governor(window.doc[at])
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i < at]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
    if verb.pos_ in VERBS and objects:  # "cap fees at £9,000"
        claim.counted = counted_of(window, objects[-1], with_of=False)
        direction_from_change_noun(window, claim, objects[-1])
    elif verb.pos_ in VERBS and subjects and window.lower(at) == "at":  # "unemployment stood at 5%"
        claim.counted = counted_of(window, subjects[0], with_of=False)
    return True


def _copula_subject(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "The deficit will be $20 billion": the subject of a copula."""
    head = root.head
    if root.dep_ != "attr" or head.lemma_ != "be":
        return False
    subjects = [c for c in head.children if c.dep_ == "nsubj" and (c.pos_ in NOUNS or c.like_num)]
    if subjects:
        subject = subjects[0]
        if subject.like_num or subject.lower_ in window.lexicon.fractions:
            # "A quarter of all car journeys are less than two miles": what the share is of
            of = [c for c in subject.rights if c.dep_ == "prep" and c.lower_ == "of"]
            objects = [c for c in of[0].children if c.dep_ == "pobj"] if of else []
            subject = objects[0] if objects else None
        if subject is not None:
            claim.counted = counted_of(window, subject)
    return True


def _money_made_of(window: SentenceWindow, claim: Claim, root: Token, before: Token | None) -> bool:
    """ "$50 billion in new taxes": what a sum of money is made of (not where it goes: "$2bn in rail")."""
    if claim.kind == "money" and window.lower(claim.end) == "in":
        found = noun_phrase(window, claim.end + 1, skip_determiners=True)
        if found is not None and not window.atom(found[3]):
            noun = window.doc[found[2]]
            if noun.lower_ in window.lexicon.money_nouns or noun.lemma_.lower() in window.lexicon.money_nouns:
                claim.counted = counted_text(window, found[3], found[1])
    return True


def read_subject_counted(window: SentenceWindow, claim: Claim) -> None:
    """The counted noun of a bare change or level target, from its clause: the object the
    verb changes ("cut emissions by 50%"), else its subject ("Reported offences have
    increased by 60%"), through "the number of"."""
    root = window.span_root(claim)
    verb = root
    for _ in range(6):
        if verb.pos_ in VERBS or verb.dep_ == "ROOT":
            break
        verb = verb.head
    if verb.pos_ not in VERBS:
        return
    if claim.core.label != "multiplier" and not (claim.flags & {"change_by", "verb_by", "verb_to"}):
        return  # only a change or a level target reads its clause ("debt rose by £5bn")
    before_by = window.token(claim.start - 1) if window.lower(claim.start - 1) == "by" else None
    if "verb_by" in claim.flags and window.token(claim.start - 2) is not None \
            and window.doc[claim.start - 2].pos_ in NOUNS:
        claim.counted = counted_of(window, window.doc[claim.start - 2])  # "... and doctors by 9,500"
        return
    if claim.flags & {"verb_by", "verb_to"} and before_by is None or "verb_to" in claim.flags:
        changed = _changed_object(claim, verb)
        if changed is not None:
            claim.counted = counted_of(window, changed)
            return
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ in ("conj", "xcomp", "advcl"):
        counted = _noun_before_verb_group(window, verb)
        if counted is not None:
            claim.counted = counted
        return
    if not subjects:
        return
    subject = subjects[0]
    if subject.lower_ in ("which", "that", "who") and verb.dep_ == "relcl" and verb.head.pos_ in NOUNS:
        subject = verb.head  # "temporary accommodation, which has risen by 40 per cent"
    if subject.pos_ not in NOUNS:
        return
    claim.counted = counted_of(window, subject)


def _changed_object(claim: Claim, verb: Token) -> Token | None:
    """The object a verb changes by or to the figure: the nearest before it ("cut emissions
    by 50%"; "raise A to £15,000 and B to £60,000"), else the first."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in NOUNS]
    objects += [conj for o in objects for conj in o.conjuncts if conj.pos_ in NOUNS]
    objects += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in NOUNS and objects]  # parse slip
    before = [o for o in objects if o.i < claim.start]
    if before:
        return max(before, key=lambda o: o.i)
    return objects[0] if objects else None


def _noun_before_verb_group(window: SentenceWindow, verb: Token) -> str | None:
    """ "... and convictions are down by 11 per cent": a coordinated verb with no subject
    of its own counts the nouns right before its verb group."""
    k = verb.i - 1
    while k >= window.start and window.doc[k].pos_ in ("AUX", "PART", "ADV"):
        k -= 1
    if k < window.start or window.doc[k].pos_ not in NOUNS:
        return None
    left = k
    while left - 1 >= window.start and window.doc[left - 1].pos_ in NOUNS | {"ADJ"} \
            and window.doc[left - 1].head.i >= left:
        left -= 1
    return window.text(left, k + 1)


def read_age_after_noun(window: SentenceWindow, claim: Claim) -> None:
    """ "people over 65", "children under 5", "pensioners aged 75": a bound number right
    after a noun for people, with no noun or unit of its own, is an age that restricts
    that group; the group is what is counted."""
    plain_range = claim.core.label == "range" and window.lower(claim.start) == "between" and claim.low is not None \
        and claim.low == int(claim.low) and claim.high == int(claim.high) and 1 <= claim.low < claim.high <= 120
    bounded = claim.core.label == "number" and claim.bound in (">", "<", ">=", "<=") \
        and window.lower(claim.start) in ("over", "under") and claim.value is not None \
        and claim.value == int(claim.value) and 1 <= claim.value <= 120
    if claim.kind == "count" and (bounded or plain_range):  # "people over 65", "adults between 18 and 24"
        nxt = window.token(claim.end)
        if nxt is not None and (nxt.pos_ in NOUNS or nxt.text in DASHES):
            return
        noun = window.token(claim.start - 1)
        if noun is None or not (noun.lower_ in window.lexicon.age_group_nouns or noun.ent_type_ == "NORP"
                                or noun.tag_ == "NNPS"):
            return  # "people over 65", "Canadians over 65"
        claim.kind, claim.unit = "age", "year"
    if claim.kind != "age" or claim.counted is not None:
        return
    noun = window.token(claim.start - 1)
    if noun is not None and (noun.lower_ in window.lexicon.age_group_nouns or noun.ent_type_ == "NORP"
                             or noun.tag_ in ("NNS", "NNPS")):
        claim.counted = counted_of(window, noun, with_of=False)


def read_numeric_modifier(window: SentenceWindow, claim: Claim, k: int) -> int:
    """ "a 10-point plan", "the two-child limit", "three-bedroom homes": a number joined by
    a hyphen to a noun, the pair modifying another noun, qualifies that noun (as "a
    five-year plan" does); the span is the hyphenated pair."""
    dash, noun, after = window.token(k), window.token(k + 1), window.token(k + 2)
    if dash is None or noun is None or after is None or dash.text not in DASHES:
        return k
    if window.doc[k - 1].whitespace_ or dash.whitespace_ or noun.pos_ not in NOUNS:
        return k
    if after.pos_ not in NOUNS | {"ADJ"} or noun.lower_ in window.lexicon.time_units or window.atom(k + 1):
        return k
    found = noun_phrase(window, k + 2, skip_determiners=False)
    if found is not None:
        claim.counted = counted_text(window, found[3], found[1])
    claim.flags.update({"qualifier", "modifier"})
    return k + 2


def read_modified_noun(window: SentenceWindow, claim: Claim) -> None:
    """A duration used as a modifier counts nothing itself; it qualifies the noun it
    modifies ("the four-hour A&E target" -> target). A determiner before it belongs to
    that noun phrase, not to the figure."""
    determiners = window.lexicon.duration_determiners | {"a", "an"}
    while claim.start < claim.num_start and window.lower(claim.start) in determiners:
        claim.start += 1
    k = claim.end
    found = noun_phrase(window, k, skip_determiners=False)
    if found is not None:
        claim.counted = counted_text(window, found[3], found[1])
