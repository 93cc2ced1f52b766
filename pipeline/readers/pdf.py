"""PDF: characters and their geometry through pipeline/pdf.py, with page provenance."""

from __future__ import annotations

from . import Reading


def read(data: bytes) -> Reading:
    from ..pdf import read_pdf  # here, so pypdfium2 is loaded only for PDF inputs

    result = read_pdf(data)
    return Reading(result.layout, n_pages=result.n_pages, warnings=tuple(result.warnings))
