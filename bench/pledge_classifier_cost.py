"""What the pledge classifier adds to the pledges stage, on a real manifesto.

Parses one document once, then times the pledges extractor in rounds, alternating the
shipped decision (rules and classifier) with the rules alone, and prints CPU seconds
per round and the share of the whole document's work (parse + every stage) that the
classifier adds.

Usage: .venv/bin/python bench/pledge_classifier_cost.py [FILE] [--rounds N]
(default FILE: ../shared/dev/texts/uk2010_labour.md)
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from manifesto import models
from manifesto.extractors import REGISTRY
from manifesto.extractors import pledge_classifier
from manifesto.pipeline.ingest import InputFile, load_document
from manifesto.pipeline.parse import prepare_doc
from manifesto.pipeline.registry import DocContext
from manifesto.pipeline.runner import load_pipeline

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "dev" / "texts" / "uk2010_labour.md"


def cpu(function) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    nlp = load_pipeline(models.default_model())
    document = load_document(InputFile(args.file, args.file.name, {"party": "Labour Party", "year": "2010"}))
    parse_s = cpu(lambda: nlp(prepare_doc(nlp, document)))
    doc = nlp(prepare_doc(nlp, document))
    ctx = DocContext(document)
    stages_s = 0.0
    for stage in REGISTRY.with_requirements(["pledges"]):
        started = time.process_time()
        ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
        stages_s += time.process_time() - started
    extract = REGISTRY["pledges"].extract
    shipped, rules = [], []
    loaded = pledge_classifier.classifier
    for _ in range(args.rounds):
        shipped.append(cpu(lambda: list(extract(doc, ctx))))
        pledge_classifier.classifier = lambda catalog=None: None  # rules alone
        rules.append(cpu(lambda: list(extract(doc, ctx))))
        pledge_classifier.classifier = loaded
    extra = statistics.median(shipped) - statistics.median(rules)
    words = len(document.text.split())
    print(f"{args.file.name}: {words:,} words, {len(ctx.rows['sentences']):,} units")
    print(f"parse {parse_s:.2f} s, stages up to pledges {stages_s:.2f} s (CPU)")
    print(f"pledges, rules alone: median {statistics.median(rules):.3f} s  {[round(x, 3) for x in rules]}")
    print(f"pledges, shipped:     median {statistics.median(shipped):.3f} s  {[round(x, 3) for x in shipped]}")
    print(f"classifier adds {extra:.3f} s = {100 * extra / (parse_s + stages_s):.1f}% of the document's work")


if __name__ == "__main__":
    main()
