"""The order questions come in: the steps of the assessment cycle, then the model's own order.

Only the grouping of sections into steps lives here; what is asked, and how, comes from the
model and from what the rules ask for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from riskengine.interview.catalog import EXTENSIONS, field_order, step_into

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("The organization and where the program stands", ("organization", "lifecycle")),
    ("Objectives and how they are measured", ("strategy", "objectives", "expectations")),
    (
        "People, roles and where they meet customers",
        ("departments", "roles", "communication", "change_management", "staffing"),
    ),
    ("Processes", ("processes", "customisation")),
    (
        "Data and systems",
        ("data_sources", "fields", "integrations", "data_quality", "security", "environments"),
    ),
    ("Sponsor and governance", ("sponsor", "steering_committee", "governance", "risks")),
    ("Phases and pilot", ("phases", "scope")),
    ("Training", ("training",)),
    ("Testing and cutover", ("testing", "test_cycles", "cutover")),
    ("Operations after go-live", ("operations", "support")),
    ("Sections added by plugins", (EXTENSIONS,)),
)
"""Steps of the cycle, each with the profile sections asked about in it."""

UNGROUPED = "More about the program"
"""The step of a section no step names (one added to the model since)."""

_PLACE = {
    section: (i, j) for i, (_, sections) in enumerate(STEPS) for j, section in enumerate(sections)
}


def step_of(section: str) -> str:
    """The title of the step a section is asked in."""
    place = _PLACE.get(section)
    return STEPS[place[0]][0] if place is not None else UNGROUPED


def sort_key(root: type[BaseModel], data: Mapping[str, Any], parts: list[str]) -> tuple[int, ...]:
    """Where the question at `parts` comes: its step, its section, then the model's field order
    and the order entities and list items were given in."""
    step, section = _PLACE.get(parts[0], (len(STEPS), 0))
    key = [step, section]
    model: type[BaseModel] | None = root
    item: type[BaseModel] | None = None  # set when the next part is a map key or list index
    node: Any = data
    for i, part in enumerate(parts):
        if item is not None:
            key.append(_position(node, part))
            model, item = item, None
        elif model is not None and part in model.model_fields:
            if i:
                key.append(field_order(model, part))
            model, item = step_into(model.model_fields[part].annotation)
        else:
            key.append(0)
            model = None
        node = _child(node, part)
    return tuple(key)


def _position(node: Any, part: str) -> int:
    """Where a map key or list index stands among its siblings, as given."""
    if isinstance(node, dict):
        return list(node).index(part) if part in node else len(node)
    return int(part) if part.isdigit() else 0


def _child(node: Any, part: str) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None
