"""What commitment patterns cost: two or more versions of models/pledges/commitments.jsonl
on the same parsed documents.

For each version it reports the DependencyMatcher's node matches (every token any node
of any pattern matches: the matcher walks each one's ancestors, so this count drives its
Python work, and unlike a timing it does not drift with the machine) and the CPU seconds
of the whole pledges step, in interleaved rounds within one process, with the number of
pledges found (equal counts are a first check that the versions agree).

Usage: .venv/bin/python bench/pledge_patterns.py OLD.jsonl NEW.jsonl [...] [--corpus DIR]
       [--docs N] [--rounds N]
(default corpus: bench/out/corpus-250k, made by `bench/make_corpus.py --words 250000`;
an old version comes from git, e.g. `git show fe5ec7a:models/pledges/commitments.jsonl`.)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from spacy.matcher import Matcher

from manifesto import models
from manifesto.extractors import REGISTRY
from manifesto.extractors.pledges import rules
from manifesto.pipeline.ingest import document_from_text
from manifesto.pipeline.parse import prepare_doc
from manifesto.pipeline.registry import DocContext
from manifesto.pipeline.runner import load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-250k")
    parser.add_argument("--docs", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    nlp = load_pipeline(models.default_model())
    prepared = _prepared(nlp, sorted(args.corpus.glob("*.txt"))[:args.docs])
    print(f"{len(prepared)} documents, {sum(len(doc) for doc, _ in prepared):,} tokens")
    built = {path: _matchers_of(path, nlp.vocab) for path in args.versions}
    for path in built:
        print(f"{path}: {_node_matches(path, nlp, prepared):,} node matches")
    seconds: dict[Path, list[float]] = {path: [] for path in built}
    pledges: dict[Path, int] = {}
    for _ in range(args.rounds):
        for path, found in built.items():
            rules._MATCHERS[id(nlp.vocab)] = (nlp.vocab, found)
            start = time.process_time()
            pledges[path] = sum(len(list(REGISTRY["pledges"].extract(doc, ctx))) for doc, ctx in prepared)
            seconds[path].append(time.process_time() - start)
    rules._MATCHERS.clear()
    for path, times in seconds.items():
        print(f"{path}: pledges step median {statistics.median(times):.2f} CPU s "
              f"({', '.join(f'{t:.2f}' for t in times)}), {pledges[path]} pledges")


def _prepared(nlp, files: list[Path]) -> list[tuple]:
    """Each document parsed once, with the rows of the stages pledges reads."""
    lineage = [stage for stage in REGISTRY.with_requirements(["pledges"]) if stage != "pledges"]
    prepared = []
    for path in files:
        document = document_from_text(path.read_text(), path.name, {"party": "Labour Party", "year": "2015"})
        doc = nlp(prepare_doc(nlp, document))
        ctx = DocContext(document)
        for stage in lineage:
            ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
        prepared.append((doc, ctx))
    return prepared


def _rules_folder(version: Path) -> Path:
    """A copy of models/pledges with `version` as its commitments.jsonl."""
    folder = Path(tempfile.mkdtemp(prefix="pledge-patterns-"))
    for path in rules.RULES_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    shutil.copy(version, folder / "commitments.jsonl")
    return folder


def _matchers_of(version: Path, vocab) -> rules.Matchers:
    shipped = rules.RULES_DIR
    try:
        rules.RULES_DIR = _rules_folder(version)
        rules._MATCHERS.clear()
        return rules.matchers(vocab)
    finally:
        rules.RULES_DIR = shipped
        rules._MATCHERS.clear()


def _node_matches(version: Path, nlp, prepared: list[tuple]) -> int:
    """Tokens matched by each node of each pattern, summed: what the DependencyMatcher's
    inner token matcher hands on."""
    lex = rules.lexicon()
    nodes = Matcher(nlp.vocab)
    for record in rules.read_jsonl(version):
        for node in rules.expand_lists(record["pattern"], lex):
            nodes.add(f'{record["id"]}:{node["RIGHT_ID"]}', [[node["RIGHT_ATTRS"]]])
    return sum(len(nodes(doc)) for doc, _ in prepared)


if __name__ == "__main__":
    main()
