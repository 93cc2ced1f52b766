"""`OUT/manifest.json`: what each part was computed from, and what the run read.

It records the inputs with their hashes, and per stage each document's part file,
fingerprint, row count and file hash. Runs use it to skip fresh work; CI uses it to
see what a dataset is. It is written atomically when a run commits its staged parts,
and it never names a part that is not on disk. The same class reads and writes the
staging journal (`OUT/.staging/journal.jsonl`, one line appended per staged part).
It holds no timestamps or host names, so identical runs give an identical manifest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .io import json_text, stage_dir, write_text_atomic

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = 1


class ManifestError(ValueError):
    """A manifest.json that cannot be trusted: the run stops (exit 2) rather than rebuild
    or overwrite datasets it cannot account for."""


class Manifest:
    def __init__(self, data: dict | None = None):
        self.data = data or {"format": MANIFEST_FORMAT, "stages": {}, "inputs": []}
        self._on_disk: tuple[Path, str] | None = None  # (file, its text) as last read or written

    @classmethod
    def load(cls, out: Path, name: str = MANIFEST_NAME) -> "Manifest":
        path = Path(out) / name
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ManifestError(f"{path}: malformed ({error}); restore it from a backup, or remove it "
                                "to rebuild every dataset") from None
        if isinstance(data, dict) and data.get("format") != MANIFEST_FORMAT and "format" in data:
            return cls()  # another format version: everything is rebuilt
        problem = structure_problem(data)
        if problem:
            raise ManifestError(f"{path}: malformed ({problem}); restore it from a backup, or remove it "
                                "to rebuild every dataset")
        manifest = cls(data)
        manifest._on_disk = (path, json_text(data))
        return manifest

    def save(self, out: Path, name: str = MANIFEST_NAME) -> None:
        """Write the manifest, unless the file already holds exactly this content (a
        no-op run leaves it untouched, modification time included)."""
        path, text = Path(out) / name, json_text(self.data)
        if self._on_disk == (path, text) and path.is_file():
            return
        write_text_atomic(text, path)
        self._on_disk = (path, text)

    @classmethod
    def load_journal(cls, folder: Path, name: str) -> "Manifest":
        """The parts a running (or killed) run recorded with `append`, replayed in order.

        A line cut short by a kill is ignored: its part is simply computed again.
        """
        journal = cls()
        path = Path(folder) / name
        if not path.is_file():
            return journal
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            try:
                stage, doc_id, entry = json.loads(line)
            except ValueError:
                continue
            journal.record(stage, doc_id, entry)
        if not text.endswith("\n"):  # cut by a kill: end it, so the next line starts clean
            with open(path, "a", encoding="utf-8") as handle:
                handle.write("\n")
        return journal

    def append(self, folder: Path, name: str, parts: list[tuple[str, str, dict]]) -> None:
        """Record parts here and append them to the journal file, one JSON line each.

        Costs O(parts), where rewriting the whole journal after every batch cost
        O(parts so far): quadratic over a run.
        """
        for stage, doc_id, entry in parts:
            self.record(stage, doc_id, entry)
        if not parts:
            return
        lines = "".join(json.dumps([stage, doc_id, entry], sort_keys=True) + "\n" for stage, doc_id, entry in parts)
        Path(folder).mkdir(parents=True, exist_ok=True)
        with open(Path(folder) / name, "a", encoding="utf-8") as handle:
            handle.write(lines)
            handle.flush()
            os.fsync(handle.fileno())

    def _stage(self, stage: str) -> dict:
        return self.data["stages"].setdefault(stage, {"parts": {}})

    def is_fresh(self, out: Path, stage: str, doc_id: str, fingerprint: str) -> bool:
        entry = self.data["stages"].get(stage, {}).get("parts", {}).get(doc_id)
        return bool(entry) and entry["fingerprint"] == fingerprint and (stage_dir(out, stage) / entry["file"]).is_file()

    def record(self, stage: str, doc_id: str, entry: dict) -> None:
        self._stage(stage)["parts"][doc_id] = entry

    def entries(self) -> list[tuple[str, str, dict]]:
        """(stage, doc_id, entry) for every part, in a stable order."""
        return [(stage, doc_id, entry) for stage in self.stage_names()
                for doc_id, entry in sorted(self.data["stages"][stage].get("parts", {}).items())]

    def drop(self, stage: str, doc_id: str) -> dict:
        return self._stage(stage)["parts"].pop(doc_id)

    def stage_names(self) -> list[str]:
        return sorted(self.data["stages"])

    def doc_ids(self, stage: str) -> set[str]:
        return set(self.data["stages"].get(stage, {}).get("parts", {}))

    def documents_with_rows(self) -> set[str]:
        """Documents with a part in some stage (one that failed everywhere has none)."""
        return {doc for info in self.data["stages"].values() for doc in info.get("parts", {})}

    def files(self, stage: str) -> set[str]:
        return {e["file"] for e in self.data["stages"].get(stage, {}).get("parts", {}).values()}

    def fingerprints(self, stage: str) -> dict[str, str]:
        """Each part's fingerprint: what a corpus-scope stage reading this stage depends on."""
        parts = self.data["stages"].get(stage, {}).get("parts", {})
        return {doc_id: entry["fingerprint"] for doc_id, entry in sorted(parts.items())}

    def row_count(self, stage: str) -> int:
        return sum(e["rows"] for e in self.data["stages"].get(stage, {}).get("parts", {}).values())

    def set_run(self, inputs: list[dict], versions: dict[str, str], model_name: str,
                model_version: str, config_hash: str, package_version: str, stage_rules: dict[str, dict],
                input_roots: list[str] | None = None) -> None:
        """Record what the run read and with which settings (the dataset's identity), and
        the input folders or files it was given (relative to the output folder)."""
        self.data["inputs"] = sorted(inputs, key=lambda r: r["source_path"])
        if input_roots is not None:
            self.data["input_roots"] = input_roots
        self.data["model"] = {"name": model_name, "version": model_version}
        self.data["config_hash"] = config_hash
        self.data.pop("rules_hash", None)  # older manifests: one hash of all of models/
        self.data["package_version"] = package_version
        for stage, info in self.data["stages"].items():
            info["version"] = versions.get(stage, info.get("version"))
            if stage in stage_rules:  # the rule folders (and their hashes) the stage's parts were made with
                info["rules"] = stage_rules[stage]
            info["rows"] = self.row_count(stage)


PART_KEYS = {"file": str, "fingerprint": str, "rows": int, "sha256": str}


def structure_problem(data) -> str | None:
    """What is wrong with a parsed manifest's structure, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("stages"), dict) or not isinstance(data.get("inputs", []), list):
        return "not an object with 'stages' and 'inputs'"
    for stage, info in data["stages"].items():
        parts = info.get("parts") if isinstance(info, dict) else None
        if not isinstance(parts, dict):
            return f"stage {stage!r} has no 'parts' object"
        for doc_id, entry in parts.items():
            if not isinstance(entry, dict) or any(not isinstance(entry.get(k), t) for k, t in PART_KEYS.items()):
                return f"part {stage}/{doc_id} lacks {', '.join(PART_KEYS)}"
            if "/" in entry["file"] or entry["file"].startswith("."):
                return f"part {stage}/{doc_id} names a file outside its stage folder"
    for record in data.get("inputs", []):
        if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in ("source_path", "sha256", "doc_id")):
            return "an input record lacks source_path, sha256 or doc_id"
    return None
