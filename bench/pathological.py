"""Pathological documents at 1x, 2x, 4x and 8x size: time and peak memory per size.

Each shape is a document the fault test found unbounded (issue 15): one huge sentence
with no punctuation, a text of numbers, a table rendered as text, a list of bullet
lines. Each size runs in its own child process, as a run's worker would: read and
normalise, parse (no cache), then every document stage. Printed as a Markdown table
(for docs/performance.md); the `x` columns are each size's time and memory growth over
the previous size (2.0 is linear; 4.0 would be quadratic).

    .venv/bin/python bench/pathological.py                 # base sizes (minutes on an idle machine)
    .venv/bin/python bench/pathological.py --scale 0.25    # smaller, for a loaded machine
    .venv/bin/python bench/pathological.py --shape numbers --sizes 1 2
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

# Units of each shape at 1x: the documents are 8x (1.2 MB sentence, 200,000
# numbers, 20,000 table rows, 50,000 bullets) divided by about 8-40.
SHAPES = {
    "sentence": 4_000,   # "homes and schools in townN" x units, no punctuation: 1.2 MB at 40,000
    "numbers": 25_000,   # numbers separated by spaces
    "table": 2_500,      # rows of "Row N | a | b | x"
    "bullets": 6_250,    # "- fund project number N in the region" lines under a lead-in
}


def make_text(shape: str, units: int) -> str:
    if shape == "sentence":
        return "We will build " + " ".join(f"homes and schools in town{i}" for i in range(units))
    if shape == "numbers":
        return "Figures\n\n" + " ".join(str(i * 7) for i in range(units))
    if shape == "table":
        return "Table 1\n\n" + "\n".join(f"Row {i} | {i * 3} | {i * 5} | x" for i in range(units))
    if shape == "bullets":
        return "We will:\n\n" + "\n".join(f"- fund project number {i} in the region" for i in range(units))
    raise ValueError(shape)


def measure_one(shape: str, units: int) -> dict:
    """In this (child) process: the model loaded first, then the clock over one document."""
    from manifesto import models
    from manifesto.extractors import REGISTRY
    from manifesto.pipeline.ingest import document_from_text
    from manifesto.pipeline.parse import Parser
    from manifesto.pipeline.work import extract_rows, load_pipeline

    nlp = load_pipeline(models.default_model())
    parser = Parser(nlp, None, {"bench": 1})
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = make_text(shape, units)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    document = document_from_text(text)
    steps["read+layout"] = time.perf_counter() - started
    mark = time.perf_counter()
    doc = parser.parse([document])[0]
    steps["parse"] = time.perf_counter() - mark
    stages = [s for s in REGISTRY.names() if REGISTRY[s].spec.scope == "document"]
    _rows, failures = extract_rows(document, doc, stages, seconds=steps)
    return {"shape": shape, "units": units, "chars": len(text), "seconds": time.perf_counter() - started,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "model_mb": baseline,
            "steps": {k: round(v, 2) for k, v in steps.items()}, "failed": sorted(failures)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="Default: every shape.")
    parser.add_argument("--sizes", nargs="+", type=int, default=[1, 2, 4, 8], help="Multiples of the base size.")
    parser.add_argument("--scale", type=float, default=1.0, help="Multiply every base size (0.25 on a busy machine).")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of the Markdown table.")
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "UNITS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return
    if not args.json:
        print("| shape | size | chars | seconds | x | peak MB (model MB) | x | slowest steps |")
        print("|---|---|---|---|---|---|---|---|")
    for shape in args.shape or list(SHAPES):
        previous = None
        for size in args.sizes:
            units = max(1, int(SHAPES[shape] * args.scale * size))
            child = subprocess.run([sys.executable, __file__, "--one", shape, str(units)], capture_output=True, text=True,
                                   check=True)
            result = json.loads(child.stdout.strip().splitlines()[-1])
            if args.json:
                print(json.dumps(result), flush=True)
                continue
            grown = result["peak_mb"] - result["model_mb"]
            time_x = f"{result['seconds'] / previous[0]:.1f}" if previous else "-"
            mem_x = f"{grown / previous[1]:.1f}" if previous and previous[1] > 0 else "-"
            slowest = ", ".join(f"{k} {v}" for k, v in sorted(result["steps"].items(), key=lambda kv: -kv[1])[:3])
            print(f"| {shape} | {size}x | {result['chars']:,} | {result['seconds']:.1f} | {time_x} | "
                  f"{result['peak_mb']:.0f} ({result['model_mb']:.0f}) | {mem_x} | {slowest} |", flush=True)
            previous = (result["seconds"], max(grown, 1.0))


if __name__ == "__main__":
    main()
