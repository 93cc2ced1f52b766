"""`manifesto report` and `manifesto show`: the site built for the sample corpus, checked
in the DOM that headless Chromium renders (after the pages' scripts ran), plus small
hand-made datasets for what the sample lacks (PDF pages, hostile text, ambiguous names)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from manifesto.cli import app
from manifesto.pipeline import load_stage, schemas
from manifesto.pipeline.io import stage_dir, write_table
from manifesto.pipeline.report import build_report, page_name
from manifesto.pipeline.report.browser import dump_dom, dump_dom_with_script, ensure_chromium, screenshot
from manifesto.pipeline.report.show import resolve_document, ReportError

from .conftest import ROOT

SAMPLE = ROOT / "data" / "processed"
CHARTS = {"pledges-per-chapter", "pledge-types", "commitment", "claims-by-kind", "top-entities"}
MARKED = {"pledge": ("pledges", "pledge_id"), "claim": ("claims", "claim_id"), "entity": ("entities", "mention_id")}
runner = CliRunner()


class Dom(HTMLParser):
    """The elements of a dumped DOM as (tag, attributes, text) records, in document order."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "children": 0}
        if self.open:
            self.open[-1]["children"] += 1
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element["text"].append(data)

    def select(self, tag: str | None = None, **attrs) -> list[dict]:
        return [e for e in self.elements if (tag is None or e["tag"] == tag)
                and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())]


def text_of(element: dict) -> str:
    return "".join(element["text"])


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt-get when missing (the test set-up's job)."""
    return ensure_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The report of the committed sample datasets, built through the command line."""
    html = tmp_path_factory.mktemp("site")
    result = runner.invoke(app, ["report", str(SAMPLE), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "2 document pages" in result.stdout
    return html


def test_report_index_has_a_row_per_document_and_every_chart_renders(site, chromium, tmp_path):
    measure = """document.querySelectorAll('[data-chart]').forEach(function (chart) {
        var svg = chart.querySelector('svg'), box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        chart.dataset.width = Math.round(box.width); chart.dataset.height = Math.round(box.height);
        chart.dataset.drawn = svg ? svg.querySelectorAll('path, rect, text, use').length : 0; });"""
    dom = Dom(dump_dom_with_script(site / "index.html", measure))
    documents = load_stage("documents", SAMPLE)
    rows = [e for e in dom.select("tr") if "data-doc-id" in e["attrs"]]
    assert sorted(r["attrs"]["data-doc-id"] for r in rows) == sorted(documents.doc_id)
    assert len(dom.select("table", id="documents")) == 1
    for doc_id in documents.doc_id:
        assert dom.select("a", href=page_name(doc_id)) and (site / page_name(doc_id)).is_file()
    charts = {e["attrs"]["data-chart"]: e for e in dom.elements if "data-chart" in e["attrs"]}
    assert set(charts) == CHARTS
    for name, chart in charts.items():
        attrs = chart["attrs"]
        assert int(attrs["data-width"]) > 200 and int(attrs["data-height"]) > 100, name
        assert int(attrs["data-drawn"]) > 20, name
    labour = text_of(charts["pledges-per-chapter"])
    assert "Saving neighbourhood policing" in labour and "Labour Party" in text_of(charts["top-entities"])
    assert screenshot(site / "index.html", tmp_path / "index.png", 1400, 1500).stat().st_size > 20_000


@pytest.mark.parametrize("source", ["labour_2015_safer_communities.txt", "conservative_2015_crime_extract.txt"])
def test_report_document_page_has_one_mark_per_row_and_its_sections(site, chromium, tmp_path, source):
    documents = load_stage("documents", SAMPLE)
    doc = documents[documents.source_path == source].iloc[0]
    page = site / page_name(doc.doc_id)
    dom = Dom(dump_dom(page))
    marks = [e for e in dom.select("mark") if "data-id" in e["attrs"]]
    found = Counter((m["attrs"]["data-kind"], m["attrs"]["data-id"]) for m in marks)
    expected = Counter()
    for kind, (stage, id_column) in MARKED.items():
        rows = load_stage(stage, SAMPLE)
        expected.update((kind, row_id) for row_id in rows[rows.doc_id == doc.doc_id][id_column])
    assert found == expected and len(expected) > 10
    text = doc.text
    for mark in marks:
        if "data-clipped" not in mark["attrs"]:
            stage, id_column = MARKED[mark["attrs"]["data-kind"]]
            assert text_of(mark).replace("p. ", "") in text
    sections = load_stage("sections", SAMPLE)
    for section in sections[(sections.doc_id == doc.doc_id) & sections.title.notna()].itertuples():
        (element,) = dom.select("section", id=f"s-{section.section_id}")
        headings = [e for e in dom.elements if re.fullmatch(r"h[1-6]", e["tag"]) and section.title in text_of(e)]
        assert headings, section.title
    pledges = load_stage("pledges", SAMPLE)
    side = [e["attrs"]["data-mark"] for e in dom.elements if "data-mark" in e["attrs"]]
    assert side == list(pledges[pledges.doc_id == doc.doc_id].sort_values("char_start").pledge_id)
    assert screenshot(page, tmp_path / f"{doc.doc_id}.png").stat().st_size > 20_000


def test_report_document_page_filters_by_kind_and_shows_fields_on_click(site, chromium):
    claims = load_stage("claims", SAMPLE)
    claim = claims[claims.pledge_id.notna()].iloc[0]
    probe = f"""(function () {{
        var root = document.documentElement, entity = document.querySelector('mark[data-kind=entity]');
        var colour = function (el) {{ return getComputedStyle(el).backgroundColor; }};
        root.dataset.entityBefore = colour(entity);
        var box = document.querySelector('input[data-filter=entity]');
        box.checked = false; box.dispatchEvent(new Event('change'));
        root.dataset.entityAfter = colour(entity);
        root.dataset.pledgeAfter = colour(document.querySelector('mark[data-kind=pledge]'));
        document.getElementById('m-{claim.claim_id}').click();
        var panel = document.getElementById('details');
        root.dataset.panelHidden = panel.hidden;
        root.dataset.panel = panel.textContent;
    }})();"""
    dom = Dom(dump_dom_with_script(site / page_name(claim.doc_id), probe))
    root = dom.select("html")[0]["attrs"]
    transparent = "rgba(0, 0, 0, 0)"
    assert root["data-entity-before"] != transparent and root["data-entity-after"] == transparent
    assert root["data-pledge-after"] != transparent
    assert root["data-panel-hidden"] == "false"
    panel = root["data-panel"]
    assert panel.index("claim") < panel.index("pledge")  # innermost first, then the pledge around it
    assert claim.number_text in panel and f"role{claim.role}" in panel.replace(" ", "")


# --- small hand-made datasets -------------------------------------------------------------

def write_stage(out: Path, stage: str, schema: pa.Schema, rows: list[dict]) -> None:
    """Rows of a stage with every column the test does not care about defaulted."""
    defaults = {pa.types.is_string: "", pa.types.is_integer: 0, pa.types.is_boolean: False,
                pa.types.is_floating: 0.0}
    full = []
    for row in rows:
        filled = {}
        for field in schema:
            if field.name in row:
                filled[field.name] = row[field.name]
            elif field.nullable:
                filled[field.name] = None
            else:
                filled[field.name] = next(v for test, v in defaults.items() if test(field.type))
        full.append(filled)
    write_table(pa.Table.from_pylist(full, schema=schema), stage_dir(out, stage) / "part-0.parquet")


HOSTILE = 'Title <b>bold</b>\n\n1. <script>alert("x")</script> section\n\nWe will cut tax by 5% & "more".\n\nNext page text.'


def hostile_dataset(out: Path, second_name: str = "a2.pdf") -> dict[str, int]:
    """One PDF-like document whose text is markup, with two pages, a section, a pledge,
    a claim and an entity; a second, empty document to make names ambiguous."""
    text = HOSTILE
    where = {w: text.index(w) for w in ("<script>", "We will", "5%", "tax", "Next page")}
    write_stage(out, "documents", schemas.DOCUMENTS, [
        {"doc_id": "aaaa000000000001", "source_path": "a1.pdf", "party": "<i>Party</i>", "year": 2024,
         "title": "<img src=x onerror=alert(1)>", "text": text, "n_pages": 2, "n_words": 20, "format": "pdf"},
        {"doc_id": "aaaa000000000002", "source_path": second_name, "text": "", "format": "pdf"}])
    section_start = text.index("1. ")
    write_stage(out, "sections", schemas.SECTIONS, [
        {"section_id": "s1", "doc_id": "aaaa000000000001", "level": 1, "kind": "heading", "number": "1",
         "title": '<script>alert("x")</script> section', "char_start": section_start, "char_end": len(text),
         "title_char_start": where["<script>"], "title_char_end": text.index("\n\nWe")}])
    write_stage(out, "pages", schemas.PAGES, [
        {"doc_id": "aaaa000000000001", "page_no": 1, "char_start": 0, "char_end": where["Next page"]},
        {"doc_id": "aaaa000000000001", "page_no": 2, "char_start": where["Next page"], "char_end": len(text)}])
    pledge_end = text.index("\n\nNext")
    write_stage(out, "pledges", schemas.PLEDGES, [
        {"pledge_id": "p1", "doc_id": "aaaa000000000001", "char_start": where["We will"], "char_end": pledge_end,
         "text": text[where["We will"]:pledge_end], "commitment": "firm", "pledge_type": "outcome", "page_no": 1}])
    write_stage(out, "claims", schemas.CLAIMS, [
        {"claim_id": "c1", "doc_id": "aaaa000000000001", "char_start": where["tax"], "char_end": where["5%"] + 2,
         "kind": "percent", "number_text": "5%", "value": 5.0, "page_no": 1}])
    write_stage(out, "entities", schemas.ENTITIES, [  # crosses the claim: starts inside it, ends after it
        {"mention_id": "e1", "doc_id": "aaaa000000000001", "char_start": where["5%"], "char_end": pledge_end - 1,
         "label": "ORG", "canonical": "<Odd & name>", "page_no": 1}])
    return where


def test_report_escapes_text_and_marks_pages_and_crossing_rows(tmp_path, chromium):
    where = hostile_dataset(tmp_path / "data")
    build_report(tmp_path / "data", tmp_path / "site")
    page = tmp_path / "site" / page_name("aaaa000000000001")
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw and "<b>bold" not in raw
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<i>Party" not in index and "&lt;i&gt;Party&lt;/i&gt;" in index
    dom = Dom(dump_dom(page))
    assert not [e for e in dom.select("script") if "src" not in e["attrs"] and "id" not in e["attrs"]]
    article = dom.select("article")[0]
    assert text_of(article).replace("p. 1", "").replace("p. 2", "") == HOSTILE
    assert [e["attrs"]["data-page"] for e in dom.select("span") if "data-page" in e["attrs"]] == ["1", "2"]
    (heading,) = [h for h in dom.select("h2") if "block" in h["attrs"].get("class", "")]
    assert text_of(heading) == '1. <script>alert("x")</script> section'
    marks = {m["attrs"]["data-id"]: m for m in dom.select("mark") if "data-id" in m["attrs"]}
    assert sorted(marks) == ["c1", "e1", "p1"]
    assert "data-clipped" in marks["e1"]["attrs"] and text_of(marks["e1"]) == "5%"
    assert text_of(marks["c1"]) == HOSTILE[where["tax"]:where["5%"] + 2]
    fields = dict(json.loads(dom.select("script", id="row-details")[0]["text"][0])["e1"]["fields"])
    assert fields["canonical"] == "<Odd & name>" and fields["label"] == "ORG"


def test_report_of_a_folder_without_datasets_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "missing"), "--html", str(tmp_path / "site")])
    assert result.exit_code == 2 and "no such dataset folder" in result.output
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["report", str(tmp_path / "empty"), "--html", str(tmp_path / "site")])
    assert result.exit_code == 2 and "no documents dataset" in result.output


def test_report_rebuild_removes_pages_of_documents_that_left(tmp_path):
    build_report(SAMPLE, tmp_path)
    stale = tmp_path / page_name("0000000000000000")
    stale.write_text("old")
    (tmp_path / "notes.txt").write_text("mine")
    build_report(SAMPLE, tmp_path)
    assert not stale.exists() and (tmp_path / "notes.txt").exists()
    assert len(list(tmp_path.glob("doc-*.html"))) == 2


def test_show_prints_a_documents_rows_found_by_id_name_or_prefix():
    documents = load_stage("documents", SAMPLE)
    labour = documents[documents.source_path.str.startswith("labour")].iloc[0]
    pledges = load_stage("pledges", SAMPLE)
    first = pledges[pledges.doc_id == labour.doc_id].sort_values("char_start").iloc[0]
    for query in (labour.doc_id, labour.source_path, "lab", labour.doc_id[:3]):
        result = runner.invoke(app, ["show", str(SAMPLE), query], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert f"{(pledges.doc_id == labour.doc_id).sum()} pledges" in result.stdout
        assert first.text.split()[0] in result.stdout and "commitment" in result.stdout
    claims = runner.invoke(app, ["show", str(SAMPLE), "cons", "--stage", "claims"], env={"COLUMNS": "80"})
    assert claims.exit_code == 0 and "kind: count" in claims.stdout  # narrow: fields listed per row


def test_show_unknown_or_ambiguous_document_and_bad_stage_are_usage_errors(tmp_path):
    hostile_dataset(tmp_path, second_name="sub/a2.pdf")
    assert resolve_document(tmp_path, "a2.pdf")["doc_id"] == "aaaa000000000002"  # a file name without its folder
    ambiguous = runner.invoke(app, ["show", str(tmp_path), "aaaa"])
    assert ambiguous.exit_code == 2 and "matches 2 documents" in ambiguous.output
    unknown = runner.invoke(app, ["show", str(tmp_path), "zzz"])
    assert unknown.exit_code == 2 and "no document 'zzz'" in unknown.output and "a1.pdf" in unknown.output
    bad = runner.invoke(app, ["show", str(tmp_path), "a1", "--stage", "errors"])
    assert bad.exit_code == 2 and "cannot show stage 'errors'" in bad.output
    with pytest.raises(ReportError, match="no documents dataset"):
        resolve_document(tmp_path / "nothing", "a1")


def test_report_browser_setup_installs_chromium_only_when_missing(monkeypatch):
    """The test set-up on a fresh machine: install, and on failure update the lists and retry."""
    from manifesto.pipeline.report import browser

    installed, commands = [], []

    def apt(command, env):
        commands.append(command[command.index("-o") + 2:])
        if command[-1] == "chromium" and len(commands) > 1:  # the first install fails: stale lists
            installed.append(True)
            return subprocess.CompletedProcess(command, 0, "")
        return subprocess.CompletedProcess(command, 0 if command[-1] == "update" else 100, "E: no candidate")

    monkeypatch.setattr(browser, "find_chromium", lambda: "/usr/bin/chromium" if installed else None)
    monkeypatch.setattr(browser, "_quiet", apt)
    monkeypatch.setattr(browser.os, "geteuid", lambda: 0)
    assert browser.ensure_chromium() == "/usr/bin/chromium"
    assert commands == [["install", "-y", "chromium"], ["update"], ["install", "-y", "chromium"]]
    commands.clear()
    assert browser.ensure_chromium() == "/usr/bin/chromium" and commands == []  # present: nothing is run
    installed.clear()
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    with pytest.raises(browser.BrowserError, match="apt-get install -y chromium"):
        browser.ensure_chromium()
