"""Numbers that label rather than count, which are no claims.

List and section markers ("1.", "2.3 Our economy"), phone numbers ("dial 999", "NHS
111"), numbers in names ("Section 28", "Licensing Act 2003", "Vision 2030", a year in
the title block), numbers with a leading zero, and a bare "one" or "zero" used as a
pronoun or in an idiom ("than in this one").
"""

from __future__ import annotations

from .numbers import is_year_text
from .window import SentenceWindow

NAME_ENTITIES = {"LAW", "ORG", "PRODUCT", "WORK_OF_ART", "FAC"}
LOWER_CASE_LABELS = {"section", "article", "clause", "schedule", "paragraph", "chapter", "page", "no", "no.", "phase",
                     "stage", "tier", "level", "grade", "part", "band"}
PHONE_CONTEXT = {"call", "calls", "dial", "dialled", "ring", "phone", "line", "number", "helpline", "service", "operator",
                 "nhs", "emergency", "emergencies", "non-emergency", "non-emergencies", "non"}


def is_label(window: SentenceWindow, i: int, end: int, value: float) -> bool:
    """Numbers that label rather than count: list markers, phone numbers, names."""
    token = window.doc[i]
    text = token.text
    prev = window.token(i - 1)
    nxt = window.token(end)
    if token.tag_ == "LS":
        return True
    if i == window.start and nxt is not None and nxt.text in (".", ")") and end - i == 1 and text.isdigit():
        return True  # "1." / "2)" list or section marker
    if i == window.start and window.sentence.get("is_heading") and "." in text and end - i == 1:
        return True  # "2.3 Our economy"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")" and i - 1 == window.start:
        return True
    if text.isdigit() and text.startswith("0") and len(text) > 1:
        return True
    if text in window.lexicon.phone_numbers and end - i == 1:
        nearby = {t.lower_ for t in window.doc[max(window.start, i - 3):min(window.end, end + 3)]}
        if text == "999" or nearby & PHONE_CONTEXT:
            return True  # "dial 999", "NHS 111", "101 for non-emergencies"
    if prev is not None and prev.lower_ in window.lexicon.label_nouns:
        if prev.text[:1].isupper() or prev.lower_ in LOWER_CASE_LABELS:
            return True
    if token.ent_type_ in NAME_ENTITIES and token.ent_iob_ == "I":
        return True
    if end - i == 1 and is_year_text(text, window.lexicon) and prev is not None and prev.i > window.start \
            and prev.tag_ == "NNP" and prev.lower_ not in window.lexicon.months:
        return True  # "Vision 2030", "Licensing Act 2003"
    if end - i == 1 and is_year_text(text, window.lexicon) and window.sentence.get("block_kind") == "title" and any(
            t is not None and t.pos_ == "PROPN" and t.lower_ not in window.lexicon.months for t in (prev, nxt)):
        return True  # a year in the title block is part of the document's name: "2020 Party Platform"
    words = window.words(i, end)
    if words == ["one"] or words == ["zero"] or words == ["nil"] or words == ["nought"]:
        return not _counting_one(window, i, end)
    return False


def _counting_one(window: SentenceWindow, i: int, end: int) -> bool:
    """A bare "one"/"zero" counts only before a unit, a ratio or a noun it quantifies."""
    prev, nxt = window.token(i - 1), window.token(end)
    if nxt is None:
        return False
    if prev is not None and prev.lower_ in window.lexicon.pronominal_before_one:
        return False
    nl = nxt.lower_
    if nl in window.lexicon.time_units or nl in window.lexicon.measure_units \
            or nl in ("in", "out", "%", "per", "percent"):
        return True
    if prev is not None and prev.text in window.lexicon.currency_symbols:
        return True
    if window.doc[i].lower_ != "one":
        return False
    return nxt.pos_ == "NOUN" and nl not in window.lexicon.idiom_nouns_after_one and window.doc[i].dep_ == "nummod"
