"""The manifestos of shared/dev/texts (HTML and Markdown) end to end: structure and pledges.

Runs documents, sections, sentences and pledges over the folder (incrementally: a second
run with the same code reuses the output folder) and prints, per file, the tables of
docs/formats.md: blocks by kind, sections at each level, list items and their lead-ins,
pledges. With `--sample FILE` it also writes 20 pledges per file, spread evenly through
the document (every n-th pledge, so the sample does not depend on a random seed), for a
person to judge against docs/pledges.md. The commit the figures come from is printed.

    python bench/formats.py --out /tmp/formats-out --sample /tmp/formats-sample.md
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_TEXTS = ROOT.parent / "shared" / "dev" / "texts"
STAGES = ["documents", "sections", "sentences", "pledges"]
SAMPLE_SIZE = 20


def build(inputs: Path, out: Path) -> None:
    from manifesto.pipeline.runner import run

    report = run([inputs], out, stages=STAGES, jobs=1)
    if report.exit_code:
        sys.exit(f"the run failed: {report.errors}")


def summary(out: Path) -> list[dict]:
    """One dict per document: counts of blocks, sections by level, list items, pledges."""
    from manifesto.pipeline import load_stage

    documents = load_stage("documents", out).sort_values("source_path")
    sections, sentences, pledges = (load_stage(stage, out) for stage in ("sections", "sentences", "pledges"))
    rows = []
    for doc in documents.itertuples():
        own = sentences[sentences.doc_id == doc.doc_id]
        sec = sections[(sections.doc_id == doc.doc_id) & (sections.kind != "preamble")]
        items = own[own.is_list_item]
        found = pledges[pledges.doc_id == doc.doc_id]
        rows.append({
            "file": doc.source_path, "format": doc.format, "words": int(doc.n_words), "blocks": int(doc.n_blocks),
            "levels": {int(level): int(n) for level, n in sec.level.value_counts().sort_index().items()},
            "sentences": int((~own.is_heading).sum()), "list_items": len(items),
            "with_lead_in": int(items.lead_in.notna().sum()),
            "pledges": len(found), "from_items": int(found.sentence_id.isin(items.sentence_id).sum()),
            "per_1000_words": round(1000 * len(found) / max(int(doc.n_words), 1), 1),
        })
    return rows


def table(rows: list[dict]) -> str:
    levels = sorted({level for row in rows for level in row["levels"]})
    head = ["file", "format", "words", "blocks", *(f"sections L{level}" for level in levels),
            "sentences", "list-item sentences (with lead-in)", "pledges", "from list items", "pledges / 1,000 words"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        cells = [row["file"], row["format"], f"{row['words']:,}", str(row["blocks"]),
                 *(str(row["levels"].get(level, 0)) for level in levels),
                 f"{row['sentences']:,}", f"{row['list_items']} ({row['with_lead_in']})",
                 str(row["pledges"]), str(row["from_items"]), str(row["per_1000_words"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def outline(out: Path, shown: int = 4) -> str:
    """Per file and heading level: how many sections, and the first few titles."""
    from manifesto.pipeline import load_stage

    documents = load_stage("documents", out).sort_values("source_path")
    sections = load_stage("sections", out).sort_values("ordinal")
    lines = ["| file | level | sections | first titles |", "|---|---|---|---|"]
    for doc in documents.itertuples():
        own = sections[(sections.doc_id == doc.doc_id) & (sections.kind != "preamble")]
        for level, group in own.groupby("level"):
            titles = "; ".join(_short(title) for title in group.title.head(shown))
            lines.append(f"| {doc.source_path} | {level} | {len(group)} | {titles} |")
    return "\n".join(lines)


def _short(title: str, limit: int = 45) -> str:
    title = title.replace("|", "/")
    return title if len(title) <= limit else title[:limit - 1] + "…"


def sample(out: Path) -> str:
    """Every n-th pledge of each file (20 per file), numbered, with its lead-in and section."""
    from manifesto.pipeline import load_stage

    documents = load_stage("documents", out).sort_values("source_path")
    pledges, sections = load_stage("pledges", out), load_stage("sections", out).set_index("section_id")
    parts = []
    for doc in documents.itertuples():
        found = pledges[pledges.doc_id == doc.doc_id].sort_values("char_start").reset_index(drop=True)
        step = max(len(found) / SAMPLE_SIZE, 1)
        picked = found.iloc[sorted({int(i * step) for i in range(min(SAMPLE_SIZE, len(found)))})]
        parts.append(f"## {doc.source_path} ({len(found)} pledges, every {step:.1f}th)\n")
        for n, row in enumerate(picked.itertuples(), 1):
            lead_in = f" [lead-in: {row.lead_in}]" if row.lead_in else ""
            parts.append(f"{n}. ({sections.loc[row.section_id, 'title']}){lead_in} {row.text}")
        parts.append("")
    return "\n".join(parts)


def commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=DEV_TEXTS, help="folder of manifestos (default: shared/dev/texts)")
    parser.add_argument("--out", type=Path, required=True, help="output folder of the run (reused when current)")
    parser.add_argument("--sample", type=Path, help="write 20 pledges per file here, for a spot check")
    args = parser.parse_args(argv)
    from manifesto.extractors import REGISTRY

    build(args.inputs, args.out)
    print(f"commit {commit()}, pledges extractor version {REGISTRY['pledges'].spec.version}\n")
    print(table(summary(args.out)))
    print()
    print(outline(args.out))
    if args.sample:
        args.sample.write_text(sample(args.out), encoding="utf-8")
        print(f"\nsample written to {args.sample}")


if __name__ == "__main__":
    main()
