"""Time: time phrases, measured durations, and the time reference of each claim.

A date or duration gets its own phrase as `time_ref` ("by the end of 2020", "within
100 days of forming a government", a fronted "Since 2010,"); a duration that measures
something ("waits of more than six weeks", "15 hours of childcare a week") is a figure
instead. After a sentence's claims are read, each figure is linked to the time phrase
of its verb, of the figure it is part of, or of the sentence's opening adverbial.
"""

from __future__ import annotations

from .claim import Claim
from .nouns import counted_of, counted_text, noun_phrase
from .numbers import is_year_text
from .rates import read_rate
from .window import NOUNS, SentenceWindow, governor

PERIOD_START_WORDS = {"end", "start", "beginning", "middle", "close"}
FRONTED_TIME_OPENERS = {"since", "after", "before", "until", "till", "when", "once", "by", "in", "over", "during",
                        "within", "from", "throughout", "last", "this", "between"}


def read_time_phrase(window: SentenceWindow, claim: Claim) -> None:
    """A date or duration's own time_ref: its phrase with the preposition before it."""
    if claim.kind == "date" and window.lower(claim.start - 1) in window.lexicon.months:
        claim.start -= 1  # "January 2020", "31 January 2020"
        day = window.token(claim.start - 1)
        if day is not None and day.text.isdigit() and 1 <= int(day.text) <= 31:
            claim.start -= 1
    p = claim.start
    q = p
    # "by the end of 2020"
    if window.lower(q - 1) == "of" and window.lower(q - 2) in PERIOD_START_WORDS:
        q -= 2
        if window.lower(q - 1) in ("the", "a"):
            q -= 1
    prep = q
    if window.lower(q - 1) in window.lexicon.time_prepositions:
        prep = q - 1
        if window.lower(prep) == "in" and window.lower(prep - 1) == "than":
            prep -= 1
    end = claim.end
    if claim.kind == "duration" and prep < q and window.lower(end) == "of" and window.token(end + 1) is not None \
            and window.doc[end + 1].tag_ == "VBG":
        # "within 100 days of forming a government": the anchor event is part of the phrase
        last = max(t.i for t in window.doc[end].subtree)
        if last < window.end and last - end <= 6 and not any(window.doc[x].is_punct for x in range(end, last + 1)):
            end = last + 1
    if window.lower(prep) == "than" and window.lower(prep - 1) in ("later", "earlier", "sooner"):
        prep -= 1  # "no later than 2050"
        if window.lower(prep - 1) in ("no", "not"):
            prep -= 1
    claim.time_ref = window.text(prep, end)
    clause = fronted_time_clause(window)
    if clause is not None and clause[0] <= prep and claim.end <= clause[1]:
        claim.time_ref = window.text(*clause)  # "Since Rebuilding Ireland was launched in 2016, ..."
    if claim.is_modifier:
        claim.time_ref = None


def fronted_time_clause(window: SentenceWindow) -> tuple[int, int] | None:
    """The time adverbial a sentence opens with, up to its comma ("Since 2010,", "After
    nine years of a Tory government,", "When we took office in 2010,"): it scopes the
    whole sentence, and a long one is quoted whole."""
    if window.lower(window.start) not in FRONTED_TIME_OPENERS:
        return None
    roots = [t.i for t in window.doc[window.start:window.end] if t.dep_ == "ROOT"]
    for k in range(window.start + 1, min(window.end, window.start + 16)):
        if window.doc[k].text in (",", ";", ":"):
            if k > window.start + 1 and roots and roots[0] > k:
                return window.start, k
            break  # the comma must close the adverbial, not the main clause
    # no comma: "Since 2010 bus services have been cut ...": the opening phrase itself
    first = window.doc[window.start]
    found = window.atom(window.start + 1)
    if found is not None and (found[0] in ("RELDATE", "YEARSPAN", "DECADE") or found[1] == window.start + 2
                              and is_year_text(window.doc[window.start + 1].text, window.lexicon)):
        return window.start, found[1]
    if first.dep_ == "prep" and first.head.dep_ == "ROOT":
        end = max(t.i for t in first.subtree) + 1
        if end < window.end and end - window.start <= 6 and any(window.atom(i) for i in range(window.start + 1, end)):
            return window.start, end
    return None


def read_measured_duration(window: SentenceWindow, claim: Claim) -> None:
    """A duration that measures something is a figure, not a time anchor:
    "nobody waits more than six weeks" (the bare object of a verb of duration: the
    wait), "waiting times have fallen to 10 weeks" (the level or size of a change),
    "15 hours of free childcare a week" (an amount of something, or per period)."""
    if claim.core.label == "reldate":
        return
    lex = window.lexicon
    prep = window.lower(claim.start - 1)
    root = window.span_root(claim)
    verb = governor(root)
    if claim.core.label == "unitspan" and not (root.head.lemma_.lower() in lex.duration_verbs
                                               and root.head.i < claim.start):
        return  # "(wait) over a year" only
    if root.dep_ == "attr" and root.head.lemma_ == "be" and prep not in lex.time_prepositions:
        subjects = [c for c in root.head.children if c.dep_ == "nsubj" and c.pos_ in NOUNS]
        if subjects:  # "The A&E target is four hours"
            claim.counted = counted_of(window, subjects[0])
            claim.time_ref = None
            claim.flags.add("measured")
        return
    change = lex.change_words.get(verb.lower_) or lex.change_words.get(verb.lemma_.lower())
    if prep in ("to", "by") and verb.pos_ == "VERB" and change is not None and verb.i < claim.start:
        claim.direction = change
        claim.change_cue = prep == "by"
        if prep == "by":
            claim.change_type = "absolute"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.pos_ in NOUNS]
        noun = objects[0] if objects else subjects[0] if subjects else None
        claim.counted = counted_of(window, noun) if noun is not None else None
    elif (prep not in lex.time_prepositions or claim.bound != "=") and (
            root.dep_ in ("dobj", "npadvmod", "obj", "pobj") or root.dep_ == "prep" and root.i < claim.num_start) \
            and root.head.pos_ == "VERB" and root.head.i < claim.start \
            and root.head.lemma_.lower() in lex.duration_verbs:
        claim.counted = root.head.lemma_.lower()
    elif prep not in lex.time_prepositions and (
            window.lower(claim.end) == "of" and window.token(claim.end + 1) is not None
            and window.doc[claim.end + 1].tag_ != "VBG"
            or window.lower(claim.end) in lex.rate_openers | set(lex.rate_adverbs)):
        if not _read_amount_of_time(window, claim):
            return
    else:
        return
    claim.time_ref = None
    claim.flags.add("measured")


def _read_amount_of_time(window: SentenceWindow, claim: Claim) -> bool:
    """ "15 hours of free childcare a week", "20 hours a week of ...": a duration that is an
    amount of something or per period; False for "two years of" with nothing after."""
    lex = window.lexicon
    claim.flags.add("measured")
    claim.end = read_rate(window, claim, claim.end)
    if claim.per is None and window.lower(claim.end) in lex.rate_openers \
            and window.lower(claim.end + 1) in lex.time_units and window.lower(claim.end + 1) in lex.rate_denominators:
        claim.per = lex.rate_denominators[window.lower(claim.end + 1)]  # "20 hours a week of ..."
        claim.end += 2
    k = claim.end
    if window.lower(k) == "of":
        found = noun_phrase(window, k + 1, skip_determiners=True)
        if found is not None:
            claim.counted = counted_text(window, found[3], found[1])
            end = found[1]
            if read_rate(window, claim, end) > end:  # "15 hours of free childcare a week"
                claim.end = read_rate(window, claim, end)
    if claim.per is None and claim.counted is None:
        claim.flags.discard("measured")  # "two years of" with nothing after: no amount
        return False
    return True


def link_time_references(window: SentenceWindow, claims: list[Claim]) -> None:
    """A figure's time_ref: the date or duration governed by the same verb; else that of
    the figure it is part of or of its main clause (`inherited_time_ref`); else the time
    adverbial the sentence opens with. A date inside a comparison takes the comparison's."""
    times = [c for c in claims if c.is_time and not c.is_modifier and c.time_ref]
    for claim in claims:
        if _wants_time_ref(claim):
            claim.time_ref = _time_of_same_verb(window, claim, times)
    for claim in claims:
        if _wants_time_ref(claim):
            claim.time_ref = inherited_time_ref(window, claim, claims, times)
    # a time adverbial that opens the sentence scopes all of it: "Since 2010, X have ..., and Y has fallen by 13%"
    clause = fronted_time_clause(window)
    fronted = [t for t in times if clause is not None and clause[0] <= t.start < clause[1]]
    if fronted:
        for claim in claims:
            if _wants_time_ref(claim) and claim.start >= clause[1]:
                claim.time_ref = fronted[0].time_ref
    # a date inside a comparison shares the comparison's time_ref
    for claim in claims:
        if claim.comparison and claim.time_ref:
            for time in times:
                if claim.comparison[0] <= time.start < claim.comparison[1]:
                    time.time_ref = claim.time_ref


def _wants_time_ref(claim: Claim) -> bool:
    """A figure (or a measured duration) with no time_ref yet; an age band or a category
    has no time of its own."""
    return claim.time_ref is None and (not claim.is_time or "measured" in claim.flags) and claim.kind != "age" \
        and "qualifier" not in claim.flags


def _time_of_same_verb(window: SentenceWindow, claim: Claim, times: list[Claim]) -> str | None:
    """The time_ref of the nearest time phrase governed by the claim's verb, outside its
    comparison; time phrases mostly follow what they anchor ("1m homes by 2020 and 500,000
    more by 2022")."""
    anchor = governor(window.span_root(claim))
    best = None
    for time in times:
        if claim.comparison and claim.comparison[0] <= time.start < claim.comparison[1]:
            continue
        if governor(window.span_root(time)) == anchor:
            if time.start >= claim.end:
                distance = time.start - claim.end
            else:
                distance = max(0, claim.start - time.end) + 2
            if best is None or distance < best[0]:
                best = (distance, time)
    return best[1].time_ref if best is not None else None


def inherited_time_ref(window: SentenceWindow, claim: Claim, claims: list[Claim], times: list[Claim]) -> str | None:
    """A figure with no time of its own takes that of the figure it is part of ("1.25
    million jobs over the next five years, including 250,000 jobs for young people") or
    of the main clause of its "so that" clause."""
    token = window.span_root(claim)
    for _ in range(6):
        if token.lower_ == "including" and token.head is not token:
            owner = token.head
            for other in claims:
                if other is not claim and other.time_ref and (
                        other.start <= owner.i < other.end or other.counted_head == owner.i):
                    return other.time_ref
            anchored = [t for t in times if governor(window.span_root(t)) == governor(owner)]
            if anchored:  # "including" attached to the verb of the whole
                return min(anchored, key=lambda t: abs(t.start - claim.start)).time_ref
            return None
        if token.head is token:
            break
        token = token.head
    verb = governor(window.span_root(claim))
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("so", "that") for c in verb.children):
        main = governor(verb.head)
        anchored = [t for t in times if governor(window.span_root(t)) == main]
        if anchored:
            return min(anchored, key=lambda t: abs(t.start - claim.start)).time_ref
    return None
