"""The driver: the claims of one sentence, from its atoms to grown claims.

`find_claims` walks the sentence's number atoms left to right, reads each into a core
(`cores.py`) and grows the core into a claim (`grow_claim`); spans never overlap. Each
step of the growth is a reader of its own module: units and currencies (`units.py`),
bounds and directions of change (`changes.py`), what is counted (`counted.py`), rates
(`rates.py`), comparisons (`comparisons.py`) and time phrases (`times.py`). Time
references across claims and roles come after, from the extractor (`times.py`,
`roles.py`).
"""

from __future__ import annotations

import bisect

from .changes import read_direction_after, read_parse_direction, read_post_bound, read_words_before
from .claim import TIME_KINDS, Claim, Core
from .comparisons import read_comparison, read_times_baseline, read_times_comparison
from .cores import read_core
from .counted import (read_age_after_noun, read_counted, read_counted_from_clause, read_modified_noun,
                      read_numeric_modifier, share_counted)
from .rates import read_hyphenated_rate, read_rate
from .roles import is_qualifier
from .times import read_measured_duration, read_time_phrase
from .units import is_year_context, read_glued_unit, read_units
from .window import SentenceWindow


def find_claims(window: SentenceWindow) -> list[Claim]:
    """The claims of the window's sentence, in order, their spans never overlapping (a
    comparison's nested date excepted)."""
    claims: list[Claim] = []
    starts = window.atom_starts
    position = bisect.bisect_left(starts, window.start)
    i = window.start
    while position < len(starts) and starts[position] < window.end:
        i = max(i, starts[position])
        if starts[position] < i:
            position += 1
            continue
        position += 1
        found = window.atom(i)
        if found is None:
            continue
        core = read_core(window, i, *found)
        if core is None:
            i = max(i + 1, found[1] if found[0] != "NUMERAL" else i + 1)
            continue
        claim = grow_claim(window, core)
        i = max(claim.resume, core.end)
        previous = claims[-1] if claims else None
        if previous is not None and claim.start < previous.end and not (
                previous.comparison and previous.comparison[0] <= claim.start and claim.is_time):
            if claim.num_start < previous.end:
                continue  # the number is inside the previous claim already
            claim.start = previous.end  # spans do not overlap: "... cut | by 20%" keeps its number
        claims.append(claim)
    share_counted(window, claims)
    return claims


def grow_claim(window: SentenceWindow, core: Core) -> Claim:
    """A core grown into its claim: kind and unit from the core and the words after it,
    bounds and change words before it; then a time phrase for a date or duration, or
    what a figure counts, its rate, comparison and direction."""
    claim, k = _claim_of_core(window, core)
    read_glued_unit(window, claim)
    label = core.label
    if label in ("number", "range"):
        k = read_units(window, claim, k)
    if label in ("number", "range", "unitspan"):
        k = read_post_bound(window, claim, k)
    if label == "number" and claim.kind == "count" and k == core.end:
        k = read_numeric_modifier(window, claim, k)
    claim.end = max(claim.end, k)
    if claim.kind == "count" and label in ("number", "range") and core.is_year and is_year_context(window, core):
        claim.kind, claim.unit = "date", "year"
    read_words_before(window, claim)
    read_age_after_noun(window, claim)
    if claim.kind in TIME_KINDS:
        _grow_time(window, claim)
    else:
        _grow_figure(window, claim)
    return claim


def _claim_of_core(window: SentenceWindow, core: Core) -> tuple[Claim, int]:
    """The claim a core starts as (kind, unit, bound and direction its label implies), and
    where reading the words after it starts."""
    claim = Claim(core=core, start=core.start, end=core.end, num_start=core.start, num_end=core.end,
                  value=core.value, low=core.low, high=core.high)
    if core.label == "range" and window.lower(core.start) == "between":
        claim.num_start = core.start + 1
    k = core.end
    label = core.label
    if label == "vague":
        claim.bound = "vague"
        claim.num_end = core.end - 1 if window.lower(core.end - 1) == "of" else core.end
        claim.kind = "count"
    elif label == "multiplier":
        claim.kind, claim.unit, claim.change_type = "change", "factor", "relative"
        claim.direction = "increase" if core.value > 1 else "decrease"
        claim.change_cue = True
    elif label in ("reldate", "yearspan", "decade"):
        claim.kind, claim.unit = "date", "year"
        if label == "reldate":
            claim.unit = window.lexicon.relative_date_units.get(window.lower(core.end - 1), "year")
            if window.lower(core.start - 1) in window.lexicon.duration_determiners and window.lower(core.start) != "this":
                # "over the last year": a duration of one unit
                claim.kind, claim.value, claim.start = "duration", 1.0, core.start - 1
    elif label == "unitspan":
        claim.kind, claim.unit = "duration", window.lexicon.time_units[window.lower(core.end - 1)]
        if window.lower(core.end) in window.lexicon.ago_words:  # "a decade ago": an offset of one unit
            claim.kind, claim.value = "date", -1.0
            k = claim.end = core.end + 1
    elif label == "netzero":
        claim.kind = "other"
    elif label == "agegroup":
        claim.kind, claim.unit = "age", "year"
        claim.bound = ">" if window.lower(core.start).startswith("over") else "<"
        claim.counted = "people"  # "over-65s" are people over 65
    elif label in ("fraction", "ratio", "times"):
        claim.kind = "ratio"
    return claim, k


def _grow_time(window: SentenceWindow, claim: Claim) -> None:
    """A date or duration: its time phrase, and what it modifies or measures."""
    read_time_phrase(window, claim)
    if claim.is_modifier:
        read_modified_noun(window, claim)
    elif claim.kind == "duration":
        read_measured_duration(window, claim)
    claim.resume = claim.end


def _grow_figure(window: SentenceWindow, claim: Claim) -> None:
    """A figure: a rate written as a modifier, a comparison factor's terms or a direction
    word after it, what it counts, its rate, a "than ..." baseline, the direction of its
    verb; then the kind and the type of change that follow from them."""
    label = claim.core.label
    claim.end = read_hyphenated_rate(window, claim, claim.end)
    if label == "times":
        k = read_times_comparison(window, claim, claim.end)
    else:
        k = read_direction_after(window, claim, claim.end)
    if label not in ("agegroup", "times") and "modifier" not in claim.flags:
        k = read_counted(window, claim, k)
    k = read_rate(window, claim, k)
    claim.end = max(claim.end, k)
    claim.resume = claim.end
    if label == "times":
        read_times_baseline(window, claim)
    read_comparison(window, claim)
    read_parse_direction(window, claim)
    read_counted_from_clause(window, claim)
    _settle_kind(claim)
    if is_qualifier(window, claim):
        claim.flags.add("qualifier")


def _settle_kind(claim: Claim) -> None:
    """What the words read so far make of a count (a rate, an age level) and of a change
    (relative for a share, absolute for an amount)."""
    if claim.kind == "count" and claim.per:
        claim.kind = "rate"
    if claim.kind == "count" and claim.counted and claim.counted.lower().split()[-1] == "age":
        claim.kind, claim.unit = "age", "year"  # "lower the voting age to 16"
        claim.flags.add("age_level")
    if claim.direction and claim.change_type is None and claim.change_cue:
        claim.change_type = "relative" if claim.kind in ("percent", "ratio", "change") else "absolute"
