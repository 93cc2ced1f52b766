"""manifesto: party manifestos to provenance-carrying Parquet datasets.

The repository keeps the client's layout (`pipeline/`, `extractors/`, `models/`,
`cli.py`); installed, they are the subpackages of this one package, so a notebook
folder with its own `models/` or `cli.py` cannot shadow them.

Notebook use::

    import manifesto
    pledges = manifesto.load_stage("pledges", "data/processed")

The public names are loaded on first use, so `import manifesto` stays cheap and
importing a subpackage does not pull in spaCy.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("manifesto")
except PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0+unknown"

_PUBLIC = {"load_stage": "manifesto.pipeline.io"}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    """Resolve a public name from its module on first access (PEP 562)."""
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'manifesto' has no attribute {name!r}")
