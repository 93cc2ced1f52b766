"""Span nesting for the report: every span one element, properly nested, text intact."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from manifesto.pipeline.report.spans import Point, Span, render_spans


class Tree(HTMLParser):
    """Parses rendered markup, failing on a close tag that does not match the open one;
    records each mark's id, attributes and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.marks: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        record = {"attrs": attrs, "text": []}
        if tag == "mark":
            self.marks.setdefault(attrs["data-id"], []).append(record)
        self.stack.append((tag, record))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        for tag, record in self.stack:
            record["text"].append(data)


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert not tree.stack, f"unclosed: {tree.stack}"
    return tree


def mark(start: int, end: int, ident: str, order: int = 0) -> Span:
    return Span(start, end, "mark", {"data-id": ident}, order=order)


def test_report_spans_crossing_span_is_clipped_to_its_parent_and_flagged():
    text = "0123456789abcdefghij"
    tree = parse(render_spans(text, [mark(0, 10, "a"), mark(5, 15, "b")]))
    (a,), (b,) = tree.marks["a"], tree.marks["b"]
    assert "".join(a["text"]) == text[0:10]
    assert "".join(b["text"]) == text[5:10]
    assert b["attrs"]["data-clipped"] is None and b["attrs"]["data-end"] == "15"
    assert "data-clipped" not in a["attrs"]
    assert "".join(tree.text) == text


def test_report_spans_equal_spans_nest_in_order_and_containers_open_first():
    text = "We will cut crime."
    spans = [mark(0, 18, "claim", order=1), mark(0, 18, "pledge", order=0),
             Span(0, 18, "div", {"class": "block"}, rank=1)]
    markup = render_spans(text, spans)
    assert markup.startswith('<div class="block"><mark data-id="pledge"><mark data-id="claim">We will')


def test_report_spans_escape_text_and_attributes():
    text = '<script>alert("x")</script> & more'
    markup = render_spans(text, [mark(0, 8, 'a" onclick="evil()')])
    assert "<script>" not in markup and 'onclick="evil()"' not in markup
    tree = parse(markup)
    assert "".join(tree.text) == text
    assert list(tree.marks) == ['a" onclick="evil()']


def test_report_spans_points_go_inside_what_opens_at_their_offset():
    text = "one\n\ntwo"
    spans = [Span(0, 3, "div", rank=1), Span(5, 8, "div", rank=1)]
    markup = render_spans(text, spans, [Point(5, "span", {"class": "page"}, "p. 2"), Point(8, "i")])
    assert markup == '<div>one</div>\n\n<div><span class="page">p. 2</span>two</div><i></i>'


def test_report_spans_bad_offsets_still_give_one_element():
    tree = parse(render_spans("abc", [mark(-4, 2, "a"), mark(2, 99, "b"), mark(3, 1, "c")]))
    assert {k: len(v) for k, v in tree.marks.items()} == {"a": 1, "b": 1, "c": 1}
    assert "".join(tree.text) == "abc"


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab <&>\"'\n", min_size=0, max_size=60))
    bounds = st.integers(min_value=0, max_value=len(text))
    pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=25))
    spans = [mark(min(p), max(p), f"id{i}", order=i % 3) for i, p in enumerate(pairs)]
    points = [Point(offset, "span", {"class": "page"}) for offset in draw(st.lists(bounds, max_size=4))]
    return text, spans, points


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_report_spans_property_one_mark_per_span_nested_and_text_kept(case):
    text, spans, points = case
    tree = parse(render_spans(text, spans, points))
    assert "".join(tree.text) == text
    assert sorted(tree.marks) == sorted(s.attrs["data-id"] for s in spans)
    for span in spans:
        (element,) = tree.marks[span.attrs["data-id"]]
        shown = "".join(element["text"])
        if "data-clipped" in element["attrs"]:
            assert int(element["attrs"]["data-end"]) == span.end
            assert text[span.start:span.end].startswith(shown) and len(shown) < span.end - span.start
        else:
            assert shown == text[span.start:span.end]
