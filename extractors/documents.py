"""The `documents` stage: provenance, catalog metadata and the normalised text."""

from __future__ import annotations

from typing import Iterator

from manifesto.pipeline import schemas
from manifesto.pipeline.ingest import catalog_fields
from manifesto.pipeline.layout import ends_sentence, starts_lower
from manifesto.pipeline.registry import DocContext, ExtractorSpec

from . import register

# models/formats/ holds what the HTML reader drops from a page, models/pdf/ what the PDF
# reader's furniture, roles and font repair read: they shape the text, so the stages read
# straight from the layout (and, through them, all others) depend on them.
SPEC = ExtractorSpec(name="documents", version="2", schema=schemas.DOCUMENTS, needs_parse=False, sort_key=("doc_id",),
                     rules=("formats", "pdf"))


@register(SPEC)
def extract_documents(doc, ctx: DocContext) -> Iterator[dict]:
    """One row: the document's provenance and the text every offset points into."""
    document = ctx.document
    layout = document.layout
    blocks = layout.blocks
    yield {
        "doc_id": document.doc_id,
        "source_path": document.source_path,
        "source_sha256": document.source_sha256,
        "format": document.format,
        "encoding": document.encoding,
        **catalog_fields(document.catalog),
        "text": layout.text,
        "n_chars": len(layout.text),
        "n_words": len(layout.text.split()),
        "n_pages": document.n_pages,
        "n_blocks": len(blocks),
        "n_page_breaks_joined": layout.n_page_breaks_joined,
        "n_repeats": layout.n_repeats,
        "starts_mid_sentence": bool(blocks) and blocks[0].kind == "paragraph" and starts_lower(_block_text(layout, 0)),
        "ends_mid_sentence": bool(blocks) and blocks[-1].kind == "paragraph" and not ends_sentence(_block_text(layout, -1)),
        "n_header_footer_lines_dropped": sum(p.n_lines_dropped for p in layout.pages) if document.format == "pdf" else None,
        "n_glyphs_unrepaired": sum(p.n_glyphs_unrepaired for p in layout.pages) if document.format == "pdf" else None,
        "repairs": layout.repairs,
        "unreadable_fonts": layout.unreadable_fonts,
    }


def _block_text(layout, index: int) -> str:
    block = layout.blocks[index]
    return layout.text[block.char_start:block.char_end]
