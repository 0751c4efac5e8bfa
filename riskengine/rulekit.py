"""Small helpers for writing rules: scaling by organization size, pointers, recommendations."""

from __future__ import annotations

from typing import Any

from riskengine.findings import Change, Effort, Recommendation
from riskengine.patching import pointer

__all__ = [
    "GRAPH_SECTIONS",
    "add",
    "pointer",
    "ramp",
    "recommend",
    "remove",
    "set_",
    "size_factor",
]

GRAPH_SECTIONS: tuple[str, ...] = (
    "sponsor",
    "steering_committee",
    "departments",
    "roles",
    "processes",
    "data_sources",
    "fields",
    "objectives",
    "phases",
)
"""Profile sections the dependency graph is built from: a rule that reads ``ctx.graph`` lists
these in its ``reads`` (plus ``organization`` and whatever else it reads directly)."""


def ramp(value: float, low: float, high: float) -> float:
    """0 at or below `low`, 1 at or above `high`, linear between."""
    if high <= low:
        return 1.0 if value >= high else 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


def size_factor(seats: int, small: int, large: int, floor: float = 0.3) -> float:
    """How much organization size amplifies a risk: `floor` for small rollouts, 1 for large ones."""
    return floor + (1.0 - floor) * ramp(seats, small, large)


def set_(path: str, value: Any) -> Change:
    """A change that sets the value at `path` (a JSON pointer)."""
    return Change(op="set", path=path, value=value)


def add(path: str, value: Any) -> Change:
    """A change that appends `value` to the list at `path` unless it is already there."""
    return Change(op="add", path=path, value=value)


def remove(path: str, value: Any = None) -> Change:
    """A change that removes the key at `path`, or `value` from the list there."""
    return Change(op="remove", path=path, value=value)


def recommend(action: str, effort: Effort, *changes: Change) -> Recommendation:
    """A recommendation: what to do, its effort, and the profile after doing it."""
    return Recommendation(action=action, effort=effort, changes=tuple(changes))
