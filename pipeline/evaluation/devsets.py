"""The real development sets of ../shared/dev, made ready for `manifesto eval pledges`.

Two sets, both real manifesto text that nobody here wrote:

- `inc`: 4,099 sentences of the Indian National Congress manifestos (1999-2019), labelled
  pledge 1/0 by Fornaciari et al. (2021). Each election's sentences become one text
  document, a sentence per paragraph in document order (the source gives sentences,
  not their layout), and each sentence one gold unit. The 2004 rows give every sentence
  twice in a row (an artefact of the data set, same label both times): the copy is
  dropped, as the pipeline counts a passage printed twice once. The pledge classifier is trained
  on these too, so each document's catalog row names the fold model trained without
  its election (`pledge_model: holdout-inc_<year>`): every sentence is scored by a
  model that never saw it.
- `uk`: the UK dev gold of tests/gold/uk/ (labelled units of five manifestos in three
  formats), resolved against the files in ../shared/dev/texts and ../shared/dev/pdfs.

`prepare(name, folder)` writes the inputs (with a catalog.csv) and the gold JSONL there
and returns (inputs folder, gold path). `prepare_sentences(table, folder)` does the same
for any labelled sentence table laid out like the INC one (a researcher's own coded
sentences, another party's manifestos): `manifesto eval pledges --sentences FILE`.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

from ..catalog import read_catalog
from ..gold import read_gold

REPO = Path(__file__).resolve().parents[2]
SHARED_DEV = REPO.parent / "shared" / "dev"
INC_TSV = SHARED_DEV / "pledges" / "india_inc.tsv"
UK_GOLD = REPO / "tests" / "gold" / "uk"
CATALOG_FIELDS = ("file", "party", "year", "country", "election", "title", "language", "pledge_model")
NAMES = ("inc", "uk")


class DevSetMissing(FileNotFoundError):
    """The shared development data is not beside the repository."""


def prepare(name: str, folder: Path) -> tuple[Path, Path]:
    """Inputs folder and gold JSONL of the dev set `name`, written under `folder`."""
    if name not in NAMES:
        raise ValueError(f"unknown dev set {name!r} (known: {', '.join(NAMES)})")
    folder = Path(folder)
    inputs, gold = folder / f"{name}-inputs", folder / f"{name}-gold.jsonl"
    inputs.mkdir(parents=True, exist_ok=True)
    records = _prepare_inc(inputs) if name == "inc" else _prepare_uk(inputs)
    with open(gold, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return inputs, gold


def inc_sentences(path: Path = INC_TSV) -> list[dict]:
    """The INC rows: party, year, sentence_no, text, pledge (int)."""
    if not path.is_file():
        raise DevSetMissing(f"{path}: the INC dev set is missing (../shared/dev beside the repository)")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        row["pledge"], row["sentence_no"] = int(row["pledge"]), int(row["sentence_no"])
        row["text"] = " ".join(row["text"].split())
    return [row for row in rows if row["text"]]


def _prepare_inc(inputs: Path) -> list[dict]:
    by_year = _documents(inc_sentences())  # one party: a document per election
    catalog, records = [], []
    for (_party, year), rows in sorted(by_year.items(), key=lambda item: item[0][1]):
        name = f"inc_{year}.txt"
        records += _write_document(inputs / name, rows)
        catalog.append({"file": name, "party": rows[0]["party"], "year": year, "country": "India",
                        "election": f"Lok Sabha {year}", "title": f"INC manifesto {year}", "language": "en",
                        "pledge_model": f"holdout-inc_{year}"})
    _write_catalog(inputs / "catalog.csv", catalog)
    return records


def _documents(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Rows grouped into documents by (party, year), each in sentence order.

    A sentence repeated on the next row is kept once: the INC 2004 rows hold every
    sentence twice in a row (415 pairs), and the pipeline counts a passage printed
    twice once, so the copy would be a gold unit no prediction can match."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["party"], r["year"], r["sentence_no"])):
        document = grouped[(row["party"], row["year"])]
        if not document or document[-1]["text"] != row["text"]:
            document.append(row)
    return grouped


def _write_document(path: Path, rows: list[dict]) -> list[dict]:
    """Write the sentences as one text document, a sentence per paragraph (the tables
    give sentences, not their layout), and return one gold unit per sentence."""
    path.write_text("\n\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
    return [{"doc": path.name, "text": r["text"], "unit": "sentence", "is_pledge": bool(r["pledge"]),
             "in_order": True} for r in rows]


SENTENCE_COLUMNS = ("text", "pledge")  # required; party, year, country and sentence_no are optional
TRUE_LABELS, FALSE_LABELS = {"1", "true", "yes", "y", "t"}, {"0", "false", "no", "n", "f"}


class SentenceTableError(ValueError):
    """A labelled sentence table that cannot be read: names the file and the reason."""


def read_sentence_table(path: Path, country: str | None = None) -> list[dict]:
    """The rows of a labelled sentence table (.tsv or .csv, one row per sentence).

    Columns: `text` and `pledge` (1/0, true/false, yes/no) are required. `party` and
    `year` group the rows into documents (one per manifesto), `sentence_no` orders them
    (else file order), `country` (or the `country` argument) sets the catalog's country,
    which chooses the labelling tradition the classifier reads them in (India: the INC
    labels' reading). Without a party the rows are one document with no party, as a
    file without a catalog row is read. Quoted fields are read as CSV writers and pandas
    write them (a quote inside doubled, a line break inside quotes). A tab-separated
    table with no field quoted whole is read with quotes as plain characters, so that
    a text that opens with a quoted word ('"Free" buses ...') keeps it."""
    path = Path(path)
    if not path.is_file():
        raise SentenceTableError(f"{path}: no such file")
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    quoting = csv.QUOTE_MINIMAL if delimiter == "," or _quotes_fields(path) else csv.QUOTE_NONE
    header, raw = _read_rows(path, delimiter, quoting)
    missing = [name for name in SENTENCE_COLUMNS if name not in header]
    if missing:
        raise SentenceTableError(f"{path}: no column {' or '.join(repr(m) for m in missing)} "
                                 f"(the header has {', '.join(header) or 'nothing'}; a .csv is read comma-separated, any other file tab-separated)")
    rows = []
    for number, row in enumerate(raw, start=2):
        text = " ".join(_unquoted(row.get("text") or "").split())
        if not text:
            continue
        label = (row.get("pledge") or "").strip().lower()
        if label not in TRUE_LABELS | FALSE_LABELS:
            raise SentenceTableError(f"{path}: line {number}: pledge is {row.get('pledge')!r}, expected 1/0, true/false or yes/no")
        order = (row.get("sentence_no") or "").strip()
        rows.append({"text": text, "pledge": int(label in TRUE_LABELS), "party": _unquoted(row.get("party") or "").strip(),
                     "year": (row.get("year") or "").strip(), "country": (row.get("country") or "").strip() or country or "",
                     "sentence_no": int(order) if order.isdigit() else number})
    if not rows:
        raise SentenceTableError(f"{path}: no labelled sentences")
    return rows


QUOTED_FIELD = re.compile(r'(?:^|\t)"[^\t]*"(?=\t|$)', re.M)


def _quotes_fields(path: Path) -> bool:
    """Whether a tab-separated file has a field quoted whole, as a CSV writer quotes."""
    try:
        return QUOTED_FIELD.search(path.read_text(encoding="utf-8-sig")) is not None
    except UnicodeDecodeError as error:
        raise SentenceTableError(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8") from None


def _read_rows(path: Path, delimiter: str, quoting: int) -> tuple[list[str], list[dict]]:
    """The lower-cased header and the rows of a table, read with `quoting`."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter, quoting=quoting)
            header = reader.fieldnames = [_unquoted(name).strip().lower() for name in reader.fieldnames or []]
            return header, list(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        kind = "CSV" if delimiter == "," else "tab-separated"
        raise SentenceTableError(f"{path}: not a readable {kind} table ({error})") from error


def _unquoted(field: str) -> str:
    """A field as written, or without the double quotes a CSV writer put around it
    ("\"We will introduce a \"\"Fair Deal\"\".\"" -> We will introduce a "Fair Deal".)."""
    field = field.strip()
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def prepare_sentences(table: Path, folder: Path, country: str | None = None) -> tuple[Path, Path]:
    """Inputs folder and gold JSONL for a labelled sentence table (see `read_sentence_table`).

    Every (party, year) becomes one text document. The shipped classifier scores them:
    `training_overlap` tells how many of the sentences it was trained on."""
    folder = Path(folder)
    inputs, gold = folder / "sentences-inputs", folder / "sentences-gold.jsonl"
    inputs.mkdir(parents=True, exist_ok=True)
    catalog, records = [], []
    for index, ((party, year), rows) in enumerate(sorted(_documents(read_sentence_table(table, country)).items()), start=1):
        name = f"{index:03d}_{_slug(party or Path(table).stem)}{'_' + _slug(year) if year else ''}.txt"
        records += _write_document(inputs / name, rows)
        catalog.append({"file": name, "party": party, "year": year, "country": rows[0]["country"],
                        "title": f"{party} {year}".strip(), "language": "en"})
    _write_catalog(inputs / "catalog.csv", catalog)
    with open(gold, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return inputs, gold


def partyless_documents(inputs: Path) -> list[str]:
    """The documents of a prepared sentence table with no party: only "we" and "I"
    commit in them, so "Labour will ..." rows are missed (the table needs a `party`)."""
    return sorted(name for name, row in read_catalog(inputs / "catalog.csv").items() if not row.get("party"))


def _slug(value: str) -> str:
    """A file-name-safe form of a party name or year: lower case, words joined by "-"."""
    return "-".join("".join(c if c.isalnum() else " " for c in value.lower()).split())[:40] or "document"


def training_overlap(gold: Path) -> tuple[int, int]:
    """(sentences of the gold that the shipped pledge classifier was trained on, all
    sentences): figures on training sentences flatter it (use `--set inc` for the INC
    rows, which scores each election with a model trained without it)."""
    from manifesto.extractors.pledge_training import TRAINING_DIR

    seen = {row["text"] for row in inc_sentences()} if INC_TSV.is_file() else set()
    for path in TRAINING_DIR.glob("*.labels.jsonl"):
        seen |= {" ".join(record["text"].split()) for record in read_gold(path)}
    texts = [record["text"] for record in read_gold(gold)]
    return sum(text in seen for text in texts), len(texts)


def _prepare_uk(inputs: Path) -> list[dict]:
    records = [record for path in sorted(UK_GOLD.glob("*.labels.jsonl")) for record in read_gold(path)]
    if not records:
        raise DevSetMissing(f"{UK_GOLD}: no *.labels.jsonl gold files")
    catalogs = dev_catalog()
    docs = sorted({record["doc"] for record in records})
    for doc in docs:
        source = next(SHARED_DEV.glob(f"*/{doc}"), None)
        if source is None:
            raise DevSetMissing(f"{doc}: not in {SHARED_DEV}")
        shutil.copyfile(source, inputs / doc)
    _write_catalog(inputs / "catalog.csv", [{k: catalogs[d].get(k, "") for k in CATALOG_FIELDS} for d in docs])
    return [{**record, "unit": record.get("kind", "sentence"), "in_order": True} for record in records]


def dev_catalog(dev: Path = SHARED_DEV) -> dict[str, dict[str, str]]:
    """Catalog rows of every file in ../shared/dev, by file name."""
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(dev.glob("*/catalog.csv")):
        rows.update(read_catalog(path))
    return rows


def _write_catalog(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CATALOG_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
