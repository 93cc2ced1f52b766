"""`manifesto report`: a static, offline HTML site for reviewing what was extracted.

`build_report(OUT, DIR)` writes `DIR/index.html` (the documents table and the corpus
charts), one `DIR/doc-<doc_id>.html` per document (its text with every pledge, claim
and entity highlighted) and `DIR/assets/` (one stylesheet, one small script). Pages
come from the Jinja templates in `templates/`, with autoescaping on; the highlighted
text is built by `spans.render_spans`, which escapes every character of it. Nothing
is fetched at view time: charts are inline SVG, assets are relative files.

Modules: `data` reads the datasets, `document` builds a document page, `spans` nests
the highlights, `charts` draws the index's charts, `show` serves `manifesto show`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from manifesto.pipeline import __version__
from manifesto.pipeline.io import write_text_atomic

from .charts import corpus_charts
from .data import MARK_KINDS, Corpus, ReportError, load_corpus, party_of
from .document import document_context

ASSETS = ("report.css", "report.js")

__all__ = ["ReportError", "ReportResult", "build_report", "page_name"]


@dataclass(frozen=True)
class ReportResult:
    html_dir: Path
    n_documents: int
    seconds: float


def build_report(out: str | Path, html_dir: str | Path) -> ReportResult:
    """Write the site for the datasets in `out` into `html_dir`; pages of documents that
    are no longer in the datasets are removed, nothing else in the folder is touched."""
    started = time.perf_counter()
    corpus = load_corpus(out)
    html_dir = Path(html_dir)
    (html_dir / "assets").mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (html_dir / "assets" / name).write_bytes((files(__package__) / "templates" / name).read_bytes())
    env = environment()
    common = {"version": __version__, "source": str(out)}
    written = set()
    for doc in corpus.documents:
        page = html_dir / page_name(doc["doc_id"])
        write_text_atomic(env.get_template("document.html.j2").render(**common, **document_context(corpus, doc),
                                                                      lang=doc.get("language") or "en"), page)
        written.add(page.name)
    for stale in html_dir.glob("doc-*.html"):
        if stale.name not in written:
            stale.unlink()
    write_text_atomic(env.get_template("index.html.j2").render(**common, **index_context(corpus)),
                      html_dir / "index.html")
    return ReportResult(html_dir, len(corpus.documents), time.perf_counter() - started)


def page_name(doc_id: str) -> str:
    return f"doc-{doc_id}.html"


def environment() -> Environment:
    """Templates from the package, HTML-escaped by default, failing on a missing variable."""
    return Environment(loader=PackageLoader("manifesto.pipeline.report", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def index_context(corpus: Corpus) -> dict:
    documents = []
    for doc in corpus.documents:
        counts = {k.kind: len(corpus.of(k.stage, doc["doc_id"])) for k in MARK_KINDS}
        documents.append({**{k: v for k, v in doc.items() if k != "text"}, "party": party_of(doc),
                          "counts": counts, "href": page_name(doc["doc_id"])})
    totals = {k.kind: sum(d["counts"][k.kind] for d in documents) for k in MARK_KINDS}
    return {"documents": documents, "totals": totals, "charts": corpus_charts(corpus)}
