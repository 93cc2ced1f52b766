"""Read a PDF into a `Layout` with page numbers: characters → lines → columns → blocks.

The reader produces what the text normaliser produces (one clean string and typed
blocks pointing into it), plus the page of every block and the character range and
role of every page, so text and PDF inputs feed the same extractors. It works from
the characters and their geometry, never from a library's text extraction:

1. Words with their boxes, size, weight and font come from pypdfium2's raw API (or,
   slower, from pdfplumber), grouped into segments (pipeline/pdf_chars.py).
2. Page furniture is dropped and counted: running headers and footers, chapter
   running heads, page numbers and side tabs (pipeline/pdf_furniture.py).
3. Fonts whose text is not words are repaired by a substitution learned from the
   document, or reported (pipeline/pdf_fonts.py).
4. Reading order, per page: a gutter is a vertical strip that (almost) no narrow
   segment covers, with text on both sides; segments across it (a title over both
   columns) cut the page into bands, read one after the other, each column by column.
   A band cut by a box in large type while the text around it runs on mid-sentence is
   read as if the box were not there (a pull-quote or call-out), the box after it
   (pipeline/pdf_order.py).
5. Lines of a column become paragraphs at a vertical gap, a change of type, an
   indented first line, a bullet (a bullet glyph, or any glyph of a dingbat font, at
   the line start) or a numbered line. Broken glyphs are repaired where the context
   is certain (U+FFFD between a word and a sentence start is a full stop, between
   digits with a unit a decimal point) and counted, and their block flagged
   `garbled`, where it is not.
6. Each page gets its role: body, cover, contents, index, blank, image
   (pipeline/pdf_roles.py).
7. The layout module's rules then apply as for text: line-end hyphens are undone from
   the document's own vocabulary, paragraphs cut by a column or page break mid-sentence
   are joined, repeated passages (pull-quotes) are flagged. Headings come from the
   type on body pages, levels from size clusters, chapters from the contents page
   (pipeline/pdf_headings.py).

See docs/pdf.md for the limits and the measured speed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .ingest import IngestError
from .pdf_chars import (  # noqa: F401 - _Style and segments_of are imported from here by tests
    _pdfium_pages,
    _pdfplumber_pages,
    _RawPage,
    _Seg,
    _Style,
    _Word,
    segments_of,
)
from .pdf_furniture import PAGE_NUMBER, drop_running_lines  # noqa: F401 - PAGE_NUMBER for tests
from .pdf_fonts import FontRepairs, repair_decimals, repair_fonts
from .pdf_order import count_columns, order_page, order_segments  # noqa: F401 - order_segments for tests
from .pdf_headings import assign_levels, label_runs, match_contents, merge_split_headings, not_a_heading
from .pdf_roles import ContentsEntry, PageLine, contents_entries, page_role
from .layout import (
    CLOSING,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    Layout,
    PageSpan,
    _continues,
    _mark_lists,
    _start_unit,
    _Unit,
    clean_characters,
    compose,
    document_vocabulary,
    ends_sentence,
    is_capitals,
    join_fragments,
    mark_repeats,
    starts_lower,
)

PDF_READER_VERSION = "2"
CHAR_SOURCES = ("pdfium", "pdfplumber")
DEFAULT_SOURCE = "pdfium"

HEADING_SIZE_RATIO = 1.12   # a heading is at least this much larger than the body text...
BOLD_MIN_SHARE = 0.9        # ...or bold (nearly all its characters: not a bold phrase in a line) where the body is not
PARAGRAPH_GAP = 0.35        # extra vertical space (in em) that separates paragraphs
INDENT = 0.8                # an indent (in em) that starts a paragraph
KEEP_HYPHEN_PREFIXES = frozenset({"anti", "non", "self", "co", "well"})

BULLET_GLYPHS = frozenset("•●▪■◦‣∙·○►▸➢➤✓✔❖◆◇□❑➔→♦▶")
SUBSTITUTE_BULLETS = frozenset("§Øü¨·")  # what Wingdings bullets look like without their font
CID = re.compile(r"\(cid:\d+\)")
SUSPECT = re.compile(r"[\ufffd\ue000-\uf8ff]")
REPAIRABLE_STOP = re.compile(r"(?<=[\w)\]”’\"'%])\ufffd(?=$|\s+[^\s\w]*[A-Z0-9])")
PUA_REPAIRS = {"\uf001": "fi", "\uf002": "fl"}  # Adobe's old ligature code points
HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-", "\u2010": "-", "\u2011": "-"})


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    bullet: bool
    n_repaired: int
    n_unrepaired: int


@dataclass
class _PdfUnit(_Unit):
    """A unit with what the PDF tells about it besides its text."""

    size: float = 0.0
    bold: bool = False
    typo_heading: bool = False
    boundary: bool = False  # first unit of a column or page: may continue the unit before
    n_lines: int = 0
    indent: float = 0.0  # of its first line, from the left edge of its column
    room: float = 0.0  # left free at the end of its last line
    first_word_width: float = 0.0
    text_x0: float = 0.0
    top: float = 0.0  # the box of its lines on the page it starts on (for stacked headings)
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    pieces: list[tuple[int, int]] = field(default_factory=list)  # (offset in content, page_no)


@dataclass(frozen=True)
class PdfDocument:
    """What `read_pdf` returns to ingest."""

    layout: Layout
    n_pages: int
    warnings: tuple[str, ...]
    contents: tuple[str, ...] = ()  # the chapter titles printed on its contents pages


# --- entry point --------------------------------------------------------------------


def read_pdf(data: bytes, source: str = DEFAULT_SOURCE) -> PdfDocument:
    """The layout of a PDF's text, with page provenance; `IngestError` for bad PDFs."""
    check_envelope(data)
    if source == "pdfium":
        pages = list(_pdfium_pages(data))
    elif source == "pdfplumber":
        pages = list(_pdfplumber_pages(data))
    else:
        raise ValueError(f"unknown character source {source!r} (known: {', '.join(CHAR_SOURCES)})")
    return layout_pages(pages)


def check_envelope(data: bytes) -> None:
    """Refuse what is not a whole PDF before any parser sees it."""
    if not data.strip():
        raise IngestError("empty", "file is empty")
    if b"%PDF-" not in data[:1024]:
        raise IngestError("corrupt", "not a PDF: no %PDF- header at the start of the file")
    if b"%%EOF" not in data.rstrip(b"\x00\r\n\t \x0c")[-2048:]:
        raise IngestError("truncated", "truncated PDF: no %%EOF marker at the end of the file (incomplete download or copy?)")


def layout_pages(pages: list[_RawPage]) -> PdfDocument:
    """Everything after the character source: the same for every source."""
    if not pages:
        raise IngestError("empty", "PDF has no pages")
    warnings = [f"page {p.page_no} could not be read: {p.unreadable}" for p in pages if p.unreadable]
    textless = [p.page_no for p in pages if not p.has_text_layer and p.has_graphics and not p.unreadable]
    if all(not p.segs for p in pages):
        if textless:
            raise IngestError("no_text", f"no text layer on {page_ranges(textless)}; OCR is not supported")
        if len(warnings) == len(pages):
            raise IngestError("corrupt", f"no page could be read ({pages[0].unreadable})")
        raise IngestError("empty", "PDF has no text")
    if textless:
        warnings.append(f"no text layer on {page_ranges(textless)}; OCR is not supported, so the text of those pages is missing")
    drop_running_lines(pages)
    repairs = repair_fonts(pages)
    warnings.extend(f"font {font.split('+')[-1]} decodes to non-words on {page_ranges(numbers)} and could not be "
                    "repaired; its text there is unreliable" for font, numbers in repairs.unreadable.items())
    body_size, body_bold = _body_style(pages)
    page_lines: list[tuple[_RawPage, list[list[_Line]], int, float]] = []
    for page in pages:
        columns = order_page(page, body_size)
        lines = [_lines_of(column) for column in columns]
        page_lines.append((page, lines, count_columns(lines), _page_body_size(page, body_size)))
        page.segs = []  # the words are in the lines now; free them
    vocabulary = document_vocabulary("\n".join(line.text for _, cols, _, _ in page_lines for col in cols for line in col))
    roles, entries = _page_roles(page_lines, len(pages))
    gap = _typical_gap(page_lines, body_size)
    units: list[_PdfUnit] = []
    for page, columns, _, page_body in page_lines:
        for column in columns:
            units.extend(_units_of(column, page.page_no, page_body, body_bold, gap, vocabulary))
    mark_repeats(units)
    units, n_joined = _join_breaks(units, vocabulary)
    for unit in units:
        unit.is_repeat = False
    mark_repeats([u for u in units if roles.get(u.page_no) == "body"])  # a chapter title repeats its contents entry
    units = merge_split_headings(units, lambda left, right: join_lines(left, right, vocabulary))
    _classify(units, roles, entries)
    text, blocks = compose(units)
    spans = _page_spans(units, blocks, page_lines, text, roles, repairs)
    layout = Layout(text=text, blocks=blocks, n_page_breaks_joined=n_joined, pages=spans,
                    repairs=_repairs_summary(repairs, spans),
                    unreadable_fonts="; ".join(f"{font.split('+')[-1]} ({page_ranges(numbers)})"
                                               for font, numbers in repairs.unreadable.items()) or None)
    return PdfDocument(layout=layout, n_pages=len(pages), warnings=tuple(warnings),
                       contents=tuple(entry.text for entry in entries))


def page_ranges(numbers: Iterable[int]) -> str:
    """"pages 3–40" / "page 2" / "pages 1, 4–6"."""
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"{'pages' if len(numbers) > 1 else 'page'} {text}"


# --- lines: text, repairs, bullets ------------------------------------------------


def _lines_of(column: list[_Seg]) -> list[_Line]:
    """Segments of a column run merged into lines (same height, left to right)."""
    lines: list[_Line] = []
    group: list[_Seg] = []
    top = bottom = 0.0
    for seg in sorted(column, key=lambda s: (s.top, s.x0)):
        if group:
            overlap = min(bottom, seg.bottom) - max(top, seg.top)
            if overlap > 0.5 * min(seg.bottom - seg.top, bottom - top):
                group.append(seg)
                top, bottom = min(top, seg.top), max(bottom, seg.bottom)
                continue
            lines.append(make_line(sorted(group, key=lambda s: s.x0) if len(group) > 1 else group))
        group = [seg]
        top, bottom = seg.top, seg.bottom
    if group:
        lines.append(make_line(sorted(group, key=lambda s: s.x0) if len(group) > 1 else group))
    return [line for line in lines if line.text]


def make_line(segs: list[_Seg]) -> _Line:
    """One line's text with its broken glyphs repaired (or counted) and its style."""
    words = segs[0].words if len(segs) == 1 else [word for seg in segs for word in seg.words]
    bullet = _leading_bullet(words)
    parts: list[str] = []
    sized: dict[float, int] = {}
    bold = 0
    for word in words[bullet:] if bullet else words:
        text, style = word.text, word.style
        if style.dingbat and any((ch.isascii() and ch.isalnum()) or "\ue000" <= ch <= "\uf8ff" for ch in text):
            text = "\ufffd" * len(text)  # dingbat glyphs read as ASCII letters inside the line (Greek is fine)
        parts.append(text)
        sized[style.size] = sized.get(style.size, 0) + len(text)
        if style.bold:
            bold += len(text)
    text = " ".join(parts).translate(HYPHENS)
    text, n_repaired, n_unrepaired = repair_glyphs(text)
    n_unrepaired += sum(word.unreadable for word in words)  # a word of an unreadable font: its block is garbled
    if not (text.isascii() and text.isprintable()):  # plain ASCII needs no cleaning
        text = " ".join(clean_characters(text).split())
    if bullet:
        text = f"• {text}" if text else ""
    n = sum(sized.values()) or 1
    size = round(max(sized, key=sized.__getitem__) * 2) / 2 if sized else 0.0
    return _Line(text, segs[0].x0, max(s.x1 for s in segs), min(s.top for s in segs), max(s.bottom for s in segs),
                 size, bold / n >= BOLD_MIN_SHARE, bool(bullet), n_repaired, n_unrepaired)


def _leading_bullet(words: list[_Word]) -> int:
    """How many leading words are a bullet: a bullet glyph, a private-use glyph, or a
    glyph of a dingbat font (Wingdings' bullet is the letter "l", or "w"), or a single
    glyph in another font than the text it precedes, no larger than it."""
    if len(words) < 2:
        return 0
    first, second = words[0], words[1]
    text = first.text
    if len(text) > 2:
        return 0
    if first.style.dingbat or all(ch in BULLET_GLYPHS or "\ue000" <= ch <= "\uf8ff" for ch in text):
        return 1
    if (len(text) == 1 and first.style.font != second.style.font and first.style.size <= 1.2 * second.style.size
            and (text in SUBSTITUTE_BULLETS or (unicodedata.category(text) in ("Ll", "So", "Sm") and text != "a"))):
        return 1
    return 0


def repair_glyphs(text: str) -> tuple[str, int, int]:
    """Repair what broken fonts leave where the context makes it certain; count the rest.

    `(cid:NN)` (a glyph without a character) and private-use code points become
    U+FFFD; a U+FFFD right after a word and before a sentence start (or the line end)
    is a full stop. Returns the text, the repairs and the glyphs left unrepaired.
    """
    if "(cid:" in text:
        text = CID.sub("\ufffd", text)
    if not SUSPECT.search(text):
        return text, 0, 0
    n_repaired = 0
    chars = []
    for ch in text:
        if "\ue000" <= ch <= "\uf8ff":
            if ch in PUA_REPAIRS:
                chars.append(PUA_REPAIRS[ch])
                n_repaired += 1
                continue
            ch = "\ufffd"
        chars.append(ch)
    text = "".join(chars)
    text, n_decimals = repair_decimals(text)
    text, n_stops = REPAIRABLE_STOP.subn(".", text)
    return text, n_repaired + n_decimals + n_stops, text.count("\ufffd")


# --- lines → units ------------------------------------------------------------------


def _body_style(pages: list[_RawPage]) -> tuple[float, bool]:
    """The document's body text: the most common size (by characters), and whether it is bold."""
    sizes: Counter[float] = Counter()
    bold: Counter[float] = Counter()
    for page in pages:
        for seg in page.segs:  # weighted by width, which is about the number of characters
            style = seg.words[0].style
            key = round(style.size * 2) / 2
            sizes[key] += seg.x1 - seg.x0
            bold[key] += seg.x1 - seg.x0 if style.bold else 0
    if not sizes:
        return 10.0, False
    size = sizes.most_common(1)[0][0]
    return size, bold[size] > 0.5 * sizes[size]


def _page_body_size(page: _RawPage, document_size: float) -> float:
    sizes: Counter[float] = Counter()
    n_chars = 0
    for seg in page.segs:
        sizes[round(seg.words[0].style.size * 2) / 2] += seg.x1 - seg.x0
        n_chars += len(seg.words)
    if n_chars < 60:  # words: too little text to tell the page's own body size
        return document_size
    return sizes.most_common(1)[0][0]


def _typical_gap(page_lines, body_size: float) -> float:
    """The usual space between two lines of a paragraph (bottom of one to top of the next)."""
    gaps = []
    for _, columns, _, _ in page_lines:
        for column in columns:
            for previous, line in zip(column, column[1:]):
                if abs(line.size - body_size) < 0.6 and abs(previous.size - body_size) < 0.6:
                    gap = line.top - previous.bottom
                    if -0.5 * body_size < gap < body_size:
                        gaps.append(gap)
    return statistics.median(gaps) if gaps else 0.2 * body_size


def _units_of(column: list[_Line], page_no: int, body_size: float, body_bold: bool, gap: float,
              vocabulary: set[str]) -> list[_PdfUnit]:
    """Paragraphs, headings and list items of one column run."""
    if not column:
        return []
    left = min(line.x0 for line in column)
    right = max(line.x1 for line in column)
    units: list[_PdfUnit] = []
    current: _PdfUnit | None = None
    previous: _Line | None = None
    for line in column:
        started = _start_unit(line.text)
        if current is None or previous is None or _breaks(previous, line, current, started, left, right, gap):
            if current is not None and previous is not None:
                current.room = right - previous.x1
            current = _new_unit(line, started, page_no, left)
            units.append(current)
        else:
            current.content = join_lines(current.content, line.text, vocabulary)
            current.n_lines += 1
            current.bottom, current.x0, current.x1 = line.bottom, min(current.x0, line.x0), max(current.x1, line.x1)
        current.garbled = current.garbled or line.n_unrepaired > 0
        previous = line
    if current is not None and previous is not None:
        current.room = right - previous.x1
    if units:
        units[0].boundary = True
    for unit in units:
        unit.typo_heading = _is_typo_heading(unit, body_size, body_bold)
    return units


def _new_unit(line: _Line, started: _Unit | None, page_no: int, left: float) -> _PdfUnit:
    base = started or _Unit(content=line.text)
    unit = _PdfUnit(content=base.content, marker=base.marker, number=base.number, page_no=page_no,
                    size=line.size, bold=line.bold, n_lines=1, indent=line.x0 - left, pieces=[(0, page_no)],
                    top=line.top, bottom=line.bottom, x0=line.x0, x1=line.x1)
    char_width = (line.x1 - line.x0) / max(len(line.text), 1)
    unit.text_x0 = line.x0 + (char_width * (len(unit.marker) + 1) if unit.marker else 0.0)
    unit.first_word_width = char_width * len(unit.content.split(" ", 1)[0])
    return unit


def _breaks(previous: _Line, line: _Line, unit: _PdfUnit, started: _Unit | None, left: float, right: float,
            gap: float) -> bool:
    """Does `line` start a new block after `previous` (in the same column)?"""
    size = max(previous.size, line.size)
    if line.top - previous.bottom > gap + PARAGRAPH_GAP * size:
        return True
    if abs(line.size - previous.size) > 0.6:
        return True
    if line.bold != previous.bold:
        # a bold run-in head goes on in regular type mid-sentence ("Better regulation of
        # how the Executive operates / internally and outwardly, including ..."): one block
        return ends_sentence(previous.text) or previous.text.rstrip().endswith(":") or not starts_lower(line.text)
    if line.bullet:
        return True
    if started is not None:
        # a dash, star or number that starts a wrapped line ("– like responses to 999
        # calls") opens a list item only where one can start: after a finished
        # sentence or lead-in, or after another item, or left of the text it would go on
        return ends_sentence(previous.text) or bool(unit.marker) or line.x0 < unit.text_x0 - 0.5 * line.size
    if unit.marker and not unit.number:
        # a list item goes on while lines align with its text; a line at the bullet's
        # position after a finished sentence is the next paragraph
        return line.x0 < unit.text_x0 - 0.5 * line.size and ends_sentence(previous.text)
    if not ends_sentence(previous.text):
        return False
    if line.x0 - left > INDENT * line.size and previous.x0 - left < 0.3 * line.size:
        return True  # indented first line
    # the previous line stopped short although the next word would have fitted on it
    first_word = line.text.split(" ", 1)[0]
    width = (line.x1 - line.x0) * len(first_word) / max(len(line.text), 1)
    return previous.x1 + 0.5 * line.size + 1.3 * width < right - 0.3 * line.size and not starts_lower(line.text)


def join_lines(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two lines of a paragraph: undo a line-end hyphen unless the word keeps it.

    The document's vocabulary decides (see layout.join_fragments); when it knows
    neither spelling, a hyphen after a common prefix ("anti-", "self-") stays.
    """
    if not left.endswith("-"):
        return f"{left} {right}"
    cut = max(len(left) - 80, 0)  # the rules read only the last word: keep them off long paragraphs
    while cut and left[cut - 1].isalnum():
        cut -= 1
    head_text, left = left[:cut], left[cut:]
    match = re.search(r"(\w+)-$", left)
    upper = re.match(r"[A-Z]+\b", right)
    if match and upper and match.group(1).isupper():  # "COMMUNI-" + "TIES" in a heading set in capitals
        head, tail_word = match.group(1).lower(), upper.group(0).lower()
        if head + tail_word in vocabulary or f"{head}-{tail_word}" not in vocabulary:
            return head_text + left[:-1] + right
        return head_text + left + right
    if match and starts_lower(right):
        tail = re.match(r"\w+", right)
        head, tail_word = match.group(1).lower(), (tail.group(0) if tail else "").lower()
        if head + tail_word not in vocabulary and f"{head}-{tail_word}" not in vocabulary and head in KEEP_HYPHEN_PREFIXES:
            return head_text + left + right
    return head_text + join_fragments(left, right, vocabulary)


def _is_typo_heading(unit: _PdfUnit, body_size: float, body_bold: bool) -> bool:
    """Set apart by its type (larger, or bold where the body is not) and short."""
    text = unit.content.strip()
    if (unit.marker and not unit.number) or not text or unit.n_lines > 4:
        return False
    if len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if text.rstrip(CLOSING).endswith((".", ",", ";")) or not any(ch.isalpha() for ch in text):
        return False
    larger = unit.size >= HEADING_SIZE_RATIO * body_size and unit.size - body_size >= 1.0
    bolder = unit.bold and not body_bold and unit.size >= 0.92 * body_size
    capitals = is_capitals(text) and len(text.split()) <= 8 and unit.size >= 0.95 * body_size
    return larger or bolder or capitals


def _join_breaks(units: list[_PdfUnit], vocabulary: set[str]) -> tuple[list[_PdfUnit], int]:
    """Join paragraphs cut by a column or page break in mid-sentence (layout rules),
    reaching over pull-quotes set in between; count the joins across pages."""
    joined: list[_PdfUnit] = []
    n_pages_joined = 0
    for unit in units:
        if unit.boundary and joined:
            k = len(joined) - 1
            while k >= 0 and joined[k].is_repeat:
                k -= 1
            previous = joined[k] if k >= 0 else None
            if previous is not None and _same_body(previous, unit) and (
                    _continues(previous, unit) or _continues_item(previous, unit) or _runs_on(previous, unit)):
                content = join_lines(previous.content, unit.content, vocabulary)
                shift = len(content) - len(unit.content)
                n_pages_joined += unit.page_no != previous.pieces[-1][1]
                previous.content = content
                previous.pieces.extend((offset + shift, page) for offset, page in unit.pieces)
                previous.garbled = previous.garbled or unit.garbled
                previous.n_lines += unit.n_lines
                skipped = joined[k + 1:]
                del joined[k + 1:]
                joined[k:k] = skipped  # quotes read before the paragraph they interrupt
                continue
        joined.append(unit)
    return joined, n_pages_joined


def _continues_item(previous: _PdfUnit, unit: _PdfUnit) -> bool:
    """A list item cut by a break goes on, indented like its text, at the top of the next column."""
    return (bool(previous.marker) and not previous.number and not unit.marker and not ends_sentence(previous.content)
            and unit.indent > 0.5 * unit.size)


def _runs_on(previous: _PdfUnit, unit: _PdfUnit) -> bool:
    """A sentence ended at the foot of a column on a full line (the next word would not
    have fitted): the paragraph goes on at the top of the next column, flush left."""
    return (not previous.marker and not unit.marker and previous.n_lines > 1 and unit.indent < 0.3 * unit.size
            and previous.room < unit.first_word_width + 0.5 * unit.size)


def _same_body(previous: _PdfUnit, unit: _PdfUnit) -> bool:
    return (not previous.typo_heading and not unit.typo_heading and abs(previous.size - unit.size) <= 0.6
            and previous.bold == unit.bold)


def _page_roles(page_lines, n_pages: int) -> tuple[dict[int, str], list[ContentsEntry]]:
    """Each page's role (pipeline/pdf_roles.py), and the entries of the contents pages."""
    roles: dict[int, str] = {}
    entries: list[ContentsEntry] = []
    for page, columns, _, _ in page_lines:
        lines = [PageLine(line.text, line.size, line.bold) for column in columns for line in column]
        roles[page.page_no] = page_role(lines, page.page_no, n_pages, bool(lines), page.has_graphics)
        if roles[page.page_no] == "contents":
            entries.extend(contents_entries(lines, page.page_no, n_pages))
    return roles, entries


def _classify(units: list[_PdfUnit], roles: dict[int, str], entries: list[ContentsEntry]) -> None:
    """Kinds and levels from the type (pipeline/pdf_headings.py): on body pages, blocks in
    heading type that are not figures or quotations are headings, the contents page's
    entries found among them are the chapters; the cover's largest heading is the title."""
    _mark_lists(units)
    body = [u for u in units if roles.get(u.page_no) == "body"]
    labels = label_runs(body)
    headings = [u for u in body if u.typo_heading and not u.is_repeat and u.kind == "paragraph"
                and not not_a_heading(u.content) and id(u) not in labels]
    chapters = match_contents(entries, [u for u in body if u.kind == "paragraph" and not u.is_repeat])
    heading_ids = {id(u) for u in headings} | {id(u) for u in chapters}
    for unit in units:
        if unit.kind != "paragraph":
            continue
        if id(unit) in heading_ids:
            unit.kind = "heading"
        elif unit.typo_heading or (unit.n_lines == 1 and unit.is_repeat):
            unit.kind = "line"  # a pull-quote, caption, chart label or a contents entry in display type
    headings = [u for u in units if u.kind == "heading"]
    title = _title(units, roles)
    if title is not None:
        title.kind, title.level = "title", 0
        headings = [u for u in headings if u is not title]
    assign_levels(headings, chapters, len(entries))


def _title(units: list[_PdfUnit], roles: dict[int, str]) -> _PdfUnit | None:
    """The largest type on a cover page 1, or the document's first block when it is
    a heading in the largest heading type."""
    if roles.get(1) == "cover":
        cover = [u for u in units if u.page_no == 1 and u.typo_heading and not not_a_heading(u.content)]
        return max(cover, key=lambda u: u.size) if cover else None
    headings = [u for u in units if u.kind == "heading"]
    if not headings or units[0] is not headings[0]:
        return None
    return headings[0] if headings[0].size >= max(u.size for u in headings) - 0.25 else None


def _repairs_summary(repairs: FontRepairs, spans: tuple[PageSpan, ...]) -> str | None:
    """`documents.repairs`: the fonts remapped, and the glyphs repaired in context."""
    n_glyphs = sum(span.n_glyphs_repaired for span in spans)
    parts = [part for part in (repairs.summary(), f"{n_glyphs} glyphs (full stops, decimal points, ligatures)" if n_glyphs else None) if part]
    return "; ".join(parts) or None


def _page_spans(units: list[_PdfUnit], blocks, page_lines, text: str, roles: dict[int, str],
                repairs: FontRepairs) -> tuple[PageSpan, ...]:
    """Each page's range of the text: from where its first line landed to where the next page's did."""
    starts: dict[int, int] = {}
    for unit, block in zip(units, blocks):
        block_start = block.char_start - (len(unit.marker) + 1 if unit.marker else 0)
        for offset, page in unit.pieces:
            position = block_start if offset == 0 else block.char_start + offset
            starts[page] = min(starts.get(page, position), position)
    spans: list[PageSpan] = []
    numbers = sorted(starts)
    for page, columns, n_columns, _ in page_lines:
        start = starts.get(page.page_no)
        after = bisect_right(numbers, page.page_no)
        end = starts[numbers[after]] if after < len(numbers) else len(text)
        if start is None:
            start = end
        while end > start and text[end - 1].isspace():
            end -= 1  # the blank line between blocks belongs to no page
        lines = [line for column in columns for line in column]
        spans.append(PageSpan(
            page_no=page.page_no, char_start=start, char_end=end,
            width=round(page.width, 2), height=round(page.height, 2), n_chars=page.n_chars,
            n_columns=n_columns, n_lines_dropped=page.n_dropped,
            n_glyphs_repaired=sum(line.n_repaired for line in lines),
            n_glyphs_unrepaired=sum(line.n_unrepaired for line in lines),
            has_text_layer=page.has_text_layer, role=roles.get(page.page_no, "body"),
            n_words_repaired=repairs.n_by_page[page.page_no], unreadable_fonts=repairs.unreadable_on(page.page_no),
        ))
    return tuple(spans)

