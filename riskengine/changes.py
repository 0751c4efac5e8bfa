"""Changes a person writes (``whatif --set``): one path syntax, checked against the profile.

Paths are JSON pointers (``/sponsor/engagement``, as reports and the API print them); dotted
paths (``sponsor.engagement``) are accepted as a convenience. A person's change is held to
stricter rules than a recommendation's: a typo in an entity id must not quietly create a new
department, so only ``add`` may create an entity, and every name on the path must exist or be a
field of the model, with the closest valid name suggested when it is not.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from riskengine.errors import Problem, ProfileError
from riskengine.findings import Change
from riskengine.messages import field_names, structural
from riskengine.patching import pointer, pointer_parts
from riskengine.profile import Profile
from riskengine.suggest import did_you_mean

LARGEST_NUMBER = 10**15
"""No count, seat number or duration in a profile comes near this; larger is a typo or abuse."""

FREE_FORM = ("extensions",)
"""Sections whose content the profile model does not describe (plugins validate it)."""


def to_pointer(path: str) -> str:
    """A JSON pointer for `path`, given as a pointer or as a dotted path.

    Raises:
        ProfileError: the path is empty.
    """
    text = path.strip()
    if text.startswith("/"):
        if text == "/" or "//" in text or text.endswith("/"):
            raise _error(text, "a JSON pointer needs a name between every '/'")
        return text
    parts = [p for p in text.strip(".").split(".") if p]
    if not parts:
        raise _error(path, "empty path")
    return pointer(*parts)


def check_number_sizes(value: Any, path: str, op: str = "") -> None:
    """Refuse integers beyond `LARGEST_NUMBER` and non-finite floats anywhere in `value`.

    Raises:
        ProfileError: naming the path and the offending number.
    """
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > LARGEST_NUMBER:
        digits = len(str(abs(value)))
        raise _error(path, f"a {digits}-digit number is out of range", op)
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(path, f"{value!r} is not a usable number", op)
    if isinstance(value, dict):
        for item in value.values():
            check_number_sizes(item, path, op)
    elif isinstance(value, list):
        for item in value:
            check_number_sizes(item, path, op)


def checked_change(profile: Profile, change: Change) -> Change:
    """`change` after checking that every name on its path exists where it must.

    An ``add`` whose path names a new entity (``/departments/marketing``) becomes the ``set``
    that creates it; other changes are returned as they are.

    Raises:
        ProfileError: a name on the path is unknown (with the closest valid one), a ``set``
            or ``remove`` names an entity that does not exist, or an ``add`` names one that does.
    """
    parts = pointer_parts(change.path)
    check_number_sizes(change.value, change.path, change.op)
    node: Any = profile
    annotation: Any = Profile
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        here = pointer(*parts[: depth + 1])
        if depth == 0 and part in FREE_FORM:
            return change
        if _is_model(annotation):
            names = field_names(annotation, ())
            if part not in names:
                owner = "the profile" if depth == 0 else f"{pointer(*parts[:depth])}"
                what = "section" if depth == 0 else "field"
                raise _error(
                    here, f"{owner} has no {what} {part!r}{did_you_mean(part, names)}", change.op
                )
            node = getattr(node, part, None) if isinstance(node, BaseModel) else None
            annotation = _field_annotation(annotation, part)
            continue
        origin = typing.get_origin(structural(annotation))
        if origin is dict:
            entities = node if isinstance(node, dict) else {}
            if part not in entities:
                if last and change.op == "add":
                    return change.model_copy(update={"op": "set"})
                raise _error(
                    here, _missing_entity(part, entities, parts[:depth], change), change.op
                )
            if last and change.op == "add":
                raise _error(here, f"{part!r} already exists; change it with --set", change.op)
            node = entities[part]
            annotation = typing.get_args(structural(annotation))[1]
            continue
        if origin is list:
            items = node if isinstance(node, list) else []
            if not part.isdigit() or int(part) >= len(items):
                raise _error(here, f"no item {part!r} in a list of {len(items)}", change.op)
            node = items[int(part)]
            annotation = typing.get_args(structural(annotation))[0]
            continue
        raise _error(here, f"{pointer(*parts[:depth])} holds a single value, not fields", change.op)
    if change.op == "add" and typing.get_origin(structural(annotation)) is not list:
        raise _error(change.path, "--add needs a list, or a new entity id, at this path", change.op)
    return change


def _missing_entity(
    part: str, entities: dict[str, Any], parents: Sequence[str], change: Change
) -> str:
    """Why a change may not name an entity that does not exist, and what was probably meant."""
    section = pointer(*parents)
    hint = did_you_mean(part, entities)
    if change.op == "set":
        return f"no {part!r} in {section}{hint}; to create it, use --add {section}/{part}=..."
    return f"no {part!r} in {section}{hint}"


def _is_model(annotation: Any) -> bool:
    found = structural(annotation)
    return isinstance(found, type) and issubclass(found, BaseModel)


def _field_annotation(model: Any, name: str) -> Any:
    found = structural(model)
    return found.model_fields[name].annotation


def _error(path: str, message: str, op: str = "") -> ProfileError:
    return ProfileError([Problem(f"--{op}" if op else "<change>", message, path=path)])
