"""Agreement of the two labellers on the units both labelled (Cohen's kappa on is_pledge).

Usage: python tests/gold/uk/agreement.py   (reads tests/gold/uk/*.labels.jsonl and second/)
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def labels(folder: Path) -> dict[tuple[str, int], dict]:
    out = {}
    for path in sorted(folder.glob("*.labels.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[(record["doc"], record["unit_no"])] = record
    return out


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    p_first, p_second = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = p_first * p_second + (1 - p_first) * (1 - p_second)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(first: dict, second: dict) -> dict:
    shared = sorted(set(first) & set(second))
    pairs = [(bool(first[k]["is_pledge"]), bool(second[k]["is_pledge"])) for k in shared]
    both = [k for k in shared if first[k]["is_pledge"] and second[k]["is_pledge"]]
    fields = {}
    for field in ("commitment", "pledge_type", "polarity", "specificity"):
        fields[field] = round(sum(first[k].get(field) == second[k].get(field) for k in both) / len(both), 3) if both else None
    return {"units": len(shared), "docs": sorted({k[0] for k in shared}),
            "agreement": round(sum(a == b for a, b in pairs) / len(pairs), 3),
            "kappa": round(cohen_kappa(pairs), 3), "pledges_first": sum(a for a, _ in pairs),
            "pledges_second": sum(b for _, b in pairs), "field_agreement_on_shared_pledges": fields,
            "disagreements": [(k[0], k[1], first[k]["is_pledge"], first[k]["text"][:90]) for k in shared
                              if bool(first[k]["is_pledge"]) != bool(second[k]["is_pledge"])]}


if __name__ == "__main__":
    result = agreement(labels(HERE), labels(HERE / "second"))
    print(json.dumps({k: v for k, v in result.items() if k != "disagreements"}, indent=2))
    for doc, unit, first_says, text in result["disagreements"]:
        print(f"  {doc} #{unit}: first={first_says} | {text}")
