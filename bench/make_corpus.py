"""Build a large, varied test collection from the sample manifestos, for benchmarks.

    python bench/make_corpus.py --words 1000000 --out bench/out/corpus-1m [--seed 7]

Every document is assembled from runs of consecutive raw blocks (blank-line separated:
headings, paragraphs, lists, page-break fragments) sampled across all texts in
`data/raw`, so the layout normaliser sees what it sees in real PDF extractions. So that
no cache or deduplication can cheat, each document opens with a unique title and id
sentence, and every sampled block is varied: numbers are redrawn, the sentences of a
paragraph are shuffled and one may be swapped for a sentence from elsewhere.

Lengths follow a truncated power law (density ~ L^-2.5) between `--min-words` (a page)
and `--max-words` (a book): most documents are a few pages, a few are long, and about
1,200 documents make a million words. Every collection also holds one book of exactly
`--max-words` target length, so collections of different sizes have the same largest
document and their peak memory can be compared. Writes the `.txt` files, a
`catalog.csv` (party, year, ...) and `corpus.json` (seed, counts). Deterministic: the
same arguments give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT / "data" / "raw"
BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"“(])")
NUMBER = re.compile(r"\d+")
POWER_LAW_ALPHA = 2.5
MAX_RUN_BLOCKS = 8

PARTIES = ("Labour Party", "Conservative Party", "Liberal Democrats", "Green Party", "Scottish National Party",
           "Plaid Cymru", "UK Independence Party", "Social Democratic Party", "Liberal Party", "Reform UK")
THEMES = ("Safer Communities", "A Fairer Britain", "Security and Justice", "Strong Neighbourhoods",
          "A Country That Works", "Standing Up for Victims", "The Rule of Law", "Hope and Safety")


@dataclass(frozen=True)
class Block:
    text: str
    is_prose: bool  # several sentences, no list markers: safe to shuffle


def read_blocks(sources: Path) -> list[list[Block]]:
    """Each source text as its list of raw blocks (in order)."""
    texts = []
    for path in sorted(sources.glob("*.txt")):
        raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        blocks = []
        for chunk in BLOCK_BREAK.split(raw):
            chunk = chunk.strip("\n")
            if not chunk.strip():
                continue
            lines = chunk.split("\n")
            listy = any(re.match(r"\s*([-•*]|\d{1,2}[.)])\s", line) for line in lines)
            blocks.append(Block(chunk, is_prose=not listy and len(SENTENCE.split(chunk)) > 1))
        if blocks:
            texts.append(blocks)
    if not texts:
        raise SystemExit(f"no .txt sources in {sources}")
    return texts


def power_law_length(rng: random.Random, low: int, high: int, alpha: float = POWER_LAW_ALPHA) -> int:
    """A length in [low, high] with density proportional to L^-alpha (inverse CDF)."""
    a, b, e = low ** (1 - alpha), high ** (1 - alpha), 1 - alpha
    return int(round((a + rng.random() * (b - a)) ** (1 / e)))


def vary_numbers(text: str, rng: random.Random) -> str:
    def redraw(match: re.Match) -> str:
        digits = match.group(0)
        if rng.random() < 0.5:
            return digits
        first = str(rng.randint(1, 9)) if len(digits) > 1 else str(rng.randint(0, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])
    return NUMBER.sub(redraw, text)


def vary_block(block: Block, rng: random.Random, sentence_pool: list[str]) -> str:
    text = block.text
    if block.is_prose:
        sentences = SENTENCE.split(" ".join(text.split()))
        rng.shuffle(sentences)
        if rng.random() < 0.5:
            sentences[rng.randrange(len(sentences))] = rng.choice(sentence_pool)
        text = " ".join(sentences)
    return vary_numbers(text, rng)


def make_document(index: int, target_words: int, rng: random.Random, texts: list[list[Block]],
                  weights: list[int], sentence_pool: list[str], seed: int) -> tuple[str, dict]:
    party, year = rng.choice(PARTIES), rng.randint(1945, 2024)
    title = f"{rng.choice(THEMES).upper()} {year}"
    pieces = [title, f"Benchmark document {index:05d} of seed {seed}: {party}, {year}, "
                     f"with {target_words} words as its target length."]
    words = sum(len(p.split()) for p in pieces)
    while words < target_words:
        blocks = rng.choices(texts, weights=weights)[0]
        start = rng.randrange(len(blocks))
        for block in blocks[start:start + rng.randint(1, MAX_RUN_BLOCKS)]:
            text = vary_block(block, rng, sentence_pool)
            pieces.append(text)
            words += len(text.split())
            if words >= target_words:
                break
    text = "\n\n".join(pieces) + "\n"
    row = {"party": party, "year": str(year), "country": "United Kingdom",
           "election": f"{year} UK general election", "title": title.title(), "language": "en"}
    return text, row


def build(out: Path, words: int, seed: int, min_words: int, max_words: int, sources: Path) -> dict:
    texts = read_blocks(sources)
    weights = [sum(len(b.text.split()) for b in blocks) for blocks in texts]
    sentence_pool = [s for blocks in texts for b in blocks if b.is_prose for s in SENTENCE.split(" ".join(b.text.split()))]
    rng = random.Random(seed)
    targets: list[int] = []
    while sum(targets) < words - max_words:
        targets.append(power_law_length(rng, min_words, max_words))
    targets.insert(rng.randrange(len(targets) + 1), max_words)  # the one book, at a random place
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("doc-*.txt"):
        stale.unlink()
    rows, total = [], 0
    for index, target in enumerate(targets):
        text, row = make_document(index, target, rng, texts, weights, sentence_pool, seed)
        name = f"doc-{index:05d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, **row})
        total += len(text.split())
    with open(out / "catalog.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    lengths = sorted(len((out / r["file"]).read_text(encoding="utf-8").split()) for r in rows)
    info = {"seed": seed, "documents": len(rows), "words": total, "min_words": lengths[0],
            "median_words": lengths[len(lengths) // 2], "max_words": lengths[-1],
            "sources": sorted(p.name for p in sources.glob("*.txt"))}
    (out / "corpus.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="Total words, at least (default 1,000,000).")
    parser.add_argument("--out", type=Path, required=True, help="Folder to write (its doc-*.txt are replaced).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-words", type=int, default=300, help="Shortest target length (a page).")
    parser.add_argument("--max-words", type=int, default=30_000, help="Longest target length (a book).")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="Folder of .txt texts to sample.")
    args = parser.parse_args(argv)
    if not 0 < args.min_words <= args.max_words:
        parser.error("need 0 < --min-words <= --max-words")
    info = build(args.out, args.words, args.seed, args.min_words, args.max_words, args.sources)
    print(json.dumps(info), file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
