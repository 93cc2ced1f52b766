"""A PDF's section tree from its type, with the contents page as evidence.

A designed manifesto sets its chapter titles, section headings and sub-headings in a
few sizes, but it also sets chart labels, callout statistics and pull-quotes in large
type, and a long title over two or three lines. This module turns the blocks in
heading type into a tree a reader recognises:

- text that is a figure, a chart axis, a caption or a quotation is not a heading
  (`not_a_heading`; the words are data in models/pdf/not_headings.toml);
- consecutive heading lines of one style, stacked one under the other, are one
  heading (`merge_split_headings`);
- three or more short blocks of one heading style in a row with no text between
  them are labels, not headings: a chart's legend ("Labour", "Conservative",
  "Green"), a page of candidates' names, a panel listing the chapters
  (`label_runs`): a heading heads text;
- heading sizes are clustered per document (sizes within 10% are one level) into at
  most four levels (`assign_levels`), chapters at level 1: the titles printed on the
  contents page, found in the body (in order, by their words), are the chapters;
  without a contents page, the largest style used more than once is.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

from .pdf_roles import ContentsEntry

PDF_DATA = Path(__file__).resolve().parent.parent / "models" / "pdf"
MAX_LEVEL = 4
SIZE_CLUSTER = 0.9          # a size below 90% of a level's largest starts the next level
TIER_MIN, TIER_SHARE = 3, 0.1  # matches a type size needs to be a tier of the contents (6 chapters over 20 sections)
MATCH_MIN = 0.6             # word overlap (Jaccard) for a contents entry to match a heading
ENTRY_MAX_WORDS = 16
WORD = re.compile(r"[^\W\d_]+")
QUOTES = tuple("\"“‘'«„")


class HeadingUnit(Protocol):
    content: str
    typo_heading: bool
    size: float
    bold: bool
    page_no: int | None
    kind: str
    level: int | None
    top: float
    bottom: float
    x0: float
    x1: float


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads((PDF_DATA / "not_headings.toml").read_text(encoding="utf-8"))
    return frozenset(data["scale_words"]), frozenset(data["caption_starts"])


def not_a_heading(text: str) -> bool:
    """A figure or chart label ("31 30.9 million", "Million", "hundreds of thousands"),
    a caption ("Source: ONS") or a quotation in heading type."""
    scale_words, caption_starts = _rules()
    text = text.strip()
    first_letter = next((ch for ch in text if ch.isalpha()), "")
    if not first_letter or first_letter.islower() or text.startswith(QUOTES):
        return True
    words = [w.lower() for w in WORD.findall(text)]
    if words and words[0] in caption_starts and (len(words) == 1 or ":" in text[:20] or re.search(r"\d", text[:15])):
        return True
    return all(w in scale_words for w in words)


LABEL_RUN = 3               # this many same-style heading blocks in a row, nothing between: labels
LABEL_MAX_WORDS = 6


def label_runs(units: Sequence[HeadingUnit]) -> set[int]:
    """Ids of units that sit in a run of heading-type blocks on one page with no text
    (paragraph or list item) between them, where at least LABEL_RUN of the run share
    one style: labels of a chart, a map or a panel. A chapter title over a section
    heading is two styles, and a real heading has text under it before the next one,
    so neither is caught."""
    labels: set[int] = set()
    run: list[HeadingUnit] = []
    for unit in [*units, None]:
        if _label_like(unit) and (not run or run[-1].page_no == unit.page_no):
            run.append(unit)
            continue
        labels |= _same_style_members(run)
        run = [unit] if _label_like(unit) else []
    return labels


def _label_like(unit: HeadingUnit | None) -> bool:
    return (unit is not None and unit.kind == "paragraph" and unit.typo_heading
            and len(unit.content.split()) <= LABEL_MAX_WORDS)


def _same_style_members(run: list[HeadingUnit]) -> set[int]:
    styles: dict[tuple[float, bool], list[HeadingUnit]] = {}
    for unit in run:
        styles.setdefault((round(unit.size * 2) / 2, unit.bold), []).append(unit)
    return {id(u) for members in styles.values() if len(members) >= LABEL_RUN for u in members}


def merge_split_headings(units: list, joiner) -> list:
    """One heading for a title set over several lines that the layout cut into
    several blocks: same page and style, each right under the one before."""
    merged: list = []
    for unit in units:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.typo_heading and unit.typo_heading and not unit.marker
                and previous.page_no == unit.page_no and abs(previous.size - unit.size) <= 0.6
                and previous.bold == unit.bold and -0.8 * unit.size <= unit.top - previous.bottom < 1.0 * unit.size
                and min(previous.x1, unit.x1) > max(previous.x0, unit.x0)
                and not previous.content.rstrip().endswith((".", "!", "?", ":"))):
            previous.content = joiner(previous.content, unit.content)
            previous.n_lines += unit.n_lines
            previous.bottom = unit.bottom
            previous.x0, previous.x1 = min(previous.x0, unit.x0), max(previous.x1, unit.x1)
            continue
        merged.append(unit)
    return merged


def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text) if len(w) > 1 or w.isupper())


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two titles' words; 1.0 when one holds the other and at least
    half its words ("FOREWORD" in a contents line "FOREWORD MICHELLE")."""
    if not a or not b:
        return 0.0
    small, large = sorted((a, b), key=len)
    if small <= large and 2 * len(small) >= len(large):
        return 1.0
    return len(a & b) / len(a | b)


def match_contents(entries: Sequence[ContentsEntry], candidates: Sequence[HeadingUnit]) -> list[HeadingUnit]:
    """The body blocks that the contents page's entries name, in order: each entry
    takes the first later block (after its contents page) with the same words. An
    entry not found after the last match (a contents page in two columns, read in
    another order than the body's) is looked for from the start, without moving on;
    one found nowhere is skipped."""
    if not entries:
        return []
    pool = [(unit, _words(unit.content)) for unit in candidates if len(unit.content.split()) <= ENTRY_MAX_WORDS]
    taken: set[int] = set()
    position = 0
    for entry in entries:
        words = _words(entry.text)
        found = _find(pool, words, entry.page_no, position, taken)
        if found is None:
            found = _find(pool, words, entry.page_no, 0, taken)
        elif found >= position:
            position = found + 1
        if found is not None:
            taken.add(found)
    return [pool[k][0] for k in sorted(taken)]


def _find(pool: list, words: frozenset[str], after_page: int, start: int, taken: set[int]) -> int | None:
    """The first block from `start` on a page after `after_page` with the entry's
    words; of two on one page (a tab label, then the chapter title), the larger."""
    for k in range(start, len(pool)):
        if k not in taken and (pool[k][0].page_no or 0) > after_page and _overlap(words, pool[k][1]) >= MATCH_MIN:
            same_page = [j for j in range(k, len(pool)) if j not in taken and pool[j][0].page_no == pool[k][0].page_no
                         and _overlap(words, pool[j][1]) >= MATCH_MIN]
            return max(same_page, key=lambda j: pool[j][0].size)
    return None


def size_clusters(sizes: Sequence[float]) -> dict[float, int]:
    """Each size's cluster (0 = largest): sizes within 10% of a cluster's largest join it."""
    clusters: dict[float, int] = {}
    index, top = -1, None
    for size in sorted(set(sizes), reverse=True):
        if top is None or size < SIZE_CLUSTER * top:
            index, top = index + 1, size
        clusters[size] = index
    return clusters


def assign_levels(headings: list[HeadingUnit], chapters: list[HeadingUnit], n_entries: int) -> None:
    """Levels 1-4: chapters (and headings in chapter type or larger, while they are
    few enough to be chapters) at 1, smaller clusters below, the smallest at 4."""
    if not headings:
        return
    clusters = size_clusters([u.size for u in headings])
    chapter_ids = {id(u) for u in chapters}
    if chapters:
        # A contents page listing chapters and their sections alike: the chapters are
        # the matches in the largest type that holds a fair share of them.
        counts: dict[int, int] = {}
        for unit in chapters:
            counts[clusters[unit.size]] = counts.get(clusters[unit.size], 0) + 1
        tiers = [c for c, n in counts.items() if n >= max(TIER_MIN, TIER_SHARE * len(chapters))]
        chapter_cluster = min(tiers, default=max(counts, key=lambda c: (counts[c], -c)))
        # a second, larger tier of matches in smaller type: the contents lists sections too
        sections = {c for c in tiers if c > chapter_cluster and counts[c] > counts[chapter_cluster]}
        chapters = [u for u in chapters if clusters[u.size] not in sections]
        chapter_ids = {id(u) for u in chapters}
        budget = 2 * len(chapters) + 3
    else:
        per_cluster: dict[int, int] = {}
        for unit in headings:
            per_cluster[clusters[unit.size]] = per_cluster.get(clusters[unit.size], 0) + 1
        chapter_cluster = min((c for c, n in per_cluster.items() if n >= 2), default=0)
        budget = len(headings)
    upper = [u for u in headings if clusters[u.size] <= chapter_cluster and id(u) not in chapter_ids]
    promote = len(chapters) + len(upper) <= budget
    below = sorted({clusters[u.size] for u in headings if clusters[u.size] > chapter_cluster})
    rank = {cluster: min(2 + k, MAX_LEVEL) for k, cluster in enumerate(below)}
    for unit in headings:
        if id(unit) in chapter_ids or (promote and clusters[unit.size] <= chapter_cluster):
            unit.level = 1
        elif clusters[unit.size] <= chapter_cluster:
            unit.level = 2
        else:
            unit.level = rank[clusters[unit.size]]
