"""`manifesto run --check`: is every dataset current? Writes nothing.

It plans a run exactly as `run` would (same fingerprints), and explains each stale
or missing part by comparing the inputs and settings with what the manifest recorded:
a new, changed or removed file, a new extractor version, another model or settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from manifesto.extractors import REGISTRY

from .commit import PartCheck, Staging
from .manifest import Manifest
from .plan import CORPUS_KEY, corpus_fingerprint, input_roots, make_plan, refusal_message, resolve_stages
from .registry import Registry
from .run_errors import last_failures


NEVER_RUN = "missing part (stage never run for this file)"


@dataclass(frozen=True)
class Staleness:
    """One reason the datasets are not current."""

    stage: str
    source_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.stage}: {self.source_path}: {self.reason}"


def check(inputs: Iterable[Path], out: Path, stages: Iterable[str] = (), model: str | None = None,
          registry: Registry = REGISTRY) -> list[Staleness]:
    """Everything that a run with these settings would recompute or remove, with why."""
    out, inputs = Path(out), list(inputs)
    stage_names = resolve_stages(stages, registry)
    manifest = Manifest.load(out)
    plan = make_plan(inputs, out, stage_names, model, False, manifest, registry, Staging(out, "check"))
    parts = PartCheck(out)  # read only: --check writes nothing
    recorded = {r["source_path"]: r for r in manifest.data.get("inputs", [])}
    current = {r["source_path"] for r in plan.inputs}
    problems: list[Staleness] = []
    if not manifest.data.get("inputs") and not manifest.data["stages"]:
        return [Staleness("*", str(out), "no datasets here (no manifest.json)")]
    failed = last_failures(out)
    for item in plan.items:
        path, failure = item.input.source_path, failed.get(item.input.source_path)
        reasons = {stage: _why(stage, path, item.sha256, recorded, manifest, plan, registry, parts) for stage in item.stale}
        if failure is not None and any(why == NEVER_RUN for why in reasons.values()):
            problems.append(Staleness(failure["stage"], path, f"failed in the last run ({failure['kind']}: "
                                      f"{failure['message']}); a run tries it again"))
        problems += [Staleness(stage, path, why) for stage, why in reasons.items() if not (failure and why == NEVER_RUN)]
    refused = plan.refused_drops(manifest, input_roots(inputs, out))
    if refused:
        problems.append(Staleness("*", "(inputs)", "a run would be refused: " + refusal_message(out, refused)))
    for source_path in sorted(set(recorded) - current):
        problems.append(Staleness("*", source_path, "removed file (its rows are still in the datasets)"))
    for stage in stage_names:
        if registry[stage].spec.scope != "corpus":
            continue
        entry = manifest.data["stages"].get(stage, {}).get("parts", {}).get(CORPUS_KEY)
        state = parts.state(stage, entry) if entry else "missing"
        if state != "ok":
            problems.append(Staleness(stage, "(corpus)", "missing dataset" if state == "missing"
                                      else f"damaged file {stage}/{entry['file']} (not the bytes the manifest recorded)"))
        elif entry["fingerprint"] != corpus_fingerprint(stage, manifest, plan.config_hash, registry,
                                                        plan.stage_rules[stage]):
            recorded_version = manifest.data["stages"][stage].get("version")
            changed_rules = _changed_rule_folders(stage, manifest, plan)
            if recorded_version != registry[stage].spec.version:
                why = f"new extractor version: {stage} {recorded_version} -> {registry[stage].spec.version}"
            elif changed_rules:
                why = "rule files changed: " + ", ".join(changed_rules)
            else:
                why = "the datasets it is built from changed"
            problems.append(Staleness(stage, "(corpus)", why))
    problems.extend(Staleness("ingest", e["source_path"], e["message"]) for e in plan.notices if e["severity"] == "error")
    return problems


def _why(stage: str, source_path: str, sha256: str, recorded: dict, manifest: Manifest, plan, registry: Registry,
         parts: PartCheck) -> str:
    before = recorded.get(source_path)
    if before is None:
        return "new file"
    if before["sha256"] != sha256:
        return "changed file"
    stage_info = manifest.data["stages"].get(stage)
    if stage_info is None or before["doc_id"] not in manifest.doc_ids(stage):
        return NEVER_RUN
    entry = stage_info["parts"][before["doc_id"]]
    state = parts.state(stage, entry)
    if state == "missing":
        return f"missing file {stage}/{entry['file']}"
    if state == "damaged":
        return f"damaged file {stage}/{entry['file']} (not the bytes the manifest recorded)"
    model = manifest.data.get("model", {})
    if (model.get("name"), model.get("version")) != (plan.model_identity, plan.model_version):
        return f"other model ({model.get('name')} {model.get('version')} -> {plan.model_identity} {plan.model_version})"
    changed = [s for s in registry.with_requirements([stage])
               if manifest.data["stages"].get(s, {}).get("version") != registry[s].spec.version]
    if changed:
        return "new extractor version: " + ", ".join(
            f"{s} {manifest.data['stages'].get(s, {}).get('version')} -> {registry[s].spec.version}" for s in changed)
    if manifest.data.get("config_hash") != plan.config_hash:
        return "settings changed (layout or schema version)"
    if "rules" not in manifest.data["stages"].get(stage, {}):
        return "written by an older version (one hash for all rule files): recomputed once"
    changed_rules = _changed_rule_folders(stage, manifest, plan)
    if changed_rules:
        return "rule files changed: " + ", ".join(changed_rules)
    return "catalog row changed"


def _changed_rule_folders(stage: str, manifest: Manifest, plan) -> list[str]:
    """The folders of models/ whose rule files changed since this stage was last run,
    as `models/pledges/`, or `models/entities/ (inside the parse)`."""
    recorded = manifest.data["stages"].get(stage, {}).get("rules") or {}
    current = plan.stage_rules[stage]
    changed = []
    for part, suffix in (("own", ""), ("parse", " (inside the parse)")):
        before, now = recorded.get(part) or {}, current.get(part) or {}
        changed += [f"models/{folder}/{suffix}" for folder in sorted(set(before) | set(now))
                    if before.get(folder) != now.get(folder)]
    return changed
