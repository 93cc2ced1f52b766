"""`catalog.csv`: metadata of the input files, read and checked.

A catalog describes the files in its folder and below it, one row per file, by path
relative to the catalog's folder. Mistakes in it are easy to make and used to be
silent (a misspelt column, a row for a file that is not there, a bare file name for a
file in a subfolder, `year=2017a`, a row twice), so each is reported as a warning
(`errors` kind `catalog`, and the run summary); the run goes on with what is usable.
A catalog that cannot be read at all (no `file` column, not UTF-8) stops the run.
"""

from __future__ import annotations

import csv
import os
import stat
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

CATALOG_NAME = "catalog.csv"
# The columns a catalog may have; the first six are columns of `documents`.
CATALOG_COLUMNS = {
    "file": "Required. Path of the file relative to the catalog's folder (`sub/x.pdf` for a file in a subfolder).",
    "title": "Title of the document (`documents.title`).",
    "party": "The party whose manifesto it is (`documents.party`): the pledge actor. Spellings are "
             "normalised with `models/pledges/parties.toml`, so `Labour`, `Labour Party` and "
             "`The Labour Party` find the same pledges.",
    "year": "Election year, four digits (`documents.year`); relative dates in claims resolve against it.",
    "country": "Country (`documents.country`); chooses the currency of `$` in claims, the party table of entities, the parties the pledge rules know, and (India) the pledge classifier's reading.",
    "election": "The election (`documents.election`).",
    "language": "Language code such as `en` (`documents.language`); another language is processed with a warning.",
    "leader": "The party leader's name: a pledge whose subject is the leader (`Morrison will ...`) is the party's "
              "(see docs/pledges.md). Kept in `documents.catalog_extra`.",
    "note": "Free text for people. Kept in `documents.catalog_extra`.",
    "pledge_model": "Evaluation only: `holdout-<name>` makes the pledges stage use the classifier trained "
                    "without that part of its training data (`manifesto eval pledges --set inc` sets it, so "
                    "each election is scored by a model that never saw it). Kept in `documents.catalog_extra`.",
}
CATALOG_PROMOTED = ("title", "party", "year", "country", "election", "language")
YEAR_RANGE = (1800, 2200)


class CatalogError(ValueError):
    """A catalog.csv that cannot be used: the run stops before any work (exit 2)."""


@dataclass
class Catalog:
    """One catalog.csv: its rows by normalised `file`, and what is wrong with it."""

    path: Path
    rows: dict[str, dict[str, str]]
    lines: dict[str, int]  # file -> line of its row in the csv
    warnings: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return self.path.parent


def read_catalog(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a catalog.csv keyed by its `file` column (a path relative to the catalog)."""
    return load_catalog(path).rows


def load_catalog(path: Path) -> Catalog:
    """Read a catalog.csv and check its header and rows (see the module docstring)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the run
            raise CatalogError(f"{path}: not a regular file; replace it with a CSV file")
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise CatalogError(f"{path}: a catalog needs a 'file' column (found {reader.fieldnames})")
            catalog = Catalog(Path(path), {}, {}, _header_warnings(reader.fieldnames))
            for row in reader:
                _add_row(catalog, {k: (v or "").strip() for k, v in row.items() if k}, reader.line_num)
            catalog.warnings += _country_warnings(catalog)
            return catalog
    except UnicodeDecodeError as error:
        raise CatalogError(f"{path}: not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8") from None
    except (OSError, csv.Error) as error:
        raise CatalogError(f"{path}: cannot be read ({error})") from None


def _header_warnings(names: list[str]) -> list[str]:
    warnings = []
    for name in names:
        if name and name not in CATALOG_COLUMNS:
            close = difflib.get_close_matches(name.lower(), CATALOG_COLUMNS, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"unknown column {name!r}{hint}: kept in catalog_extra; "
                            f"the known columns are {', '.join(CATALOG_COLUMNS)}")
    return warnings


def _country_warnings(catalog: Catalog) -> list[str]:
    """One warning per `country` value the party tables do not know (a typo, or a
    country with no parties listed): its local party forms ("CPM" in India, "the
    Coalition" in Australia) and its pledge reading are then not used. Once per value,
    not per row: a corpus of one unlisted country would otherwise warn on every file."""
    from manifesto.models.entity_rules import COUNTRY_CODES, country_code

    lines: dict[str, list[int]] = {}
    for key, row in catalog.rows.items():
        country = row.get("country", "")
        if country and country_code(country) is None:
            lines.setdefault(country, []).append(catalog.lines[key])
    warnings = []
    for country, found in lines.items():
        close = difflib.get_close_matches(country.lower(), COUNTRY_CODES, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        warnings.append(f"line{'s' if len(found) > 1 else ''} {', '.join(map(str, found))}: country {country!r} "
                        f"is not one the party tables know{hint}; its parties' short names are not recognised")
    return warnings


def _add_row(catalog: Catalog, row: dict[str, str], line: int) -> None:
    key = normalise_file(row.get("file", ""))
    if not key:
        catalog.warnings.append(f"line {line}: no file named; row ignored")
        return
    if key in catalog.rows:
        first = catalog.lines[key]
        same = {k: v for k, v in catalog.rows[key].items() if k != "file"} == {k: v for k, v in row.items() if k != "file"}
        catalog.warnings.append(f"line {line}: duplicate row for {key!r} (as line {first}); ignored" if same else
                                f"line {line}: a second row for {key!r}, different from line {first}; line {first} is used")
        return
    year = row.get("year", "")
    if year and parse_year(year) is None:
        catalog.warnings.append(f"line {line}: year {year!r} of {key!r} is not a year (four digits); left empty")
    catalog.rows[key] = row
    catalog.lines[key] = line


def normalise_file(value: str) -> str:
    """A catalog's `file` as a relative POSIX path: `.\\sub\\x.txt` -> `sub/x.txt`."""
    value = value.strip().replace("\\", "/")
    return PurePosixPath(value).as_posix() if value else ""


def parse_year(value: str | None) -> int | None:
    """A catalog year as an int; None unless it is four digits in a plausible range."""
    value = (value or "").strip()
    if len(value) == 4 and value.isdigit() and YEAR_RANGE[0] <= int(value) <= YEAR_RANGE[1]:
        return int(value)
    return None


def catalogs_for(root: Path, files: list[Path]) -> dict[Path, Catalog]:
    """Every catalog.csv among the inputs (or beside a single file), keyed by folder."""
    candidates = {p for p in files if p.name == CATALOG_NAME}
    if (root / CATALOG_NAME).is_file():
        candidates.add(root / CATALOG_NAME)
    return {path.parent: load_catalog(path) for path in sorted(candidates)}


class CatalogMatcher:
    """Finds each input file's catalog row and remembers which rows were used, so what
    is left over (rows for no file, files with several rows) can be reported."""

    def __init__(self, root: Path, catalogs: dict[Path, Catalog]):
        self.root, self.catalogs = root, catalogs
        self.used: set[tuple[Path, str]] = set()
        self.warnings: list[tuple[str, str]] = []  # (catalog path relative to root, message)

    def row_for(self, path: Path) -> dict[str, str]:
        """The row of the nearest catalog that names `path` ({} if none names it)."""
        matches = []
        for folder in [path.parent, *path.parent.parents]:
            catalog = self.catalogs.get(folder)
            key = path.relative_to(folder).as_posix() if catalog else None
            if catalog and key in catalog.rows:
                matches.append((catalog, key))
                self.used.add((folder, key))
        if len(matches) > 1:
            where = ", ".join(f"{self._name(c)} line {c.lines[k]}" for c, k in matches)
            self.warnings.append((self._name(matches[0][0]), f"{path.relative_to(self.root).as_posix()} is described by "
                                  f"{len(matches)} rows ({where}); the nearest catalog's row is used"))
        return matches[0][0].rows[matches[0][1]] if matches else {}

    def report(self, files: list[Path]) -> list[tuple[str, str]]:
        """Every warning: each catalog's own, then rows that matched no input file."""
        found: list[tuple[str, str]] = []
        present = set(files)  # a row for a file skipped as unsupported is reported as skipped, not here
        for folder, catalog in sorted(self.catalogs.items()):
            found += [(self._name(catalog), message) for message in catalog.warnings]
            for key, line in catalog.lines.items():
                if (folder, key) not in self.used and folder / key not in present:
                    found.append((self._name(catalog), f"line {line}: {key!r} matches no file"
                                  f"{self._hint(folder, key, files)}; row ignored"))
        return found + self.warnings

    def _hint(self, folder: Path, key: str, files: list[Path]) -> str:
        name = PurePosixPath(key).name
        same_name = [f.relative_to(folder).as_posix() for f in files if f.name == name and folder in f.parents]
        if same_name:
            return f" (did you mean {same_name[0]!r}? paths are relative to the catalog's folder)"
        return ""

    def _name(self, catalog: Catalog) -> str:
        return catalog.path.relative_to(self.root).as_posix() if self.root in catalog.path.parents else catalog.path.name


def catalog_fields(catalog: dict[str, str]) -> dict[str, object]:
    """The catalog row as `documents` columns: promoted fields plus the rest as JSON."""
    fields: dict[str, object] = {key: (catalog.get(key) or None) for key in CATALOG_PROMOTED}
    fields["year"] = parse_year(catalog.get("year"))
    extra = {k: v for k, v in sorted(catalog.items()) if k not in CATALOG_PROMOTED and k != "file" and v}
    fields["catalog_extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if catalog else None
    return fields
