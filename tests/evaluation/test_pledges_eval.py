"""`manifesto eval pledges`: detection scores, field accuracy and the keyword baseline."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline.evaluation import pledges as pledges_eval

from ..conftest import LABOUR, ROOT

GOLD = ROOT / "tests" / "gold" / "pledges.jsonl"


def test_pledges_eval_normalise_ignores_case_space_quotes_and_empty():
    assert pledges_eval.normalise("We") == pledges_eval.normalise(" we ")
    assert pledges_eval.normalise("victims’ rights") == pledges_eval.normalise("victims' rights")
    assert pledges_eval.normalise("") is None and pledges_eval.normalise(None) is None
    assert pledges_eval.normalise(float("nan")) is None
    assert pledges_eval.normalise(True) is True


def test_pledges_eval_reports_detection_fields_and_baseline(built):
    result = pledges_eval.evaluate(GOLD, built)
    assert result["gold_pledges"] == 103 and result["units"] == 249
    detection = result["detection"]
    assert detection["tp"] + detection["fn"] == 103
    assert detection["tp"] + detection["fp"] == result["predicted_pledges"]
    assert set(result["fields"]) == set(pledges_eval.FIELDS)
    baseline = result["baseline"]["detection"]
    assert baseline["tp"] + baseline["fn"] == 103
    assert 0.5 < baseline["f1"] < detection["f1"]  # "will" finds most pledges, with many false ones
    assert set(result["per_document"]) == {LABOUR, "conservative_2015_crime_extract.txt"}
    json.dumps(result)  # the --json output


def test_pledges_eval_counts_a_missing_prediction_as_a_miss(built, tmp_path):
    gold = tmp_path / "gold.jsonl"
    records = [
        {"doc": LABOUR, "text": "We will introduce mandatory reporting of abuse.", "occurrence": 0, "unit": "sentence",
         "is_pledge": True, "actor": "We", "cue": "will", "commitment": "firm", "pledge_type": "action",
         "polarity": "positive", "specificity": "specific", "condition": None, "time_frame": None,
         "lead_in": None, "is_heading": False},
        {"doc": LABOUR, "text": "FOREWORD", "occurrence": 0, "unit": "heading", "is_pledge": True, "actor": "We",
         "cue": "will", "commitment": "firm", "pledge_type": "action", "polarity": "negative",
         "specificity": "vague", "condition": None, "time_frame": None, "lead_in": None, "is_heading": True},
        {"doc": LABOUR, "text": "A sentence that is not in the document", "occurrence": 0, "is_pledge": True},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = pledges_eval.evaluate(gold, built)
    assert len(result["unresolved_gold"]) == 1
    assert result["detection"]["tp"] == 1 and result["detection"]["fn"] == 1
    assert [m["text"] for m in result["missed"]] == ["FOREWORD"]
    assert result["fields"]["polarity"] == {"accuracy": 1.0, "n": 1}
    assert result["detection"]["fp"] == result["predicted_pledges"] - 1  # only the Labour text is in this gold


def test_pledges_eval_render_shows_extractor_and_baseline_rows(built):
    text = pledges_eval.render(pledges_eval.evaluate(GOLD, built))
    assert "extractor" in text and "baseline: contains 'will'" in text
    for field in pledges_eval.FIELDS:
        assert field in text


def test_pledges_eval_cli_builds_and_scores(tmp_path):
    result = CliRunner().invoke(app, ["eval", "pledges", "--gold", str(GOLD), "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["detection"]["f1"] > figures["baseline"]["detection"]["f1"]
    assert (tmp_path / "out" / "pledges").is_dir() and (tmp_path / "out" / "documents").is_dir()
