"""The pipeline: ingest, parse, run stages, write and check datasets.

Notebook use goes through the top-level package: `manifesto.load_stage(...)`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("manifesto")
except PackageNotFoundError:  # running from a checkout without installing
    __version__ = "0+unknown"

from .io import load_stage  # noqa: E402

__all__ = ["__version__", "load_stage"]
