"""Headless Chromium for the report's tests and the README's screenshots.

The report itself never needs a browser; this module is for checking what a browser
makes of it (the DOM after scripts ran, a screenshot). It uses Debian's `chromium`
as a plain command (`--dump-dom`, `--screenshot`), so nothing beyond the browser is
downloaded. `ensure_chromium()` installs the package with apt when it is missing
(the tests' set-up and `make screenshots` call it; a machine that has it is left alone).

    python -m manifesto.pipeline.report.browser data/processed docs/img   # the README's PNGs
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator

BROWSERS = ("chromium", "chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio")
APT_LOCK_WAIT = "DPkg::Lock::Timeout=600"


class BrowserError(RuntimeError):
    """Chromium is missing and cannot be installed, or it failed on a page."""


def find_chromium() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def ensure_chromium() -> str:
    """The chromium command, installed from Debian's packages first if missing.

    Idempotent and offline-safe when chromium is there (nothing is run); otherwise
    `apt-get install`, retried after `apt-get update` (a fresh machine's lists may be stale)."""
    if found := find_chromium():
        return found
    if not shutil.which("apt-get") or os.geteuid() != 0:
        raise BrowserError("chromium is not installed: install Debian's `chromium` package "
                           "(as root: apt-get install -y chromium)")
    install = ["apt-get", "-o", APT_LOCK_WAIT, "install", "-y", "chromium"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if _quiet(install, env).returncode != 0:
        _quiet(["apt-get", "-o", APT_LOCK_WAIT, "update"], env)
        result = _quiet(install, env)
        if result.returncode != 0:
            raise BrowserError(f"apt-get install chromium failed: {result.stdout[-2000:]}")
    if found := find_chromium():
        return found
    raise BrowserError("apt-get installed chromium but no chromium command is on PATH")


def _quiet(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)


def run_chromium(page: Path | str, *args: str, timeout: float = 180) -> str:
    """Run headless chromium on a file or URL with extra `args`; its stdout.

    Each run gets a throw-away profile, so runs never share state or a lock."""
    url = page if isinstance(page, str) and "://" in page else Path(page).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="manifesto-chromium-") as profile:
        command = [ensure_chromium(), *FLAGS, f"--user-data-dir={profile}", *args, url]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    if result.returncode != 0:
        raise BrowserError(f"chromium failed on {url} (exit {result.returncode}): {result.stderr[-2000:]}")
    return result.stdout


def dump_dom(page: Path | str, budget_ms: int = 3000) -> str:
    """The page's DOM serialised after load and its scripts ran (`--virtual-time-budget`)."""
    return run_chromium(page, f"--virtual-time-budget={budget_ms}", "--dump-dom")


def dump_dom_with_script(page: Path, script: str, budget_ms: int = 3000) -> str:
    """The DOM of `page` after its own scripts and then `script` ran. For measuring and
    exercising a page from outside: the script writes what it finds into the DOM (e.g.
    data attributes), which the dump carries back."""
    with _with_script(page, script) as probe:
        return dump_dom(probe, budget_ms)


def screenshot(page: Path | str, png: Path, width: int = 1400, height: int = 1000, script: str = "") -> Path:
    """A PNG of the page's first `height` pixels at `width`, after `script` (if any) ran.

    Headless chromium paints a blank picture once the page has scrolled (to a
    `#fragment` or by script), so a picture of a later part of a page has to bring
    that part to the top instead."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with _with_script(Path(page), script) if script else nullcontext(page) as target:
        run_chromium(target, f"--window-size={width},{height}", "--virtual-time-budget=2000",
                     f"--screenshot={png.resolve()}")
    if not png.is_file() or png.stat().st_size == 0:
        raise BrowserError(f"chromium wrote no screenshot of {page} to {png}")
    return png


@contextmanager
def _with_script(page: Path, script: str) -> Iterator[Path]:
    """A copy of `page` beside it (so relative assets resolve) with `script` run last."""
    probe = page.with_name(f".probe-{page.name}")
    html = page.read_text(encoding="utf-8")
    cut = html.rfind("</body>")
    probe.write_text(html[:cut] + f"<script>{script}</script>" + html[cut:], encoding="utf-8")
    try:
        yield probe
    finally:
        probe.unlink()


# The README's document picture: the page's header, then its first numbered section
# (earlier sections folded away), with the fields of a claim inside a pledge opened.
README_DOCUMENT_SCRIPT = """(function () {
  var section = document.getElementById(%s), article = document.querySelector('article');
  var inside = function (node) { return node === section || node.contains(section); };
  var fold = function (parent) {
    Array.from(parent.childNodes).some(function (node) {
      if (inside(node)) { if (node !== section) { fold(node); } return true; }
      parent.removeChild(node); return false; });
  };
  fold(article);
  var claim = section.querySelector('mark[data-kind=pledge] mark[data-kind=claim]');
  if (claim) { claim.click(); }
})();"""


def readme_screenshots(out: Path, img_dir: Path) -> list[Path]:
    """The README's pictures: the index, and the first document's first numbered section."""
    from . import build_report, page_name
    from .data import load_corpus

    with tempfile.TemporaryDirectory(prefix="manifesto-report-") as tmp:
        site = Path(tmp)
        build_report(out, site)
        corpus = load_corpus(out)
        doc = max(corpus.documents, key=lambda d: len(corpus.of("pledges", d["doc_id"])))
        sections = [s for s in corpus.of("sections", doc["doc_id"]) if s.get("number")]
        script = README_DOCUMENT_SCRIPT % json.dumps(f"s-{sections[0]['section_id']}") if sections else ""
        return [screenshot(site / "index.html", img_dir / "report-index.png", 1400, 1500),
                screenshot(site / page_name(doc["doc_id"]), img_dir / "report-document.png", 1400, 1000, script)]


if __name__ == "__main__":
    for written in readme_screenshots(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {written}")
