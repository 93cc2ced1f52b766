"""Page furniture out of the text: running headers and footers, page numbers, side tabs.

Designed manifestos repeat things on every page that are not part of the text: a
running head ("CHAPTER 04 · A STRONGER ECONOMY"), a footer with a slogan or a web
address, the page number, and a side tab (the chapter's number or name in a coloured
box at the page's outer edge). Left in, they cut sentences ("reduce 9 crime") and
become headings ("Prosperity for all 2"). They are found by recurrence: the same text
(digits aside) at the same height on many pages, or short text at the same page edge
on several pages; each dropped line is counted on its page.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

MARGIN_ZONE = 0.15          # top and bottom share of the page where running lines live
RUNNING_MIN_PAGES = 4       # a running line recurs on half the pages, or on this many
SAME_Y_TOLERANCE = 3.0      # points
EDGE_ZONE = 0.1             # left and right share of the page where side tabs live
TAB_MIN_PAGES = 3           # a side tab sits at the same edge on this many pages
TAB_MAX_WORDS = 3
RUNNING_HEAD_MAX_WORDS = 10
PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–—(|]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)|]?(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)


def _running_key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.lower()).split())


def drop_running_lines(pages: list) -> None:
    """Remove running headers, footers and page numbers; count them per page."""
    n_text_pages = sum(1 for p in pages if p.segs)
    threshold = max(2, min(math.ceil(0.5 * n_text_pages), RUNNING_MIN_PAGES))
    candidates: dict[str, list[tuple[float, object, object]]] = defaultdict(list)
    dropped: set[int] = set()
    for page in pages:
        for seg in page.segs:
            if not _in_margin(seg, page):
                continue
            text = seg.text.strip()
            if PAGE_NUMBER.match(text):
                dropped.add(id(seg))
            elif any(ch.isalnum() for ch in text):
                candidates[_running_key(text)].append((seg.top, page, seg))
    for entries in candidates.values():
        dropped.update(_recurring(entries, threshold))
    dropped |= running_heads(pages, threshold)
    dropped |= side_tabs(pages)
    for page in pages:
        kept = [seg for seg in page.segs if id(seg) not in dropped]
        page.n_dropped = len(page.segs) - len(kept)
        page.segs = kept


def _recurring(entries: list[tuple[float, object, object]], threshold: int) -> set[int]:
    """The segments of `entries` (top, page, seg) at one height (±3 pt) on `threshold` pages or more."""
    if len({page.page_no for _, page, _ in entries}) < threshold:
        return set()
    found: set[int] = set()
    entries = sorted(entries, key=lambda e: e[0])
    cluster: list[tuple[float, object, object]] = []
    for entry in entries + [(math.inf, None, None)]:
        if cluster and entry[0] - cluster[-1][0] > SAME_Y_TOLERANCE:
            if len({page.page_no for _, page, _ in cluster}) >= threshold:
                found.update(id(seg) for _, _, seg in cluster)
            cluster = []
        cluster.append(entry)
    return found


def running_heads(pages: list, threshold: int) -> set[int]:
    """Chapter running heads: short lines in the margin whose text changes with the
    chapter ("FOREWORD", then "FIVE GIANT CHALLENGES") but whose place and type do
    not, set apart from the text by a clear gap, each text on two pages or more (a
    chapter's title, printed once at the top of its first page, stays)."""
    by_style: dict[tuple[str, float], list[tuple[float, object, object]]] = defaultdict(list)
    pages_of: dict[str, set[int]] = defaultdict(set)  # in any type: the chapter's title on its first page counts
    for page in pages:
        for seg in page.segs:
            text = seg.text.strip()
            if _in_margin(seg, page):
                pages_of[_running_key(text)].add(page.page_no)
            if (_in_margin(seg, page) and len(text) >= 2 and any(ch.isalnum() for ch in text)
                    and len(text.split()) <= RUNNING_HEAD_MAX_WORDS and not text.endswith((".", ",", ";", ":"))
                    and _set_apart(seg, page)):
                style = seg.words[0].style
                by_style[(style.font, style.size)].append((seg.top, page, seg))
    found: set[int] = set()
    for entries in by_style.values():
        repeated = [entry for entry in entries if len(pages_of[_running_key(entry[2].text)]) >= 2]
        found |= _recurring(repeated, threshold)
    return found


def _set_apart(seg, page) -> bool:
    """No line within one and a half line heights towards the body, where it overlaps."""
    reach = 1.5 * max(seg.height, 1.0)
    top_margin = seg.bottom <= MARGIN_ZONE * page.height
    for other in page.segs:
        if other is seg or other.x1 < seg.x0 or other.x0 > seg.x1:
            continue
        gap = other.top - seg.bottom if top_margin else seg.top - other.bottom
        if -0.5 * seg.height < gap < reach:
            return False
    return True


def _in_margin(seg, page) -> bool:
    return seg.bottom <= MARGIN_ZONE * page.height or seg.top >= (1 - MARGIN_ZONE) * page.height




def side_tabs(pages: list) -> set[int]:
    """Short text (a chapter number or name) in the outer tenth of the page, at the same
    edge and about the same distance from it on several pages: a side tab."""
    by_edge: dict[tuple[str, int], list] = defaultdict(list)
    for page in pages:
        if page.width <= 0:
            continue
        for seg in page.segs:
            text = seg.text.strip()
            if len(text.split()) > TAB_MAX_WORDS or len(text) > 30 or text.endswith((".", ",", ":", ";")) or text[:1].islower():
                continue  # the end of a sentence that reaches the edge
            if seg.x1 <= EDGE_ZONE * page.width:
                by_edge[("left", round(seg.x0 / (0.02 * page.width)))].append((page.page_no, seg))
            elif seg.x0 >= (1 - EDGE_ZONE) * page.width:
                by_edge[("right", round((page.width - seg.x1) / (0.02 * page.width)))].append((page.page_no, seg))
    tabs: set[int] = set()
    for entries in by_edge.values():
        per_page = Counter(page_no for page_no, _ in entries)
        entries = [(page_no, seg) for page_no, seg in entries if per_page[page_no] <= 2]  # not a column of folios
        if len({page_no for page_no, _ in entries}) < TAB_MIN_PAGES:
            continue
        # a tab is a number, or a chapter's name repeated on its pages (a short heading
        # at the margin of a wide page is neither)
        texts = Counter(seg.text.strip().lower() for _, seg in entries)
        tabs.update(id(seg) for _, seg in entries
                    if not any(ch.isalpha() for ch in seg.text) or texts[seg.text.strip().lower()] >= 2)
    return tabs
