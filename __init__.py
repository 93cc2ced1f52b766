"""manifesto: party manifestos to provenance-carrying Parquet datasets.

The repository keeps the client's layout (`pipeline/`, `extractors/`, `models/`,
`cli.py`); installed, they are the subpackages of this one package, so a notebook
folder with its own `models/` or `cli.py` cannot shadow them.

Notebook use::

    import manifesto
    pledges = manifesto.load_stage("pledges", "data/processed")   # typed pandas DataFrame
    data = manifesto.load_dataset("data/processed")               # every stage, by name
    manifesto.join(pledges, data["sections"])                     # on section_id, no silent clashes
    manifesto.load_stage_polars("pledges", "data/processed")      # with polars installed

The public names are loaded on first use, so `import manifesto` stays cheap and
importing a subpackage does not pull in spaCy.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("manifesto")
except PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0+unknown"

_NOTEBOOK = "manifesto.pipeline.notebook"
_PUBLIC = {"load_stage": _NOTEBOOK, "load_dataset": _NOTEBOOK, "join": _NOTEBOOK, "DatasetNotFound": _NOTEBOOK}
if find_spec("polars") is not None:  # the polars variant is offered where polars is installed
    _PUBLIC["load_stage_polars"] = _NOTEBOOK

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    """Resolve a public name from its module on first access (PEP 562)."""
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'manifesto' has no attribute {name!r}")
