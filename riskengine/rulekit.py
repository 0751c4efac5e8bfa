"""Small helpers for writing rules: scaling by organization size, pointers, recommendations."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from riskengine.context import Context
from riskengine.findings import Change, Effort, Recommendation
from riskengine.patching import pointer
from riskengine.profile import Profile
from riskengine.profile.entities import label

__all__ = [
    "add",
    "display",
    "is_small",
    "names",
    "owner_candidate",
    "plural",
    "pointer",
    "ramp",
    "recommend",
    "remove",
    "set_",
    "size_factor",
]


def ramp(value: float, low: float, high: float) -> float:
    """0 at or below `low`, 1 at or above `high`, linear between."""
    if high <= low:
        return 1.0 if value >= high else 0.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


UNKNOWN_SIZE = 0.5
"""Where between small and large an organization whose size is not stated is placed."""


def size_factor(seats: int | None, small: int, large: int, floor: float = 0.3) -> float:
    """How much organization size amplifies a risk: `floor` for small rollouts, 1 for large ones.

    An unknown size (None) counts as halfway: a finding then neither vanishes nor takes its full
    weight, and the size becomes an open question.
    """
    if seats is None:
        return floor + (1.0 - floor) * UNKNOWN_SIZE
    return floor + (1.0 - floor) * ramp(seats, small, large)


def is_small(seats: int | None, threshold: int) -> bool:
    """Whether an organization is known to be below `threshold` seats (unknown is not small)."""
    return seats is not None and seats < threshold


def plural(count: int, one: str, many: str) -> str:
    """``1 process`` / ``3 processes``."""
    return f"{count} {one if count == 1 else many}"


def names(items: list[str], limit: int = 3) -> str:
    """A short readable list: ``a, b and c`` or ``a, b, c and 4 more``."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) <= limit:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def display_names(profile: Profile, nodes: Sequence[str], limit: int = 3) -> str:
    """`names` of the nodes' display names; only the ones shown are looked up."""
    shown = [display(profile, n) for n in nodes[:limit]]
    if len(nodes) <= limit:
        return names(shown, limit)
    return ", ".join(shown) + f" and {len(nodes) - limit} more"


def display(profile: Profile, node: str) -> str:
    """The display name of a graph node's entity (its name, else its id)."""
    kind, _, ref = node.partition(":")
    return label(profile, kind, ref or kind)


def owner_candidate(ctx: Context, kinds: tuple[str, ...]) -> str | None:
    """A role of one of `kinds` (in order of preference) that could own something, if any.

    Staff known to be in house come first, then those whose sourcing is not stated; freelancers,
    integrators and vendor staff are never proposed: they leave with their contract.
    """
    ranked = []
    for key in sorted(ctx.profile.roles):
        kind = ctx.ask(pointer("roles", key, "kind"))
        if kind not in kinds:
            continue
        sourcing = ctx.ask(pointer("roles", key, "sourcing"))
        if sourcing in (None, "in_house"):
            ranked.append((sourcing is None, kinds.index(kind), key))
    return min(ranked)[2] if ranked else None


def free_key(taken: Container[str], base: str) -> str:
    """`base`, or `base_2`, `base_3`, ... whichever the entity map `taken` does not hold yet
    (the id of an entity a recommendation adds)."""
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


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
