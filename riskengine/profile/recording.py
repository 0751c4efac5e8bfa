"""A read-only view of a profile that records which parts are read through it.

The engine hands rules (and graph enrichers) this view instead of the profile, so it knows what
each one actually read and can tell, when a recommendation changes something, which results that
change can affect. Nothing a rule declares about itself is trusted for that.

Reads are recorded as keys, pointers without the leading slash and at most `DEPTH` steps deep:
a field of a section (``sponsor/engagement``), a field of an entity
(``departments/sales/value``), the ids of an entity map (``departments/#``), or a whole
section when it was used as a whole. See `touches` for how keys meet changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel

if TYPE_CHECKING:
    from riskengine.profile.model import Profile

EVERYTHING = "*"
"""Recorded when something other than a section is read (``model_dump()``, iteration, ...)."""
KEYS = "#"
"""Last step of the key recorded when an entity map's ids are listed (``departments/#``)."""
EXISTS = "?"
"""Last step of the key recorded when only a model's presence was read (``sponsor/?``)."""
DEPTH = 3
"""Read keys go this many pointer steps deep at most (``departments/sales/value``)."""


class RecordingProfile:
    """Forwards attribute reads to a profile and notes what of each section is read."""

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
            return value
        return _recorded(value, name, self._reads)

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


def _recorded(value: Any, key: str, reads: set[str]) -> Any:
    """`value` (found at read key `key`) wrapped so reads below it are recorded finely."""
    return _view(value, key, reads, ids_read=False)


def stated(value: Any, key: str, reads: set[str]) -> Any:
    """A stated value found at read key `key`, for a rule that asked for it by pointer.

    A model or an entity map is handed out as a recording view, with only its presence
    recorded (``sponsor/?``, ``roles/#``): a rule asking whether roles are stated at all then
    does not depend on every field of every role, only on what it goes on to read.
    """
    return _view(value, key, reads, ids_read=True)


def _view(value: Any, key: str, reads: set[str], *, ids_read: bool) -> Any:
    """A recording view of a model or entity map at `key` (anything else: `key` is read whole).

    That a model is stated at all is always read (a rule may only check it is there); a map's
    id set is read up front only when `ids_read`, else when the rule lists the ids.
    """
    depth = key.count("/") + 1
    if isinstance(value, BaseModel) and depth < DEPTH:
        reads.add(f"{key}/{EXISTS}")
        return RecordingModel(value, key, reads)
    if isinstance(value, dict) and depth == 1 and value and _holds_models(value):
        if ids_read:
            reads.add(f"{key}/{KEYS}")
        return RecordingMap(value, key, reads)
    reads.add(key)
    return value


def _holds_models(value: dict[Any, Any]) -> bool:
    return isinstance(next(iter(value.values())), BaseModel)


class RecordingModel:
    """A section (``sponsor``) or an entity (``departments/sales``) that notes each field read.

    Anything other than reading a declared field (comparing, dumping, iterating, methods) is
    recorded as a read of the whole.
    """

    __slots__ = ("_fields", "_key", "_model", "_reads")

    def __init__(self, model: BaseModel, key: str, reads: set[str]) -> None:
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_fields", type(model).model_fields)

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._model)

    def __getattr__(self, name: str) -> Any:
        if name in self._fields:
            self._reads.add(f"{self._key}/{name}")
        else:
            self._reads.add(self._key)
        return getattr(self._model, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the profile is read-only")

    def _whole(self) -> BaseModel:
        self._reads.add(self._key)
        model: BaseModel = self._model
        return model

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return iter(self._whole())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordingModel):
            other = other._whole()
        return bool(self._whole() == other)

    def __hash__(self) -> int:
        return hash(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())

    def __str__(self) -> str:
        return str(self._whole())


class RecordingMap:
    """An entity map (``departments``) that notes which entities, and which of their fields,
    are read. Listing the ids alone is a read of the id set (``departments/#``), so a change
    inside one entity does not touch it."""

    __slots__ = ("_key", "_map", "_reads")

    def __init__(self, value: dict[str, Any], key: str, reads: set[str]) -> None:
        self._map = value
        self._key = key
        self._reads = reads

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type(self._map)

    def _ids(self) -> dict[str, Any]:
        self._reads.add(f"{self._key}/{KEYS}")
        return self._map

    def _item(self, key: str, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return RecordingModel(value, f"{self._key}/{key}", self._reads)
        self._reads.add(f"{self._key}/{key}")
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids())

    def __len__(self) -> int:
        return len(self._ids())

    def __bool__(self) -> bool:
        return bool(self._ids())

    def keys(self) -> Any:
        """The ids."""
        return self._ids().keys()

    def _look_up(self, key: object) -> bool:
        """Whether the map has `key`, recording that the answer was read."""
        if not isinstance(key, str):
            self._reads.add(self._key)
            return key in self._map
        found = key in self._map
        # an entity that exists stays until its id is removed; one that does not can be
        # created by any change below its id
        self._reads.add(f"{self._key}/{key}/{EXISTS}" if found else f"{self._key}/{key}")
        return found

    def __contains__(self, key: object) -> bool:
        return self._look_up(key)

    def __getitem__(self, key: str) -> Any:
        self._look_up(key)
        return self._item(key, self._map[key])

    def get(self, key: str, default: Any = None) -> Any:
        """The entity with id `key`, or `default`."""
        if not self._look_up(key):
            return default
        return self._item(key, self._map[key])

    def values(self) -> Iterator[Any]:
        """Every entity."""
        return (self._item(k, v) for k, v in self._ids().items())

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every (id, entity)."""
        return ((k, self._item(k, v)) for k, v in self._ids().items())

    def __getattr__(self, name: str) -> Any:
        self._reads.add(self._key)
        return getattr(self._map, name)

    def __eq__(self, other: object) -> bool:
        self._reads.add(self._key)
        if isinstance(other, RecordingMap):
            other = other._map
        return bool(self._map == other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._reads.add(self._key)
        return repr(self._map)


def recording(profile: Profile, reads: set[str]) -> Profile:
    """A view of `profile` that adds a key for every part read to `reads`."""
    return cast("Profile", RecordingProfile(profile, reads))


def read_key(parts: list[str]) -> str:
    """The key a read of the fact at pointer `parts` is recorded under."""
    return "/".join(parts[:DEPTH])


def members_key(section: str, field: str, value: str) -> str:
    """The read key of which entities of `section` have `field` equal to `value`
    (``roles/#department=sales``): a rule listing a department's roles depends on that, not on
    every role's department. `regrouped` finds the keys a change touches."""
    return f"{section}/{KEYS}{field}={value}"


MEMBERSHIPS = (("roles", "department"),)
"""The (section, field) groupings rules read as `members_key`s."""


def regrouped(before: Any, after: Any, changed: Iterable[list[str]]) -> frozenset[str]:
    """The `members_key`s whose members differ between profiles `before` and `after`, which
    the changes at pointers `changed` turned one into the other. An entity added, removed or
    moved touches the group it left and the group it joined; any other change touches none."""
    keys: set[str] = set()
    for parts in changed:
        for section, field in MEMBERSHIPS:
            if len(parts) < 2 or parts[0] != section or parts[2:3] not in ([], [field]):
                continue
            was, now = (_group_of(p, section, parts[1], field) for p in (before, after))
            if was != now:
                keys.update(members_key(section, field, v) for v in (was, now) if v is not None)
    return frozenset(keys)


def _group_of(profile: Any, section: str, key: str, field: str) -> str | None:
    entity = getattr(profile, section).get(key)
    return None if entity is None else getattr(entity, field)


def sections_of(reads: Iterable[str]) -> frozenset[str]:
    """The sections `reads` touch, whole or in part."""
    return frozenset(key.split("/", 1)[0] for key in reads)


def touches(reads: frozenset[str], changed: Iterable[list[str]]) -> bool:
    """Whether a change at any of the pointers `changed` can alter what `reads` recorded.

    A change and a read meet when one's pointer starts with the other's: changing
    ``/departments/sales`` alters ``departments/sales/value``, and changing
    ``/departments/sales/value`` alters a read of the whole department. A change that may add
    or remove an entity also alters the id set (``departments/#``). (`ReadIndex` answers the
    same for many readers at once.)
    """
    return ChangeSet(changed).touches(reads)


class ChangeSet:
    """Which read keys changes at some pointers touch (see `touches`), for checking many sets of
    reads against the same changes; `moved` are the membership keys they touch (`regrouped`)."""

    def __init__(self, changed: Iterable[list[str]], moved: Iterable[str] = ()) -> None:
        self.everything = False
        # each change's key and every key above it; membership keys (`regrouped`) as they are
        self._at: set[str] = set(moved)
        self._below: set[str] = set()  # change keys a read under which is touched
        self._ids: set[str] = set()  # id sets an entity's change may alter
        for parts in changed:
            if not parts:
                self.everything = True
            key = ""
            for part in parts[:DEPTH]:
                key = f"{key}/{part}" if key else part
                self._at.add(key)
            if len(parts) < DEPTH:
                self._below.add(key)
            if len(parts) == 2:
                self._ids.add(f"{parts[0]}/{KEYS}")

    def touches(self, reads: Iterable[str]) -> bool:
        """Whether a change can alter what `reads` recorded."""
        if self.everything:
            return True
        return any(self.touches_key(key) for key in reads)

    def touches_key(self, key: str) -> bool:
        """Whether a change can alter what the one read key `key` recorded."""
        if self.everything or key == EVERYTHING or key in self._at or key in self._ids:
            return True
        cut = key.rfind("/")
        while cut > 0:
            if key[:cut] in self._below:
                return True
            cut = key.rfind("/", 0, cut)
        return False


class ReadIndex:
    """What each of several readers (rules, by id) read, indexed by read key, so the readers a
    change touches are found in a few lookups rather than by asking each one."""

    def __init__(self, reads: Mapping[str, frozenset[str]]) -> None:
        self._names = frozenset(reads)
        self._always: set[str] = set()
        self._at: dict[str, set[str]] = {}
        self._under: dict[str, set[str]] = {}
        self._ids: dict[str, set[str]] = {}
        for name, keys in reads.items():
            if EVERYTHING in keys:
                self._always.add(name)
                continue
            for key in keys:
                self._at.setdefault(key, set()).add(name)
                parts = key.split("/")
                for i in range(1, len(parts)):
                    self._under.setdefault("/".join(parts[:i]), set()).add(name)
                if len(parts) == 2 and parts[1] == KEYS:
                    self._ids.setdefault(parts[0], set()).add(name)

    def touched(self, changed: Iterable[list[str]], moved: Iterable[str] = ()) -> frozenset[str]:
        """The readers a change at any of the pointers `changed` can affect (see `touches`),
        `moved` being the membership keys it touches (see `regrouped`)."""
        out = set(self._always)
        for key in moved:
            out.update(self._at.get(key, ()))
        for parts in changed:
            if not parts:
                return self._names
            key = ""
            for part in parts[:DEPTH]:
                key = f"{key}/{part}" if key else part
                out.update(self._at.get(key, ()))
            if len(parts) < DEPTH:
                out.update(self._under.get(key, ()))
            if len(parts) == 2:
                out.update(self._ids.get(parts[0], ()))
        return frozenset(out)
