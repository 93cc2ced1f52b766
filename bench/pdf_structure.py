"""The structure the PDF reader finds in real manifestos: docs/pdf.md's table.

For each PDF: pages by role, heading levels used, the chapters printed on its contents
page against those found at level 1 (by their words), level-1 sections, repairs made,
and (with --claims, which runs the whole pipeline into a temporary folder) the claims,
pledges and entities read from pages that are not body pages (must be 0).

    .venv/bin/python bench/pdf_structure.py ../shared/dev/pdfs            # structure only, ~15 s
    .venv/bin/python bench/pdf_structure.py ../shared/dev/pdfs --claims   # and the claims, a few minutes
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

from manifesto.pipeline.pdf import read_pdf
from manifesto.pipeline.pdf_headings import MATCH_MIN, _overlap, _words


def structure(path: Path) -> dict:
    """What one PDF's layout holds: roles, levels, chapters."""
    result = read_pdf(path.read_bytes())
    layout = result.layout
    roles = Counter(page.role for page in layout.pages)
    headings = [b for b in layout.blocks if b.kind == "heading"]
    level_one = [_words(layout.text[b.char_start:b.char_end]) for b in headings if b.level == 1]
    found = sum(any(_overlap(_words(entry), words) >= MATCH_MIN for words in level_one) for entry in result.contents)
    return {
        "file": path.name,
        "pages": len(layout.pages),
        "roles": ", ".join(f"{role} {n}" for role, n in sorted(roles.items(), key=lambda kv: -kv[1])),
        "levels": max((b.level or 0 for b in headings), default=0),
        "chapters": len(result.contents),
        "found": found,
        "level_1": len(level_one),
        "repairs": layout.repairs or "",
        "unrepaired": layout.unreadable_fonts or "",
    }


def non_body_rows(folder: Path) -> dict[str, Counter]:
    """Claims, pledges and entities on pages that are not body pages, per file."""
    import pandas as pd

    from manifesto.pipeline.runner import run

    counts: dict[str, Counter] = {}
    with tempfile.TemporaryDirectory() as out:
        run([folder], Path(out))
        documents = pd.read_parquet(Path(out) / "documents", columns=["doc_id", "source_path"])
        pages = pd.read_parquet(Path(out) / "pages", columns=["doc_id", "page_no", "role"])
        names = dict(zip(documents.doc_id, documents.source_path))
        for stage in ("claims", "pledges", "entities"):
            rows = pd.read_parquet(Path(out) / stage, columns=["doc_id", "page_no"]).merge(pages, on=["doc_id", "page_no"])
            for doc_id, n in rows[rows.role != "body"].groupby("doc_id").size().items():
                counts.setdefault(Path(names[doc_id]).name, Counter())[stage] += int(n)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--claims", action="store_true", help="run the pipeline and count rows on non-body pages")
    args = parser.parse_args()
    rows = [structure(path) for path in sorted(args.folder.glob("*.pdf"))]
    extra = non_body_rows(args.folder) if args.claims else {}
    print("| file | pages | pages by role | levels | chapters in contents | found at level 1 | level-1 sections |"
          + (" claims / pledges / entities on non-body pages |" if args.claims else "") + " repairs | not repaired |")
    print("|---|---|---|---|---|---|---|" + ("---|" if args.claims else "") + "---|---|")
    for row in rows:
        counted = extra.get(row["file"], Counter())
        cells = [row["file"], row["pages"], row["roles"], row["levels"], row["chapters"], row["found"], row["level_1"]]
        if args.claims:
            cells.append(f"{counted['claims']} / {counted['pledges']} / {counted['entities']}")
        cells += [row["repairs"] or "none", row["unrepaired"] or "none"]
        print("| " + " | ".join(str(c) for c in cells) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
