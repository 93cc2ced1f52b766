"""Reference-sentence recall: how many of a PDF's sentences, as another reader finds
them, are in the text our reader gives.

The reference is pdfminer.six's layout analysis (its text boxes, read apart from our
reader's characters, columns, furniture and repairs): every sentence of a text box on a
body page with at least MIN_WORDS words, starting with a capital and ending with
. ! or ?, is a reference sentence. It is found when its letters and digits, lower-cased,
are a run of the letters and digits of our layout's text (so hyphenation, spacing and
quote styles do not count; a side-tab digit or a running head inside it does).
A reference sentence that the reference itself reads from a broken font ("(ngland",
U+FFFD) cannot be found in our repaired text: such sentences (some word of them in no
font's vocabulary) are counted apart, not as misses.

    .venv/bin/python bench/pdf_reference_recall.py ../shared/dev/pdfs [--misses 3]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextBox

from manifesto.pipeline.pdf import read_pdf
from manifesto.pipeline.pdf_fonts import MARK_IN_WORD

MIN_WORDS = 6
SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“‘(])")
NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    return NOT_ALNUM.sub("", text.lower())


def reference_sentences(path: Path, pages: set[int]) -> list[tuple[int, str]]:
    """(page, sentence) for the reference sentences of the given pages."""
    found = []
    for page_no, page in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
        if page_no not in pages:
            continue
        for box in page:
            if not isinstance(box, LTTextBox):
                continue
            for run in _runs_of_one_size(box):
                text = re.sub(r"(\w)-\n(\w)", r"\1\2", run)
                for sentence in SENTENCE.split(" ".join(text.split())):
                    if len(sentence.split()) >= MIN_WORDS and sentence[:1].isupper() and sentence.endswith((".", "!", "?")):
                        found.append((page_no, sentence))
    return found


def _runs_of_one_size(box: LTTextBox) -> list[str]:
    """A box's text cut where the type size changes (pdfminer boxes a heading with the
    paragraph under it; our reader rightly does not)."""
    runs: list[list[str]] = []
    last = None
    for line in box:
        sizes = [ch.size for ch in line if hasattr(ch, "size")]
        size = round(sum(sizes) / len(sizes), 1) if sizes else last
        if not runs or last is None or abs(size - last) > 0.5:
            runs.append([])
        runs[-1].append(line.get_text())
        last = size
    return ["".join(run) for run in runs]


def unreadable_in_reference(sentence: str) -> bool:
    return "\ufffd" in sentence or "(cid:" in sentence or bool(MARK_IN_WORD.search(sentence))


def recall(path: Path) -> dict:
    layout = read_pdf(path.read_bytes()).layout
    ours = normalise(layout.text)
    body = {page.page_no for page in layout.pages if page.role == "body"}
    rows = reference_sentences(path, body)
    broken = [(p, s) for p, s in rows if unreadable_in_reference(s)]
    judged = [(p, s) for p, s in rows if not unreadable_in_reference(s)]
    misses = [(p, s) for p, s in judged if normalise(s) not in ours]
    return {"file": path.name, "reference": len(judged), "found": len(judged) - len(misses),
            "broken_in_reference": len(broken), "misses": misses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--misses", type=int, default=0, help="print this many missed sentences per file")
    args = parser.parse_args()
    print("| file | reference sentences | found | recall | read broken by the reference |")
    print("|---|---|---|---|---|")
    total = found = 0
    results = [recall(path) for path in sorted(args.folder.glob("*.pdf"))]
    for r in results:
        total, found = total + r["reference"], found + r["found"]
        share = r["found"] / r["reference"] if r["reference"] else 1.0
        print(f"| {r['file']} | {r['reference']} | {r['found']} | {share:.3f} | {r['broken_in_reference']} |")
    print(f"| all | {total} | {found} | {found / total:.3f} | |")
    for r in results:
        for page_no, sentence in r["misses"][: args.misses]:
            print(f"  {r['file']} p{page_no}: {sentence[:160]}")


if __name__ == "__main__":
    main()
