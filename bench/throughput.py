"""Throughput and memory of `manifesto run` against the bare spaCy parse (issue 7).

    python bench/throughput.py --corpus bench/out/corpus-1m [--work bench/out/run-corpus-1m] [--stage S ...]

In one run and on the same texts, each in its own child process (so each has its own
peak memory), it measures:

  bare      `nlp.pipe(texts, batch_size=16)` with the model and components the runner
            loads for the selected stages. The texts are read and normalised with the
            pipeline's own `load_document` *before* the clock starts, so the time is the
            parse alone: the floor of the work.
  bare-2    the same with spaCy's `n_process=2` (what two cores give spaCy by itself).
  jobs-1    `manifesto run CORPUS --out EMPTY --jobs 1`: all stages, Parquet, manifest,
            timed as the command's wall time (interpreter start, imports, model load,
            reading, hashing, normalising, parsing, extracting, writing).
  jobs-1-nocache  the same with `--no-parse-cache` (no DocBin written per document).
  jobs-2    the same as jobs-1 with `--jobs 2`, into another empty folder.
  no-op     `manifesto run` again over jobs-2's folder, nothing changed (median of 3).
  +1 doc    then one new document (of the collection's median length) is added to the
            collection and `manifesto run` runs again.

Memory, per measurement: `peak tree RSS` is the largest sum of resident memory over
the child and all its descendants (the workers), sampled from /proc every 50 ms;
`peak process RSS` is the largest single process's peak, exact, from the kernel
(`wait4` ru_maxrss, which covers the child's waited-for descendants too). `cpu s` is
the user + system time of the child and its descendants (wait4), which other load on
the machine disturbs less than wall time; the 1-minute load average before each
measurement is recorded too.

`manifesto run` is invoked as `python -m manifesto.cli run` with PYTHONPATH set to a
folder whose `manifesto` links to this checkout: the same function as the `manifesto`
console script, but it also runs the code of a private copy of the tree when this
script is run from one. Results go to
stdout (a markdown table, then jobs-1's time by step from the runner's own timings)
and to WORK/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
POLL_SECONDS = 0.05
NOOP_REPEATS = 3


# --- process-tree memory --------------------------------------------------------

def _tree_rss_kb(root: int) -> tuple[int, int]:
    """(sum of RSS over `root` and its descendants, number of processes), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE_KB
    members = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in members and pid not in members:
                members.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in members), len(members)


def measure(name: str, command: list[str], log_dir: Path, env: dict | None = None) -> dict:
    """Run `command`, returning wall seconds, peak memory, exit code and its stdout."""
    log_dir.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    peak = {"tree_kb": 0, "processes": 0}
    load_before = os.getloadavg()[0]
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT, env=env)
        finished = threading.Event()

        def poll() -> None:
            while not finished.is_set():
                total, count = _tree_rss_kb(child.pid)
                if total > peak["tree_kb"]:
                    peak["tree_kb"] = total
                peak["processes"] = max(peak["processes"], count)
                finished.wait(POLL_SECONDS)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        finished.set()
        poller.join()
    result = {
        "name": name, "command": command, "seconds": seconds, "exit_code": child.returncode,
        "cpu_seconds": usage.ru_utime + usage.ru_stime, "load_before": load_before, "load_after": os.getloadavg()[0],
        "peak_tree_rss_mb": peak["tree_kb"] / 1024, "peak_process_rss_mb": usage.ru_maxrss / 1024,
        "processes": peak["processes"], "stdout": stdout_path.read_text(errors="replace").strip(),
    }
    if child.returncode not in (0, 1):
        sys.stderr.write(stderr_path.read_text(errors="replace")[-4000:])
        raise SystemExit(f"{name} failed with exit code {child.returncode}: {' '.join(command)}")
    return result


# --- the bare parse (runs in a child: `throughput.py _bare ...`) -----------------

class _PlanStub:
    """Just enough of a runner `Plan` for `_worker_settings`: the stages; None otherwise."""

    def __init__(self, stages: list[str]):
        self.stages = stages

    def __getattr__(self, name: str):
        return None


def selected(stages: list[str]):
    """The stages a run would compute and the spaCy components it would load, asked of
    the runner itself (`_worker_settings`), so the bare parse loads what a run loads."""
    from manifesto.extractors import REGISTRY
    from manifesto.pipeline.runner import resolve_stages, worker_settings

    names = resolve_stages(stages, REGISTRY)
    components = worker_settings(_PlanStub(names), ROOT, REGISTRY)["components"]
    return names, sorted(components), REGISTRY


def bare_parse(corpus: Path, stages: list[str], n_process: int) -> dict:
    from manifesto.models import default_model, load_nlp
    from manifesto.pipeline.ingest import discover, load_document
    from manifesto.pipeline.parse import PARSE_BATCH_SIZE

    _, components, _ = selected(stages)
    started = time.perf_counter()
    nlp = load_nlp(default_model(), set(components))
    load_seconds = time.perf_counter() - started
    cpu_started = _cpu_seconds()
    texts = [load_document(item).text for item in discover([corpus]).inputs]
    read_cpu_seconds = _cpu_seconds() - cpu_started
    cpu_started, started = _cpu_seconds(), time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE, n_process=n_process))
    return {"parse_seconds": time.perf_counter() - started, "parse_cpu_seconds": _cpu_seconds() - cpu_started,
            "read_cpu_seconds": read_cpu_seconds, "load_seconds": load_seconds,
            "documents": len(texts), "words": sum(len(t.split()) for t in texts), "tokens": tokens,
            "pipes": nlp.pipe_names, "batch_size": PARSE_BATCH_SIZE, "n_process": n_process}


def _cpu_seconds() -> float:
    """User + system time of this process and its finished children (spaCy's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def describe(stages: list[str]) -> dict:
    from manifesto.models import default_model, model_identity

    names, components, registry = selected(stages)
    model = default_model()
    return {"registered": {n: registry[n].spec.version for n in registry.names()}, "run": names,
            "components": components, "model": model, "model_identity": list(model_identity(model))}


# --- the benchmark ---------------------------------------------------------------

def child_env() -> dict:
    """The environment of a measured run: `import manifesto` resolves to this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_package_link()), env.get("PYTHONPATH")]))
    return env


def _package_link() -> Path:
    """A folder holding `manifesto` -> ROOT (the checkout is the package's folder)."""
    folder = ROOT / "bench" / "out" / "import-path"
    link = folder / "manifesto"
    folder.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink() or link.resolve() != ROOT:
        link.unlink(missing_ok=True)
        link.symlink_to(ROOT, target_is_directory=True)
    return folder


def manifesto(*args: str) -> list[str]:
    return [sys.executable, "-m", "manifesto.cli", "run", *args, "--quiet", "--log-json"]


def summary_of(result: dict) -> dict:
    lines = [line for line in result["stdout"].splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


def add_document(corpus: Path, words: int) -> Path:
    """One new document, made like the collection's, written into `corpus`."""
    sys.path.insert(0, str(Path(__file__).parent))
    import random

    import make_corpus

    texts = make_corpus.read_blocks(make_corpus.DEFAULT_SOURCES)
    weights = [sum(len(b.text.split()) for b in blocks) for blocks in texts]
    pool = [s for blocks in texts for b in blocks if b.is_prose for s in make_corpus.SENTENCE.split(" ".join(b.text.split()))]
    text, _ = make_corpus.make_document(99_999, words, random.Random(99_999), texts, weights, pool, seed=99_999)
    path = corpus / "doc-new-99999.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run_bench(args: argparse.Namespace) -> dict:
    corpus_src = args.corpus.resolve()
    work = (args.work or ROOT / "bench" / "out" / f"run-{corpus_src.name}").resolve()
    if work.exists():
        shutil.rmtree(work)
    corpus = work / "corpus"
    shutil.copytree(corpus_src, corpus)  # a private copy: the +1 document run adds a file to it
    logs, env = work / "logs", child_env()
    stage_args = [a for s in args.stage for a in ("--stage", s)]
    me = [sys.executable, str(Path(__file__).resolve())]
    info = json.loads(measure("describe", [*me, "_describe", *stage_args], logs, env)["stdout"].splitlines()[-1])
    corpus_info = json.loads((corpus / "corpus.json").read_text()) if (corpus / "corpus.json").is_file() else {}
    results: dict = {"corpus": str(corpus_src), "corpus_info": corpus_info, "stages": info,
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}, "runs": {}}
    runs = results["runs"]

    def step(name: str, command: list[str]) -> dict:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        runs[name] = measure(name, command, logs, env)
        print(f"[bench] {name}: {runs[name]['seconds']:.1f} s, peak tree RSS {runs[name]['peak_tree_rss_mb']:.0f} MB",
              file=sys.stderr, flush=True)
        return runs[name]

    for round_no in range(1, max(1, args.repeats) + 1):  # rounds interleave, so each ratio is taken close in time
        tag = "" if round_no == 1 else f" #{round_no}"
        for n_process, name in ((1, "bare"), (2, "bare-2")):
            if name in args.skip:
                continue
            result = step(name + tag, [*me, "_bare", "--corpus", str(corpus), "--n-process", str(n_process), *stage_args])
            result.update(json.loads(result["stdout"].splitlines()[-1]))
        for name, jobs, extra in (("jobs-1", 1, []), ("jobs-1-nocache", 1, ["--no-parse-cache"]), ("jobs-2", 2, [])):
            if name in args.skip:
                continue
            out = work / f"out-{name.removeprefix('jobs-')}"
            if out.exists():
                shutil.rmtree(out)  # every round starts from an empty folder
            step(name + tag, manifesto(str(corpus), "--out", str(out), "--jobs", str(jobs), *extra, *stage_args))
            runs[name + tag]["summary"] = summary_of(runs[name + tag])
    rerun_out = work / ("out-2" if "jobs-2" not in args.skip else "out-1")
    noops = [step(f"no-op-{i + 1}", manifesto(str(corpus), "--out", str(rerun_out), *stage_args))
             for i in range(max(1, args.noop_repeats))]
    runs["no-op"] = {**min(noops, key=lambda r: abs(r["seconds"] - statistics.median(x["seconds"] for x in noops))),
                     "name": "no-op", "all_seconds": [r["seconds"] for r in noops]}
    median_words = corpus_info.get("median_words", 500)
    new_doc = add_document(corpus, median_words)
    try:
        step("+1 doc", manifesto(str(corpus), "--out", str(rerun_out), *stage_args))
        runs["+1 doc"]["summary"] = summary_of(runs["+1 doc"])
        runs["+1 doc"]["words"] = len(new_doc.read_text(encoding="utf-8").split())
    finally:
        new_doc.unlink()
    results["derived"] = derive(runs, corpus_info.get("words"))
    results["rounds"] = rounds(runs, max(1, args.repeats))
    (work / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


def derive(runs: dict, corpus_words: int | None = None) -> dict:
    """Ratios and rates; words are the normalised texts' (from `bare`), else the corpus's raw count."""
    words = next((runs[n]["words"] for n in ("bare", "bare-2") if n in runs), None) or corpus_words
    derived: dict = {"words": words}
    if words:
        for name in ("bare", "bare-2"):
            if name in runs:
                derived[f"{name}_wps"] = words / runs[name]["parse_seconds"]
        for name in ("jobs-1", "jobs-1-nocache", "jobs-2"):
            if name in runs:
                derived[f"{name}_wps"] = words / runs[name]["seconds"]
    for name in ("jobs-1", "jobs-1-nocache"):
        if "bare_wps" in derived and f"{name}_wps" in derived:
            derived[f"{name}_over_bare"] = derived[f"{name}_wps"] / derived["bare_wps"]
        if "bare" in runs and name in runs:  # the same ratio in CPU time: robust to other load
            derived[f"{name}_over_bare_cpu"] = runs["bare"]["parse_cpu_seconds"] / runs[name]["cpu_seconds"]
            if "read_cpu_seconds" in runs["bare"]:  # with reading and normalising counted in the floor
                floor = runs["bare"]["parse_cpu_seconds"] + runs["bare"]["read_cpu_seconds"]
                derived[f"{name}_over_bare_read_cpu"] = floor / runs[name]["cpu_seconds"]
    if "jobs-1" in runs and "jobs-2" in runs:
        derived["jobs2_speedup"] = runs["jobs-1"]["seconds"] / runs["jobs-2"]["seconds"]
    full = runs.get("jobs-2") or runs.get("jobs-1")
    if full and "no-op" in runs:
        derived["noop_fraction"] = runs["no-op"]["seconds"] / full["seconds"]
    if "+1 doc" in runs and "jobs-1_wps" in derived:
        new = runs["+1 doc"]
        load = runs.get("bare", {}).get("load_seconds", 0.0)
        derived["one_doc_expected_seconds"] = runs["no-op"]["seconds"] + load + new["words"] / derived["jobs-1_wps"]
    return derived


def render(results: dict) -> str:
    runs, d = results["runs"], results["derived"]
    info, corpus = results["stages"], results["corpus_info"]
    lines = [
        f"corpus {results['corpus']}: {corpus.get('documents', '?')} documents, {d['words']:,} words (normalised), "
        f"median {corpus.get('median_words', '?')}, max {corpus.get('max_words', '?')} words per document",
        f"stages run: {', '.join(info['run'])} (registered: {', '.join(f'{k} v{v}' for k, v in info['registered'].items())})",
        f"model {info['model']} {info['model_identity'][1]}, components {', '.join(info['components']) or '(none)'}; "
        f"{results['machine']['cpus']} CPUs, Python {results['machine']['python']}",
        "",
        "| measurement | seconds | words/s | cpu s | words/cpu s | peak tree RSS (MB) | peak process RSS (MB) | load | notes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in ("bare", "bare-2", "jobs-1", "jobs-1-nocache", "jobs-2", "no-op", "+1 doc"):
        if name not in runs:
            continue
        run = runs[name]
        seconds = run.get("parse_seconds", run["seconds"])
        wps = d.get(f"{name}_wps")
        note = ""
        if name.startswith("bare"):
            note = (f"parse only (cpu s: of the parse); process {run['seconds']:.1f} s incl. model load "
                    f"{run['load_seconds']:.1f} s" + (f", read + normalise {run['read_cpu_seconds']:.1f} cpu s"
                                                     if "read_cpu_seconds" in run else ""))
        elif name in ("jobs-1", "jobs-1-nocache"):
            note = (f"{d.get(f'{name}_over_bare', 0):.2f} x bare in words/s, {d.get(f'{name}_over_bare_cpu', 0):.2f} x "
                    f"in CPU time" + (f" ({d[f'{name}_over_bare_read_cpu']:.2f} x with reading + normalising in the "
                                      f"floor)" if f"{name}_over_bare_read_cpu" in d else "")
                    + f"; runner {run['summary'].get('seconds', 0):.1f} s")
        elif name == "jobs-2":
            note = f"{d.get('jobs2_speedup', 0):.2f} x jobs-1; runner {run['summary'].get('seconds', 0):.1f} s"
        elif name == "no-op":
            note = (f"{100 * d.get('noop_fraction', 0):.2f} % of the full run; runs: "
                    + ", ".join(f"{s:.2f}" for s in run["all_seconds"]))
        elif name == "+1 doc":
            note = (f"{run['words']} words, {run['summary'].get('parsed', '?')} parsed; expected "
                    f"~{d.get('one_doc_expected_seconds', 0):.1f} s (no-op + model load + words / jobs-1 rate)")
        cpu = run.get("parse_cpu_seconds", run["cpu_seconds"])
        per_cpu = f"{d['words'] / cpu:,.0f}" if wps and d.get("words") else "-"
        lines.append(f"| {name} | {seconds:.2f} | {f'{wps:,.0f}' if wps else '-'} | {cpu:.1f} | {per_cpu} | "
                     f"{run['peak_tree_rss_mb']:.0f} | {run['peak_process_rss_mb']:.0f} | {run['load_before']:.1f} | {note} |")
    return "\n".join(lines + render_rounds(results.get("rounds", [])) + breakdown(results))


def rounds(runs: dict, n: int) -> list[dict]:
    """Per round, the two ratios that other load disturbs most, from runs taken back to back."""
    found = []
    for round_no in range(1, n + 1):
        tag = "" if round_no == 1 else f" #{round_no}"
        bare, one, two = runs.get("bare" + tag), runs.get("jobs-1" + tag), runs.get("jobs-2" + tag)
        nocache = runs.get("jobs-1-nocache" + tag)
        row = {"round": round_no}
        if bare and one:
            row["jobs1_over_bare_cpu"] = bare["parse_cpu_seconds"] / one["cpu_seconds"]
            row["jobs1_over_bare_wall"] = bare["parse_seconds"] / one["seconds"]
        if bare and nocache:
            row["nocache_over_bare_cpu"] = bare["parse_cpu_seconds"] / nocache["cpu_seconds"]
        if one and two:
            row["jobs2_speedup"] = one["seconds"] / two["seconds"]
        row["load"] = [r["load_before"] for r in (bare, one, nocache, two) if r]
        found.append(row)
    return found


def render_rounds(found: list[dict]) -> list[str]:
    if len(found) < 2:
        return []
    keys = ["jobs1_over_bare_cpu", "jobs1_over_bare_wall", "nocache_over_bare_cpu", "jobs2_speedup"]
    lines = ["", "Rounds (each: bare, jobs-1, jobs-1-nocache, jobs-2 back to back):", "",
             "| round | jobs-1 / bare (cpu) | jobs-1 / bare (wall) | nocache / bare (cpu) | jobs-2 speed-up | load |",
             "|---|---:|---:|---:|---:|---|"]
    for row in found:
        lines.append(f"| {row['round']} | " + " | ".join(f"{row[k]:.2f}" if k in row else "-" for k in keys)
                     + " | " + ", ".join(f"{x:.1f}" for x in row["load"]) + " |")
    medians = [statistics.median(r[k] for r in found if k in r) if any(k in r for r in found) else None for k in keys]
    lines.append("| median | " + " | ".join(f"{m:.2f}" if m is not None else "-" for m in medians) + " | |")
    return lines


def breakdown(results: dict) -> list[str]:
    """Where jobs-1's time went, from the runner's own per-step timings, against the bare parse."""
    runs = results["runs"]
    if "jobs-1" not in runs or "step_seconds" not in runs["jobs-1"].get("summary", {}):
        return []
    steps, total = runs["jobs-1"]["summary"]["step_seconds"], runs["jobs-1"]["seconds"]
    bare = runs.get("bare", {}).get("parse_seconds")
    lines = ["", "jobs-1 by step (the runner's own timings; parse includes the parse cache's stores), as a share of "
             "the whole command and of the bare parse's time:", "",
             "| step | seconds | % of jobs-1 | % of bare parse |", "|---|---:|---:|---:|"]
    rest = total - sum(steps.values())
    for step, seconds in sorted(steps.items(), key=lambda kv: -kv[1]) + [("other (start, model load, plan, commit)", rest)]:
        share = f"{100 * seconds / bare:.1f}" if bare else "-"
        lines.append(f"| {step} | {seconds:.2f} | {100 * seconds / total:.1f} | {share} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="A folder made by bench/make_corpus.py.")
    parser.add_argument("--work", type=Path, help="Scratch folder (replaced). Default: bench/out/run-<corpus>.")
    parser.add_argument("--stage", action="append", default=[], help="Run only this stage and what it needs (repeatable).")
    parser.add_argument("--skip", action="append", default=[], choices=["bare", "bare-2", "jobs-1", "jobs-1-nocache", "jobs-2"],
                        help="Leave a measurement out (repeatable).")
    parser.add_argument("--noop-repeats", type=int, default=NOOP_REPEATS)
    parser.add_argument("--repeats", type=int, default=1,
                        help="Rounds of bare, jobs-1, jobs-1-nocache and jobs-2, interleaved: the main table shows "
                             "round 1, a rounds table each round's ratios and their medians.")
    if argv and argv[0] in ("_bare", "_describe"):
        sys.path.insert(0, str(ROOT))
        inner = argparse.ArgumentParser()
        inner.add_argument("--corpus", type=Path)
        inner.add_argument("--n-process", type=int, default=1)
        inner.add_argument("--stage", action="append", default=[])
        args = inner.parse_args(argv[1:])
        out = bare_parse(args.corpus, args.stage, args.n_process) if argv[0] == "_bare" else describe(args.stage)
        print(json.dumps(out))
        return 0
    args = parser.parse_args(argv)
    results = run_bench(args)
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
