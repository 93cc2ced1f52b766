"""The pledge classifier: a small trained model that makes the final call on each unit.

The rules of `pledges.py` read a unit's commitment language, actor, list context and
means; on real manifestos their yes/no is too strict in places (impersonal measures,
lists under "Our policies:") and too loose in others (rhetoric). So the rules' findings
become marker words (`r_own`, `r_inherits_modal`, `r_other_actor`, `k_list_item`, ...)
put before the unit's own words, and a spaCy `textcat_multilabel` with the
bag-of-words architecture (`spacy.TextCatBOW.v3`, unigrams and bigrams) weighs them: a
linear model, CPU-fast, deterministic, about 1 MB, shipped in
`models/pledges/classifier/`. The rules still code every field of a pledge.

Training data: `data/training/pledges/*.labels.jsonl`, real UK manifestos labelled
with tests/gold/uk/GUIDE.md (see data/training/pledges/README.md), never the dev gold
documents. Rebuild with `make pledge-model` (`python -m manifesto.extractors.pledge_classifier`).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from manifesto.models import MODELS_DIR

MODEL_DIR = MODELS_DIR / "pledges" / "classifier"
LABEL = "PLEDGE"
SEED = 0
EPOCHS = 12
BATCH = 32
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 262144}


@dataclass
class PledgeClassifier:
    """The trained model and its decision threshold (from the model's meta.json)."""

    nlp: Language
    threshold: float

    def score(self, features: str) -> float:
        """P(pledge) for one unit's feature text; strings are freed after each call."""
        with self.nlp.memory_zone():
            return float(self.nlp(features).cats[LABEL])

    def is_pledge(self, features: str) -> bool:
        return self.score(features) >= self.threshold


@lru_cache(maxsize=1)
def classifier(path: Path = MODEL_DIR) -> PledgeClassifier | None:
    """The shipped classifier, loaded once per process; None when none is shipped."""
    if not (path / "meta.json").is_file():
        return None
    nlp = spacy.load(path)
    return PledgeClassifier(nlp, float(nlp.meta.get("threshold", 0.5)))


def new_model() -> Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": BOW, "threshold": 0.5})
    textcat.add_label(LABEL)
    return nlp


def train(examples: list[tuple[str, bool]], epochs: int = EPOCHS, seed: int = SEED) -> Language:
    """A classifier trained on (feature text, is pledge) pairs, the same bytes every time."""
    fix_random_seed(seed)
    nlp = new_model()
    data = [Example.from_dict(nlp.make_doc(text), {"cats": {LABEL: float(label)}}) for text, label in examples]
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    for _epoch in range(epochs):
        order.shuffle(data)
        for batch in minibatch(data, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=0.0)
    return nlp


def save(nlp: Language, path: Path, threshold: float, provenance: dict) -> None:
    nlp.meta.update({"name": "manifesto_pledges", "version": "1.0.0", "threshold": threshold,
                     "description": "Pledge classifier of manifesto (see extractors/pledge_classifier.py)",
                     "license": "MIT", "training": provenance})
    nlp.to_disk(path)


def main(argv: list[str]) -> int:
    """`python -m manifesto.extractors.pledge_classifier [OUT]`: rebuild the shipped model."""
    from manifesto.extractors.pledge_training import training_examples

    out = Path(argv[0]) if argv else MODEL_DIR
    examples, provenance = training_examples()
    nlp = train([(e.features, e.label) for e in examples])
    save(nlp, out, threshold=0.5, provenance=provenance)
    print(json.dumps({"model": str(out), **provenance}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
