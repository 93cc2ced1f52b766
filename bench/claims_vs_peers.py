"""Our `claims` extractor against general quantity extractors, on the same gold.

    .venv/bin/python bench/claims_vs_peers.py [--gold tests/gold/claims.jsonl] [--inputs data/raw]
    .venv/bin/python bench/claims_vs_peers.py --gold tests/heldout/test/claims.jsonl --inputs tests/heldout/test

`--gold` defaults to the sample gold and `--inputs` to its documents (`data/raw`); with another
gold file and no `--inputs`, the documents are looked for next to it (the held-out folders
hold their texts and `catalog.csv` beside `claims.jsonl`). Only the summary table is printed,
never the per-claim errors, so it can be run on a split that must not be inspected.

Builds the datasets for the gold documents (documents ... claims) in a temporary
folder, then scores, with the scorer of `manifesto eval claims`
(`pipeline.evaluation.claims.score`):

- ours: the built `claims` rows. Time is shown in two parts: the shared spaCy
  parse of the documents (which every stage reads, so it is paid once) and the
  claims extractor alone over the parsed documents (median of `--repeat` runs).
- quantulum3 and CQE (the `peers` extra, see docs/claims.md for installing CQE),
  each given the normalised `documents.text` line by line, end to end (CQE parses
  with its own spaCy pipeline; model loading is excluded from its time).

A peer that is not installed or cannot run here is skipped with the reason, and
the table says so. Peers' outputs are mapped onto the claims columns as fairly
as they allow (value, range, bound, unit, kind, counted, direction where given);
a "$" they read as USD becomes the catalog country's dollar, as it does for ours.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from manifesto.pipeline.evaluation import build  # noqa: E402
from manifesto.pipeline.evaluation.claims import gold_items, predicted_items, score  # noqa: E402

Item = tuple[tuple[str, int, int], dict]

SAMPLE_GOLD = ROOT / "tests/gold/claims.jsonl"
CURRENCY_NAMES = {"pound sterling": "GBP", "united states dollar": "USD", "dollar": "USD", "euro": "EUR"}
TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "decade", "century"}


# --- documents -------------------------------------------------------------------------

def load_documents(out: Path, names: set[str]) -> dict[str, str]:
    """{file name: documents.text} for the gold documents."""
    from manifesto.pipeline.io import load_stage

    docs = load_stage("documents", out, columns=["source_path", "text"])
    return {Path(p).name: t for p, t in zip(docs.source_path, docs.text) if Path(p).name in names}


def load_countries(out: Path, names: set[str]) -> dict[str, str | None]:
    """{file name: catalog country} for the gold documents."""
    from manifesto.pipeline.io import load_stage

    docs = load_stage("documents", out, columns=["source_path", "country"])
    return {Path(p).name: c for p, c in zip(docs.source_path, docs.country) if Path(p).name in names}


def localise_dollars(items: list[Item], countries: dict[str, str | None]) -> list[Item]:
    """Peers read "$" as USD; give them the catalog country's dollar as our extractor gets it
    (AUD in an Australian manifesto), unless the text says "US". Metadata, not skill."""
    from manifesto.extractors.claims.lexicon import load_lexicon

    lexicon = load_lexicon()
    for (name, _start, _end), row in items:
        if row.get("currency") == "USD" and "US" not in (row.get("text") or ""):
            code = lexicon.local_currencies(countries.get(name))[0]
            row["currency"] = code
            if row.get("unit") == "USD":
                row["unit"] = code
    return items


def lines(text: str):
    """(offset, line) for each non-blank line: peers get one paragraph at a time."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def n_words(texts: dict[str, str]) -> int:
    return sum(len(t.split()) for t in texts.values())


# --- ours --------------------------------------------------------------------------------

def time_ours(out: Path, texts: dict[str, str], inputs: list[Path], model: str | None, repeat: int) -> dict:
    """Parse time of the gold documents and the claims extractor's own time."""
    from manifesto.extractors import REGISTRY
    from manifesto.models import default_model, load_nlp
    from manifesto.pipeline.ingest import discover, load_document
    from manifesto.pipeline.parse import prepare_doc
    from manifesto.pipeline.registry import DocContext

    stages = REGISTRY.with_requirements(["claims"])
    components = {c for s in stages for c in REGISTRY[s].spec.components}
    nlp = load_nlp(model or default_model(), components)
    documents = [load_document(item) for item in discover(inputs).inputs if Path(item.source_path).name in texts]
    prepared = [prepare_doc(nlp, d) for d in documents]
    nlp("Warm up: 5 officers a week.")  # lazy initialisation is not parse time
    started = time.perf_counter()
    docs = list(nlp.pipe(prepared))
    parse_seconds = time.perf_counter() - started
    contexts = []
    for document, doc in zip(documents, docs):
        ctx = DocContext(document)
        for stage in stages:
            if stage != "claims" and REGISTRY[stage].spec.scope == "document":
                ctx.rows[stage] = list(REGISTRY[stage].extract(doc if REGISTRY[stage].spec.needs_parse else None, ctx))
        contexts.append((doc, ctx))
    extract = REGISTRY["claims"].extract
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for doc, ctx in contexts:
            list(extract(doc, ctx))
        runs.append(time.perf_counter() - started)
    return {"parse_seconds": parse_seconds, "extract_seconds": statistics.median(runs),
            "components": sorted(nlp.pipe_names)}


# --- peers -------------------------------------------------------------------------------

def run_quantulum(texts: dict[str, str]) -> tuple[list[Item], float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

        parser.parse("warm up: 5 km and £3")  # loads its unit tables
        items: list[Item] = []
        started = time.perf_counter()
        found = [(name, offset, parser.parse(line)) for name, text in texts.items() for offset, line in lines(text)]
        seconds = time.perf_counter() - started
    for name, offset, quantities in found:
        for q in quantities:
            start, end = q.span
            items.append(((name, offset + start, offset + end), quantulum_row(q, texts[name][offset + start:offset + end])))
    return items, seconds


def quantulum_row(q, text: str) -> dict:
    unit_name = (q.unit.name or "").lower()
    entity = (q.unit.entity.name or "").lower() if q.unit.entity else ""
    row = {"text": text, "value": float(q.value), "value_low": None, "value_high": None, "bound": "=",
           "kind": "count", "unit": None, "currency": None, "counted": None, "per": None, "direction": None}
    if unit_name in ("percentage", "percent"):
        row.update(kind="percent", unit="percent")
    elif entity == "currency":
        code = CURRENCY_NAMES.get(unit_name.split(" bit")[0], unit_name.upper())
        row.update(kind="money", unit=code, currency=code)
    elif entity == "time" and unit_name in TIME_UNITS:
        row.update(kind="duration", unit=unit_name)
    elif entity not in ("dimensionless", "unknown", ""):
        row.update(kind="other", unit=unit_name)
    if getattr(q, "uncertainty", None):
        row["bound"] = "~"
    return row


def run_cqe(texts: dict[str, str]) -> tuple[list[Item], float]:
    import locale

    try:
        locale.setlocale(locale.LC_ALL, "en_US.UTF-8")
    except locale.Error:
        raise RuntimeError("CQE needs the en_US.UTF-8 locale (apt-get install locales; locale-gen en_US.UTF-8)") from None
    from manifesto.models import default_model

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from CQE import CQE

        try:
            extractor = CQE.CQE(overload=True, spacy_model=default_model())
        except SystemExit as error:  # spacy_download tried to fetch a model
            raise RuntimeError(f"CQE could not load its spaCy model: {error}") from None
        extractor.parse("Warm up: 5 km and 3 officers.")
        items: list[Item] = []
        started = time.perf_counter()
        found = [(name, offset, extractor.parse(line)) for name, text in texts.items() for offset, line in lines(text)]
        seconds = time.perf_counter() - started
    for name, offset, quantities in found:
        for q in quantities:
            indices = q.get_char_indices()
            spans = [s for key in ("value", "unit") for s in (indices.get(key) or [])]
            if not spans:
                continue
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            items.append(((name, offset + start, offset + end), cqe_row(q, texts[name][offset + start:offset + end])))
    return items, seconds


CQE_BOUNDS = {"=": "=", "~": "~", ">": ">", "<": "<", ">=": ">=", "<=": "<="}
CQE_DIRECTIONS = {"up": "increase", "down": "decrease"}


def cqe_row(q, text: str) -> dict:
    row = {"text": text, "value": None, "value_low": None, "value_high": None, "bound": "=", "kind": "count",
           "unit": None, "currency": None, "counted": None, "per": None, "direction": None}
    value = q.value
    if hasattr(value, "lower"):
        row.update(value_low=float(value.lower), value_high=float(value.upper))
    else:
        row["value"] = float(value.value)
    change = str(getattr(q.change, "change", q.change) or "=")
    row["bound"] = CQE_BOUNDS.get(change, "=")
    row["direction"] = CQE_DIRECTIONS.get(change)
    norm = str(q.unit.norm_unit or "-").lower()
    surface = " ".join(t.text for t in (q.unit.unit or []))
    if norm in ("percentage", "%"):
        row.update(kind="percent", unit="percent")
    elif norm in CURRENCY_NAMES:
        row.update(kind="money", unit=CURRENCY_NAMES[norm], currency=CURRENCY_NAMES[norm])
    elif norm in TIME_UNITS:
        row.update(kind="duration", unit=norm)
    elif q.unit.scientific:
        row.update(kind="other", unit=norm)
    elif surface:
        row["counted"] = surface  # a noun-based unit is what is counted
    return row


def _version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return ""


# --- report ------------------------------------------------------------------------------

COLUMNS = ("tool", "P", "R", "F1", "exact F1", "value", "bound", "kind", "unit", "counted", "direction",
           "dir. (changes)", "words/s")


def figures(name: str, result: dict, words_per_second: str) -> list[str]:
    spans, fields = result["spans"], result["fields"]
    return [name, f"{spans['overlap']['precision']:.2f}", f"{spans['overlap']['recall']:.2f}",
            f"{spans['overlap']['f1']:.2f}", f"{spans['exact']['f1']:.2f}",
            *(f"{fields[k]['accuracy']:.2f}" for k in ("value", "bound", "kind", "unit", "counted", "direction",
                                                       "direction_changes")),
            words_per_second]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    head = "| " + " | ".join(c.ljust(w) for c, w in zip(COLUMNS, widths)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def _shown(path: Path) -> str:
    """A path relative to the repository when it lies inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=SAMPLE_GOLD, help="Gold claims JSONL (default: the sample gold).")
    parser.add_argument("--inputs", type=Path, nargs="+", default=None,
                        help="Folders or files of the gold documents (default: data/raw for the sample gold, "
                             "else the gold file's folder).")
    parser.add_argument("--out", type=Path, default=None, help="Dataset folder (default: a temporary one).")
    parser.add_argument("--model", default=None)
    parser.add_argument("--repeat", type=int, default=20, help="Runs of our extractor to time (median).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too.")
    args = parser.parse_args(argv)
    if args.inputs is None:
        args.inputs = [ROOT / "data/raw"] if args.gold.resolve() == SAMPLE_GOLD.resolve() else [args.gold.parent]
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        out = args.out or Path(tmp)
        build(out, ("documents", "claims"), args.inputs, args.model)
        gold, problems = gold_items(args.gold, out)
        names = {doc for (doc, _s, _e), _row in gold}
        texts = load_documents(out, names)
        countries = load_countries(out, names)
        words = n_words(texts)
        results: dict[str, dict] = {}
        rows, notes = [], []
        ours = score(gold, predicted_items(out, names))
        timing = time_ours(out, texts, args.inputs, args.model, args.repeat)
        parse_wps = words / timing["parse_seconds"]
        extract_wps = words / timing["extract_seconds"]
        total_wps = words / (timing["parse_seconds"] + timing["extract_seconds"])
        results["ours"] = {**ours, "timing": timing}
        rows.append(figures("ours (claims)", ours, f"{extract_wps:,.0f} extractor; {total_wps:,.0f} with parse"))
        notes.append(f"ours: spaCy parse {timing['parse_seconds']:.2f} s ({parse_wps:,.0f} words/s, pipes "
                     f"{', '.join(timing['components'])}), claims extractor {timing['extract_seconds'] * 1000:.1f} ms "
                     f"= {timing['extract_seconds'] / words * 10000:.3f} s per 10,000 words on top of the parse")
        peers: dict[str, Callable] = {"quantulum3": run_quantulum, "CQE": run_cqe}
        for name, run in peers.items():
            try:
                items, seconds = run(texts)
            except ImportError as error:
                notes.append(f"{name}: skipped, not installed ({error}); pip install -e '.[peers]', see docs/claims.md")
                rows.append([name, *["-"] * (len(COLUMNS) - 2), "skipped"])
                continue
            except Exception as error:  # noqa: BLE001 - a peer that cannot run here is reported, not fatal
                notes.append(f"{name}: skipped, cannot run here: {type(error).__name__}: {error}")
                rows.append([name, *["-"] * (len(COLUMNS) - 2), "skipped"])
                continue
            result = score(gold, localise_dollars(items, countries))
            results[name] = {**result, "seconds": seconds}
            rows.append(figures(f"{name} {_version(name)}", result, f"{words / seconds:,.0f}"))
            notes.append(f"{name}: {seconds:.2f} s end to end ({seconds / words * 10000:.2f} s per 10,000 words)")
    print(f"claims vs peers on {_shown(args.gold)}: {len(gold)} gold claims in {len(names)} documents, "
          f"{words:,} words (overlap matching, >=50% of the shorter span, one-to-one; fields on matched pairs)")
    for problem in problems:
        print(f"  unresolved gold record: {problem}")
    print()
    print(table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk not in ("missed", "spurious", "field_errors")}
                          for k, v in results.items()}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
