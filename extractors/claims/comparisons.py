"""Comparisons: a factor's terms and a "than ..." baseline.

"twice as fast as wages", "three times the rate of", "3,000 more prison places today
than in 2010": the baseline joins the claim's span, and a date inside it becomes the
claim's time reference (the date stays a claim of its own, nested in the span).
"""

from __future__ import annotations

from .claim import Claim
from .nouns import counted_of, counted_text, noun_phrase, np_extent
from .window import NOUNS, VERBS, SentenceWindow, governor


def read_times_comparison(window: SentenceWindow, claim: Claim, k: int) -> int:
    """What a factor compares: "twice as fast as wages", "three times as many homes as
    in 2010", "twice the rate of the economy", "three times higher than"."""
    token = window.token(k)
    if token is None:
        return k
    if token.lower_ == "as":
        return _read_as_comparison(window, claim, k)
    if token.lower_ in ("the", "what", "that") or token.pos_ in ("ADJ", "NOUN") and token.tag_ not in ("JJR",):
        found = noun_phrase(window, k, skip_determiners=True)  # "twice the rate of", "eight times average earnings"
        if found is None:
            return k
        head = window.doc[found[2]]
        claim.counted = counted_of(window, head)
        claim.counted_head = head.i
        return max(found[1], np_extent(window, head)[1])
    if token.tag_ in ("JJR", "RBR") or token.lower_ in ("more", "less", "fewer"):
        claim.flags.add("comparative")
        return k + 1
    return k


def _read_as_comparison(window: SentenceWindow, claim: Claim, k: int) -> int:
    """ "as fast as wages", "as many homes as in 2010" after a factor (k at the first "as"):
    the counted noun, and the baseline after the second "as" (kept for `read_times_baseline`)."""
    j = k + 1
    while j < window.end and j - k <= 2 and window.doc[j].pos_ in ("ADJ", "ADV") and window.lower(j) != "as":
        j += 1
    if j == k + 1:
        return k
    if window.lower(j - 1) in ("many", "much", "few", "little"):
        found = noun_phrase(window, j, skip_determiners=False)
        if found is not None:
            claim.counted = counted_text(window, found[3], found[1])
            claim.counted_head = found[2]
            j = found[1]
        elif window.lower(j - 1) in ("many", "few"):
            claim.flags.add("elliptic")  # "500,000 Australians, twice as many as today"
    if window.lower(j) != "as":
        return j
    end = j + 1
    while end < window.end and end - j < 7 and not window.doc[end].is_punct \
            and window.doc[end].pos_ not in ("VERB", "AUX", "CCONJ", "PART", "SCONJ"):
        end += 1
    if end > j + 1:
        claim.comparison = (j, end)  # the baseline joins the span after the claim is read
    return j


def read_times_baseline(window: SentenceWindow, claim: Claim) -> None:
    """ "as wages", "as in 2010" after "twice as fast": in the span; a date in it is a
    claim of its own, nested; what grows is the subject of the verb if nothing else."""
    if claim.comparison is not None:
        start, end = claim.comparison
        claim.end = end
        if any(window.atom(i) for i in range(start + 1, end)):
            claim.time_ref = window.text(start, end)
    if claim.counted is None and "elliptic" not in claim.flags:
        verb = governor(window.span_root(claim))
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in NOUNS]
        if verb.pos_ in VERBS and subjects:  # "rail fares have risen twice as fast as wages"
            claim.counted = counted_of(window, subjects[0])


def read_comparison(window: SentenceWindow, claim: Claim) -> None:
    """ "3,000 more prison places today than in 2010": the baseline joins the span."""
    if "comparative" not in claim.flags:
        return
    k = claim.end
    adverb_start = None
    while k < window.end and k - claim.end < 3 and (window.lower(k) in window.lexicon.time_adverbs or
                                                    window.lower(k) in ("this", "last", "year", "now")):
        adverb_start = k if adverb_start is None else adverb_start
        k += 1
    if window.lower(k) != "than" and claim.counted is None and adverb_start is None and window.lower(k + 1) == "than" \
            and window.doc[k].pos_ in ("ADJ", "ADV"):
        k += 1  # "75 percent more likely than other Americans"
    if window.lower(k) != "than":
        return
    than = window.doc[k]
    end = max((t.i for t in than.subtree), default=k) + 1
    end = min(end, window.end, k + 8)
    if end <= k + 1:
        # the parse left "than" bare: take a preposition and what follows up to a break
        end = k + 1
        while end < window.end and end - k < 6 and not window.doc[end].is_punct \
                and window.doc[end].pos_ not in ("VERB", "AUX", "CCONJ", "PART", "SCONJ"):
            end += 1
    if end <= k + 1:
        return
    has_time = any(window.atom(i) for i in range(k + 1, end)) or adverb_start is not None
    claim.comparison = (adverb_start if adverb_start is not None else k, end)
    claim.end = end
    if has_time:
        claim.time_ref = window.text(claim.comparison[0], end)
