"""The index's charts, drawn by matplotlib as static SVG and inlined into the page.

Why matplotlib: the report must open offline from a folder, in any browser, and in a
headless one for tests and screenshots. A static SVG needs no JavaScript library, no
CDN and no rendering step in the browser (vega/altair and plotly draw with a few MB of
JavaScript that would have to be inlined or copied); it is also deterministic (a fixed
hash salt, no date), prints well and can be reused in a paper. What it gives up is
interactivity, which the document pages supply where it matters.

Each chart is a `Chart(name, title, svg)`; the template wraps it in
`<figure data-chart="name">`. Figures use matplotlib's object API (`Figure`, no
pyplot), so no global backend state is touched.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from matplotlib import cycler, rc_context
from matplotlib.figure import Figure

from .data import Corpus, party_of

MAX_FACETS = 24  # documents (or parties) drawn in a faceted chart; the rest are named in its note
TOP_ENTITIES = 10
LABEL_CHARS = 48
ROW_INCHES, FACET_INCHES, WIDTH_INCHES = 0.24, 0.55, 7.5
PLEDGE_TYPES = ("action", "outcome", "status_quo", "process")
COMMITMENTS = ("firm", "soft")
STYLE = {"font.size": 9, "axes.titlesize": 9, "axes.prop_cycle": cycler(
    color=["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"])}
_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    svg: Markup
    note: str = ""


def corpus_charts(corpus: Corpus) -> list[Chart]:
    """The four views of the corpus the issue asks for (five charts)."""
    with rc_context(STYLE):
        return [pledges_per_chapter(corpus), pledge_types_by_party(corpus), commitment_by_party(corpus),
                claims_by_kind(corpus), top_entities_by_party(corpus)]


def pledges_per_chapter(corpus: Corpus) -> Chart:
    """A panel per document: its pledges counted by top-level section, in document order."""
    docs = [d for d in corpus.documents if corpus.of("pledges", d["doc_id"])]
    shown = {d["doc_id"] for d in sorted(docs, key=lambda d: -len(corpus.of("pledges", d["doc_id"])))[:MAX_FACETS]}
    panels = []
    for doc in (d for d in docs if d["doc_id"] in shown):
        counts = Counter(chapter_titles(corpus, doc["doc_id"]))
        panels.append((document_label(doc), list(counts.items())))
    svg = _facets("pledges-per-chapter", panels, "pledges")
    return Chart("pledges-per-chapter", "Pledges per chapter, per document", svg, _omitted(len(docs), "documents"))


def chapter_titles(corpus: Corpus, doc_id: str) -> list[str]:
    """For each pledge of the document, the title of its top-level section (its chapter)."""
    sections = {s["section_id"]: s for s in corpus.of("sections", doc_id)}
    chapter: dict[str, str] = {}

    def title_of(section_id: str | None) -> str:
        if section_id not in chapter:
            section = sections.get(section_id)
            if section is None or (section.get("level") or 0) == 0:
                chapter[section_id] = "(front matter)"
            elif (section.get("level") or 0) > 1 and section.get("parent_id") in sections:
                chapter[section_id] = title_of(section["parent_id"])
            else:
                number = f"{section['number']}. " if section.get("number") else ""
                chapter[section_id] = _short(number + (section.get("title") or f"({section.get('kind')})"))
        return chapter[section_id]

    return [title_of(p.get("section_id")) for p in corpus.of("pledges", doc_id)]


def pledge_types_by_party(corpus: Corpus) -> Chart:
    counts = _count_by_party(corpus, "pledges", "pledge_type")
    return Chart("pledge-types", "Pledge types per party", _stacked("pledge-types", counts, PLEDGE_TYPES, "pledges"))


def commitment_by_party(corpus: Corpus) -> Chart:
    counts = _count_by_party(corpus, "pledges", "commitment")
    return Chart("commitment", "Commitment strength per party", _stacked("commitment", counts, COMMITMENTS, "pledges"))


def claims_by_kind(corpus: Corpus) -> Chart:
    """Claims per kind (rows), stacked by party."""
    by_party = _count_by_party(corpus, "claims", "kind")
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for party, counts in by_party.items():
        for kind, n in counts.items():
            by_kind[kind][party] += n
    kinds = dict(sorted(by_kind.items(), key=lambda item: -sum(item[1].values())))
    return Chart("claims-by-kind", "Numeric claims by kind", _stacked("claims-by-kind", kinds, tuple(by_party), "claims"))


def top_entities_by_party(corpus: Corpus) -> Chart:
    """A panel per party: its most-mentioned entities (by canonical name)."""
    mentions: dict[str, Counter] = defaultdict(Counter)
    for doc in corpus.documents:
        for row in corpus.of("entities", doc["doc_id"]):
            mentions[party_of(doc)][_short(row.get("canonical") or row.get("text") or "?")] += 1
    parties = sorted(mentions, key=lambda p: -sum(mentions[p].values()))[:MAX_FACETS]
    panels = [(party, mentions[party].most_common(TOP_ENTITIES)) for party in sorted(parties)]
    svg = _facets("top-entities", panels, "mentions")
    return Chart("top-entities", f"Most-mentioned entities per party (top {TOP_ENTITIES})", svg,
                 _omitted(len(mentions), "parties"))


def document_label(doc: dict) -> str:
    year = f" {doc['year']}" if doc.get("year") else ""
    return _short(f"{party_of(doc)}{year}: {doc.get('source_path') or doc['doc_id']}", 80)


def _count_by_party(corpus: Corpus, stage: str, column: str) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in corpus.documents:
        for row in corpus.of(stage, doc["doc_id"]):
            counts[party_of(doc)][row.get(column) or "(none)"] += 1
    return dict(sorted(counts.items()))


def _stacked(name: str, counts: dict[str, Counter], known: tuple[str, ...], unit: str) -> Markup:
    """Horizontal bars, one per key of `counts`, stacked by category (known ones first)."""
    rows = list(counts)
    categories = list(known) + sorted({c for cnt in counts.values() for c in cnt} - set(known))
    categories = [c for c in categories if any(cnt.get(c) for cnt in counts.values())]
    fig = Figure(figsize=(WIDTH_INCHES, 1.2 + ROW_INCHES * 1.6 * max(len(rows), 1)), layout="constrained")
    ax = fig.add_subplot()
    if not rows:
        return _empty(name, fig, ax, unit)
    left = [0] * len(rows)
    for category in categories:
        widths = [counts[r].get(category, 0) for r in rows]
        bars = ax.barh(rows, widths, left=left, label=category.replace("_", " "))
        ax.bar_label(bars, labels=[str(w) if w else "" for w in widths], label_type="center", fontsize=8)
        left = [a + b for a, b in zip(left, widths)]
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    fig.legend(loc="outside lower center", ncols=min(len(categories), 6), frameon=False)
    _tidy(ax)
    return _svg(fig, name)


def _facets(name: str, panels: list[tuple[str, list[tuple[str, int]]]], unit: str) -> Markup:
    """One horizontal bar panel per (title, [(label, count)...]), stacked vertically."""
    heights = [max(len(bars), 1) for _, bars in panels] or [1]
    fig = Figure(figsize=(WIDTH_INCHES, sum(h * ROW_INCHES + FACET_INCHES for h in heights) + 0.4),
                 layout="constrained")
    if not panels:
        return _empty(name, fig, fig.add_subplot(), unit)
    axes = fig.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, (title, bars) in zip(axes, panels):
        labels, values = [b[0] for b in bars], [b[1] for b in bars]
        drawn = ax.barh(range(len(bars)), values, color="#4c72b0")
        ax.bar_label(drawn, fontsize=8, padding=2)
        ax.set_yticks(range(len(bars)), labels)
        ax.invert_yaxis()
        ax.set_title(title, loc="left", fontsize=9, fontweight="bold")
        _tidy(ax)
    axes[-1].set_xlabel(unit)
    return _svg(fig, name)


def _empty(name: str, fig: Figure, ax, unit: str) -> Markup:
    ax.text(0.5, 0.5, f"no {unit} in this corpus", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return _svg(fig, name)


def _tidy(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", labelsize=8)


def _svg(fig: Figure, name: str) -> Markup:
    """The figure as an inline `<svg>` (no XML prologue); text stays text, ids are salted
    with the chart name so two charts on one page never share an id."""
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": f"manifesto-{name}"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return Markup(_XML_PROLOGUE.sub("", buffer.getvalue(), count=1))


def _omitted(total: int, what: str) -> str:
    return f"Only the {MAX_FACETS} with the most rows of {total} {what} are drawn." if total > MAX_FACETS else ""


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
