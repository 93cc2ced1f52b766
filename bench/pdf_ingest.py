"""Time PDF ingest against plain pdfplumber `extract_text()` on the same files, in one run.

    .venv/bin/python bench/pdf_ingest.py [PDF ...] [--repeat N] [--skip-slow]

Without PDF arguments it builds a two-column manifesto of about 150 pages from the
sample corpus (`data/raw`, else `../shared/corpus`) with tests/fixtures/make_pdfs.py.
For each file it times, in pages per second:

- `ingest (pdfium)`: our whole ingest, `load_document` (characters, layout, blocks,
  page spans), with pypdfium2's raw API as the character source (the default);
- `ingest (pdfplumber)`: the same layout code fed by pdfplumber's characters;
- `pdfplumber extract_text()`: plain text of every page, no layout (the baseline);
- `pypdfium2 get_text_range()`: plain text of every page from pdfium, for reference.

Each timing is the best of `--repeat` runs (the slow pdfplumber ones run once unless
`--repeat-slow` says otherwise), interleaved so that a busy machine slows all alike.
`--skip-slow` leaves the pdfplumber timings out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from manifesto.pipeline.ingest import InputFile, load_document  # noqa: E402
from manifesto.pipeline.pdf import read_pdf  # noqa: E402


def ingest(path: Path) -> int:
    return load_document(InputFile(path, path.name)).n_pages or 0


def ingest_plumber_chars(path: Path) -> int:
    return read_pdf(path.read_bytes(), source="pdfplumber").n_pages


def plumber_extract_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.flush_cache()
        return len(pdf.pages)


def pdfium_text(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


METHODS: list[tuple[str, Callable[[Path], int], bool]] = [
    ("ingest (pdfium)", ingest, False),
    ("ingest (pdfplumber)", ingest_plumber_chars, True),
    ("pdfplumber extract_text()", plumber_extract_text, True),
    ("pypdfium2 get_text_range()", pdfium_text, False),
]


def sample_manifesto(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.make_pdfs import long_manifesto_pdf

    corpus = ROOT / "data" / "raw"
    if not any(corpus.glob("*.txt")):
        corpus = ROOT.parent / "shared" / "corpus"
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    path = folder / "sample_manifesto_150p.pdf"
    long_manifesto_pdf(path, texts, pages=150)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDF files (default: a 150-page sample manifesto)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the fast methods; the best counts")
    parser.add_argument("--repeat-slow", type=int, default=1, help="runs of the pdfplumber methods")
    parser.add_argument("--skip-slow", action="store_true", help="leave out the pdfplumber timings")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.pdfs or [sample_manifesto(Path(tmp))]
        methods = [m for m in METHODS if not (args.skip_slow and m[2])]
        best: dict[tuple[str, str], float] = {}
        pages: dict[str, int] = {}
        for round_ in range(max(args.repeat, args.repeat_slow)):
            for path in paths:
                for name, function, slow in methods:
                    if round_ >= (args.repeat_slow if slow else args.repeat):
                        continue
                    started = time.perf_counter()
                    pages[path.name] = function(path)
                    seconds = time.perf_counter() - started
                    key = (path.name, name)
                    best[key] = min(best.get(key, seconds), seconds)
        print("| file | pages | " + " | ".join(name for name, _, _ in methods) + " |")
        print("|---|---:|" + "---:|" * len(methods))
        for path in paths:
            cells = [f"{pages[path.name] / best[(path.name, name)]:.1f}" for name, _, _ in methods]
            print(f"| {path.name} | {pages[path.name]} | " + " | ".join(cells) + " |")
        print("\npages per second (higher is better); best of the runs; "
              f"{args.repeat} run(s) of the fast methods, {args.repeat_slow} of the pdfplumber ones")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
