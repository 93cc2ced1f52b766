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
and returns (inputs folder, gold path).
"""

from __future__ import annotations

import csv
import json
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
    by_year = defaultdict(list)
    for row in inc_sentences():
        if by_year[row["year"]] and by_year[row["year"]][-1]["text"] == row["text"]:
            continue  # the 2004 rows hold every sentence twice in a row (415 pairs): kept once
        by_year[row["year"]].append(row)
    catalog, records = [], []
    for year, rows in sorted(by_year.items()):
        name = f"inc_{year}.txt"
        rows.sort(key=lambda r: r["sentence_no"])
        (inputs / name).write_text("\n\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
        catalog.append({"file": name, "party": rows[0]["party"], "year": year, "country": "India",
                        "election": f"Lok Sabha {year}", "title": f"INC manifesto {year}", "language": "en",
                        "pledge_model": f"holdout-inc_{year}"})
        records += [{"doc": name, "text": r["text"], "unit": "sentence", "is_pledge": bool(r["pledge"]),
                     "in_order": True} for r in rows]
    _write_catalog(inputs / "catalog.csv", catalog)
    return records


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
