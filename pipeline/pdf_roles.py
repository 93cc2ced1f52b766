"""What each PDF page is for: cover, contents, index, blank, image or body.

Only body pages carry the party's text; the others repeat it as lists of titles and
page numbers (contents, index) or as slogans (covers), so pledges, claims and
entities read body pages only. Roles come from the page's lines alone:

- **blank**: no characters and no image; **image**: no characters but a picture (a
  scan or a full-page photo: the only case worth an OCR warning);
- **contents**: most lines are titles with a page reference (after dot leaders, or a
  number in a column of their own), in page order;
- **index**: most lines are terms with page references, several of them separated by
  commas, and the terms are in alphabetical order;
- **cover**: the first or the last page with little text and no sentence;
- **body**: everything else.

The contents page's entries are also evidence for the section tree: see
`contents_entries` and pipeline/pdf_headings.py.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROLES = ("body", "cover", "contents", "index", "blank", "image")
NON_BODY = frozenset(ROLES) - {"body"}

DOT_LEADER = re.compile(r"(?:\s?[.·…_]){3,}\s*")
TRAILING_REF = re.compile(r"^(?P<text>.*?\S)?\s*(?:[.·…_]{2,}\s*)?(?:p\.?\s*|page\s+)?(?P<ref>\d{1,3})$", re.I)
NUMBERED_ENTRY = re.compile(r"^(?:chapter\s+)?\d{1,2}[.):]\s*(?=[A-Za-z])", re.I)  # "1.Introduction", "2) Health"
LEADING_REF = re.compile(r"^(?P<ref>\d{1,3})\s+(?P<text>\D.*)$")
INDEX_REFS = re.compile(r"^(?P<term>\D+?)[,\s]+(?P<refs>\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*,\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)$")
WORD = re.compile(r"[A-Za-z]+")
FOLIOS = re.compile(r"^\d{1,3}(?:\s+\d{1,3}){0,3}$")  # a page-number column beside the titles
LEADER = re.compile(r"\s*(?:\.{3,}|…+|_{3,})\s*(?:p\.?\s*)?(?P<ref>\d{1,3})\b")
PDF_DATA = Path(__file__).resolve().parent.parent / "models" / "pdf"

COVER_MAX_WORDS = 80        # a cover holds a title, a slogan, a logo line, an address
CONTENTS_MIN_ENTRIES = 4
INDEX_MIN_ENTRIES = 10
REFERENCE_SHARE = 0.5       # share of a page's lines that must end in a page reference


@dataclass(frozen=True)
class PageLine:
    """What role detection reads of a line: its text and type (size, bold)."""

    text: str
    size: float
    bold: bool


@dataclass(frozen=True)
class ContentsEntry:
    """A title printed on a contents page, with its type and page reference."""

    text: str
    size: float
    bold: bool
    ref: int | None
    page_no: int


@lru_cache(maxsize=1)
def contents_titles() -> frozenset[str]:
    data = tomllib.loads((PDF_DATA / "pages.toml").read_text(encoding="utf-8"))
    return frozenset(data["contents_titles"])


def page_role(lines: list[PageLine], page_no: int, n_pages: int, has_chars: bool, has_images: bool) -> str:
    """The role of one page from its lines (see the module docstring)."""
    if not has_chars or not lines:
        return "image" if has_images else "blank"
    if _titled_contents(lines):
        return "contents"
    refs = [_reference(line.text, n_pages) for line in lines]
    entries = [line for line, ref in zip(lines, refs) if ref is not None]
    if len(entries) >= INDEX_MIN_ENTRIES and len(entries) >= REFERENCE_SHARE * len(lines) and _is_index(lines, n_pages):
        return "index"
    if len(entries) >= CONTENTS_MIN_ENTRIES and len(entries) >= REFERENCE_SHARE * _n_entry_lines(lines):
        ordered = [ref for ref in refs if ref is not None]
        if sum(b >= a for a, b in zip(ordered, ordered[1:])) >= 0.7 * (len(ordered) - 1):
            return "contents"
    if page_no in (1, n_pages) and n_pages > 2 and _is_cover(lines):
        return "cover"
    return "body"


def leader_entries(text: str) -> list[tuple[str, int]]:
    """(title, page) for each "Title ..... 12" or "Title …p12" on a line."""
    if "..." not in text and "…" not in text and "___" not in text:
        return []
    entries = []
    start = 0
    for match in LEADER.finditer(text):
        title = text[start:match.start()].strip(" .·…_")
        if WORD.search(title):
            entries.append((title, int(match.group("ref"))))
        start = match.end()
    return entries


def _titled_contents(lines: list[PageLine]) -> bool:
    """Headed "Contents" (or the like) near its top, over a list of short lines."""
    titles = contents_titles()
    if not any(line.text.strip().lower().rstrip(":") in titles for line in lines[:6]):
        return False
    short = sum(1 for line in lines if WORD.search(line.text) and len(line.text.split()) <= 12)
    running = sum(1 for line in lines if len(line.text.split()) > 12 and line.text.rstrip().endswith("."))
    return short >= 3 and running <= 2


def _reference(text: str, n_pages: int) -> int | None:
    """The page a contents or index line refers to, if it ends (or starts) with one,
    or the first of a line of bare page numbers (a column of folios)."""
    text = text.strip()
    if not (text[-1:].isdigit() or text[:1].isdigit()):
        return None  # (the patterns below are costly on long lines)
    if FOLIOS.match(text):
        ref = int(text.split()[0])
        return ref if 0 < ref <= n_pages + 20 else None
    if entries := leader_entries(text):
        ref = entries[0][1]
        return ref if 0 < ref <= n_pages + 20 else None
    match = TRAILING_REF.match(text) or LEADING_REF.match(text)
    if not match or not match.group("text") or not WORD.search(match.group("text")):
        match = INDEX_REFS.match(text)
        if not match or not WORD.search(match.group("term")):
            return None
        ref = int(re.match(r"\d+", match.group("refs")).group(0))
    else:
        ref = int(match.group("ref"))
        if len(match.group("text").split()) > 16:
            return None  # a sentence that ends in a number
    return ref if 0 < ref <= n_pages + 20 else None


def _n_entry_lines(lines: list[PageLine]) -> int:
    """Lines that may be entries: the page's title ("Contents") and bare folios aside."""
    return sum(1 for line in lines if WORD.search(line.text) and len(line.text.split()) > 1) or 1


def _is_index(lines: list[PageLine], n_pages: int) -> bool:
    """Terms with comma-separated page references, in alphabetical order."""
    terms = []
    n_multi = 0
    for line in lines:
        match = INDEX_REFS.match(line.text.strip()) if line.text.rstrip()[-1:].isdigit() else None
        if match and WORD.search(match.group("term")):
            terms.append(match.group("term").strip(" ,").lower())
            n_multi += "," in match.group("refs")
    if len(terms) < INDEX_MIN_ENTRIES or n_multi < 0.2 * len(terms):
        return False
    in_order = sum(b[:1] >= a[:1] for a, b in zip(terms, terms[1:]))
    return in_order >= 0.8 * (len(terms) - 1)


def _is_cover(lines: list[PageLine]) -> bool:
    """Little text (a title, a slogan, an address), and no sentence."""
    n_words = sum(len(line.text.split()) for line in lines)
    if n_words > COVER_MAX_WORDS:
        return False
    return not any(len(line.text.split()) >= 4 and line.text.rstrip().endswith(".") for line in lines)


def contents_entries(lines: list[PageLine], page_no: int, n_pages: int) -> list[ContentsEntry]:
    """The titles of a contents page, without leaders and page numbers; where the page
    lists chapters and their sections in different type, the chapters only (the
    largest type, then bold, that holds at least two entries)."""
    entries: list[ContentsEntry] = []
    titles = contents_titles()
    start = next((k + 1 for k, line in enumerate(lines[:6]) if line.text.strip().lower().rstrip(":") in titles), 0)
    for line in lines[start:]:  # what is set above the title "Contents" is not an entry
        text = line.text.strip()
        several = leader_entries(text)
        if len(several) > 1:  # "Introduction …p3 Our NHS action plan …p6" on one line
            entries.extend(ContentsEntry(title, line.size, line.bold, ref, page_no) for title, ref in several)
            continue
        text = NUMBERED_ENTRY.sub("", text)
        ref = _reference(text, n_pages)
        match = TRAILING_REF.match(text) if ref is not None else None
        if match and match.group("text") and WORD.search(match.group("text")):
            text = match.group("text")
        elif ref is not None and (match := LEADING_REF.match(text)):
            text = match.group("text")
        text = DOT_LEADER.sub(" ", text).strip(" .·…_")
        if len(WORD.findall(text)) == 0 or len(text.split()) > 15:
            continue
        if text.lower().rstrip(":") in ("contents", "content", "table of contents", "index", "page"):
            continue
        entries.append(ContentsEntry(text, line.size, line.bold, ref, page_no))
    styles: dict[tuple[float, bool], int] = {}
    for entry in entries:
        styles[(entry.size, entry.bold)] = styles.get((entry.size, entry.bold), 0) + 1
    main = [style for style in sorted(styles, key=lambda s: (-s[0], -s[1])) if styles[style] >= 2]
    if main and len(styles) > 1:
        entries = [entry for entry in entries if (entry.size, entry.bold) == main[0]]
    return entries
