"""How long `manifesto report` takes on one long document, at several lengths.

    .venv/bin/python bench/report.py --words 25000 50000 100000 [--source data/processed]

For each length, the longest document of `--source` is tiled (its text repeated,
every pledge, claim, entity, sentence, section and page row copied with shifted
offsets and fresh ids) into a one-document dataset under `bench/out/report-<words>/`,
so the page has the density of highlights of a real manifesto without running the
pipeline. It then times `build_report` end to end (read, render, charts, write) and
its parts, and prints a table: if rendering is linear, seconds per 100k words stay
flat as the length grows (the charts
cost the same at every length). Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("sections", "sentences", "pages", "pledges", "claims", "entities")
ID_COLUMNS = ("section_id", "sentence_id", "pledge_id", "claim_id", "mention_id", "parent_id")
OFFSET_COLUMNS = ("char_start", "char_end", "title_char_start", "title_char_end")


def tiled_dataset(source: Path, words: int, out: Path) -> dict:
    """A dataset of one document: the longest of `source` repeated to about `words` words."""
    from manifesto.extractors import REGISTRY
    from manifesto.pipeline.io import read_stage_table, stage_dir, write_table

    documents = read_stage_table(source, "documents").to_pylist()
    doc = max(documents, key=lambda d: d["n_words"])
    copies = max(1, math.ceil(words / doc["n_words"]))
    stride = len(doc["text"]) + 2
    tiled = {**doc, "text": "\n\n".join([doc["text"]] * copies), "n_words": doc["n_words"] * copies}
    tiled["n_chars"] = len(tiled["text"])
    if out.exists():
        shutil.rmtree(out)
    write_table(pa.Table.from_pylist([tiled], schema=REGISTRY["documents"].spec.schema),
                stage_dir(out, "documents") / f"part-{doc['doc_id']}.parquet", durable=False)
    counts = {}
    for stage in STAGES:
        schema = REGISTRY[stage].spec.schema
        rows = [r for r in read_stage_table(source, stage).to_pylist() if r["doc_id"] == doc["doc_id"]]
        copied = [_shifted(row, copy, stride) for copy in range(copies) for row in rows]
        counts[stage] = len(copied)
        write_table(pa.Table.from_pylist(copied, schema=schema), stage_dir(out, stage) / f"part-{doc['doc_id']}.parquet",
                    durable=False)
    return {"words": tiled["n_words"], "chars": tiled["n_chars"], **counts}


def _shifted(row: dict, copy: int, stride: int) -> dict:
    shifted = dict(row)
    for column in OFFSET_COLUMNS:
        if shifted.get(column) is not None:
            shifted[column] += copy * stride
    for column in ID_COLUMNS:
        if shifted.get(column) is not None and copy:
            shifted[column] = f"{shifted[column]}-{copy}"
    return shifted


def measure(dataset: Path) -> dict:
    """Seconds for each part of a report build, then for the whole."""
    from manifesto.pipeline.report import build_report, environment
    from manifesto.pipeline.report.charts import corpus_charts
    from manifesto.pipeline.report.data import load_corpus
    from manifesto.pipeline.report.document import document_context

    timings = {}
    start = time.perf_counter()
    corpus = load_corpus(dataset)
    timings["load"] = time.perf_counter() - start
    start = time.perf_counter()
    context = document_context(corpus, corpus.documents[0])
    timings["highlight"] = time.perf_counter() - start
    start = time.perf_counter()
    html = environment().get_template("document.html.j2").render(version="bench", source="bench", lang="en", **context)
    timings["template"] = time.perf_counter() - start
    start = time.perf_counter()
    corpus_charts(corpus)
    timings["charts"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as site:
        start = time.perf_counter()
        build_report(dataset, site)
        timings["whole"] = time.perf_counter() - start
    timings["page_mb"] = len(html.encode()) / 1e6
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--source", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    print("| words | marks | load s | highlight s | template s | charts s | whole s | page s per 100k words | page MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for words in args.words:
        dataset = args.work / f"report-{words}"
        shape = tiled_dataset(args.source, words, dataset)
        t = measure(dataset)
        page = t["highlight"] + t["template"]
        marks = shape["pledges"] + shape["claims"] + shape["entities"]
        print(f"| {shape['words']:,} | {marks:,} | {t['load']:.2f} | {t['highlight']:.2f} | {t['template']:.2f} | "
              f"{t['charts']:.2f} | {t['whole']:.2f} | {page * 100_000 / shape['words']:.2f} | {t['page_mb']:.1f} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
