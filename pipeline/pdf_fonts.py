"""Broken fonts: text that decodes to non-words, repaired from the document itself.

A PDF font maps its glyphs to characters through a ToUnicode table; a wrong table
gives text that looks like text but is not (":e will" for "We will", "(ngland",
"Bre[it", "Tuality"). Such a font reads, as a whole, far fewer real words than the
document's other fonts. For each such font this module learns a substitution, one
character at a time, that turns its non-words into real words (a character is
remapped when that makes real words of several different non-words, clearly more
than any other choice), and applies it where it does: between letters or before a
word for a punctuation mark, inside a non-word that it makes a word for a letter. A
font that still reads mostly non-words is reported with its pages, never guessed.

Real words are those of models/pdf/words.txt: the lower-case words of the spaCy
English model's vocabulary (written by bench/pdf_wordlist.py), loaded once. A font is
looked at when it reads clearly fewer real words than the whole document, or when
marks sit inside its non-words (it may be the body font, the document as bad as it).
"""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PDF_DATA = Path(__file__).resolve().parent.parent / "models" / "pdf"
MIN_TOKENS = 30             # a font with fewer words cannot be judged
SUSPECT_GAP = 0.05          # a font reading this much fewer real words than the document is suspect
UNREADABLE_RATE = 0.5       # after repair, a font reading fewer real words than this is reported
MIN_VOTES = 3               # a substitution must make words of this many different non-words
ROUNDS = 3
# A mark right before a letter (":e", "(ngland", "Bre[it"), as a wrong map leaves: a
# font may be the document's body font, so no worse than the document, and broken.
MARK_IN_WORD = re.compile(r"[^\w\s'’\-.&/#@+][a-z]")  # "(MGS)" and "#Vote" are no such thing
MIN_LETTER_VOTES = 5        # a letter for a letter needs more evidence than a mark for a letter
MIN_MARKED = 5
MARKED_SHARE = 0.005
TRAILING = "\"'’”.,;:!?)]}"
LEADING = "\"'‘“"
LETTERS = string.ascii_letters


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    return frozenset((PDF_DATA / "words.txt").read_text(encoding="utf-8").split())


@dataclass
class FontRepairs:
    """What `repair_fonts` did: per font, its substitution and the words it changed;
    per page, the words repaired and the fonts left unreadable."""

    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    n_words: dict[str, int] = field(default_factory=dict)
    n_by_page: Counter = field(default_factory=Counter)
    unreadable: dict[str, set[int]] = field(default_factory=dict)

    def summary(self) -> str | None:
        """"Font: ':'→'W', '('→'E' (42 words); …" for `documents.repairs`."""
        parts = [f"{_short(font)}: " + ", ".join(f"'{s}'→'{t}'" for s, t in sorted(mapping.items()))
                 + f" ({self.n_words[font]} words)" for font, mapping in self.mappings.items()]
        return "; ".join(parts) or None

    def unreadable_on(self, page_no: int) -> str | None:
        fonts = [_short(font) for font, pages in self.unreadable.items() if page_no in pages]
        return ", ".join(fonts) or None


def _short(font: str) -> str:
    return font.split("+")[-1] or "unnamed font"


def _core(text: str) -> str:
    """A token without its sentence punctuation (a suspect mark before a word stays)."""
    return text.rstrip(TRAILING).lstrip(LEADING)


BRITISH = ((re.compile(r"is(ation|ations|e|es|ed|ing)$"), r"iz\1"), (re.compile(r"our(s|ed|ing)?$"), r"or\1"),
           (re.compile(r"tre(s)?$"), r"ter\1"))


def _is_word(core: str, words: frozenset[str]) -> bool:
    """A real word: in the list, or its parts are (hyphens), or without a possessive,
    or in its American spelling (the list's)."""
    lower = core.lower()
    if lower in words or (lower[:1] in "([" and lower[1:] in words):
        return True
    lower = re.sub(r"['’]s$", "", lower)
    if "-" in lower:
        return all(part in words for part in lower.split("-") if part)
    return lower in words or any(pattern.sub(repl, lower) in words for pattern, repl in BRITISH)


def _judged(core: str) -> bool:
    """Tokens that say something about a font: two letters or more, mostly letters."""
    if len(core) < 2:
        return False
    letters = sum(map(str.isalpha, core))
    return letters >= 2 and letters >= len(core) - 1


def word_rate(tokens: Counter, words: frozenset[str]) -> float:
    judged = [(core, n) for core, n in tokens.items() if _judged(core)]
    total = sum(n for _, n in judged)
    return sum(n for core, n in judged if _is_word(core, words)) / total if total else 1.0


def repair_fonts(pages: list) -> FontRepairs:
    """Find fonts whose text is not words, learn and apply their repair (see the
    module docstring); the words of `pages` are changed in place."""
    words = english_words()
    by_font: dict[str, list] = defaultdict(list)
    for page in pages:
        for seg in page.segs:
            for word in seg.words:
                by_font[word.style.font].append((page.page_no, word))
    tokens = {font: Counter(_core(w.text) for _, w in items) for font, items in by_font.items()}
    document = word_rate(sum(tokens.values(), Counter()), words)
    result = FontRepairs()
    for font, items in by_font.items():
        counted = tokens[font]
        n_judged = sum(n for core, n in counted.items() if _judged(core))
        if n_judged < MIN_TOKENS:
            continue
        marked = sum(n for core, n in counted.items() if MARK_IN_WORD.search(core) and not _is_word(core, words))
        if word_rate(counted, words) >= document - SUSPECT_GAP and marked < max(MIN_MARKED, MARKED_SHARE * n_judged):
            continue  # as good as the document's other text, and no marks inside its words
        # Words the document prints in its other fonts are real too (names, "Brexit",
        # another language): the font is judged and repaired against those as well.
        known = words | {core.lower() for other, counts in tokens.items() if other != font
                         for core in counts if _judged(core)}
        mapping = learn_substitution(counted, known)
        repaired = Counter({_substitute(core, mapping, known): n for core, n in counted.items()}) if mapping else counted
        if word_rate(repaired, known) < UNREADABLE_RATE:  # not words, before or after: report, do not guess
            result.unreadable[font] = {page_no for page_no, _ in items}
            for _, word in items:
                word.unreadable = True
        elif mapping and (n := _apply(items, mapping, known, result.n_by_page)):
            result.mappings[font], result.n_words[font] = mapping, n
    return result


def learn_substitution(tokens: Counter, words: frozenset[str]) -> dict[str, str]:
    """Character → character, chosen greedily: each round, for every character of the
    font's non-words, the replacement that makes real words of the most different
    non-words, if it makes at least MIN_VOTES and twice as many as the next best."""
    mapping: dict[str, str] = {}
    current = Counter(tokens)
    for _ in range(ROUNDS):
        found = _best_substitutions(current, words, mapping)
        if not found:
            break
        mapping.update(found)
        current = Counter({_substitute(core, found, words): n for core, n in current.items()})
    return mapping


def _best_substitutions(tokens: Counter, words: frozenset[str], taken: dict[str, str]) -> dict[str, str]:
    votes: dict[str, Counter] = defaultdict(Counter)  # non-words a target makes words of
    weights: dict[str, Counter] = defaultdict(Counter)  # the same, each weighed by 1 / its number of targets
    at_start: Counter = Counter()
    for core in tokens:
        if not core or _is_word(core, words) or len(core) > 24:
            continue
        acronym = sum(map(str.isupper, core)) >= 2  # "MGS", "LEPs": not words, and not broken
        for source in set(core):
            if source in taken or source.isdigit() or source.isspace() or (acronym and source.isalpha()):
                continue
            if not source.isalpha() and _is_word(core.replace(source, ""), words):
                continue  # "(and": the mark is punctuation, not a letter
            at_start[source] += core[0] == source
            targets = {target.lower() for target in LETTERS
                       if target != source and _is_word(core.replace(source, target), words)}
            for target in targets:  # ":e" could be be, he, me or we; ":estminster" only Westminster
                votes[source][target] += 1
                weights[source][target] += 1 / len(targets)
    found: dict[str, str] = {}
    for source, weighed in weights.items():
        ranked = weighed.most_common(2)
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        n = votes[source][best]
        if n >= (MIN_LETTER_VOTES if source.isalpha() else MIN_VOTES) and score >= 2 * runner_up:
            if source.isalpha():
                found[source] = best.upper() if source.isupper() else best
            else:  # a mark for a letter: a capital where it starts words (":e" → "We")
                found[source] = best.upper() if at_start[source] * 2 > n else best
    return found


def _substitute(core: str, mapping: dict[str, str], words: frozenset[str]) -> str:
    """Apply the substitution to one token where it belongs: a mark touching a letter
    where that makes a word or the token is no word anyway ("(very" → "Every", but
    "(and" stays); a letter only where that makes a non-word a word."""
    if not core or core.lower() in words:
        return core
    chars = list(core)
    lettered = [ch.isalpha() or ch in mapping for ch in chars]  # "([eter": two marks for letters side by side
    for k, ch in enumerate(chars):
        target = mapping.get(ch)
        if target is None or ch.isalpha():
            continue
        if (k + 1 < len(chars) and lettered[k + 1]) or (k and lettered[k - 1]):
            chars[k] = target
    text = "".join(chars)
    if text != core and not _is_word(text, words) and _is_word(core, words):
        return core
    letters = {ch: t for ch, t in mapping.items() if ch.isalpha()}
    if letters and not _is_word(text, words) and sum(map(str.isupper, text)) < 2:
        swapped = "".join(letters.get(ch, ch) for ch in text)
        if _is_word(swapped, words):
            return swapped
    return text


def _apply(items: list, mapping: dict[str, str], words: frozenset[str], by_page: Counter) -> int:
    """Rewrite the font's words; count the changed ones per page."""
    n = 0
    for page_no, word in items:
        core = _core(word.text)
        repaired = _substitute(core, mapping, words)
        if repaired != core:
            start = word.text.find(core)
            word.text = word.text[:start] + repaired + word.text[start + len(core):]
            by_page[page_no] += 1
            n += 1
    return n


DECIMAL = re.compile(r"(?:(?<=[£$€])(\d{1,3})\ufffd(\d{1,2})(?!\d)"
                     r"|(?<![\d,])(\d{1,3})\ufffd(\d{1,2})(?=\s*(?:%|per\s?cent|bn\b|m\b|k\b|million|billion|trillion|pence|p\b|percentage)))",
                     re.I)


def repair_decimals(text: str) -> tuple[str, int]:
    """A U+FFFD between digits is a decimal point where the number reads as one: at
    most three digits before, one or two after, and a currency sign before or a unit
    or scale after ("0�7%", "£5�2bn", "2�5 per cent"); "10�000" and "page 3�4" stay
    unrepaired (and flagged)."""
    if "\ufffd" not in text:
        return text, 0
    return DECIMAL.subn(lambda m: ".".join(g for g in m.groups() if g is not None), text)
