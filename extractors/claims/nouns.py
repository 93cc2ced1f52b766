"""Noun phrases: the words a figure counts ("1.5 million people", "the cost of police governance").

The small model's parse often splits a noun phrase, so `noun_phrase` reads it from the
surface with repairs: gerunds and plurals tagged as verbs inside a compound ("planning
times", "housing association tenants"), hyphenated modifiers ("good-paying jobs"),
coordinated adjectives ("direct and indirect jobs"); `np_extent` and `counted_of` read
it from the parse, around a head the other readers found.
"""

from __future__ import annotations

from spacy.tokens import Token

from .window import DASHES, NOUNS, SentenceWindow

NP_DETERMINERS = {"DET", "PRON"}


def noun_phrase(window: SentenceWindow, j: int, skip_determiners: bool,
                gerunds: bool = False) -> tuple[int, int, int, int] | None:
    """(start, end, head, start of the counted words) of the noun phrase at j.
    Coordinated adjectives stay in ("direct and indirect jobs"); with `gerunds`, a
    word in -ing before a noun is a premodifier whatever its tag ("planning times")."""
    lex = window.lexicon
    k = j
    if skip_determiners:
        while k < window.end and (
                window.doc[k].pos_ in NP_DETERMINERS and window.doc[k].dep_ in ("det", "poss", "predet")
                or window.doc[k].lower_ in ("all", "the", "our", "their", "its", "those", "these")):
            k += 1
    counted_start = k
    taken: list[int] = []
    bridges: list[int] = []  # gerunds inside a compound
    plurals: list[int] = []  # plural nouns tagged as verbs
    chained: list[int] = []  # words of a hyphenated premodifier (never the head)
    while k < window.end and k - counted_start < 8 and k not in window.blocked:
        token = window.doc[k]
        low = token.lower_
        # "%", "times", "years" right after a figure are no counted noun; "planning times" is one
        if low in lex.time_adverbs or (low in lex.rate_openers and taken) or low in lex.non_counted_nouns and (
                not taken or window.doc[taken[-1]].pos_ not in NOUNS and window.doc[taken[-1]].tag_ != "VBG"):
            break
        if token.pos_ in NOUNS or token.pos_ == "ADJ" or (
                token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "compound")):
            taken.append(k)
        elif token.tag_ == "VBG" and window.token(k + 1) is not None and window.doc[k + 1].pos_ in NOUNS and (
                gerunds or taken and window.doc[k - 1].tag_ == "NN"):
            taken.append(k)  # "halved planning times"; "electric vehicle charging stations"
            bridges.append(k)
        elif token.tag_ == "VBZ" and low.endswith("s") and taken and window.doc[k - 1].pos_ == "NOUN" and (
                window.token(k + 1) is None or window.doc[k + 1].pos_ in ("AUX", "PUNCT", "CCONJ")
                or window.doc[k + 1].tag_ == "MD"):
            taken.append(k)  # "1.3 million housing association tenants will ...": a plural read as a verb
            plurals.append(k)
            k += 1
            break
        elif token.text in DASHES and not token.whitespace_ and taken and not window.doc[k - 1].whitespace_:
            taken.append(k)
        elif low in ("and", "or") and taken \
                and (window.doc[k - 1].pos_ == "ADJ" or window.doc[k - 1].tag_ in ("VBN", "VBG")) \
                and window.token(k + 1) is not None \
                and (window.doc[k + 1].pos_ == "ADJ" or window.doc[k + 1].tag_ in ("VBN", "VBG")) \
                and window.token(k + 2) is not None and window.doc[k + 2].pos_ in NOUNS | {"ADJ"}:
            taken.append(k)  # "direct and indirect jobs", "new and refurbished homes"
            taken.append(k + 1)
            k += 2
            continue
        elif token.tag_ == "POS" and taken and window.doc[k - 1].pos_ in NOUNS and window.token(k + 1) is not None \
                and window.doc[k + 1].pos_ in NOUNS | {"ADJ"}:
            taken.append(k)  # "a quarter of the nation's wealth"
        elif not token.whitespace_ and window.lower(k + 1) in DASHES and not token.like_num \
                and low not in lex.rate_openers and hyphen_chain_end(window, k) is not None:
            end = hyphen_chain_end(window, k)  # "made-in-America wind turbines", "good-paying jobs"
            taken.extend(range(k, end))
            followed = window.token(end) is not None and window.doc[end].pos_ in NOUNS | {"ADJ"}
            chained.extend(range(k, end if followed else end - 1))
            k = end
            continue
        elif token.like_num and not token.whitespace_ and window.lower(k + 1) in DASHES \
                and not window.doc[k + 1].whitespace_ \
                and window.token(k + 2) is not None and window.doc[k + 2].pos_ in NOUNS \
                and window.token(k + 3) is not None and window.doc[k + 3].pos_ in NOUNS:
            taken.extend((k, k + 1, k + 2))  # "5,000 three-bedroom homes"
            k += 3
            continue
        else:
            break
        k += 1
    nouns = [i for i in taken if window.doc[i].pos_ in NOUNS and i not in chained]
    if not nouns:
        return None
    head = _phrase_head(window, taken, nouns, bridges, plurals)
    end = _coordinated_end(window, head)
    # the of-complement of a level noun or of a noun needed to say what is counted
    return j, end, head, counted_start


def _phrase_head(window: SentenceWindow, taken: list[int], nouns: list[int], bridges: list[int],
                 plurals: list[int]) -> int:
    """The head of the words taken: the first noun whose parse head is no later word of
    them (else the last noun), moved past a gerund or a plural the parse broke the compound at."""
    last = taken[-1]
    head = None
    for i in nouns:
        target = window.doc[i].head.i
        if not (i < target <= last):
            head = i
            break
    if head is None:
        head = nouns[-1]
    if bridges or plurals:
        # the parse broke the compound at the gerund or the mis-tagged plural: the head is
        # the last noun of the run that follows
        k = head + 1
        while k in taken and (window.doc[k].pos_ in NOUNS or k in bridges or k in plurals):
            if window.doc[k].pos_ in NOUNS or k in plurals:
                head = k
            k += 1
    return head


def _coordinated_end(window: SentenceWindow, head: int) -> int:
    """The end of the phrase, past a coordinated noun ("children and young people")."""
    end = head + 1
    if window.lower(end) in ("and", "or"):
        for conj in window.doc[head].conjuncts:
            if end < conj.i <= end + 4 and conj.pos_ in NOUNS and all(
                    window.doc[x].pos_ in NOUNS | {"ADJ"} for x in range(end + 1, conj.i)):
                end = conj.i + 1
                break
    return end


def hyphen_chain_end(window: SentenceWindow, k: int) -> int | None:
    """End of a hyphenated word starting at k ("made-in-America", "good-paying") when a
    noun follows it or it ends in one; None otherwise."""
    j = k
    while j + 2 < window.end and not window.doc[j].whitespace_ and window.doc[j + 1].text in DASHES \
            and not window.doc[j + 1].whitespace_ and j + 2 - k <= 8:
        j += 2
    if j == k or window.atom(j):
        return None
    after = window.token(j + 1)
    if window.doc[j].pos_ in NOUNS or after is not None and after.pos_ in NOUNS | {"ADJ"}:
        return j + 1
    return None


def counted_text(window: SentenceWindow, start: int, end: int) -> str | None:
    """The words [start, end) without the determiners, numbers and prepositions they open
    with ("all the 3,000 new homes" -> "new homes"); None when nothing is left."""
    tokens = [t for t in window.doc[start:end]]
    while tokens and (tokens[0].pos_ in ("DET", "PRON", "NUM", "ADP", "ADV", "PUNCT") or tokens[0].like_num
                      or tokens[0].lower_ in ("all", "of")):
        if len(tokens) > 2 and tokens[1].text in DASHES and not tokens[0].whitespace_ and tokens[0].pos_ != "PUNCT":
            break  # "three-bedroom homes", "good-paying jobs" keep their first word
        tokens = tokens[1:]
    if not tokens:
        return None
    return window.text(tokens[0].i, tokens[-1].i + 1)


def np_extent(window: SentenceWindow, head: Token, with_of: bool = True) -> tuple[int, int]:
    """Token range of the noun phrase headed by `head`: its left modifiers and an
    of-complement ("the cost of police governance")."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet"):
            left = min(left, child.left_edge.i)
    right = head.i + 1
    if with_of:
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].i - child.i <= 6:
                    _l, r = np_extent(window, objects[0], with_of=False)
                    right = max(right, r)
                break
    return max(left, window.np_floor), min(right, window.end)


def counted_of(window: SentenceWindow, noun: Token, with_of: bool = True) -> str | None:
    """The counted words of a noun phrase: "the number of X" -> X; "the cost of
    police governance" keeps its of-complement (`with_of`)."""
    if noun.lower_ in window.lexicon.count_nouns:
        for child in noun.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    left, right = np_extent(window, objects[0], with_of=False)
                    return counted_text(window, left, right)
    left, right = np_extent(window, noun, with_of=with_of)
    return counted_text(window, left, right)
