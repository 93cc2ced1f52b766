"""Render a text with possibly overlapping spans as properly nested HTML, in one pass.

The rows we highlight overlap freely: a claim sits inside a pledge, an entity inside a
claim, and now and then two spans cross (a claim runs past the end of an entity it
starts in). HTML elements must nest, and the report promises exactly one element per
row, so a crossing span is never split in two: spans are opened outermost first (by
start, then by `rank`, then longest first) and a span that would outlive the element
it opens inside is clipped to that element's end and flagged `data-clipped`, keeping
its true range in `data-end`. Sections and blocks are spans of the same tree, so one
walk over the text renders structure and highlights together.

Zero-width markers (page breaks) are `Point`s, placed inside the innermost element
open at their offset. Every piece of text is escaped here; tags are built here from
plain attribute values, so callers never write markup by hand.

Cost: one sort of the spans and points, then one pass over the text: linear in the
length of the document plus n log n in the number of spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """An element over `text[start:end]`; `rank` orders elements opening at one offset
    (containers first: sections 0, blocks 1, highlights 2)."""

    start: int
    end: int
    tag: str
    attrs: Mapping[str, object] = field(default_factory=dict)
    rank: int = 2
    order: int = 0  # tie-break among equal spans (e.g. pledge before claim before entity)


@dataclass(frozen=True, slots=True)
class Point:
    """A zero-width element at `offset`, e.g. a page marker."""

    offset: int
    tag: str
    attrs: Mapping[str, object] = field(default_factory=dict)
    content: str = ""


def open_tag(tag: str, attrs: Mapping[str, object]) -> str:
    """`<tag a="v" ...>` with every value escaped; None and False values are left out."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{escape(str(value))}"')
    return f"<{' '.join(parts)}>"


def render_spans(text: str, spans: Iterable[Span], points: Iterable[Point] = ()) -> Markup:
    """`text` escaped, with each span an element and each point inserted; see the module doc."""
    size = len(text)
    ordered = sorted((_clamp(span, size) for span in spans), key=lambda s: (s.start, s.rank, -s.end, s.order))
    markers = sorted((_clamp_point(point, size) for point in points), key=lambda p: p.offset)
    writer = _Writer(text, markers)
    stack: list[tuple[int, str]] = []  # (end, closing tag) of the open elements
    for span in ordered:
        while stack and stack[-1][0] <= span.start:
            end, close = stack.pop()
            writer.advance(end)
            writer.out.append(close)
        writer.advance(span.start)
        end, attrs = span.end, span.attrs
        if stack and end > stack[-1][0]:
            end = stack[-1][0]
            attrs = {**attrs, "data-clipped": True, "data-end": span.end}
        writer.out.append(open_tag(span.tag, attrs))
        stack.append((end, f"</{span.tag}>"))
    while stack:
        end, close = stack.pop()
        writer.advance(end)
        writer.out.append(close)
    writer.advance(size, final=True)
    return Markup("".join(writer.out))


def _clamp(span: Span, size: int) -> Span:
    """Offsets forced into [0, size] with end >= start: a bad row still gets its one element."""
    start = min(max(span.start, 0), size)
    end = min(max(span.end, start), size)
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.tag, span.attrs, span.rank, span.order)


def _clamp_point(point: Point, size: int) -> Point:
    offset = min(max(point.offset, 0), size)
    return point if offset == point.offset else Point(offset, point.tag, point.attrs, point.content)


class _Writer:
    """Emits escaped text up to an offset, with the points that fall before it."""

    def __init__(self, text: str, points: list[Point]):
        self.text, self.points = text, points
        self.pos, self.next_point = 0, 0
        self.out: list[str] = []

    def advance(self, offset: int, final: bool = False) -> None:
        """Text up to `offset`; points at `offset` itself wait (they go inside what opens there)
        unless this is the end of the document."""
        points = self.points
        while self.next_point < len(points) and (points[self.next_point].offset < offset
                                                 or (final and points[self.next_point].offset <= offset)):
            point = points[self.next_point]
            self._text_to(max(point.offset, self.pos))
            self.out.append(open_tag(point.tag, point.attrs) + str(escape(point.content)) + f"</{point.tag}>")
            self.next_point += 1
        self._text_to(offset)

    def _text_to(self, offset: int) -> None:
        if offset > self.pos:
            self.out.append(str(escape(self.text[self.pos:offset])))
            self.pos = offset
