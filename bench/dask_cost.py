"""What running on Dask costs against local processes, on this machine (docs/scaling.md).

Each executor runs `manifesto run` as a child process, twice: over one short document
(the start time: workers started and the model loaded) and over a corpus of copies of
the sample texts, each made distinct by a first line (throughput). For the corpus run
it reports words per second (wall), words per CPU-second (user + system of every
process of the run: main, workers, Dask's scheduler and nannies) and the peak resident
memory of the largest worker process (sampled from /proc every 0.2 s). Every run
starts from an empty output folder, with the parse cache off.

    .venv/bin/python bench/dask_cost.py                     # 16 documents, 2 workers
    .venv/bin/python bench/dask_cost.py --copies 4 --jobs 2  # smaller, for a loaded machine

Needs the dask extra (`pip install -e '.[dask]'`; psutil comes with it).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
MANIFESTO = str(Path(sys.executable).parent / "manifesto")
EXECUTORS = {"local": ["--executor", "local"], "dask": ["--executor", "dask"]}


def make_corpus(folder: Path, copies: int) -> int:
    """`copies` of each sample text, each with its own first line; returns the words."""
    folder.mkdir(parents=True)
    words = 0
    for source in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        for i in range(copies):
            copy = f"Edition {i}\n\n{text}"
            (folder / f"{source.stem}_{i}.txt").write_text(copy, encoding="utf-8")
            words += len(copy.split())
    return words


def measure(args: list[str]) -> dict:
    """Wall seconds, CPU seconds of the run and all its descendants, largest worker RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([MANIFESTO, *args, "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    main, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            peak = max([peak, *(p.memory_info().rss for p in main.children(recursive=True)
                                if p.is_running() and "python" in p.name())])
        except psutil.Error:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"manifesto {' '.join(args)} exited {process.returncode}: {process.stderr.read().decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=8, help="copies of each sample text (2 texts, ~4,500 words)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (local) or LocalCluster workers (dask)")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dask_cost_"))
    try:
        words = make_corpus(work / "corpus", options.copies)
        one = work / "one"
        one.mkdir()
        (one / "short.txt").write_text("Our plan\n\nWe will build 10 new schools by 2020.\n", encoding="utf-8")
        print(f"{options.copies * 2} documents, {words:,} words, --jobs {options.jobs}\n")
        print("| executor | start (s, one short document) | corpus wall (s) | words/s | words/CPU-s | peak RSS per worker (MB) |")
        print("|---|---|---|---|---|---|")
        for name, flags in EXECUTORS.items():
            common = [*flags, "--jobs", str(options.jobs), "--no-parse-cache"]
            start = measure(["run", str(one), "--out", str(work / f"{name}_one"), *common])
            run = measure(["run", str(work / "corpus"), "--out", str(work / f"{name}_corpus"), *common])
            print(f"| {name} | {start['wall']:.1f} | {run['wall']:.1f} | {words / run['wall']:,.0f} "
                  f"| {words / run['cpu']:,.0f} | {run['peak_mb']:,.0f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
