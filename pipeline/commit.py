"""Staging and the verified commit: only this run's recorded parts reach the datasets.

Workers write each part under `OUT/.staging/<run id>/<stage>/` and return its hash;
the main process appends it, with the run id, to `OUT/.staging/journal.jsonl`. The
commit moves a staged part into place only if the journal names it, its fingerprint
is the one the plan expects, and the file still has the recorded hash: a part written
by a worker that outlived its run, by another run or half-written is never committed,
and everything left in staging is discarded at the end of the run. A run killed
before its commit leaves the journal, so the next run reuses the recorded parts.

Freshness of committed parts (`PartCheck`) compares each file with the manifest: its
size and modification time against those seen when it was written or last verified
(`OUT/.cache/parts.json`), and its hash when they differ, so a truncated, damaged or
missing part is recomputed instead of passing for current.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from . import faults
from .io import file_sha256, stage_dir, stage_files, write_text_atomic
from .manifest import Manifest

STAGING_DIR = ".staging"
JOURNAL_NAME = "journal.jsonl"
PART_STATS = ".cache/parts.json"
MANIFEST_KEYS = ("file", "fingerprint", "rows", "sha256")


class Staging:
    """This run's staging folder and the journal of parts recorded by the main process."""

    def __init__(self, out: Path, run_id: str):
        self.out = Path(out)
        self.root = self.out / STAGING_DIR
        self.run_id = run_id
        self.journal = Manifest.load_journal(self.root, JOURNAL_NAME)

    @property
    def run_dir(self) -> Path:
        """Where this run's workers write (made by the main process: a worker never
        creates it, so it cannot resurrect an output folder that was removed)."""
        return self.root / self.run_id

    def prepare(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)

    def staged_path(self, stage: str, entry: dict) -> Path:
        return stage_dir(self.root / entry.get("run", ""), stage) / entry["file"]

    def has(self, stage: str, doc_id: str, fingerprint: str) -> bool:
        """A part an earlier, interrupted run staged and recorded: still in staging with
        its recorded hash, or already moved into place by a commit that was killed."""
        entry = self.journal.data["stages"].get(stage, {}).get("parts", {}).get(doc_id)
        return bool(entry) and entry["fingerprint"] == fingerprint and self._source(stage, entry) is not None

    def _source(self, stage: str, entry: dict) -> Path | None:
        """The file holding the recorded bytes: the staged one, else the committed one."""
        for path in (self.staged_path(stage, entry), stage_dir(self.out, stage) / entry["file"]):
            if path.is_file() and file_sha256(path) == entry["sha256"]:
                return path
        return None

    def record(self, parts: list[dict]) -> None:
        """Append a batch's parts (as returned by the worker) to the journal, with the run id."""
        self.journal.append(self.root, JOURNAL_NAME, [
            (part["stage"], part["doc_id"], {**{k: part[k] for k in MANIFEST_KEYS}, "run": self.run_id})
            for part in parts])

    def commit(self, manifest: Manifest, expected: dict[tuple[str, str], str], parts: "PartCheck") -> int:
        """Move the expected, verified parts into place and record them in the manifest."""
        recorded = 0
        for stage, doc_id, entry in self.journal.entries():
            if expected.get((stage, doc_id)) != entry["fingerprint"]:
                continue
            source = self._source(stage, entry)
            if source is None:
                continue  # damaged or gone: the document stays stale and is computed next run
            target = stage_dir(self.out, stage) / entry["file"]
            if source != target:
                target.parent.mkdir(exist_ok=True)
                os.replace(source, target)
                faults.reached("commit")
            parts.remember(stage, entry["file"], entry["sha256"])
            manifest.record(stage, doc_id, {k: entry[k] for k in MANIFEST_KEYS})
            recorded += 1
        if recorded:  # a run with nothing staged (a no-op) writes the manifest once, at its end
            manifest.save(self.out)
        return recorded

    def discard(self) -> None:
        """Remove staging: this run's parts are committed, anything else is stale."""
        shutil.rmtree(self.root, ignore_errors=True)


class PartCheck:
    """Is a committed part the file the manifest recorded? (size+mtime, else hash)."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / PART_STATS
        self.stats = self._load()
        self.changed = False

    def _load(self) -> dict[str, list]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}  # a cache: rebuilt by hashing

    def state(self, stage: str, entry: dict) -> str:
        """`ok`, `missing`, or `damaged` (size or hash differ from the manifest's)."""
        path = stage_dir(self.out, stage) / entry["file"]
        try:
            stat = os.stat(path)
        except OSError:
            return "missing"
        key = f"{stage}/{entry['file']}"
        seen = self.stats.get(key)
        if seen == [stat.st_size, stat.st_mtime_ns, entry["sha256"]]:
            return "ok"
        if file_sha256(path) != entry["sha256"]:
            return "damaged"
        self.stats[key] = [stat.st_size, stat.st_mtime_ns, entry["sha256"]]
        self.changed = True
        return "ok"

    def is_fresh(self, manifest: Manifest, stage: str, doc_id: str, fingerprint: str) -> bool:
        entry = manifest.data["stages"].get(stage, {}).get("parts", {}).get(doc_id)
        return bool(entry) and entry["fingerprint"] == fingerprint and self.state(stage, entry) == "ok"

    def remember(self, stage: str, name: str, sha256: str) -> None:
        """A part just written or moved into place with this hash."""
        stat = os.stat(stage_dir(self.out, stage) / name)
        self.stats[f"{stage}/{name}"] = [stat.st_size, stat.st_mtime_ns, sha256]
        self.changed = True

    def save(self, manifest: Manifest) -> None:
        """Keep the entries of the manifest's parts; written only when something changed."""
        known = {f"{stage}/{entry['file']}" for stage, _, entry in manifest.entries()}
        kept = {key: value for key, value in self.stats.items() if key in known}
        if not self.changed and kept == self.stats:
            return
        self.path.parent.mkdir(exist_ok=True)
        write_text_atomic(json.dumps(kept, sort_keys=True), self.path)
        self.stats, self.changed = kept, False


def remove_obsolete(out: Path, manifest: Manifest, plan, stages: list[str], registry) -> None:
    """Drop parts that no longer describe the inputs: of documents gone from the inputs,
    of documents whose stage failed this run (an old part must not pass for current),
    and stray files of killed runs."""
    kept = plan.kept_doc_ids(manifest)
    read = {r["doc_id"] for r in plan.inputs}
    for stage in manifest.stage_names():
        if stage in registry and registry[stage].spec.scope == "corpus":
            continue
        for doc_id in sorted(manifest.doc_ids(stage)):
            entry = manifest.data["stages"][stage]["parts"][doc_id]
            outdated = stage in stages and doc_id in read and plan.expected.get((stage, doc_id)) != entry["fingerprint"]
            if doc_id not in kept or outdated:
                manifest.drop(stage, doc_id)
                (stage_dir(out, stage) / entry["file"]).unlink(missing_ok=True)
    for stage in stages:
        known = manifest.files(stage)
        for path in stage_files(out, stage):
            if path.name not in known:
                path.unlink()
