"""Training examples for the pledge classifier, from labelled real manifestos.

Each labelled document (`data/training/pledges/<file>.labels.jsonl`, its source in
../shared/dev) goes through the pipeline as the runner would read it: ingest, layout,
parse, sentences. The pledge reader (`pledges.read_units`) then reads every unit; a unit
takes the label of the gold units it overlaps (at least half of the shorter span), and
the gold label, not a prediction, feeds the "after a pledge" context (teacher forcing).
Units outside the labelled stretches are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from manifesto.pipeline.catalog import read_catalog
from manifesto.pipeline.evaluation import shares
from manifesto.pipeline.evaluation.devsets import SHARED_DEV, dev_catalog
from manifesto.pipeline.gold import read_gold, resolve

REPO = Path(__file__).resolve().parents[1]
TRAINING_DIR = REPO / "data" / "training" / "pledges"


INC_DOMAIN = "IN"  # the INC labels' reading, used for documents whose catalog country is India


@dataclass(frozen=True)
class TrainingExample:
    doc: str
    text: str
    features: tuple[str, ...]
    label: bool
    domain: str | None = None  # the labelling tradition, when not our guide's: "IN" for the INC labels


def training_examples(label_dir: Path = TRAINING_DIR, dev: Path = SHARED_DEV) -> tuple[list[TrainingExample], dict]:
    """Examples from every labelled document (and the INC sentences), and their sources."""
    from manifesto import models
    from manifesto.pipeline.runner import load_pipeline

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(Path(label_dir).glob("*.labels.jsonl")):
        for record in read_gold(path):
            by_doc[record["doc"]].append({**record, "in_order": True})
    nlp = load_pipeline(models.default_model())
    catalog = dev_catalog(dev)
    examples: list[TrainingExample] = []
    for name, records in sorted(by_doc.items()):
        examples += document_examples(nlp, next(dev.glob(f"*/{name}")), catalog.get(name, {}), records)
    inc = inc_examples(nlp)
    examples += inc
    provenance = {"documents": sorted({e.doc for e in examples}), "units_labelled": sum(map(len, by_doc.values())),
                  "inc_sentences": len(inc), "examples": len(examples), "pledges": sum(e.label for e in examples),
                  "domains": domains_of(examples)}
    return examples, provenance


def domains_of(examples: list[TrainingExample]) -> list[str]:
    """The labelling traditions other than our guide's among `examples`."""
    return sorted({e.domain for e in examples if e.domain})


def inc_examples(nlp) -> list[TrainingExample]:
    """The INC dev set's sentences, one document per election as `eval --set inc` builds them."""
    import tempfile

    from manifesto.pipeline.evaluation.devsets import prepare

    with tempfile.TemporaryDirectory(prefix="manifesto-inc-") as tmp:
        inputs, gold = prepare("inc", Path(tmp))
        catalog = read_catalog(inputs / "catalog.csv")
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for record in read_gold(gold):
            by_doc[record["doc"]].append(record)
        return [example for name, records in sorted(by_doc.items())
                for example in document_examples(nlp, inputs / name, catalog[name], records, domain=INC_DOMAIN)]


def document_examples(nlp, source: Path, catalog: dict[str, str], records: list[dict],
                      name: str | None = None, domain: str | None = None) -> list[TrainingExample]:
    """The labelled units of one document, read as the extractor reads them; `domain`
    marks labels that follow another tradition than our guide (see `augment`)."""
    from manifesto.extractors import REGISTRY
    from manifesto.extractors.pledges import read_units
    from manifesto.pipeline.ingest import InputFile, load_document
    from manifesto.pipeline.parse import prepare_doc
    from manifesto.pipeline.registry import DocContext

    name = name or source.name
    document = load_document(InputFile(source, name, catalog))
    doc = nlp(prepare_doc(nlp, document))
    ctx = DocContext(document)
    for stage in REGISTRY.with_requirements(["sentences"]):
        ctx.rows[stage] = list(REGISTRY[stage].extract(doc, ctx))
    spans, _problems = resolve(records, {name: document.text})
    gold = [((s.char_start, s.char_end), bool(s.record["is_pledge"])) for s in spans]
    labels: dict[str, bool] = {}

    def gold_label(reading) -> bool:
        span = (reading.row["char_start"], reading.row["char_end"])
        found = [pledge for g, pledge in gold if shares(span, g)]
        if found:
            labels[reading.row["sentence_id"]] = any(found)
        return any(found)

    return [TrainingExample(name, reading.row["text"], reading.features, labels[reading.row["sentence_id"]], domain)
            for reading in read_units(doc, ctx, gold_label) if reading.row["sentence_id"] in labels]

