"""A read-only view of a profile that records which top-level sections are read through it.

The engine hands rules (and graph enrichers) this view instead of the profile, so it knows what
each one actually read and can tell, when a recommendation changes a section, which results
that change can affect. Nothing a rule declares about itself is trusted for that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from riskengine.profile.model import Profile

EVERYTHING = "*"
"""Recorded when something other than a section is read (``model_dump()``, iteration, ...)."""


class RecordingProfile:
    """Forwards attribute reads to a profile and notes each top-level field read in `reads`."""

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
        self._reads.add(name if name in self._fields else EVERYTHING)
        return getattr(self._profile, name)

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


def recording(profile: Profile, reads: set[str]) -> Profile:
    """A view of `profile` that adds the name of every section read to `reads`."""
    return cast("Profile", RecordingProfile(profile, reads))
