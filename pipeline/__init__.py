"""manifesto: party manifestos to provenance-carrying Parquet datasets.

Notebook use: `from pipeline import load_stage; load_stage("sentences", "data/processed")`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("manifesto")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+unknown"

from .io import load_stage  # noqa: E402

__all__ = ["__version__", "load_stage"]
