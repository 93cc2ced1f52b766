"""Write models/pdf/words.txt: the English words the PDF reader's font repair counts as real.

The list is the alphabetic lower-case strings of the installed spaCy English model's
vocabulary (its `vocab/strings.json`: inflected forms included), so it ships with a
library the project already installs; it is written to a data file so that reading a
PDF never loads spaCy. Run again after changing the model:

    .venv/bin/python bench/pdf_wordlist.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import spacy

from manifesto.models import default_model

OUT = Path(__file__).resolve().parent.parent / "models" / "pdf" / "words.txt"


def main() -> None:
    path = Path(spacy.util.get_package_path(default_model()))
    strings = json.loads(next(path.rglob("vocab/strings.json")).read_text(encoding="utf-8"))
    words = sorted({s for s in strings if re.fullmatch(r"[a-z]{2,24}", s)} | {"a", "i"})
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words):,} words -> {OUT}")


if __name__ == "__main__":
    main()
