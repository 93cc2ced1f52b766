"""The `claims` stage: every figure in a manifesto, found, parsed and normalised.

`extractor.py` holds the stage (its spec and rows); the other modules read the
figures (see its docstring and docs/claims.md).
"""

from .extractor import SPEC, extract_claims

__all__ = ["SPEC", "extract_claims"]
