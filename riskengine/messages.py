"""The wording of input errors: what was wrong, the value given, and the likely fix.

Pydantic and PyYAML describe what they expected; a user needs the value they wrote, the word
they probably meant and, for YAML, the usual cause of a parse error.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from riskengine.suggest import did_you_mean

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def validation_message(err: Any, model: type[BaseModel] | None, loc: Sequence[str | int]) -> str:
    """One pydantic error in words; `loc` is its location under `model` (union tags removed)."""
    kind = err["type"]
    if kind == "extra_forbidden":
        known = field_names(model, loc[:-1]) if model is not None and loc else ()
        hint = did_you_mean(str(loc[-1]), known) if loc else ""
        return f"unknown field{hint or ' (check its spelling, or see `riskengine schema`)'}"
    if kind in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = _QUOTED.findall(expected)
        given = err.get("input")
        hint = did_you_mean(str(given), choices) if isinstance(given, str) else ""
        return f"{given!r} is not one of {expected}{hint}"
    return str(err["msg"])


def field_names(model: type[BaseModel], loc: Sequence[str | int]) -> tuple[str, ...]:
    """The fields of the model found at `loc` below `model`, or none if `loc` leads elsewhere."""
    annotation: Any = model
    for part in loc:
        annotation = _child(annotation, part)
        if annotation is None:
            return ()
    found = structural(annotation)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return tuple(found.model_fields)
    return ()


def _child(annotation: Any, part: str | int) -> Any:
    """The annotation one step down: a model's field, a map's value, a list's item."""
    node = structural(annotation)
    if isinstance(node, type) and issubclass(node, BaseModel):
        info = node.model_fields.get(str(part))
        return info.annotation if info is not None else None
    origin = typing.get_origin(node)
    if origin is dict:
        return typing.get_args(node)[1]
    if origin is list:
        return typing.get_args(node)[0]
    return None


def structural(annotation: Any) -> Any:
    """The structural type inside Annotated and Optional-like unions (a model, dict or list)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return structural(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = structural(arg)
            structured = typing.get_origin(inner) in (dict, list)
            if structured or (isinstance(inner, type) and issubclass(inner, BaseModel)):
                return inner
        return None
    return annotation


_YAML_HINTS = (
    ("did not find expected key", "check this line's indentation against the keys above it"),
    ("expected <block end>", "check this line's indentation against the lines above it"),
    (
        "mapping values are not allowed",
        "a value containing ': ' needs quotes, or this line is indented too far",
    ),
    ("expected ',' or '}'", "inside {...}, a value containing ',' or ':' needs quotes"),
    ("expected ',' or ']'", "inside [...], a value containing ',' or ':' needs quotes"),
    ("cannot start any token", "a value starting with '@', '`' or '%' needs quotes"),
)
TAB_HINT = "YAML indents with spaces, not tabs"


def yaml_hint(reason: str, line: str = "") -> str:
    """The usual cause of a PyYAML parse error at `line`, as ``"; hint: ..."``, or nothing."""
    if "\t" in line and ("token" in reason or "indent" in reason or "expected" in reason):
        return f"; hint: {TAB_HINT}"
    for fragment, hint in _YAML_HINTS:
        if fragment in reason:
            return f"; hint: {hint}"
    return ""
