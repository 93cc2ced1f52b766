"""One pyarrow schema per stage: the data contract of every dataset we write.

Every field carries a `description` in its metadata and every schema carries its
stage name and description, so the data dictionary (docs/data_dictionary.md) and
`manifesto describe STAGE` are generated from the same objects the writer enforces.
Bump SCHEMA_VERSION when a column is added, removed or changes meaning: it is part
of every file's metadata and of the staleness key, so old datasets are rebuilt.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"


def column(name: str, dtype: pa.DataType, description: str, nullable: bool = False) -> pa.Field:
    """A schema field whose metadata holds its description for the data dictionary."""
    return pa.field(name, dtype, nullable=nullable, metadata={"description": description})


def stage_schema(stage: str, description: str, fields: list[pa.Field]) -> pa.Schema:
    """A stage schema stamped with the stage name and what one row is."""
    return pa.schema(fields, metadata={"stage": stage, "description": description})


def describe(field: pa.Field) -> str:
    """The description stored in a field's metadata."""
    return (field.metadata or {}).get(b"description", b"").decode()


def schema_description(schema: pa.Schema) -> str:
    return (schema.metadata or {}).get(b"description", b"").decode()


# Columns shared by every stage whose rows point into a document's text.
def _doc_id() -> pa.Field:
    return column("doc_id", pa.string(), "Id of the document (`documents.doc_id`).")


def _span(what: str) -> list[pa.Field]:
    return [
        column("char_start", pa.int64(), f"Start of the {what}: offset into `documents.text` (half-open range)."),
        column("char_end", pa.int64(), f"End of the {what}: offset into `documents.text`, exclusive."),
    ]


def _page_no(what: str) -> pa.Field:
    return column("page_no", pa.int32(), f"Page of the source on which the {what} starts (1-based); null for text files.", nullable=True)


DOCUMENTS = stage_schema("documents", "One row per input document: its provenance, catalog metadata and normalised text.", [
    column("doc_id", pa.string(), "Stable id: the first 16 hex digits of the SHA-256 of the source file's bytes."),
    column("source_path", pa.string(), "Path of the source file relative to the input folder it was found in."),
    column("source_sha256", pa.string(), "SHA-256 of the source file's bytes."),
    column("format", pa.string(), "Source format: `txt` or `pdf`."),
    column("encoding", pa.string(), "Text encoding the source was decoded with (`utf-8`, `cp1252`, ...); null for PDFs.", nullable=True),
    column("title", pa.string(), "Title from `catalog.csv`; null without a catalog row.", nullable=True),
    column("party", pa.string(), "Party from `catalog.csv`; used as the pledge actor. Null without a catalog row.", nullable=True),
    column("year", pa.int32(), "Election year from `catalog.csv`.", nullable=True),
    column("country", pa.string(), "Country from `catalog.csv`.", nullable=True),
    column("election", pa.string(), "Election from `catalog.csv`.", nullable=True),
    column("language", pa.string(), "Language code from `catalog.csv` (e.g. `en`).", nullable=True),
    column("catalog_extra", pa.string(), "Other `catalog.csv` columns of this file as a JSON object (e.g. `note`); null without a catalog row.", nullable=True),
    column("text", pa.string(), "The normalised text. Every `char_start`/`char_end` in every dataset is an offset into this string."),
    column("n_chars", pa.int64(), "Length of `text` in characters."),
    column("n_words", pa.int64(), "Whitespace-separated words in `text`."),
    column("n_pages", pa.int32(), "Pages of the source; null for text files.", nullable=True),
    column("n_blocks", pa.int32(), "Layout blocks (paragraphs, headings, list items, lines) found by normalisation."),
    column("n_page_breaks_joined", pa.int32(), "Paragraphs that were cut by a page break in the source and joined again."),
    column("n_repeats", pa.int32(), "Blocks that repeat an earlier passage verbatim (pull-quotes), flagged `is_repeat` in `sentences`."),
    column("starts_mid_sentence", pa.bool_(), "True when the text begins inside a sentence (an extract), i.e. with a lower-case word."),
    column("ends_mid_sentence", pa.bool_(), "True when the last block ends without sentence-final punctuation."),
])

SECTIONS = stage_schema("sections", "One row per section: the document's title block, each heading, and any untitled text before the first heading.", [
    column("section_id", pa.string(), "Stable id of the section (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("ordinal", pa.int32(), "Position of the section in the document, from 0."),
    column("level", pa.int16(), "Depth: 0 for the document title, 1 for top-level headings, 2 and more for sub-headings."),
    column("kind", pa.string(), "`title` (the document's title block), `heading`, or `preamble` (text before the first heading, e.g. in an extract)."),
    column("number", pa.string(), "Section number as printed (`1`, `2.3`); null for unnumbered headings.", nullable=True),
    column("title", pa.string(), "Heading text without its number; null for a preamble.", nullable=True),
    column("parent_id", pa.string(), "`section_id` of the enclosing section (lower level); null at the top.", nullable=True),
    *_span("section (its heading through the last character before the next heading of the same or a higher level)"),
    column("title_char_start", pa.int64(), "Start of `title` in `documents.text`; null for a preamble.", nullable=True),
    column("title_char_end", pa.int64(), "End of `title` in `documents.text`, exclusive; null for a preamble.", nullable=True),
    _page_no("section"),
])

SENTENCES = stage_schema("sentences", "One row per sentence, heading or list item, as segmented by the spaCy parse within layout blocks.", [
    column("sentence_id", pa.string(), "Stable id of the sentence (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("section_id", pa.string(), "Innermost section containing the sentence (`sections.section_id`)."),
    column("ordinal", pa.int32(), "Position of the sentence in the document, from 0."),
    column("paragraph", pa.int32(), "Ordinal of the layout block (paragraph, list item, heading) the sentence belongs to."),
    *_span("sentence"),
    column("text", pa.string(), "The sentence: exactly `documents.text[char_start:char_end]`."),
    column("block_kind", pa.string(), "Layout of the block: `title`, `heading`, `lead_in`, `list_item`, `paragraph` or `line` (a short stand-alone line such as a signature)."),
    column("is_list_item", pa.bool_(), "True for a bullet or numbered list item (the marker is not part of `text`)."),
    column("lead_in", pa.string(), "For a list item: the lead-in line that introduces its list (e.g. `Labour will:`); else null.", nullable=True),
    column("is_heading", pa.bool_(), "True for a heading or the document title."),
    column("is_repeat", pa.bool_(), "True when the block repeats an earlier passage verbatim (a pull-quote): exclude it from counts."),
    column("n_tokens", pa.int32(), "spaCy tokens in the sentence."),
    _page_no("sentence"),
])

ERRORS = stage_schema("errors", "One row per problem met in the last run: a document that could not be processed, or a notice about one.", [
    column("source_path", pa.string(), "Input file concerned, relative to its input folder."),
    column("stage", pa.string(), "Stage that failed (`ingest` when the file could not be read)."),
    column("severity", pa.string(), "`error` (the document's rows for that stage are missing) or `warning` (processed, but look)."),
    column("kind", pa.string(), "Short machine-readable reason, e.g. `empty`, `decode`, `duplicate`, `extractor`."),
    column("message", pa.string(), "What went wrong, for a person."),
])
