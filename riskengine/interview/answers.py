"""Typed answers to a question: parsing what a person types, and the profile data it becomes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from riskengine.interview.catalog import Spec

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})
NONE_WORDS = frozenset({"none", "nothing", "-"})
ID_LENGTH = 64


class BadAnswer(ValueError):
    """The text cannot be an answer to the question; the message says what would be."""


def parse(spec: Spec, text: str, options: Sequence[str] = ()) -> Any:
    """The value `text` gives the field `spec` describes.

    `options` are the ids an answer may name (``ref``, ``refs``, ``items`` keyed by a ref).
    ``entities`` and ``items`` give the list of names typed; `new_entities` and `new_items`
    turn them into profile data.
    """
    text = text.strip()
    kind = spec.kind
    if kind in ("bool", "exists"):
        return _yes_no(text, spec)
    if kind == "int":
        return _number(text, int)
    if kind == "float":
        return _number(text, float)
    if kind == "date":
        return _date(text)
    if kind == "choice":
        return _pick(text, spec.choices)
    if kind == "ref":
        return _pick(text, options)
    if kind in ("choices", "refs"):
        allowed = spec.choices if kind == "choices" else options
        return [] if _is_none(text) else [_pick(p, allowed) for p in _split(text, ",")]
    if kind == "items" and spec.target:
        return [] if _is_none(text) else [_pick(p, options) for p in _split(text, ",")]
    if kind in ("entities", "items"):
        return [] if _is_none(text) else _split(text, ",")
    if kind == "texts":
        return [] if _is_none(text) else _split(text, ";")
    if not text:
        raise BadAnswer("an answer is needed")
    return text


def _yes_no(text: str, spec: Spec) -> Any:
    word = text.lower()
    if word in YES:
        return {} if spec.kind == "exists" else True
    if word in NO or (spec.kind == "exists" and word in NONE_WORDS):
        return False
    raise BadAnswer("answer yes or no")


def _number(text: str, kind: type[int] | type[float]) -> int | float:
    cleaned = text.replace("_", "").replace(" ", "").rstrip("%")
    try:
        return kind(cleaned)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise BadAnswer(f"expected {what}, got {text!r}") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadAnswer(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _pick(text: str, allowed: Sequence[str]) -> str:
    """One of `allowed`, named by itself (any case, spaces for underscores) or its number."""
    word = text.strip()
    if word.isdigit() and 1 <= int(word) <= len(allowed):
        return allowed[int(word) - 1]
    wanted = _normal(word)
    for option in allowed:
        if _normal(option) == wanted:
            return option
    shown = ", ".join(allowed) if allowed else "none are known yet"
    raise BadAnswer(f"{word!r} is not one of: {shown}")


def _normal(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def _split(text: str, separator: str) -> list[str]:
    return [p.strip() for p in text.split(separator) if p.strip()]


def _is_none(text: str) -> bool:
    return text.strip().lower() in NONE_WORDS


def slug(name: str, taken: set[str], fallback: str) -> str:
    """An entity id for `name` that is valid and not in `taken`."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[: ID_LENGTH - 4] or fallback
    if not base[0].isalpha():
        base = f"{fallback}_{base}"[: ID_LENGTH - 4]
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


def new_entities(
    model: type[BaseModel], names: Sequence[str], taken: set[str], fallback: str
) -> dict[str, dict[str, Any]]:
    """Entities named `names`: each keyed by an id made from its name, which it keeps as label."""
    label = getattr(model, "label_field", None)
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        key = slug(name, taken | set(out), fallback)
        keeps_name = isinstance(label, str) and label in model.model_fields
        required = keeps_name and model.model_fields[str(label)].is_required()
        out[key] = {str(label): name} if keeps_name and (required or name != key) else {}
    return out


def new_items(model: type[BaseModel], keys: Sequence[str]) -> list[dict[str, Any]]:
    """List items identified by `keys` (their declared key field)."""
    key = getattr(model, "item_key", None) or next(iter(model.model_fields))
    return [{key: value} for value in keys]
