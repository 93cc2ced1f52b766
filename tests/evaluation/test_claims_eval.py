"""`manifesto eval claims`: span matching, field accuracy rules, and the report."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline.evaluation import claims as claims_eval

from ..conftest import CONSERVATIVE, LABOUR, ROOT

GOLD = ROOT / "tests" / "gold" / "claims.jsonl"


def record(text, value=None, low=None, high=None, **fields):
    base = {"text": text, "value": value, "value_low": low, "value_high": high, "bound": "=", "kind": "count",
            "unit": None, "currency": None, "counted": None, "per": None, "direction": None,
            "change_type": None, "role": "statistic", "time_ref": None}
    return {**base, **fields}


def test_claims_eval_head_noun_is_lenient():
    head = claims_eval.head_noun
    assert head("child sexual exploitation offences reported to the police") == "offence"
    assert head("reported child sexual exploitation offences") == "offence"
    assert head("police officers") == head("officers") == "officer"
    assert head("children and young people") == head("children") == "children"
    assert head("cost of police governance") == "cost"
    assert head("British citizens") == "citizen" and head("families") == "family"
    assert head(None) is None and head("") is None


def test_claims_eval_values_use_relative_tolerance_and_range_ends():
    agree = claims_eval.values_agree
    assert agree({"value": 0.05}, {"value": 0.05 * (1 + 1e-9)})
    assert not agree({"value": 0.05}, {"value": 0.0501})
    assert agree({"value": None, "value_low": 18.0, "value_high": 20.0},
                 {"value": None, "value_low": 18.0, "value_high": 20.0})
    assert not agree({"value": None, "value_low": 18.0, "value_high": 20.0}, {"value": 18.0})
    assert not agree({"value": 3.0}, {"value": None})


def test_claims_eval_score_overlap_is_primary_and_exact_is_strict():
    gold = [(("a.txt", 0, 20), record("over 10,000 officers", 10000.0, bound=">", counted="police officers",
                                      direction="maintain")),
            (("a.txt", 30, 40), record("Last year", -1.0, kind="date", unit="year")),
            (("a.txt", 50, 60), record("1 in 20", 0.05, kind="ratio"))]
    predicted = [(("a.txt", 5, 20), record("10,000 officers", 10000.0, bound="=", counted="officers")),
                 (("a.txt", 30, 40), record("Last year", -1.0, kind="date", unit="Year")),
                 (("a.txt", 70, 75), record("999", 999.0))]
    result = claims_eval.score(gold, predicted)
    overlap, exact = result["spans"]["overlap"], result["spans"]["exact"]
    assert (overlap["tp"], overlap["fp"], overlap["fn"]) == (2, 1, 1)
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 2, 2)
    fields = result["fields"]
    assert fields["value"]["accuracy"] == 1.0 and fields["value"]["n"] == 2
    assert fields["bound"]["accuracy"] == 0.5
    assert fields["unit"]["accuracy"] == 1.0  # case is ignored
    assert fields["counted"]["accuracy"] == 1.0  # head nouns agree
    assert fields["direction"]["accuracy"] == 0.5
    assert fields["direction_changes"] == {"accuracy": 0.0, "n": 1}
    assert result["missed"] and result["spurious"] and result["field_errors"]


def test_claims_eval_overlap_needs_half_of_the_shorter_span():
    gold = [(("a.txt", 0, 10), record("x"))]
    assert claims_eval.score(gold, [(("a.txt", 6, 30), record("y"))])["spans"]["overlap"]["tp"] == 0
    assert claims_eval.score(gold, [(("a.txt", 5, 30), record("y"))])["spans"]["overlap"]["tp"] == 1
    assert claims_eval.score(gold, [(("b.txt", 0, 10), record("y"))])["spans"]["overlap"]["tp"] == 0


def test_claims_eval_evaluate_and_render_on_the_sample(built):
    result = claims_eval.evaluate(GOLD, built)
    assert result["gold"]["claims"] == 30 and not result["gold"]["unresolved"]
    assert result["gold"]["documents"] == 2
    spans = result["spans"]["overlap"]
    assert spans["tp"] + spans["fn"] == 30 and spans["tp"] + spans["fp"] == result["predicted"]
    assert spans["f1"] >= 0.9
    assert set(result["fields"]) == {*claims_eval.FIELDS, "direction_changes"}
    json.dumps(result)
    text = claims_eval.render(result)
    assert "overlap" in text and "exact" in text and "counted" in text


def test_claims_eval_cli_prints_figures(tmp_path):
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(GOLD), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["spans"]["overlap"]["f1"] >= 0.9
    assert figures["gold"]["claims"] == 30 and figures["predicted"] >= 27
    assert {item.split(":")[0] for item in figures["missed"] + figures["spurious"]} <= {LABOUR, CONSERVATIVE}
