"""What a profile states and what it leaves unknown, addressed by JSON pointer.

A fact is known when every step of its pointer was stated in the profile: a field given (not
left out, not ``null``), a map key present, a list item present. Defaults never count as
knowledge; they only keep the model easy to read.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from riskengine.profile.declare import Fact
from riskengine.profile.entities import model_of


def resolve(profile: Any, parts: list[str]) -> tuple[bool, Any]:
    """(known, value) of the fact at pointer `parts`; value is None when unknown."""
    steps, value = _walk(profile, parts)
    return (True, value) if steps == len(parts) else (False, None)


def known_prefix(profile: Any, parts: list[str]) -> int:
    """How many leading parts of a pointer are known (the first unknown step is at this index)."""
    return _walk(profile, parts)[0]


def _walk(node: Any, parts: list[str]) -> tuple[int, Any]:
    """How many steps of `parts` are stated below `node`, and the value the last of them
    reaches. One loop with no call per step: rules resolve hundreds of facts a profile."""
    for i, part in enumerate(parts):
        if isinstance(node, BaseModel):
            if part not in node.__pydantic_fields_set__:
                return i, None
            node = getattr(node, part)
        elif isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return i, None
        if node is None:
            return i, None
    return len(parts), node


@cache
def _step(
    model: type[BaseModel], part: str
) -> tuple[FieldInfo, type[BaseModel] | None, bool] | None:
    """The field `part` of `model`, the model its value holds, and whether a map key or list
    index comes next (None: no such field)."""
    info = model.model_fields.get(part)
    if info is None:
        return None
    annotation = info.annotation
    is_map = typing.get_origin(annotation) is dict
    if is_map:
        annotation = typing.get_args(annotation)[1]
    nested, many = model_of(annotation)
    return info, nested, many or is_map


def field_info(root: type[BaseModel], parts: list[str]) -> FieldInfo | None:
    """The model field at pointer `parts` (map keys and list indexes skipped), for its
    description and markers."""
    model: type[BaseModel] | None = root
    info: FieldInfo | None = None
    skip = False
    for part in parts:
        if skip:
            skip = False
            continue
        step = _step(model, part) if model is not None else None
        if step is None:
            return None
        info, model, skip = step
    return info


def fact_marker(root: type[BaseModel], parts: list[str]) -> Fact | None:
    """The `Fact` declared on the field at pointer `parts`, if any."""
    info = field_info(root, parts)
    if info is None:
        return None
    return next((m for m in info.metadata if isinstance(m, Fact)), None)


def describe(root: type[BaseModel], parts: list[str]) -> str:
    """The documented meaning of the field at `parts` (its description), or the pointer."""
    info = field_info(root, parts)
    text = (info.description or "").strip() if info is not None else ""
    # the model's docstrings quote values as ``false``; questions are read as plain text
    return text.replace("``", "`") or "/".join(parts)
