"""`manifesto eval pledges --sentences FILE`: a researcher's own labelled sentence table.

The rows are real: INC sentences from ../shared/dev (which the shipped classifier was
trained on) and UK dev-gold sentences (which it never saw).
"""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline.catalog import read_catalog
from manifesto.pipeline.evaluation import build, devsets
from manifesto.pipeline.evaluation import pledges as pledges_eval
from manifesto.pipeline.gold import read_gold


def _inc_rows(year: str, count: int) -> list[dict]:
    return [row for row in devsets.inc_sentences() if row["year"] == year][:count]


def _uk_gold_sentences(doc: str, count: int) -> list[dict]:
    records = [r for r in read_gold(devsets.UK_GOLD / f"{doc}.labels.jsonl") if r.get("kind", "sentence") == "sentence"]
    return records[:count]


def _write(path, rows, fields, delimiter="\t"):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_rows_become_one_document_per_party_and_year_in_sentence_order(tmp_path):
    rows_2014, rows_2019 = _inc_rows("2014", 12), _inc_rows("2019", 8)
    shuffled = list(reversed(rows_2014)) + rows_2019 + [rows_2019[-1]]  # file order reversed; a repeated last row
    table = _write(tmp_path / "coded.csv", shuffled, ["sentence_no", "year", "party", "text", "pledge"], delimiter=",")
    inputs, gold = devsets.prepare_sentences(table, tmp_path / "work", country="India")
    catalog = read_catalog(inputs / "catalog.csv")
    assert sorted((row["year"], row["country"]) for row in catalog.values()) == [("2014", "India"), ("2019", "India")]
    records = list(read_gold(gold))
    assert len(records) == 20  # the repeated row is kept once
    by_doc = {}
    for record in records:
        by_doc.setdefault(record["doc"], []).append(record["text"])
    first = next(name for name, row in catalog.items() if row["year"] == "2014")
    assert by_doc[first] == [" ".join(r["text"].split()) for r in rows_2014]  # sentence_no order, not file order
    assert (inputs / first).read_text(encoding="utf-8").split("\n\n")[0] == rows_2014[0]["text"]
    assert [r["is_pledge"] for r in records[:12]] == [bool(r["pledge"]) for r in rows_2014]


def test_a_table_without_party_or_order_is_one_document_in_file_order(tmp_path):
    sentences = _uk_gold_sentences("uk2010_libdem", 30)
    rows = [{"text": r["text"], "pledge": "yes" if r["is_pledge"] else "no"} for r in sentences]
    table = _write(tmp_path / "libdem.tsv", rows, ["text", "pledge"])
    inputs, gold = devsets.prepare_sentences(table, tmp_path / "work")
    (name, row), = read_catalog(inputs / "catalog.csv").items()
    assert name == "001_libdem.txt" and row["party"] == "" and row["country"] == ""
    assert devsets.partyless_documents(inputs) == ["001_libdem.txt"]
    assert [r["text"] for r in read_gold(gold)] == [" ".join(r["text"].split()) for r in sentences]


def test_a_field_a_csv_writer_quoted_is_read_as_written(tmp_path):
    """Python's csv module and pandas wrap a text with quotes in it in quotes and double
    the inner ones, also in a tab-separated file."""
    sentence = next(r["text"] for r in _uk_gold_sentences("uk2010_libdem", 400) if '"' not in r["text"])
    quoted = f'We will introduce a "Fair Deal" for renters. {sentence}'
    table = _write(tmp_path / "quoted.tsv", [{"party": "Liberal Democrats", "text": quoted, "pledge": 1}],
                   ["party", "text", "pledge"])
    assert '""Fair Deal""' in table.read_text(encoding="utf-8")
    (row,) = devsets.read_sentence_table(table)
    assert row["text"] == " ".join(quoted.split()) and row["party"] == "Liberal Democrats"
    # a line break inside a quoted text, and a writer that quotes every field, header too
    broken = f"We will introduce a\n\"Fair Deal\" for renters. {sentence}"
    for name, quoting in (("newline.tsv", csv.QUOTE_MINIMAL), ("all.tsv", csv.QUOTE_NONNUMERIC)):
        with open(tmp_path / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", quoting=quoting)
            writer.writerows([["party", "text", "pledge"], ["Liberal Democrats", broken, 1]])
        (row,) = devsets.read_sentence_table(tmp_path / name)
        assert row["text"] == " ".join(broken.split()) and row["pledge"] == 1, name


def test_a_tsv_with_stray_quotes_is_read_with_quotes_as_characters(tmp_path):
    """A stray quote in a text (no CSV writer's) makes the table be read with quotes as
    plain characters; the INC rows as ../shared/dev gives them are CSV-quoted, and read
    unquoted ('""rollback""' is '"rollback"')."""
    table = tmp_path / "stray.tsv"
    table.write_text('text\tpledge\n"Free" buses for pensioners, we will.\t1\nWe will cut "red tape.\t0\n', encoding="utf-8")
    assert [r["text"] for r in devsets.read_sentence_table(table)] == [
        '"Free" buses for pensioners, we will.', 'We will cut "red tape.']
    inc = tmp_path / "inc.tsv"
    inc.write_text(devsets.INC_TSV.read_text(encoding="utf-8"), encoding="utf-8")
    rows = devsets.read_sentence_table(inc)
    assert [r["text"] for r in rows] == [" ".join(devsets._unquoted(r["text"]).split()) for r in devsets.inc_sentences()]


@pytest.mark.parametrize("content, reason", [
    ("sentence\tpledge\nWe will act.\t1\n", "no column 'text'"),
    ("text\tpledge\nWe will act.\tmaybe\n", "line 2: pledge is 'maybe'"),
    ("text\tpledge\n\t1\n", "no labelled sentences"),
])
def test_a_bad_table_is_refused_naming_the_file_and_the_reason(tmp_path, content, reason):
    table = tmp_path / "bad.tsv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(devsets.SentenceTableError) as error:
        devsets.read_sentence_table(table)
    assert str(table) in str(error.value) and reason in str(error.value)


def test_training_overlap_counts_the_sentences_the_classifier_was_trained_on(tmp_path):
    inc = _inc_rows("2009", 10)
    uk = _uk_gold_sentences("uk2010_labour", 15)  # the UK dev gold is never trained on
    rows = [{"text": r["text"], "pledge": r["pledge"]} for r in inc] + \
           [{"text": r["text"], "pledge": int(r["is_pledge"])} for r in uk]
    _inputs, gold = devsets.prepare_sentences(_write(tmp_path / "mixed.tsv", rows, ["text", "pledge"]), tmp_path / "work")
    assert devsets.training_overlap(gold) == (10, 25)


def test_a_sentence_table_is_scored_like_the_dev_sets(tmp_path):
    sentences = _uk_gold_sentences("uk2010_labour", 120)
    rows = [{"party": "Labour Party", "year": "2010", "country": "United Kingdom", "text": r["text"],
             "pledge": int(r["is_pledge"])} for r in sentences]
    inputs, gold = devsets.prepare_sentences(_write(tmp_path / "labour.tsv", rows, list(rows[0])), tmp_path / "work")
    build(tmp_path / "out", pledges_eval.STAGES, [inputs])
    result = pledges_eval.evaluate(gold, tmp_path / "out")
    assert result["units"] == 120 and not result["unresolved_gold"]
    assert result["gold_pledges"] == sum(r["is_pledge"] for r in sentences)
    assert list(result["per_document"]) == ["001_labour-party_2010.txt"]
    # measured 0.83 on these 120 sentences (the bare "will" rule: 0.89, docs/pledges.md)
    assert result["detection"]["f1"] >= 0.8


def test_cli_scores_a_sentence_table_and_warns_of_training_sentences(tmp_path):
    table = _write(tmp_path / "inc.tsv", _inc_rows("2019", 40), ["party", "year", "sentence_no", "text", "pledge"])
    result = CliRunner().invoke(app, ["eval", "pledges", "--sentences", str(table), "--country", "India", "--json"])
    assert result.exit_code == 0, result.output
    assert "40 of 40 sentences are in the pledge classifier's training data" in result.stderr
    assert "no party column" not in result.stderr
    no_party = _write(tmp_path / "no_party.tsv", _inc_rows("2019", 5), ["text", "pledge"])
    warned = CliRunner().invoke(app, ["eval", "pledges", "--sentences", str(no_party), "--country", "India"])
    assert warned.exit_code == 0 and "no_party.tsv has no party column" in " ".join(warned.stderr.split())
    figures = json.loads(result.stdout)
    assert figures["units"] == 40 and figures["gold_pledges"] == sum(r["pledge"] for r in _inc_rows("2019", 40))


def test_cli_refuses_sentences_for_another_stage_or_with_gold(tmp_path):
    table = _write(tmp_path / "t.tsv", _inc_rows("2019", 3), ["text", "pledge"])
    claims = CliRunner().invoke(app, ["eval", "claims", "--sentences", str(table)])
    assert claims.exit_code == 2 and "pledges stage only" in claims.stderr
    both = CliRunner().invoke(app, ["eval", "pledges", "--sentences", str(table), "--set", "inc"])
    assert both.exit_code == 2 and "give one of" in both.stderr
    country = CliRunner().invoke(app, ["eval", "pledges", "--set", "uk", "--country", "India"])
    assert country.exit_code == 2 and "--country goes with --sentences" in country.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("words,label\nWe will act.,1\n", encoding="utf-8")
    refused = CliRunner().invoke(app, ["eval", "pledges", "--sentences", str(bad)])
    assert refused.exit_code == 2 and "bad.csv: no column 'text' or 'pledge'" in refused.stderr
