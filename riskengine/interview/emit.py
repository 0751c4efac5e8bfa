"""The profile an interview wrote, as YAML with each field's question as its comment."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import BaseModel

from riskengine.errors import RiskEngineError
from riskengine.interview.catalog import EXTENSIONS, Spec, spec_at, step_into
from riskengine.loading import load_profile_text
from riskengine.profile import Profile

HEADER = """\
# riskengine project profile, written by `riskengine interview`. Each answer carries its question
# as a comment. What was not answered is left out: it is unknown, never assumed, and the
# assessment lists it as an open question. `riskengine interview --from THIS_FILE` asks them.
"""


def profile_yaml(data: Mapping[str, Any], extensions: Mapping[str, type[BaseModel]]) -> str:
    """`data` as commented YAML, checked by loading it back.

    Raises:
        RiskEngineError: the text does not load back to the same profile (a bug, never the user's).
    """
    lines = HEADER.rstrip("\n").split("\n")
    lines += _mapping(data, Profile, [], extensions, indent=0)
    text = "\n".join(lines) + "\n"
    loaded = load_profile_text(text, label="<interview>")
    if loaded != load_profile_text(yaml.safe_dump(dict(data)), label="<interview>"):
        raise RiskEngineError("the profile written does not read back as answered")
    return text


def _mapping(
    data: Mapping[str, Any],
    model: type[BaseModel] | None,
    at: list[str],
    extensions: Mapping[str, type[BaseModel]],
    indent: int,
    *,
    keyed: bool = False,
) -> list[str]:
    """Lines of a mapping: fields in the model's order, or (`keyed`) entities by id as given."""
    names = [] if keyed or model is None else list(model.model_fields)
    keys = [n for n in names if n in data] + [k for k in data if k not in names]
    lines: list[str] = []
    for key in keys:
        below = (model, False) if keyed else _below(model, key, at, extensions)
        lines += _entry(key, data[key], below, [*at, key], extensions, indent)
    return lines


def _entry(
    key: str,
    value: Any,
    below: tuple[type[BaseModel] | None, bool],
    at: list[str],
    extensions: Mapping[str, type[BaseModel]],
    indent: int,
) -> list[str]:
    """One key with its value: inline for scalars and plain lists, nested for the rest."""
    model, keyed = below
    head = f"{'  ' * indent}{_scalar(key)}:"
    note = _note(spec_at(Profile, extensions, at))
    if isinstance(value, dict) and value:
        body = _mapping(value, model, at, extensions, indent + 1, keyed=keyed)
        return [_commented(head, note), *body]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        lines = [_commented(head, note)]
        for i, item in enumerate(value):
            body = _mapping(item, model, [*at, str(i)], extensions, indent + 2)
            first = body[0].lstrip() if body else "{}"
            lines += [f"{'  ' * (indent + 1)}- {first}", *body[1:]]
        return lines
    return [_commented(f"{head} {_scalar(value)}", note)]


def _below(
    model: type[BaseModel] | None,
    key: str,
    at: list[str],
    extensions: Mapping[str, type[BaseModel]],
) -> tuple[type[BaseModel] | None, bool]:
    """The model of the values below `key`, and whether they are keyed by id (an entity map)."""
    if at == [EXTENSIONS]:
        return extensions.get(key), False
    if model is None or key not in model.model_fields:
        return None, False
    annotation = model.model_fields[key].annotation
    direct, item = step_into(annotation)
    return direct or item, item is not None and typing.get_origin(annotation) is dict


def _note(spec: Spec | None) -> str:
    return spec.description if spec is not None else ""


def _commented(line: str, note: str) -> str:
    return f"{line}  # {note}" if note else line


def _scalar(value: Any) -> str:
    """A value as inline YAML (quoted when needed, lists in flow style)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    return text.strip().removesuffix("...").strip()
