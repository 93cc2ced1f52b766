"""How much one core slows down when the other is busy too (the bound of `--jobs 2`).

    python bench/cores.py [--seconds 10] [--rounds 3]

Runs the same CPU-bound work (a pure-Python loop, then the matrix product spaCy's models
use, thinc's single-threaded `gemm`) in one process alone, then in two processes at once, and
prints the CPU seconds each took. On two idle, independent cores the two-process times
equal the one-process time and two workers can reach 2x; when the two vCPUs share a
physical core, caches or memory bandwidth, each process is slower when both run, and
that slowdown caps the speed-up of any two-process run, `manifesto run --jobs 2` and
spaCy's `n_process=2` alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")  # one thread per process, as in a parse worker

import numpy  # noqa: E402
from thinc.api import NumpyOps  # noqa: E402


def python_loop(iterations: int) -> float:
    started = time.process_time()
    total = 0
    for i in range(iterations):
        total += i * i % 7
    return time.process_time() - started


def matrix_products(repeats: int) -> float:
    ops = NumpyOps()
    a = numpy.random.default_rng(0).random((256, 256), dtype=numpy.float32)
    started = time.process_time()
    for _ in range(repeats):
        a = ops.gemm(a, a) / 256.0
    return time.process_time() - started


def calibrate(work, target_seconds: float) -> int:
    """The amount of `work` that takes about `target_seconds` of CPU alone."""
    amount = 1000
    while (spent := work(amount)) < 0.5:
        amount *= 4
    return int(amount * target_seconds / spent)


def measure(work, amount: int, processes: int) -> list[float]:
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(work, [amount] * processes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="CPU seconds of work per process.")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| work | 1 process: cpu s | 2 processes: cpu s each | slowdown | two-process speed-up bound |")
    print("|---|---:|---:|---:|---:|")
    for name, work in (("python loop", python_loop), ("thinc gemm, 256 x 256 float32", matrix_products)):
        amount = calibrate(work, args.seconds)
        alone, together = [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine
            alone += measure(work, amount, 1)
            together += measure(work, amount, 2)
        one, two = statistics.median(alone), statistics.median(together)
        print(f"| {name} | {one:.2f} | {two:.2f} | {two / one:.2f} x | {2 * one / two:.2f} x |")


if __name__ == "__main__":
    main()
