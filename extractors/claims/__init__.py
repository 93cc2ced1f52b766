"""The `claims` stage: every figure in a manifesto, found, parsed and normalised.

How it works (docs/claims.md has the conventions):

1. A spaCy `Matcher` built from `models/claims/patterns.jsonl` marks number *atoms*
   (digits, number and scale words, "hundreds of", "a third", "halve", "last year",
   "over-65s", "2015/16") and idioms that are never claims ("zero tolerance",
   "no one", "one of", clock times, phone numbers).
2. Within each sentence, atoms are composed into a *core*: one number ("two hundred
   and fifty thousand", "£375m"), a range ("18-20", "between 5 and 10") or a ratio
   ("1 in 20"). Labels are dropped here: list markers, "999", "Section 28",
   "Licensing Act 2003", a bare "one" used as a pronoun.
3. The core grows into the claim by reading the words around it, all listed in
   `models/claims/lexicon.json`: currency and scale, "per cent", "year old", time
   units, a bound before it ("over", "at least"), a change construction ("increased
   by", "rise of"), a direction word after it ("fewer", "more"), the counted noun
   phrase (from the parse: the noun the number modifies, with its premodifiers and
   conjuncts), a rate ("a week", "per year") and a "than ..." baseline.
4. The parse supplies what the surface does not: the direction of a governing verb
   ("cut emissions by 50%", "safeguard over 10,000 officers" -> maintain), the
   counted noun of a figure with no noun of its own (the subject of a bare change,
   "a surplus of $7bn", "grants, worth up to £3,000", "inflation now at 3%", a
   coordinated or elliptic figure), the time expression a figure is anchored to
   (same governing verb, a sentence-opening time adverbial, "including", "so that"),
   and whether the figure sits in a commitment (role `pledge_target`) or picks out a
   group or category (role `qualifier`).
5. "$", "dollar" and "cent" are read in the currency of the catalog's `country`
   (AUD in an Australian manifesto, a euro cent in an Irish one).

Where each step lives:

- `atoms.py`: 1, the Matcher, run only near digits and number words
- `cores.py`: 2, atoms composed into cores; `labels.py`: the numbers that are labels
- `reader.py`: 3 and 4 for one sentence, a short driver over one reader per
  construction: `units.py` (units and currencies, and 5), `changes.py` (bounds and
  directions of change), `counted.py` with `nouns.py` (what is counted), `rates.py`,
  `comparisons.py` and `times.py` (time phrases and references)
- `roles.py`: the roles; `extractor.py`: the stage itself (spec, rows, long
  sentences read in pieces)
- `window.py`: the sentence as every reader sees it; `claim.py`: the `Core` and
  `Claim` the readers fill in
- `lexicon.py`, `numbers.py`: the word lists of `models/claims/` and the arithmetic
  of numbers as written
"""

from .extractor import SPEC, extract_claims

__all__ = ["SPEC", "extract_claims"]
