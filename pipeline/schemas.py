"""One pyarrow schema per stage: the data contract of every dataset we write.

Every field carries a `description` in its metadata and every schema carries its
stage name and description, so the data dictionary (docs/data_dictionary.md) and
`manifesto describe STAGE` are generated from the same objects the writer enforces.
Bump SCHEMA_VERSION when a column is added, removed or changes meaning: it is part
of every file's metadata and of the staleness key, so old datasets are rebuilt.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "5"


def column(name: str, dtype: pa.DataType, description: str, nullable: bool = False, coded: bool = False) -> pa.Field:
    """A schema field whose metadata holds its description for the data dictionary.

    `coded` marks a field whose values come from a small fixed vocabulary (a code such
    as `firm`/`soft`): notebooks load it as a categorical, the dictionary says so.
    """
    metadata = {"description": description, **({"coded": "true"} if coded else {})}
    return pa.field(name, dtype, nullable=nullable, metadata=metadata)


def is_coded(field: pa.Field) -> bool:
    """Whether the field holds codes of a small fixed vocabulary (see `column`)."""
    return (field.metadata or {}).get(b"coded") == b"true"


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
    return column("page_no", pa.int32(), f"Page of the source on which the {what} starts (1-based); null for other formats (text, HTML, Markdown, Word).", nullable=True)


DOCUMENTS = stage_schema("documents", "One row per input document: its provenance, catalog metadata and normalised text.", [
    column("doc_id", pa.string(), "Stable id: the first 16 hex digits of the SHA-256 of the source file's bytes."),
    column("source_path", pa.string(), "Path of the source file relative to the input folder it was found in."),
    column("source_sha256", pa.string(), "SHA-256 of the source file's bytes."),
    column("format", pa.string(), "Source format, from the file extension: `txt` (.txt, .text), `pdf`, `html` (.html, .htm), `md` (.md, .markdown) or `docx` (Word); see docs/formats.md.", coded=True),
    column("encoding", pa.string(), "Text encoding the source was decoded with (`utf-8`, `cp1252`, ...); null for PDF and Word files.", nullable=True),
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
    column("n_pages", pa.int32(), "Pages of the source; null for other formats (text, HTML, Markdown, Word).", nullable=True),
    column("n_blocks", pa.int32(), "Layout blocks (paragraphs, headings, list items, lines) found by normalisation."),
    column("n_page_breaks_joined", pa.int32(), "Paragraphs that were cut by a page break in the source and joined again."),
    column("n_repeats", pa.int32(), "Blocks that repeat an earlier passage verbatim (pull-quotes), flagged `is_repeat` in `sentences`."),
    column("starts_mid_sentence", pa.bool_(), "True when the text begins inside a sentence (an extract), i.e. with a lower-case word."),
    column("ends_mid_sentence", pa.bool_(), "True when the last block ends without sentence-final punctuation."),
    column("n_header_footer_lines_dropped", pa.int32(), "PDF: running header and footer lines and page numbers dropped from the text (see `pages`); null for other formats (text, HTML, Markdown, Word).", nullable=True),
    column("n_glyphs_unrepaired", pa.int32(), "PDF: broken glyphs (U+FFFD, `(cid:N)`, private-use, dingbats read as letters) left in the text; their blocks are flagged garbled. Null for other formats.", nullable=True),
    column("repairs", pa.string(), "PDF: what was repaired: fonts whose decoded text was not words, remapped from the document itself (`font: 'x'→'y', … (N words)`), and glyphs repaired in context (`N glyphs (full stops, decimal points, ligatures)`), `; `-separated; null when nothing was (see docs/pdf.md).", nullable=True),
    column("unreadable_fonts", pa.string(), "PDF: fonts whose decoded text is not words and could not be repaired, with their pages; their text is unreliable. Null when none.", nullable=True),
])

SECTIONS = stage_schema("sections", "One row per section: the document's title block, each heading, and any untitled text before the first heading.", [
    column("section_id", pa.string(), "Stable id of the section (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("ordinal", pa.int32(), "Position of the section in the document, from 0."),
    column("level", pa.int16(), "Depth: 0 for the document title, 1 for top-level headings, 2 and more for sub-headings."),
    column("kind", pa.string(), "`title` (the document's title block), `heading`, or `preamble` (text before the first heading, e.g. in an extract).", coded=True),
    column("number", pa.string(), "Section number as printed (`1`, `2.3`); null for unnumbered headings.", nullable=True),
    column("title", pa.string(), "Heading text without its number; null for a preamble.", nullable=True),
    column("parent_id", pa.string(), "`section_id` of the enclosing section (lower level); null at the top.", nullable=True),
    *_span("section (its heading through the last character before the next heading of the same or a higher level)"),
    column("title_char_start", pa.int64(), "Start of `title` in `documents.text`; null for a preamble.", nullable=True),
    column("title_char_end", pa.int64(), "End of `title` in `documents.text`, exclusive; null for a preamble.", nullable=True),
    _page_no("section"),
    column("section_path", pa.string(), "Titles from the level-1 section (the chapter) down to this one, joined by ` › ` (`Chapter › Section`); null for the title block and a preamble.", nullable=True),
])

SENTENCES = stage_schema("sentences", "One row per sentence, heading or list item, as segmented by the spaCy parse within layout blocks.", [
    column("sentence_id", pa.string(), "Stable id of the sentence (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("section_id", pa.string(), "Innermost section containing the sentence (`sections.section_id`)."),
    column("ordinal", pa.int32(), "Position of the sentence in the document, from 0."),
    column("paragraph", pa.int32(), "Ordinal of the layout block (paragraph, list item, heading) the sentence belongs to."),
    *_span("sentence"),
    column("text", pa.string(), "The sentence: exactly `documents.text[char_start:char_end]`."),
    column("block_kind", pa.string(), "Layout of the block: `title`, `heading`, `lead_in`, `list_item`, `paragraph` or `line` (a short stand-alone line such as a signature).", coded=True),
    column("is_list_item", pa.bool_(), "True for a bullet or numbered list item (the marker is not part of `text`)."),
    column("lead_in", pa.string(), "For a list item: the lead-in line that introduces its list (e.g. `Labour will:`); else null.", nullable=True),
    column("is_heading", pa.bool_(), "True for a heading or the document title."),
    column("is_repeat", pa.bool_(), "True when the block repeats an earlier passage verbatim (a pull-quote): exclude it from counts."),
    column("n_tokens", pa.int32(), "spaCy tokens in the sentence."),
    column("is_garbled", pa.bool_(), "True when the block holds glyphs a broken PDF font left unreadable (U+FFFD, `(cid:N)`): do not read figures from it."),
    _page_no("sentence"),
    column("section_path", pa.string(), "`sections.section_path` of the sentence's section (`Chapter › Section`); null in the title block and a preamble.", nullable=True),
    column("page_role", pa.string(), "Role of the sentence's page (`pages.role`): `body`, `cover`, `contents`, `index`; pledges, claims and entities read `body` sentences only. Null for other formats.", nullable=True),
])

ERRORS = stage_schema("errors", "One row per problem met in the last run: a document that could not be processed, or a notice about one.", [
    column("source_path", pa.string(), "Input file concerned, relative to its input folder."),
    column("stage", pa.string(), "Stage that failed (`ingest` when the file could not be read).", coded=True),
    column("severity", pa.string(), "`error` (the document's rows for that stage are missing) or `warning` (processed, but look).", coded=True),
    column("kind", pa.string(), "Short machine-readable reason, e.g. `empty`, `decode`, `duplicate`, `extractor`.", coded=True),
    column("message", pa.string(), "What went wrong, for a person."),
])

ENTITIES = stage_schema("entities", "One row per named-entity mention: a person, body, place, group or law, with the entity it refers to (see docs/entities.md).", [
    column("mention_id", pa.string(), "Stable id of the mention (hash of doc_id, stage and offsets)."),
    column("entity_id", pa.string(), "Id of the entity mentioned: a hash of the normalised `canonical` name (no label), the same in every document and run; `entity_index.entity_id`."),
    _doc_id(),
    column("section_id", pa.string(), "Innermost section containing the mention (`sections.section_id`)."),
    column("sentence_id", pa.string(), "Sentence containing the start of the mention (`sentences.sentence_id`); null if it lies outside every sentence.", nullable=True),
    *_span("mention"),
    column("text", pa.string(), "The mention: exactly `documents.text[char_start:char_end]`, without a leading \"the\", possessive, quotes, titles or postnominals."),
    column("label", pa.string(), "OntoNotes label: PERSON, ORG, GPE, NORP, LAW, LOC, FAC, EVENT, PRODUCT or WORK_OF_ART. A party name used as a noun is ORG; its members (\"the Conservatives\") and adjectival uses (\"a Labour government\") are NORP.", coded=True),
    column("canonical", pa.string(), "Name of the entity: the long form of an acronym defined in the text, the table name of a party or known body (\"Tories\" -> `Conservative Party`), the full name of a person named by a short form, else the mention with straight apostrophes."),
    column("source", pa.string(), "What found or named the mention: `model` (spaCy NER), `pattern` (the project's rules and name tables in models/entities/), or `alias` (linked to another mention of the document: an acronym defined in the text, a person's short name, a repeat of a name found elsewhere).", coded=True),
    _page_no("mention"),
])

ENTITY_INDEX = stage_schema("entity_index", "One row per entity across the corpus: its name, label, surface forms and how often it is mentioned.", [
    column("entity_id", pa.string(), "Id of the entity (`entities.entity_id`)."),
    column("canonical", pa.string(), "Name of the entity: the most frequent `canonical` of its mentions."),
    column("label", pa.string(), "Label of the entity: the name tables' label for known names (a party is ORG), else its mentions' most frequent label.", coded=True),
    column("aliases", pa.list_(pa.string()), "Other surface forms of its mentions (acronyms, short forms, members' plurals), sorted; empty when every mention is the canonical name."),
    column("n_mentions", pa.int64(), "Mentions of the entity in the corpus."),
    column("n_documents", pa.int64(), "Documents that mention it."),
])

PLEDGES = stage_schema("pledges", "One row per election pledge: a sentence, list item or heading that commits the document's party to a future action or outcome that could be checked afterwards (see docs/pledges.md).", [
    column("pledge_id", pa.string(), "Stable id of the pledge (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("section_id", pa.string(), "Innermost section containing the pledge (`sections.section_id`)."),
    column("sentence_id", pa.string(), "The sentence, list item or heading that is the pledge (`sentences.sentence_id`)."),
    *_span("pledge (the whole sentence, list item or heading)"),
    column("text", pa.string(), "The pledge: exactly `documents.text[char_start:char_end]`; for a list item, without its lead-in."),
    column("lead_in", pa.string(), "For a list item: the lead-in line of its list (e.g. `Labour will:`), whose actor and cue it inherits; else null.", nullable=True),
    column("actor", pa.string(), "Who commits, as written: `we`, `Labour`, `a Labour government`, `the next Labour Government`; a list item takes its lead-in's actor. Null for an impersonal pledge (`it will be mandatory ...`) made the party's by the pledges around it.", nullable=True),
    column("cue", pa.string(), "The words that make it a commitment, as written: `will`, `won't`, `are going to`, `pledge`, `support`, `will consult`, `will make it a priority`; a list item takes its lead-in's cue. Null when no words commit (an item under `Our policies:` whose lead-in names no cue, a bare imperative heading).", nullable=True),
    column("commitment", pa.string(), "`firm` (will, shall, pledge, are going to, are committed to) or `soft` (would, want to, aim to, support, favour, a priority).", coded=True),
    column("pledge_type", pa.string(), "`action` (the government does something), `outcome` (a measurable state is reached: `cut crime by 10%`), `status_quo` (keep, continue, maintain or protect what exists) or `process` (consult, review, examine).", coded=True),
    column("polarity", pa.string(), "`positive`, or `negative` for a commitment not to act (`we will not raise VAT`). Abolishing or banning is positive.", coded=True),
    column("specificity", pa.string(), "`specific` when the unit names a concrete instrument (law, bill, body, fund, ban, programme, tax...), a number or a date; else `vague` (a direction of change in a policy area).", coded=True),
    column("condition", pa.string(), "The words of a condition on the commitment itself (`if stop and search does not become more targeted ...`, `where necessary`, `when we leave the EU`); else null.", nullable=True),
    column("time_frame", pa.string(), "The time words of the commitment (`over the next three years`, `by 2020`, `in our first term`); else null.", nullable=True),
    column("is_heading", pa.bool_(), "True when the pledge is a heading (`We will reform our prison system`)."),
    _page_no("pledge"),
])

CLAIMS = stage_schema("claims", "One row per numeric claim: a figure the party cites or promises (a count, percentage, ratio, sum of money, rate, change, age) or an explicit time reference, with its parsed value (see docs/claims.md).", [
    column("claim_id", pa.string(), "Stable id of the claim (hash of doc_id, stage and offsets)."),
    _doc_id(),
    column("section_id", pa.string(), "Innermost section containing the claim (`sections.section_id`)."),
    column("sentence_id", pa.string(), "Sentence containing the claim (`sentences.sentence_id`)."),
    column("pledge_id", pa.string(), "The pledge the claim sits in (`pledges.pledge_id`); null outside pledges or when the pledges stage is not run.", nullable=True),
    *_span("claim (bound word, number, unit, direction word, counted noun, rate and comparison baseline)"),
    column("text", pa.string(), "The whole expression: exactly `documents.text[char_start:char_end]`, e.g. `over 10,000 police officers`, `13 per cent fewer child abuse cases`, `Two women a week`."),
    column("number_text", pa.string(), "The number's own words as written, with its currency, scale and percent words: `10,000`, `Two`, `60%`, `£8bn`, `1 in 20`, `18-20`, `halve`, `Hundreds`, `Last year`."),
    column("value", pa.float64(), "Normalised value: `10,000` -> 10000; `£8bn` -> 8e9 (units of currency); `60%` -> 60 (percent); `1 in 20` -> 0.05; `a third` -> 0.333; `halve` -> 0.5 and `doubled` -> 2 (factors); `Hundreds of` -> 100 (the scale word's base); a year -> the year; `Last year` -> -1 (offset from the publication year). Null for ranges.", nullable=True),
    column("value_low", pa.float64(), "Low end of a range (`18-20` -> 18, `between 5 and 10` -> 5); else null.", nullable=True),
    column("value_high", pa.float64(), "High end of a range; else null.", nullable=True),
    column("bound", pa.string(), "`=` (exact, also ranges), `~` (around, about, some), `>` (over, more than), `>=` (at least), `<` (under, less than, almost), `<=` (up to, no more than), or `vague` (hundreds of, millions of).", coded=True),
    column("kind", pa.string(), "What the number is: `count`, `percent`, `ratio` (1 in 20, a third, half), `money`, `rate` (a count per period or per head), `change` (a multiplicative word: halve, double, threefold), `date`, `duration`, `age` or `other` (a physical measure).", coded=True),
    column("unit", pa.string(), "`percent`, `percentage point`, a currency code (`GBP`), `year` (dates, durations, ages), another time unit, `factor` (changes), a measure (`mile`, `MW`); null for plain counts, rates and ratios.", nullable=True),
    column("currency", pa.string(), "ISO 4217 code of a sum of money (`GBP`, `USD`, `EUR`); else null.", nullable=True, coded=True),
    column("counted", pa.string(), "What is counted or measured, as a short noun phrase (`police officers`, `child abuse cases`, `cost of police governance`); may come from outside the span, e.g. the subject of `increased by 60%`. Null when not found.", nullable=True),
    column("per", pa.string(), "Denominator of a rate: `week`, `year`, `head`, ...; else null.", nullable=True, coded=True),
    column("direction", pa.string(), "`increase`, `decrease` or `maintain` when the figure is a change or a pledge to keep a level; null for a plain level.", nullable=True, coded=True),
    column("change_type", pa.string(), "`relative` (a percentage or factor change) or `absolute` (a difference in units: `3,000 more`) for changes; else null.", nullable=True, coded=True),
    column("time_ref", pa.string(), "The time expression the figure is anchored to, verbatim with its preposition (`in the next three years`, `Last year`, `today than in 2010`); for a date or duration, its own phrase with its preposition. Null without one.", nullable=True),
    column("resolved_year", pa.int32(), "For a date: the calendar year it names; a relative date (`Last year`) is resolved against the catalog year (`documents.year`). Null otherwise.", nullable=True),
    column("role", pa.string(), "`statistic` (a figure about the world or a record), `pledge_target` (a figure the party promises to reach or keep), `time_reference` (the date or duration itself) or `qualifier` (restricts a group or scope, e.g. an age band).", coded=True),
    _page_no("claim"),
])

PAGES = stage_schema("pages", "One row per page of a PDF source (none for other formats): where its text lies in `documents.text`, its size, and what the PDF reader dropped or could not repair on it (see docs/pdf.md).", [
    _doc_id(),
    column("page_no", pa.int32(), "Page number in the PDF (1-based, the PDF's own order, not the printed folio)."),
    *_span("page's text (from its first line to the start of the next page's text; empty for a page without text)"),
    column("width", pa.float32(), "Page width in points (1/72 inch)."),
    column("height", pa.float32(), "Page height in points."),
    column("n_chars", pa.int32(), "Characters of the page's text layer (before headers, footers and page numbers were dropped); 0 for a scanned page."),
    column("has_text_layer", pa.bool_(), "False for a page without a text layer (a scan or a picture): its text is missing, since OCR is not supported."),
    column("n_columns", pa.int16(), "Most text columns found side by side on the page (0 without text)."),
    column("n_header_footer_lines_dropped", pa.int32(), "Running header and footer lines and page numbers dropped from this page."),
    column("n_glyphs_repaired", pa.int32(), "Broken glyphs repaired on this page (U+FFFD read as a full stop or a decimal point, old ligature code points)."),
    column("n_glyphs_unrepaired", pa.int32(), "Broken glyphs left on this page as U+FFFD; their blocks are flagged garbled."),
    column("role", pa.string(), "What the page is for, from its layout: `body` (the text), `cover` (first or last page with little text), `contents` (titles with page references), `index` (alphabetical terms with page references), `blank` (no characters, no picture) or `image` (a picture without text: a scan or photo). Pledges, claims and entities read body pages only."),
    column("n_words_repaired", pa.int32(), "Words on this page whose letters a broken font had mapped wrongly, repaired from a substitution learned from the document (see `documents.repairs`)."),
    column("unreadable_fonts", pa.string(), "Fonts on this page whose text is not words and could not be repaired; null when none.", nullable=True),
])
