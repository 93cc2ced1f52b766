"""catalog.csv: mistakes are warnings (errors kind `catalog`, and the summary), not silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from manifesto.pipeline.catalog import CatalogError, catalog_fields, load_catalog, parse_year
from manifesto.pipeline.ingest import discover
from manifesto.pipeline.io import load_stage
from manifesto.pipeline.runner import run

TEXT = "Our plan\n\nWe will recruit 1,000 more nurses by 2020.\n"


def corpus(folder: Path, catalog: str, files=("a.txt", "b.txt", "sub/c.txt")) -> Path:
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"{TEXT}{name}\n")
    (folder / "catalog.csv").write_text(catalog)
    return folder


def messages(folder: Path) -> list[str]:
    return [f"{path}: {message}" for path, message in discover([folder]).catalog_warnings]


def test_catalog_unknown_column_is_named_with_the_column_it_resembles(tmp_path):
    found = messages(corpus(tmp_path, "file,party,yaer,Country,source\na.txt,Labour,2015,UK,x\n", files=["a.txt"]))
    assert any("unknown column 'yaer' (did you mean 'year'?)" in m for m in found)
    assert any("unknown column 'Country' (did you mean 'country'?)" in m for m in found)
    assert any("unknown column 'source'" in m for m in found)
    assert len(found) == 3


def test_catalog_documented_optional_columns_are_not_warned_about(tmp_path):
    header = "file,title,party,year,country,election,language,leader,note"
    assert messages(corpus(tmp_path, f"{header}\na.txt,T,Labour,2015,UK,GE,en,Ed Miliband,n\n", files=["a.txt"])) == []


def test_catalog_row_for_no_file_is_warned_with_a_hint_for_a_bare_name(tmp_path):
    found = messages(corpus(tmp_path, "file,party\na.txt,A\nc.txt,C\nmissing.txt,M\n"))
    assert "catalog.csv: line 3: 'c.txt' matches no file (did you mean 'sub/c.txt'?" in found[0]
    assert "catalog.csv: line 4: 'missing.txt' matches no file; row ignored" in found
    (tmp_path / "notes.docx").write_text("x")  # present but unsupported: reported as skipped, not as missing
    (tmp_path / "catalog.csv").write_text("file,party\na.txt,A\nnotes.docx,N\n")
    assert not [m for m in messages(tmp_path) if "notes.docx" in m]


def test_catalog_file_described_by_several_rows_uses_the_nearest(tmp_path):
    folder = corpus(tmp_path, "file,party\nsub/c.txt,Outer\n")
    (folder / "sub" / "catalog.csv").write_text("file,party\nc.txt,Inner\n")
    found = discover([folder])
    c = next(f for f in found.inputs if f.source_path == "sub/c.txt")
    assert c.catalog["party"] == "Inner"
    assert [m for _, m in found.catalog_warnings] == [
        "sub/c.txt is described by 2 rows (sub/catalog.csv line 2, catalog.csv line 2); the nearest catalog's row is used"]


def test_catalog_duplicate_and_conflicting_rows(tmp_path):
    folder = corpus(tmp_path, "file,party\na.txt,A\n./a.txt,A\nb.txt,B\nb.txt,Other\n")
    found = messages(folder)
    assert "catalog.csv: line 3: duplicate row for 'a.txt' (as line 2); ignored" in found
    assert "catalog.csv: line 5: a second row for 'b.txt', different from line 4; line 4 is used" in found
    b = next(f for f in discover([folder]).inputs if f.source_path == "b.txt")
    assert b.catalog["party"] == "B"


@pytest.mark.parametrize("year", ["2017a", "17", "20 17", "1066"])
def test_catalog_bad_year_is_warned_and_left_empty(tmp_path, year):
    folder = corpus(tmp_path, f"file,year\na.txt,{year}\n", files=["a.txt"])
    assert messages(folder) == [f"catalog.csv: line 2: year {year!r} of 'a.txt' is not a year (four digits); left empty"]
    assert catalog_fields(discover([folder]).inputs[0].catalog)["year"] is None
    assert parse_year("2017") == 2017


def test_catalog_without_file_column_stops_the_run(tmp_path):
    (tmp_path / "catalog.csv").write_text("name,party\na.txt,A\n")
    with pytest.raises(CatalogError, match="needs a 'file' column"):
        load_catalog(tmp_path / "catalog.csv")


def test_catalog_warnings_reach_errors_and_the_report(tmp_path):
    folder = corpus(tmp_path / "raw", "file,party,yaer\na.txt,A,2015\nc.txt,C,2015\n")
    report = run([folder], tmp_path / "out", stages=["documents"], jobs=1)
    catalog_rows = [e for e in report.errors if e["kind"] == "catalog"]
    assert len(catalog_rows) == 2 and all(e["severity"] == "warning" for e in catalog_rows)
    assert report.exit_code == 0
    errors = load_stage("errors", tmp_path / "out")
    assert sorted(errors[errors.kind == "catalog"].message) == sorted(e["message"] for e in catalog_rows)
    assert set(errors[errors.kind == "catalog"].source_path) == {"catalog.csv"}


def test_catalog_warnings_are_counted_in_the_cli_summary(tmp_path):
    from typer.testing import CliRunner

    from manifesto.cli import app

    folder = corpus(tmp_path / "raw", "file,party\na.txt,A\nc.txt,C\nd.txt,D\n")
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "-s", "documents", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "2 warnings (catalog 2)" in result.stdout
    assert "'d.txt' matches no file" in result.output


def test_catalog_unknown_country_is_warned_once_with_a_hint(tmp_path):
    """A country the party tables do not know loses its parties' short names ("CPM",
    "the Coalition") and, for India, the pledge reading: a typo must not pass silently,
    and a corpus of an unlisted country is told once, not for every file."""
    folder = corpus(tmp_path, "file,country\na.txt,Untied Kingdom\nb.txt,Germany\nsub/c.txt,Germany\n")
    assert messages(folder) == [
        "catalog.csv: line 2: country 'Untied Kingdom' is not one the party tables know (did you mean "
        "'united kingdom'?); its parties' short names are not recognised",
        "catalog.csv: lines 3, 4: country 'Germany' is not one the party tables know; its parties' short names "
        "are not recognised"]
    (folder / "catalog.csv").write_text("file,country\na.txt,India\nb.txt,IND\nsub/c.txt,\n")
    assert messages(folder) == []


def test_documents_without_a_party_are_warned_once_when_pledges_are_extracted(tmp_path):
    """Without the party, "Labour will ..." in Labour's own manifesto cannot be told from
    an attack on Labour: a run that extracts pledges says so, in one row for all such
    documents (a corpus with no catalog would otherwise bury every other warning)."""
    folder = corpus(tmp_path / "raw", "file,party,year\na.txt,Labour Party,2015\nb.txt,,2015\n")
    report = run([folder], tmp_path / "out", stages=["pledges"], jobs=1)
    party_rows = [e for e in report.errors if "no party" in e["message"]]
    assert [(e["source_path"], e["severity"], e["kind"]) for e in party_rows] == [("catalog.csv", "warning", "catalog")]
    assert party_rows[0]["message"].startswith("2 documents have no party in a catalog (b.txt, sub/c.txt)")
    (folder / "catalog.csv").write_text("file,party\na.txt,Labour Party\nb.txt,Labour Party\nsub/c.txt,Labour Party\n")
    assert not [e for e in run([folder], tmp_path / "out2", stages=["pledges"], jobs=1).errors if "no party" in e["message"]]
    (folder / "catalog.csv").unlink()
    assert not [e for e in run([folder], tmp_path / "out3", stages=["sentences"], jobs=1).errors if "no party" in e["message"]]
