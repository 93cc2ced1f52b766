"""The `pages` stage: one row per page of a PDF source, from the layout's page spans.

Text files have no pages and yield no rows. A sentence's page is the page whose
`[char_start, char_end)` holds its first character.
"""

from __future__ import annotations

from typing import Iterator

from manifesto.pipeline import schemas
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from . import register

SPEC = ExtractorSpec(name="pages", version="2", schema=schemas.PAGES, needs_parse=False, rules=("pdf",), sort_key=("page_no",))


@register(SPEC)
def extract_pages(doc, ctx: DocContext) -> Iterator[dict]:
    """Each page's range of the text, its size, and what the PDF reader met on it."""
    for page in ctx.document.layout.pages:
        yield {
            "doc_id": ctx.doc_id,
            "page_no": page.page_no,
            "char_start": page.char_start,
            "char_end": page.char_end,
            "width": page.width,
            "height": page.height,
            "n_chars": page.n_chars,
            "has_text_layer": page.has_text_layer,
            "n_columns": page.n_columns,
            "n_header_footer_lines_dropped": page.n_lines_dropped,
            "n_glyphs_repaired": page.n_glyphs_repaired,
            "n_glyphs_unrepaired": page.n_glyphs_unrepaired,
            "role": page.role,
            "n_words_repaired": page.n_words_repaired,
            "unreadable_fonts": page.unreadable_fonts,
        }
