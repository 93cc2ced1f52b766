"""A PDF page in reading order: its text segments cut into column runs.

Designed manifestos set two or three columns, spreads of two pages, titles across
columns, pull-quotes between them and margin lines above and below. The page is cut
recursively at the widest vertical gutter with text side by side on both sides (an XY
cut); lines that span a gutter cut the page into bands read top to bottom, unless they
are a few lines of display type with the columns running on mid-sentence around them
(a pull-quote, read after the columns). See docs/pdf.md, step 3.
"""

from __future__ import annotations

from bisect import bisect_right

from .layout import ends_sentence, starts_lower
from .pdf_chars import _RawPage, _Seg
from .pdf_furniture import MARGIN_ZONE, _in_margin

GUTTER_MIN = 0.8            # narrowest gutter, in em of the body text
DISPLAY = 1.25              # type this much larger than the body is display type (titles, pull-quotes)
FALLBACK_BESIDE = 6         # lines side by side a gutter found past display type needs (a spread's columns)
NARROW = 0.55               # segments narrower than this share of the region may sit in a column


def order_page(page: _RawPage, body_size: float) -> list[list[_Seg]]:
    """A page in reading order. Lines in the top or bottom margin set apart from the
    body (a header or footer that does not repeat, as on a one-page document) are read
    before or after it, so they cannot cut a column's flow."""
    body = [s for s in page.segs if not _in_margin(s, page)]
    if not body:
        return order_segments(page.segs, body_size)
    # Walk out from the body: the first clear gap (a line's height) sets apart all beyond it.
    above: list[_Seg] = []
    edge = min(s.top for s in body)
    for seg in sorted((s for s in page.segs if s.bottom <= MARGIN_ZONE * page.height), key=lambda s: -s.bottom):
        if above or seg.bottom < edge - seg.height:
            above.append(seg)
        else:
            edge = min(edge, seg.top)
    below: list[_Seg] = []
    edge = max(s.bottom for s in body)
    for seg in sorted((s for s in page.segs if s.top >= (1 - MARGIN_ZONE) * page.height), key=lambda s: s.top):
        if below or seg.top > edge + seg.height:
            below.append(seg)
        else:
            edge = max(edge, seg.bottom)
    apart = {id(s) for s in above + below}
    rest = [s for s in page.segs if id(s) not in apart]
    return ([sorted(above, key=lambda s: (s.top, s.x0))] if above else []) + order_segments(rest, body_size) + (
        [sorted(below, key=lambda s: (s.top, s.x0))] if below else [])


def order_segments(segs: list[_Seg], body_size: float, depth: int = 0) -> list[list[_Seg]]:
    """Segments in reading order, as column runs: each a list read top to bottom."""
    if not segs:
        return []
    gutter = _find_gutter(segs, body_size) if depth < 12 else None
    if gutter is None and depth < 12:
        gutter = _find_gutter(segs, body_size, body_type_only=True)
    if gutter is None:
        return [sorted(segs, key=lambda s: (s.top, s.x0))]
    mid = (gutter[0] + gutter[1]) / 2
    spanning = sorted((s for s in segs if s.x0 < mid < s.x1), key=lambda s: s.top)
    if not spanning:
        left = [s for s in segs if (s.x0 + s.x1) / 2 < mid]
        right = [s for s in segs if (s.x0 + s.x1) / 2 >= mid]
        return order_segments(left, body_size, depth + 1) + order_segments(right, body_size, depth + 1)
    groups = _spanning_groups(spanning)
    floats = [g for g in groups if _is_float(g, segs, mid, spanning, body_size)]
    if floats:
        floating = {id(s) for g in floats for s in g}
        rest = [s for s in segs if id(s) not in floating]
        return order_segments(rest, body_size, depth + 1) + [g for g in floats]
    # Bands between spanning groups, read top to bottom, each column by column.
    tops = [g[0].top for g in groups]
    bands: list[list[_Seg]] = [[] for _ in range(len(groups) + 1)]
    in_span = {id(s) for s in spanning}
    for seg in segs:
        if id(seg) not in in_span:
            bands[bisect_right(tops, seg.top)].append(seg)
    ordered: list[list[_Seg]] = []
    for k, band in enumerate(bands):
        ordered.extend(order_segments(band, body_size, depth + 1))
        if k < len(groups):
            ordered.append(groups[k])
    return ordered


def _spanning_groups(spanning: list[_Seg]) -> list[list[_Seg]]:
    """Spanning segments that follow each other closely form one group (a paragraph or title)."""
    groups: list[list[_Seg]] = []
    for seg in spanning:
        if groups and seg.top - groups[-1][-1].bottom < 1.5 * max(seg.height, groups[-1][-1].height):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def _is_float(group: list[_Seg], segs: list[_Seg], mid: float, spanning: list[_Seg], body_size: float) -> bool:
    """A few spanning lines in display type, with both columns going on above and below
    them, and the first column running on through them mid-sentence: a pull-quote or
    call-out, not a break in the flow."""
    if len(group) > 4 or group[0].words[0].style.size < 1.1 * body_size:
        return False
    top, bottom = group[0].top, group[-1].bottom
    in_span = {id(s) for s in spanning}
    left = [s for s in segs if id(s) not in in_span and (s.x0 + s.x1) / 2 < mid]
    right = [s for s in segs if id(s) not in in_span and (s.x0 + s.x1) / 2 >= mid]
    above = [s for s in left if s.bottom <= top + 1]
    below = [s for s in left if s.top >= bottom - 1]
    if not above or not below or not any(s.bottom <= top + 1 for s in right) or not any(s.top >= bottom - 1 for s in right):
        return False
    last_above = max(above, key=lambda s: (s.top, s.x0))
    first_below = min(below, key=lambda s: (s.top, s.x0))
    text = last_above.text.rstrip()
    return not ends_sentence(text) or text.endswith("-") or starts_lower(first_below.text)


def _find_gutter(segs: list[_Seg], body_size: float, body_type_only: bool = False) -> tuple[float, float] | None:
    """The widest vertical strip that (almost) no narrow segment covers, with text
    on both sides of it side by side: the gap between two columns. With
    `body_type_only`, lines in display type do not close a gutter (a title or a
    pull-quote set across two columns of a spread); tried where no gutter is found
    otherwise."""
    left_edge = min(s.x0 for s in segs)
    right_edge = max(s.x1 for s in segs)
    width = right_edge - left_edge
    narrow = [s for s in segs if s.x1 - s.x0 < NARROW * width
              and not (body_type_only and s.words[0].style.size >= DISPLAY * body_size)]
    if len(narrow) < 4 or width <= 0:
        return None
    allowed = max(1, len(narrow) // 30)
    events = sorted([(s.x0, 1) for s in narrow] + [(s.x1, -1) for s in narrow], key=lambda e: (e[0], e[1]))
    gaps: list[tuple[float, float]] = []
    count, low_start = 0, None
    for x, delta in events:
        before = count
        count += delta
        if before > allowed >= count:
            low_start = x
        elif before <= allowed < count and low_start is not None:
            gaps.append((low_start, x))
            low_start = None
    minimum = GUTTER_MIN * body_size
    best: tuple[float, float] | None = None
    for a, b in gaps:
        if b - a < minimum or a <= left_edge or b >= right_edge:
            continue
        needed = FALLBACK_BESIDE if body_type_only else 2
        if _sides_ok(segs, (a + b) / 2, body_size, needed) and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def _sides_ok(segs: list[_Seg], mid: float, body_size: float, needed: int = 2) -> bool:
    """Text on both sides, side by side: at least `needed` lines on the right have a
    line on the left at the same height (a right-aligned date or signature has none)."""
    # single words in body type do not count: a justified line's wide word gaps cut it
    # into words side by side, which is no evidence of two columns (a one-word title
    # line in display type beside the text is, and so is a contents page's column of
    # page numbers)
    def counts(seg: _Seg) -> bool:
        return (len(seg.words) > 1 or seg.words[0].style.size >= DISPLAY * body_size
                or any(ch.isdigit() for ch in seg.words[0].text))

    left = sorted((s for s in segs if s.x1 <= mid and counts(s)), key=lambda s: s.top)
    right = [s for s in segs if s.x0 >= mid and counts(s)]
    if len(left) < 2 or len(right) < 2:
        return False
    tops = [s.top for s in left]
    beside = 0
    for seg in right:
        k = bisect_right(tops, seg.bottom) - 1  # the last left line starting above this one's foot
        if k >= 0 and (left[k].bottom > seg.top or (k > 0 and left[k - 1].bottom > seg.top)):
            beside += 1
            if beside >= needed:
                return True
    return False


def count_columns(columns: list[list]) -> int:
    """Most column runs side by side at any height of the page."""
    events = sorted([(c[0].top, 1) for c in columns if c] + [(c[-1].bottom, -1) for c in columns if c],
                    key=lambda e: (e[0], e[1]))
    count = best = 0
    for _, delta in events:
        count += delta
        best = max(best, count)
    return best
