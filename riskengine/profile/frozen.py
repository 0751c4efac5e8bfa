"""Read-only maps and lists for profile models, so a frozen profile is immutable all the way down.

Pydantic's ``frozen=True`` stops attribute assignment only: the dicts and lists a model holds
stay mutable, and a rule appending to ``profile.phases`` would change what every later rule (and
the caller) sees. Models freeze the containers they hold when they are validated or constructed.
`FrozenDict` and `FrozenList` are real ``dict`` and ``list`` subclasses, so reading, comparing,
serializing and copying (``dict(d)``, ``list(l)``) work as before; only changing them raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, SupportsIndex, TypeVar

from pydantic import BaseModel

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


def _refuse(*_: Any, **__: Any) -> NoReturn:
    raise TypeError("a profile is immutable: build a changed copy (see riskengine.patching)")


class FrozenDict(dict[K, V]):
    """A ``dict`` that refuses every change."""

    __slots__ = ()
    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        _refuse()

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        # pickle and copy would otherwise rebuild the dict through the refused __setitem__
        return type(self), (dict(self),)


class FrozenList(list[T]):
    """A ``list`` that refuses every change."""

    __slots__ = ()
    __setitem__ = __delitem__ = _refuse
    append = extend = insert = pop = remove = reverse = sort = clear = _refuse

    def __iadd__(self, other: Iterable[T]) -> NoReturn:  # type: ignore[misc,override]
        _refuse()

    def __imul__(self, other: SupportsIndex) -> NoReturn:
        _refuse()

    def __reduce__(self) -> tuple[type[FrozenList[T]], tuple[list[T]]]:
        return type(self), (list(self),)


def frozen(value: Any) -> Any:
    """`value` with every plain dict and list inside it (not inside models) made read-only."""
    if isinstance(value, FrozenDict | FrozenList | BaseModel):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(frozen(v) for v in value)
    return value


def freeze_fields(model: BaseModel) -> None:
    """Make the containers `model` holds read-only, in place (its sub-models freeze their own)."""
    state = model.__dict__
    for name, value in state.items():
        if isinstance(value, dict | list) and not isinstance(value, FrozenDict | FrozenList):
            state[name] = frozen(value)
