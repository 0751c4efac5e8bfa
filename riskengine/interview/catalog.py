"""What an answer at a profile pointer looks like, read from the profile model itself.

Every question the interview asks is the documentation of one model field (its description, its
closed vocabulary, the entity kind it refers to), so the interview and ``riskengine init`` can
never drift apart from the model. Plugin extension sections are described by the models their
plugins register.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from riskengine.profile.declare import Fact, Ref
from riskengine.profile.entities import model_of

Kind = Literal[
    "text",
    "int",
    "float",
    "date",
    "bool",
    "choice",
    "choices",
    "ref",
    "refs",
    "texts",
    "exists",
    "entities",
    "items",
    "section",
]
"""How a field is answered: a value of a type, a pick from choices or entities, new entities or
list items, whether an optional section exists, or (``section``) a group of fields of its own."""

ASKABLE: frozenset[str] = frozenset(typing.get_args(Kind)) - {"section"}

EXTENSIONS = "extensions"


@dataclass(frozen=True)
class Spec:
    """What an answer at one pointer is: its kind, meaning, choices and referred entity kind."""

    kind: Kind
    description: str
    choices: tuple[str, ...] = ()
    target: str | None = None
    """Entity kind a ``ref``/``refs`` answer names (for ``items``: the kind its key names)."""
    model: type[BaseModel] | None = None
    """Model of what an ``entities``, ``items``, ``exists`` or ``section`` answer creates."""
    fact: Fact | None = None
    """The most worrying and most reassuring answers, when the field declares them."""
    required: bool = False


def spec_at(
    root: type[BaseModel], extensions: Mapping[str, type[BaseModel]], parts: list[str]
) -> Spec | None:
    """The `Spec` of the field pointer `parts` ends at, or None when no field is there."""
    if parts[:1] == [EXTENSIONS]:
        model = extensions.get(parts[1]) if len(parts) > 1 else None
        if model is None:
            return None
        if len(parts) == 2:
            return Spec("section", _clean(model.__doc__ or parts[1]), model=model)
        return _walk(model, tuple(parts[2:]))
    return _walk(root, tuple(parts))


@cache
def _walk(model: type[BaseModel], parts: tuple[str, ...]) -> Spec | None:
    """Follow `parts` through the models; a map key or list index selects one item."""
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    name = ""
    pending: type[BaseModel] | None = None  # the item model a key or index selects
    for part in parts:
        if pending is not None:
            current, pending, info = pending, None, None
            continue
        if current is None or part not in current.model_fields:
            return None
        info, name = current.model_fields[part], part
        current, pending = step_into(info.annotation)
    if info is None:
        return Spec("section", _clean(current.__doc__ or ""), model=current) if current else None
    return classify(info, name)


def step_into(annotation: Any) -> tuple[type[BaseModel] | None, type[BaseModel] | None]:
    """Below a field: (the model it holds directly, the model each of its keys or items holds)."""
    if typing.get_origin(annotation) is dict:
        item, _ = model_of(typing.get_args(annotation)[1])
        return None, item
    nested, many = model_of(annotation)
    return (None, nested) if many else (nested, None)


def classify(info: FieldInfo, name: str) -> Spec:
    """The `Spec` of the model field `name`; an undocumented field is described by its name."""
    annotation = info.annotation
    description = _clean(info.description or "") or name.replace("_", " ").capitalize()
    fact = next((m for m in info.metadata if isinstance(m, Fact)), None)
    ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
    target = ref.kind if ref is not None else None
    required = info.is_required()
    if typing.get_origin(annotation) is dict:
        entity, _ = model_of(typing.get_args(annotation)[1])
        return Spec("entities", description, model=entity, required=required)
    nested, many = model_of(annotation)
    if nested is not None:
        if many:
            return Spec("items", description, target=_key_target(nested), model=nested)
        kind: Kind = "exists" if "Literal[False]" in repr(annotation) else "section"
        return Spec(kind, description, model=nested, required=required)
    plain = _plain(annotation)
    if typing.get_origin(plain) is list:
        inner = _plain(typing.get_args(plain)[0])
        if typing.get_origin(inner) is Literal:
            return Spec("choices", description, choices=_literals(inner))
        return Spec("refs" if target else "texts", description, target=target)
    if target:
        return Spec("ref", description, target=target, fact=fact, required=required)
    if typing.get_origin(plain) is Literal:
        return Spec("choice", description, _literals(plain), fact=fact, required=required)
    return Spec(_scalar_kind(plain), description, fact=fact, required=required)


def _scalar_kind(plain: Any) -> Kind:
    if plain is bool:
        return "bool"
    if plain is int:
        return "int"
    if plain is float:
        return "float"
    if plain is dt.date:
        return "date"
    return "text"


def _key_target(item: type[BaseModel]) -> str | None:
    """The entity kind an item model's key field refers to (steering members name departments)."""
    key = getattr(item, "item_key", None)
    info = item.model_fields.get(key) if isinstance(key, str) else None
    ref = next((m for m in info.metadata if isinstance(m, Ref)), None) if info else None
    return ref.kind if ref is not None else None


def _plain(annotation: Any) -> Any:
    """`annotation` without ``Annotated`` wrappers and without ``None``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _plain(args[0])
    return annotation


def _literals(literal: Any) -> tuple[str, ...]:
    return tuple(str(a) for a in typing.get_args(literal) if a is not False)


def _clean(text: str) -> str:
    """A description as one plain line: docstring quoting removed, whitespace folded."""
    return " ".join(text.replace("``", "").replace("`", "").split())


def field_order(model: type[BaseModel], name: str) -> int:
    """Position of field `name` in `model` (unknown names last)."""
    names = list(model.model_fields)
    return names.index(name) if name in names else len(names)
