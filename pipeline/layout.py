"""Normalise extracted text and recover its layout: headings, lists, paragraphs.

Manifesto text comes out of PDFs with paragraphs cut at page ends, bullets as `- `
or `•`, numbered headings, repeated pull-quotes and stray markup (`**A BETTER PLAN**`).
This module turns such text into one clean string plus a list of typed blocks that
point into it. Everything downstream (sentences, sections, pledges) reads offsets
into that string, so this is the only place where text is changed.

The rules are about layout, not about any party or document:
- blank lines separate paragraphs; a bullet or numbered line starts a new block;
- a paragraph that ends without sentence-final punctuation and is followed by a
  lower-case continuation (or by body text, when neither is heading-like) was cut
  by a page break and is joined again;
- a short line without final punctuation is a heading when it is numbered, in
  capitals, ends with a colon, or is the last of its run before body text; other
  short lines (signatures, captions) stay plain lines;
- a line ending in a colon directly before a list is that list's lead-in (its last
  sentence, when it ends a paragraph with other sentences: "Our focus is on
  prevention. We will:");
- blocks with no bullet marks after a paragraph ending in a colon are its list when
  at least two in a row read as items (short, no final full stop); before body text,
  the last of them heads it when it is a topic of one or two words, or a line of up
  to five words with two items left;
- lists written inside one paragraph are lists too: sentences after a colon ("To
  tackle crime we would: Fund treatment for addicts. Expand youth services.") and
  inline bullets ("We will act - Refuse X - Invest in Y", "• A • B");
- a block whose words all occur, in order, inside another block is a repeat (a
  pull-quote), so counts can exclude it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace

LAYOUT_VERSION = "7"

HEADING_MAX_WORDS = 20
HEADING_MAX_CHARS = 160
REPEAT_MIN_WORDS = 6

# Characters that PDF extraction leaves behind, mapped to what a reader sees.
CHARACTER_MAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2008": " ",
    "\u3000": " ", "\t": " ", "\x0b": "\n", "\x0c": "\n\n", "\u2028": "\n", "\u2029": "\n\n",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
}
_CHARACTER_TABLE = str.maketrans(CHARACTER_MAP)
# Unicode category Cc is exactly U+0000-U+001F and U+007F-U+009F; newlines are kept.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")

BULLET = re.compile(
    r"^(?P<marker>[-–—•●▪■◦‣∙·○►▸➢✓✔*]|\(?[0-9]{1,2}[.)]|\(?[a-zA-Z][)]|\((?:[ivx]{1,4})\))\s+(?=\S)"
)
NUMBERED = re.compile(r"^(?P<number>[0-9]{1,2}(?:\.[0-9]{1,2})*)\.?\s+(?=\S)")
MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?=\S)")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
STRAY_MARKUP = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
SPACES = re.compile(r"[ \t]+")
WORD = re.compile(r"\w+")
HYPHEN_END = re.compile(r"(\w+)-$")
HYPHEN_LOOKBACK = 100  # characters: longer than any word broken at a line end
SENTENCE_END = tuple(".!?:;…")
FUNCTION_WORDS = frozenset(
    "a an the and or but nor of to for with in on at by from into onto than that which who whose "
    "our their its his her your my we they as if so".split()
)
CLOSING = "\"'”’)]»"


@dataclass(frozen=True)
class Block:
    """A layout unit of the normalised text: its kind and where its content lies.

    `char_start` is after any bullet marker, so `text[char_start:char_end]` is the
    content a reader would quote.
    """

    ordinal: int
    kind: str  # title | heading | lead_in | list_item | paragraph | line
    char_start: int
    char_end: int
    marker: str | None = None
    number: str | None = None
    level: int | None = None
    lead_in: str | None = None
    is_repeat: bool = False
    page_no: int | None = None
    garbled: bool = False  # PDF: holds glyphs that could not be repaired (U+FFFD); read no numbers from it

    @property
    def is_heading(self) -> bool:
        return self.kind in ("title", "heading")


@dataclass(frozen=True)
class PageSpan:
    """A page of a PDF source: where its text lies in the normalised text, and what
    the PDF reader met on it. Pages follow each other in the text without overlap."""

    page_no: int
    char_start: int
    char_end: int
    width: float
    height: float
    n_chars: int = 0
    n_columns: int = 0
    n_lines_dropped: int = 0
    n_glyphs_repaired: int = 0
    n_glyphs_unrepaired: int = 0
    has_text_layer: bool = True
    role: str = "body"  # cover | contents | index | blank | image | body (pipeline/pdf_roles.py)
    n_words_repaired: int = 0
    unreadable_fonts: str | None = None


@dataclass(frozen=True)
class Layout:
    """Normalised text and its blocks."""

    text: str
    blocks: tuple[Block, ...]
    n_page_breaks_joined: int = 0
    pages: tuple[PageSpan, ...] = ()  # PDF sources only
    repairs: str | None = None  # PDF: broken fonts repaired, e.g. "F1: ':'→'W' (42 words)"
    unreadable_fonts: str | None = None  # PDF: fonts whose text is not words and could not be repaired

    @property
    def n_repeats(self) -> int:
        return sum(block.is_repeat for block in self.blocks)

    def role_at(self, offset: int) -> str | None:
        """The role of the page holding `offset` (`PageSpan.role`); None for text sources."""
        page_no = self.page_at(offset)
        return next((page.role for page in self.pages if page.page_no == page_no), None)

    def page_at(self, offset: int) -> int | None:
        """The page on which the character at `offset` was printed; None for text sources."""
        starts = [page.char_start for page in self.pages if page.char_end > page.char_start]
        if not starts:
            return None
        with_text = [page for page in self.pages if page.char_end > page.char_start]
        return with_text[max(bisect.bisect_right(starts, offset) - 1, 0)].page_no


@dataclass
class _Unit:
    """A block while it is being built: content and what its first line looked like."""

    content: str
    marker: str | None = None
    number: str | None = None
    markdown_level: int | None = None
    page_no: int | None = None
    kind: str = "paragraph"
    level: int | None = None
    lead_in: str | None = None
    is_repeat: bool = False
    words: list[str] = field(default_factory=list)
    garbled: bool = False


def clean_characters(text: str) -> str:
    """Unify newlines, ligatures and odd spaces; drop invisible and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CHARACTER_TABLE)
    text = unicodedata.normalize("NFC", text)
    return CONTROL_CHARACTERS.sub("", text)


def strip_markup(text: str) -> str:
    """Remove bold/emphasis markers left by conversion, keeping the words inside."""
    text = BOLD.sub(r"\2", text)
    text = EMPHASIS.sub(r"\1", text)
    return STRAY_MARKUP.sub("", text)


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSING + " ").endswith(SENTENCE_END)


def starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def ends_with_function_word(text: str) -> bool:
    """A line ending in "and", "the", "of"... cannot end a sentence or a heading."""
    words = WORD.findall(text[-40:].lower())
    return bool(words) and words[-1] in FUNCTION_WORDS


def is_heading_like(text: str) -> bool:
    """Short, starts with a capital, no sentence-final punctuation (a colon is allowed)."""
    stripped = text.rstrip()
    if not stripped or len(stripped) > HEADING_MAX_CHARS or len(stripped.split()) > HEADING_MAX_WORDS:
        return False
    if stripped.rstrip(CLOSING).endswith(tuple(".!?;,…")):
        return False
    first_alpha = next((ch for ch in stripped if ch.isalpha()), "")
    return first_alpha.isupper()


def is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def join_fragments(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two pieces of one sentence; undo a line-end hyphen unless the word has one.

    "commu-" + "nities" becomes "communities"; "anti-" + "social" stays "anti-social"
    when the document spells it so elsewhere.
    """
    drop, separator = _join(left, right, vocabulary)
    return left[:len(left) - drop] + separator + right


def _join(left: str, right: str, vocabulary: set[str]) -> tuple[int, str]:
    """How `join_fragments` joins: characters to drop from the end of `left` (the
    hyphen) and the separator. Only the end of `left` is read (the regex is anchored
    there), so joining line after line costs the length of the lines, not of the
    paragraph so far."""
    match = HYPHEN_END.search(left[-HYPHEN_LOOKBACK:])
    if match and starts_lower(right):
        head, tail = match.group(1), WORD.match(right)
        tail_word = tail.group(0) if tail else ""
        joined, hyphenated = (head + tail_word).lower(), f"{head}-{tail_word}".lower()
        if joined in vocabulary:
            return 1, ""
        if hyphenated in vocabulary or _compound(head.lower(), tail_word.lower()):
            return 0, ""
        return 1, ""
    return 0, " "


def _compound(head: str, tail: str) -> bool:
    """A hyphen the document spells nowhere else: a compound ("means-testing",
    "gold-plating") when both halves are English words and the two together are not
    ("communities" is one word broken at a line end)."""
    from .pdf_fonts import english_words  # the word list of the font repair, loaded once

    words = english_words()
    return head + tail not in words and head in words and tail in words


def split_units(text: str, vocabulary: set[str]) -> list[_Unit]:
    """Paragraphs and list items, with wrapped lines joined and markup removed."""
    units: list[_Unit] = []
    pieces: list[list[str]] = []  # each unit's lines and separators, joined once at the end (linear)
    for paragraph in PARAGRAPH_BREAK.split(text):
        current: _Unit | None = None
        for raw_line in paragraph.split("\n"):
            line = SPACES.sub(" ", raw_line).strip()
            if not line:
                continue
            started = _start_unit(line)
            if started is not None or current is None:
                current = started or _Unit(content=line)
                units.append(current)
                pieces.append([current.content])
            else:
                own = pieces[-1]
                drop, separator = _join(own[-1], line, vocabulary)
                own[-1] = own[-1][:len(own[-1]) - drop]
                own += [separator, line]
    for unit, own in zip(units, pieces):
        unit.content = "".join(own)
    for unit in units:
        unit.content = SPACES.sub(" ", strip_markup(unit.content)).strip()
    return [unit for unit in units if unit.content]


def _start_unit(line: str) -> _Unit | None:
    """A new unit if the line opens one (bullet, numbered line, markdown heading)."""
    if match := MARKDOWN_HEADING.match(line):
        return _Unit(content=line[match.end():], markdown_level=len(match.group("hashes")))
    if match := NUMBERED.match(line):
        rest = line[match.end():]
        if "." in match.group(0) and is_heading_like(strip_markup(rest)):
            return _Unit(content=rest, number=match.group("number"), marker=match.group(0).strip())
    if match := BULLET.match(line):
        if match.group("marker") == "*" and line.count("*") > 1:
            return None  # "*Yvette* *Sadiq*": emphasis, not a bullet
        return _Unit(content=line[match.end():], marker=match.group("marker"))
    return None


def join_page_breaks(units: list[_Unit], vocabulary: set[str]) -> tuple[list[_Unit], int]:
    """Join paragraphs that a page break cut in the middle of a sentence."""
    joined: list[_Unit] = []
    pieces: list[list[str]] = []  # joined once at the end: linear however many breaks are joined
    count = 0
    for unit in units:
        previous = joined[-1] if joined else None
        if previous is not None and _continues(previous, unit, _so_far(pieces[-1])):
            own = pieces[-1]
            drop, separator = _join(own[-1], unit.content, vocabulary)
            own[-1] = own[-1][:len(own[-1]) - drop]
            own += [separator, unit.content]
            count += 1
        else:
            joined.append(unit)
            pieces.append([unit.content])
    for unit, own in zip(joined, pieces):
        unit.content = "".join(own)
    return joined, count


def _so_far(pieces: list[str]) -> str:
    """The paragraph joined so far, as `_continues` reads it: whole while it is short
    enough to be a heading; else its last 80 characters or more behind padding that
    keeps it longer than any heading. Same answers, and a long run of joins stays linear."""
    if len(pieces) <= 2 * HEADING_MAX_CHARS + 1 and sum(map(len, pieces)) <= HEADING_MAX_CHARS:
        return "".join(pieces)
    tail: list[str] = []
    for piece in reversed(pieces):
        tail.append(piece)
        if sum(map(len, tail)) >= 80:
            break
    return "x " * HEADING_MAX_CHARS + "".join(reversed(tail))


def _continues(previous: _Unit, unit: _Unit, so_far: str | None = None) -> bool:
    text = previous.content if so_far is None else so_far
    if unit.marker or unit.markdown_level or previous.number or previous.markdown_level:
        return False
    if ends_sentence(text):
        return False
    if starts_lower(unit.content) or ends_with_function_word(text):
        return True
    return previous.marker is None and not is_heading_like(text) and not is_heading_like(unit.content)


def mark_repeats(units: list[_Unit]) -> None:
    """Flag units whose words occur, in order, inside another unit (pull-quotes).

    Of two identical units the later is the repeat. Candidates are found through an
    index of each unit's first word trigram, so this stays linear in practice.
    """
    keys = []
    for unit in units:
        unit.words = WORD.findall(unit.content.lower())
        keys.append(" " + " ".join(unit.words) + " ")
    index: dict[str, set[int]] = {}
    for position, unit in enumerate(units):
        for i in range(max(len(unit.words) - 2, 0)):
            index.setdefault(" ".join(unit.words[i:i + 3]), set()).add(position)
    for position, unit in enumerate(units):
        if len(unit.words) < REPEAT_MIN_WORDS or unit.marker or unit.markdown_level:
            continue  # list items restate the body on purpose; only stand-alone lines are pull-quotes
        for other in sorted(index.get(" ".join(unit.words[:3]), ())):
            if other == position:
                continue
            same = keys[other] == keys[position]
            if (same and other < position) or (not same and keys[position] in keys[other]):
                unit.is_repeat = True
                break


def classify(units: list[_Unit]) -> None:
    """Give each unit its kind and heading level (see the module docstring)."""
    _mark_lists(units)
    candidates = [
        unit.kind == "paragraph" and not unit.is_repeat and is_heading_like(unit.content)
        for unit in units
    ]
    for position, unit in enumerate(units):
        if unit.markdown_level or (unit.number and unit.kind != "list_item"):
            unit.kind = "heading"
        elif candidates[position]:
            unit.kind = _candidate_kind(units, candidates, position)
        elif unit.is_repeat and is_heading_like(unit.content):
            unit.kind = "line"
    _assign_levels(units)


def _mark_lists(units: list[_Unit]) -> None:
    """List items get their kind and the lead-in of their list; a run of items goes on
    across page breaks until a block that is not an item. Lists written inside one
    paragraph are split out first (in place, so the caller's list sees them)."""
    units[:] = [piece for unit in units for piece in split_inline_list(unit)]
    lead_in: str | None = None
    for position, unit in enumerate(units):
        if unit.marker and (not unit.number or not is_heading_like(strip_markup(unit.content))):
            # "1. No hard border, or" opened like a numbered heading, but the whole
            # block is a sentence: a numbered list item
            unit.kind = "list_item"
            if position > 0 and units[position - 1].kind != "list_item":
                previous = units[position - 1]
                lead_in = None
                opens = previous.content.rstrip().endswith(":") or previous.kind == "lead_in"
                if opens and not previous.number and not previous.markdown_level:
                    previous.kind = "lead_in"
                    lead_in = last_sentence(previous.content)
            unit.lead_in = lead_in
        else:
            lead_in = None
    _mark_unmarked_items(units)


MIN_UNMARKED_ITEMS = 2


def _mark_unmarked_items(units: list[_Unit]) -> None:
    """Items with no bullet marks, each a block of its own, under a paragraph that ends
    with a colon ("Plaid Cymru MPs will demand:" / "Full electrification of the main line
    to Swansea" / "Investment of £1 billion in the North Wales rail network"): web pages
    that drop the list markup, PDFs without bullet glyphs, and sentence tables give
    lists so. Only a run of at least two blocks that read as items (one short phrase or
    clause, no sentence-final full stop) counts, so that a colon before ordinary
    paragraphs opens no list. A line in capitals is a heading (a contents page's
    titles), and a line ending in "the" or "and" is a piece of a paragraph cut by the
    PDF's line breaks: neither is an item."""
    position = 0
    while position < len(units):
        head = units[position]
        end = position + 1
        if _opens_unmarked_list(head):
            while end < len(units) and _unmarked_item(units[end]):
                end += 1
        needed = MIN_UNMARKED_ITEMS
        if end - position - 1 >= MIN_UNMARKED_ITEMS and _heads_what_follows(units, end - 1, end - position - 2):
            end -= 1  # the run's last block heads the body text after it: a list of one before it
            needed = 1
        if end - position - 1 >= needed:
            head.kind = "lead_in"
            for unit in units[position + 1:end]:
                unit.kind, unit.lead_in = "list_item", last_sentence(head.content)
        position = end


TOPIC_HEADING_WORDS = 2  # "Housing", "The NHS": a topic, never a list item
SHORT_HEADING_WORDS = 5


def _heads_what_follows(units: list[_Unit], position: int, items_left: int) -> bool:
    """Whether the last block of a run of unmarked items is the heading of the body text
    after it, as the last of a run of short lines before body text is: a topic of one or
    two words ("Housing", "The NHS"), or a short heading-like line of up to five words
    when two items stay in the list ("A National Education Service"). Body text is a
    plain paragraph that ends a sentence. A longer block stays an item ("Build 100,000
    council homes a year"), and so does the second of two ("Free prescriptions for
    all"); "An economy that works for everyone" as a heading stays an item too."""
    following = units[position + 1] if position + 1 < len(units) else None
    body = following is not None and _plain(following) and ends_sentence(following.content)
    content = units[position].content
    if not body or not is_heading_like(content):
        return False
    words = len(content.split())
    return words <= TOPIC_HEADING_WORDS or (words <= SHORT_HEADING_WORDS and items_left >= MIN_UNMARKED_ITEMS)


def _plain(unit: _Unit) -> bool:
    """A paragraph with no bullet, number or heading mark, not a repeat."""
    return unit.kind == "paragraph" and not (unit.marker or unit.number or unit.markdown_level or unit.is_repeat)


def _opens_unmarked_list(unit: _Unit) -> bool:
    """A paragraph or lead-in (also a bulleted one) ending in a colon, with no number or
    heading mark."""
    return (unit.kind in ("paragraph", "lead_in") and not unit.number and not unit.markdown_level
            and not unit.is_repeat and unit.content.rstrip(CLOSING + " ").endswith(":"))


def _unmarked_item(unit: _Unit) -> bool:
    """A plain block that reads as a list item: a short phrase or clause (one sentence,
    no final full stop or colon), not a line in capitals or one cut before "the"."""
    content = unit.content.strip()
    return _plain(unit) and 0 < len(content.split()) <= MAX_ITEM_WORDS and _reads_as_item(content)


def _reads_as_item(content: str) -> bool:
    """One sentence at most, not ended as a sentence or a lead-in is, and neither a
    line in capitals (a heading) nor one cut before a function word (a broken line)."""
    if SENTENCE_BREAK.search(content) or content.rstrip(CLOSING + " ").endswith(tuple(".!?:")):
        return False
    return not is_capitals(content) and not ends_with_function_word(content)


SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9£€$])")
RUN_ON_LEAD_IN = re.compile(r"^(?P<lead>[^:]{3,300}?:)\s+(?=[\"“‘]?[A-Z])")
# A bullet glyph, or a dash or asterisk before a capital (an asterisk as emphasis has no
# space after it: "*Yvette*"), after a space or glued to a colon ("include:* Saying no").
INLINE_BULLET = re.compile(r"(?:\s+|(?<=:))(?:[•●▪■◦‣►▸➢]|[-–—*](?=\s+[\"“‘]?[A-Z]))\s+")
MAX_ITEM_WORDS = 60


def last_sentence(text: str) -> str:
    """The last sentence of a paragraph: the part of a lead-in that opens the list."""
    return SENTENCE_BREAK.split(text.strip())[-1]


def split_inline_list(unit: _Unit) -> list[_Unit]:
    """A paragraph that holds a whole list, as a lead-in and its items.

    Two shapes, both general to manifesto prose: a colon followed by at least two short
    sentences ("To tackle crime we would: Fund treatment for addicts. Expand youth
    services."), and inline bullet marks ("We will act - Refuse X - Invest in Y", a dash
    or asterisk only before a capital, twice or more: a web page shows a text's "* item"
    lines inside one paragraph). Other paragraphs are returned unchanged. The pieces come
    typed: the head a lead-in, each item a list item carrying the head's last sentence.
    """
    if unit.kind != "paragraph" or unit.marker or unit.number or unit.markdown_level or unit.is_repeat:
        return [unit]
    pieces = _split_inline_bullets(unit) or _split_run_on(unit)
    if pieces is None:
        return [unit]
    head, *items = pieces
    return [replace(head, kind="lead_in"),
            *(replace(item, kind="list_item", lead_in=last_sentence(head.content)) for item in items)]


def _split_run_on(unit: _Unit) -> list[_Unit] | None:
    lead = RUN_ON_LEAD_IN.match(unit.content)
    if lead is None:
        return None
    items = SENTENCE_BREAK.split(unit.content[lead.end():].strip())
    if len(items) < 2 or any(len(item.split()) > MAX_ITEM_WORDS for item in items):
        return None
    return [replace(unit, content=lead.group("lead").strip()), *(replace(unit, content=item, marker="•") for item in items)]


def _split_inline_bullets(unit: _Unit) -> list[_Unit] | None:
    """The text before the first mark opens the list, as a lead-in does."""
    parts = [part.strip() for part in INLINE_BULLET.split(unit.content)]
    dashes_only = not re.search(r"[•●▪■◦‣►▸➢]", unit.content)
    if len(parts) < (3 if dashes_only else 2) or not all(parts) or any(len(p.split()) > MAX_ITEM_WORDS for p in parts):
        return None
    return [replace(unit, content=parts[0]), *(replace(unit, content=part, marker="•") for part in parts[1:])]


def _candidate_kind(units: list[_Unit], candidates: list[bool], position: int) -> str:
    unit = units[position]
    if position == 0:
        return "title"
    following = units[position + 1] if position + 1 < len(units) else None
    body_follows = following is not None and following.kind in ("paragraph", "list_item", "lead_in") and not (
        following.kind == "paragraph" and candidates[position + 1]
    )
    if is_capitals(unit.content) or unit.content.endswith(":") or body_follows:
        return "heading"
    return "line"


def _assign_levels(units: list[_Unit]) -> None:
    """Numbered and markdown headings carry their depth; others are level 1, or 2
    under a heading that ends with a colon ("Our plan of action:")."""
    colon_level: int | None = None
    for unit in units:
        if unit.kind == "title":
            unit.level, colon_level = 0, None
        elif unit.kind == "heading":
            if unit.markdown_level:
                unit.level = unit.markdown_level
            elif unit.number:
                unit.level = unit.number.count(".") + 1
            elif colon_level is not None and not is_capitals(unit.content) and not unit.content.endswith(":"):
                unit.level = colon_level + 1
            else:
                unit.level = 1
            if unit.number or unit.markdown_level or is_capitals(unit.content):
                colon_level = None
            if unit.content.endswith(":"):
                colon_level = unit.level


def compose(units: list[_Unit]) -> tuple[str, tuple[Block, ...]]:
    """Write units out as one string, blocks separated by a blank line."""
    pieces: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for ordinal, unit in enumerate(units):
        prefix = f"{unit.marker} " if unit.marker else ""
        if ordinal:
            pieces.append("\n\n")
            offset += 2
        start = offset + len(prefix)
        pieces.append(prefix + unit.content)
        offset += len(prefix) + len(unit.content)
        blocks.append(Block(
            ordinal=ordinal, kind=unit.kind, char_start=start, char_end=offset,
            marker=unit.marker, number=unit.number, level=unit.level,
            lead_in=unit.lead_in, is_repeat=unit.is_repeat, page_no=unit.page_no,
            garbled=unit.garbled,
        ))
    return "".join(pieces), tuple(blocks)


def document_vocabulary(text: str) -> set[str]:
    """Lower-cased words and hyphenated words of a text, for undoing line-end hyphens."""
    return {w.lower() for w in re.findall(r"\w+(?:-\w+)*", text)} | {w.lower() for w in WORD.findall(text)}


def normalise(raw_text: str) -> Layout:
    """Normalised text and its layout blocks for one document."""
    text = clean_characters(raw_text)
    vocabulary = document_vocabulary(text)
    units, n_joined = join_page_breaks(split_units(text, vocabulary), vocabulary)
    mark_repeats(units)
    classify(units)
    normalised, blocks = compose(units)
    return Layout(text=normalised, blocks=blocks, n_page_breaks_joined=n_joined)

