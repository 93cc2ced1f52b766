"""The pledge classifier: a small trained model that makes the final call on each unit.

The rules of `extractors/pledges/` read a unit's commitment language, actor, list
context and means; on real manifestos their yes/no is too strict in places (impersonal
measures, lists under "Our policies:") and too loose in others (rhetoric). So the rules' findings
become marker words (`r_own`, `r_inherits_modal`, `r_other_actor`, `k_list_item`, ...)
put before the unit's own words, and a spaCy `textcat_multilabel` with the
bag-of-words architecture (`spacy.TextCatBOW.v3`, unigrams and bigrams) weighs them: a
linear model, CPU-fast, deterministic, about 0.8 MB on disk, shipped in
`models/pledges/classifier/`. The rules still code every field of a pledge.

Training data: `data/training/pledges/*.labels.jsonl`, real UK manifestos labelled
with tests/gold/uk/GUIDE.md (see data/training/pledges/README.md), never the UK dev gold
documents, and the INC sentences of ../shared/dev/pledges/india_inc.tsv, whose labels
follow the Comparative Party Pledges Project's stricter reading ("We will promote ...",
"We will continue ..." are not pledges there unless they name concrete means). The INC
sentences are also evaluated on, so `manifesto eval pledges --set inc` scores each
election with a fold model trained without it (`models/pledges/classifier-folds/`,
chosen by the catalog's `pledge_model: holdout-inc_<year>`): no sentence is scored by a
model that saw it. Rebuild all with `make pledge-model`
(`python -m manifesto.extractors.pledge_classifier`).
"""

from __future__ import annotations

import json
import random
import shutil
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from manifesto.models import MODELS_DIR
from manifesto.models.entity_rules import country_code

MODEL_DIR = MODELS_DIR / "pledges" / "classifier"
FOLDS_DIR = MODELS_DIR / "pledges" / "classifier-folds"
THRESHOLD = 0.4  # for units the rules had no reading of
UNWORDED_THRESHOLD = 0.5  # for a plain sentence with no commitment words at all (rarely a pledge)
RULES_FLOOR = 0.3  # below it, a unit the rules accept (naming no concrete means) is rhetoric after all
LABEL = "PLEDGE"
SEED = 0
EPOCHS = 8
BATCH = 32
BOW = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
       "no_output_layer": False, "length": 131072}


def augment(features: tuple[str, ...], domain: str | None) -> tuple[str, ...]:
    """The words and, for a unit of a labelling tradition other than our guide's
    (`domain`, the country code of the data: "IN" for the INC labels of Fornaciari et
    al.), every word again marked with it ("IN|promote"), plus the mark alone ("IN|",
    the domain's own bias): feature augmentation (Daume, "Frustratingly easy domain
    adaptation", 2007), one-sided. The INC labels call "We will promote ..." or "We
    promise to ..." no pledge unless it names concrete means; the labels written with
    our guide mostly a pledge. Trained on both as one, the model learnt neither reading.
    Now our labels teach the shared words only, and the INC labels the shared words plus
    their marked copy, which takes up how those labellers differ: the shared words keep
    our guide's reading, the one for every document outside the marked domains."""
    if domain is None:
        return features
    return (*features, f"{domain}|", *(f"{domain}|{word}" for word in features))


@dataclass
class PledgeClassifier:
    """The trained model, its decision threshold and the domains it learnt (from the
    model's meta.json)."""

    nlp: Language
    threshold: float
    domains: frozenset[str] = frozenset()

    def domain_of(self, country: str | None) -> str | None:
        """The domain a document is read in: its catalog country's, when the model learnt
        a reading of its own for that country's labels (India); else None, our guide's
        reading (docs/pledges.md): the UK, a country with no labelled data, no country."""
        code = country_code(country)
        return code if code in self.domains else None

    def score(self, features: tuple[str, ...], domain: str | None = None) -> float:
        """P(pledge) for one unit's feature words, read in `domain` (`augment`): the text
        classifier's model called directly on the words' string ids (`_Words`), with no tokenizer, vocabulary or Doc:
        tokenizing each unit's text again cost as much as all the rules together, and
        the strings it added had to be freed per document."""
        textcat = self.nlp.get_pipe("textcat_multilabel")
        return float(textcat.model.predict([_Words(augment(features, domain))])[0][textcat.labels.index(LABEL)])

    def decide(self, features: tuple[str, ...], rules_say: bool, rules_reject: bool, specific: bool = False,
               worded: bool = True, domain: str | None = None) -> bool:
        """The final call, with the rules: a unit the rules accept stands if it names
        concrete means (a number, a date, an instrument) or the model does not find it
        very unlike a pledge (rhetoric in pledge form: "We will always do whatever is
        necessary"); one they reject (another party's or a person's, not
        checkable, in a subordinate clause, under another party's record) stays out; the
        model decides the units the rules had no reading of (list items, imperatives,
        impersonal measures, noun phrases), and needs more of it for a plain sentence
        without any commitment words (`worded` False), which is rarely a pledge (3% of
        such sentences in the training data). The model is only run when its score can
        change the call."""
        if rules_say:
            return specific or self.score(features, domain) >= RULES_FLOOR
        return not rules_reject and self.score(features, domain) >= (
            self.threshold if worded else UNWORDED_THRESHOLD)


class _Words:
    """Feature words as the bag-of-words model reads a Doc: `to_array([ORTH])` is each
    word's string id, exactly what a Doc made of the same words gives (a test checks):
    a hash, or the fixed id spaCy gives its symbol names ("number", "root", "NOUN").
    The model's first layer (`extract_ngrams`) reads nothing else."""

    def __init__(self, words: tuple[str, ...]):
        self.words = words

    def to_array(self, attrs) -> numpy.ndarray:
        if list(attrs) != [ORTH]:
            raise ValueError(f"the pledge model reads ORTH only, not {attrs}")
        return numpy.fromiter((get_string_id(w) for w in self.words), dtype=numpy.uint64, count=len(self.words))


def classifier(catalog: dict | None = None) -> PledgeClassifier | None:
    """The shipped classifier; for a document whose catalog asks for `pledge_model:
    holdout-<part>` (evaluation), the fold model trained without that part."""
    choice = ((catalog or {}).get("pledge_model") or "").strip()
    if not choice:
        return _load(MODEL_DIR)
    folds = sorted(p.name for p in FOLDS_DIR.iterdir() if (p / "meta.json").is_file()) if FOLDS_DIR.is_dir() else []
    fold = choice.removeprefix("holdout-")
    if not choice.startswith("holdout-") or fold not in folds:
        raise ValueError(f"catalog pledge_model {choice!r}: expected holdout-<fold> with a fold model of "
                         f"{FOLDS_DIR} ({', '.join(folds) or 'none; run `make pledge-model`'})")
    return _load(FOLDS_DIR / fold)


@lru_cache(maxsize=8)
def _load(path: Path) -> PledgeClassifier | None:
    """A model loaded once per process; None when it is not shipped (the rules' verdict
    then stands)."""
    if not (path / "meta.json").is_file():
        return None
    nlp = spacy.load(path)
    return PledgeClassifier(nlp, float(nlp.meta.get("threshold", THRESHOLD)), frozenset(nlp.meta.get("domains", ())))


def new_model() -> Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": BOW, "threshold": 0.5})
    textcat.add_label(LABEL)
    return nlp


def train(examples: list[tuple[tuple[str, ...], bool]], epochs: int = EPOCHS, seed: int = SEED) -> Language:
    """A classifier trained on (feature words, is pledge) pairs; seeded, so a rebuild from
    the same examples gives the same model."""
    fix_random_seed(seed)
    nlp = new_model()
    data = [Example.from_dict(Doc(nlp.vocab, words=list(words)), {"cats": {LABEL: float(label)}})
            for words, label in examples]
    optimizer = nlp.initialize(lambda: data)
    order = random.Random(seed)
    for _epoch in range(epochs):
        order.shuffle(data)
        for batch in minibatch(data, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=0.0)
    return nlp


def train_on(examples: list) -> Language:
    """A classifier trained on `pledge_training.TrainingExample`s, each read in its own
    domain (`augment`)."""
    return train([(augment(e.features, e.domain), e.label) for e in examples])


def save(nlp: Language, path: Path, threshold: float, provenance: dict) -> None:
    nlp.meta.update({"name": "manifesto_pledges", "version": "1.1.0", "threshold": threshold,
                     "description": "Pledge classifier of manifesto (see extractors/pledge_classifier.py)",
                     "license": "MIT", "domains": provenance.get("domains", []), "training": provenance})
    path.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)


def main(argv: list[str]) -> int:
    """`python -m manifesto.extractors.pledge_classifier`: rebuild the shipped models.

    The model trained on every example, and one fold model per INC election trained
    without that election's sentences (for `manifesto eval pledges --set inc`).
    """
    from manifesto.extractors.pledge_training import domains_of, training_examples  # loaded only to train

    examples, provenance = training_examples()
    save(train_on(examples), MODEL_DIR, THRESHOLD, provenance)
    shutil.rmtree(FOLDS_DIR, ignore_errors=True)  # no fold of a part that has left the data
    for held_out in sorted({e.doc for e in examples if e.doc.startswith("inc_")}):
        kept = [e for e in examples if e.doc != held_out]
        save(train_on(kept), FOLDS_DIR / held_out.removesuffix(".txt"), THRESHOLD,
             {**provenance, "domains": domains_of(kept), "documents": sorted({e.doc for e in kept}),
              "held_out": held_out, "examples": len(kept)})
    print(json.dumps(provenance, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
