"""What a reader fills in: the `Core` (the number itself) and the `Claim` grown from it.

Token offsets are into the `Doc` being read (a whole document, or a piece of a long
sentence); the extractor turns them into character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TIME_KINDS = {"date", "duration"}


@dataclass
class Core:
    """The number itself: token range, value(s) and what was read from it."""

    start: int
    end: int
    label: str  # number | range | ratio | vague | fraction | multiplier | reldate | agegroup | yearspan | decade
    value: float | None = None
    low: float | None = None
    high: float | None = None
    suffix: str | None = None  # "p" (pence) or "pc" (per cent) glued to the digits
    is_year: bool = False
    scaled: bool = False


@dataclass
class Claim:
    """A claim being built; token offsets are into the `Doc`."""

    core: Core
    start: int
    end: int
    num_start: int
    num_end: int
    resume: int = 0
    value: float | None = None
    low: float | None = None
    high: float | None = None
    bound: str = "="
    kind: str = "count"
    unit: str | None = None
    currency: str | None = None
    counted: str | None = None
    counted_head: int | None = None
    per: str | None = None
    direction: str | None = None
    change_type: str | None = None
    change_cue: bool = False  # the direction comes from a change construction (not maintain / to-level)
    time_ref: str | None = None
    resolved_year: int | None = None
    role: str = "statistic"
    is_modifier: bool = False  # a duration used as a modifier ("a five-year plan")
    comparison: tuple[int, int] | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def is_time(self) -> bool:
        return self.kind in TIME_KINDS
