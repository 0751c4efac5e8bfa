"""A read-only view of a profile that records which parts are read through it.

The engine hands rules (and graph enrichers) this view instead of the profile, so it knows what
each one actually read and can tell, when a recommendation changes something, which results that
change can affect. Nothing a rule declares about itself is trusted for that.

Reads are recorded as keys: a section (``departments``), or a section's field
(``sponsor/engagement``) when only that field of a single-valued section was read. See
`read_key` and `touches` for how keys meet changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

if TYPE_CHECKING:
    from riskengine.profile.model import Profile

EVERYTHING = "*"
"""Recorded when something other than a section is read (``model_dump()``, iteration, ...)."""


class RecordingProfile:
    """Forwards attribute reads to a profile and notes each section (or section field) read."""

    __slots__ = ("_fields", "_profile", "_reads")

    def __init__(self, profile: Profile, reads: set[str]) -> None:
        object.__setattr__(self, "_profile", profile)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_fields", type(profile).model_fields)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        # isinstance(view, Profile) holds, as it would for the profile itself
        return type(self._profile)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._profile, name)
        if name not in self._fields:
            self._reads.add(EVERYTHING)
        elif isinstance(value, BaseModel):
            # a single-valued section: record the fields read, not the whole section
            return RecordingSection(value, name, self._reads)
        else:
            self._reads.add(name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the profile is read-only")

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        self._reads.add(EVERYTHING)
        return iter(self._profile)

    def __eq__(self, other: object) -> bool:
        self._reads.add(EVERYTHING)
        if isinstance(other, RecordingProfile):
            other = other._profile
        return bool(self._profile == other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._reads.add(EVERYTHING)
        return repr(self._profile)


class RecordingSection:
    """A single-valued section (``sponsor``, ``organization``) that notes each field read.

    Anything other than reading a declared field (comparing, dumping, iterating, methods) is
    recorded as a read of the whole section.
    """

    __slots__ = ("_fields", "_model", "_name", "_reads")

    def __init__(self, model: BaseModel, name: str, reads: set[str]) -> None:
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_fields", type(model).model_fields)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._model)

    def __getattr__(self, name: str) -> Any:
        if name in self._fields:
            self._reads.add(f"{self._name}/{name}")
        else:
            self._reads.add(self._name)
        return getattr(self._model, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the profile is read-only")

    def _whole(self) -> BaseModel:
        self._reads.add(self._name)
        model: BaseModel = self._model
        return model

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._whole())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordingSection):
            other = other._whole()
        return bool(self._whole() == other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    def __str__(self) -> str:
        return str(self._whole())


def recording(profile: Profile, reads: set[str]) -> Profile:
    """A view of `profile` that adds a key for every part read to `reads`."""
    return cast("Profile", RecordingProfile(profile, reads))


def read_key(parts: list[str]) -> str:
    """The key a read of the fact at pointer `parts` is recorded under."""
    return "/".join(parts[:2])


def sections_of(reads: Iterable[str]) -> frozenset[str]:
    """The sections `reads` touch, whole or in part."""
    return frozenset(key.split("/", 1)[0] for key in reads)


def touches(reads: frozenset[str], changed: Iterable[list[str]]) -> bool:
    """Whether a change at any of the pointers `changed` can alter what `reads` recorded."""
    if EVERYTHING in reads:
        return True
    for parts in changed:
        if not parts:
            return True
        if parts[0] in reads:
            return True
        if len(parts) == 1:
            if any(key.startswith(parts[0] + "/") for key in reads):
                return True
        elif f"{parts[0]}/{parts[1]}" in reads:
            return True
    return False
