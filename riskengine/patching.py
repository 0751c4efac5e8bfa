"""Apply `Change`s to an immutable `Profile`, sharing every part the changes do not touch.

Each model on the changed path is rebuilt with ``model_validate`` over the fields it states, so new
values are validated (and the root's reference check runs when a change could leave a reference
dangling) while untouched sub-models pass through as they are, without a deep copy. Facts the
profile left unknown stay unknown; removing a fact makes it unknown again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from riskengine.errors import Problem, ProfileError
from riskengine.findings import Change
from riskengine.messages import validation_message
from riskengine.profile import Profile
from riskengine.profile.base import without_blanks
from riskengine.profile.declare import TAG_PREFIX
from riskengine.profile.entities import may_change_references
from riskengine.profile.frozen import frozen

_MISSING = object()


def pointer_parts(path: str) -> list[str]:
    """Split a JSON pointer into unescaped parts."""
    parts = path.split("/")[1:]
    if "~" not in path:  # nothing escaped: the common case, kept quick for rules' many asks
        return parts
    return [p.replace("~1", "/").replace("~0", "~") for p in parts]


@lru_cache(maxsize=1 << 14)
def pointer(*parts: str | int) -> str:
    """Join parts into a JSON pointer, escaping ``~`` and ``/``."""
    # kept for reuse (bounded): rules build the same few hundred pointers for every profile
    # and again on each re-evaluation while ranking
    if not parts:
        return ""
    joined = "/" + "/".join(map(str, parts))
    # one slash per part and no tilde: nothing to escape (the common case, rules build many)
    if "~" not in joined and joined.count("/") == len(parts):
        return joined
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def apply_changes(profile: Profile, changes: Sequence[Change]) -> Profile:
    """Return a new profile with `changes` applied in order.

    The changes to one section are made on a draft of it and the section is validated once,
    with only its new entries checked; references are checked once all changes are made, so
    changes that add an entity and refer to it may come in any order.

    Raises:
        ProfileError: a change names a path that does not exist or sets an invalid value, or
            the changed profile refers to an entity that does not exist.
    """
    drafts: dict[str, Any] = {}
    owned: set[str] = set()  # sections whose draft is a map this call copied (safe to edit)
    made: dict[str, list[Change]] = {}
    unchecked: dict[str, Change] = {}  # sections whose references a change may have broken
    for change in changes:
        parts = pointer_parts(change.path)
        if not parts:
            raise ProfileError([Problem("<change>", "a change cannot replace the whole profile")])
        head = parts[0]
        with _as_problem(change):
            if head not in Profile.model_fields:
                raise KeyError(f"Profile has no field {head!r}")
            current = drafts[head] if head in drafts else getattr(profile, head)
            drafts[head] = _draft(current, parts[1:], change, head, owned)
        made.setdefault(head, []).append(change)
        if may_change_references(profile, parts):
            unchecked.setdefault(head, change)
    changed = profile
    for head, value in drafts.items():
        with _as_problem(_culprit(made[head], None)) as culprits:
            culprits.extend(made[head])
            changed = _changed_profile(changed, head, value)
    if unchecked:
        lost = any(_lost_ids(profile, changed, section) for section in unchecked)
        problems = changed.reference_problems(None if lost else frozenset(unchecked))
        if problems:
            section = str(problems[0]["loc"][0])
            with _as_problem(unchecked.get(section, next(iter(unchecked.values())))):
                raise ValidationError.from_exception_data(Profile.__name__, problems)
    return changed


def _draft(current: Any, rest: list[str], change: Change, head: str, owned: set[str]) -> Any:
    """Section `head` (now `current`) after `change`: a map is copied once and edited in place,
    anything else is rebuilt as a single change would."""
    if not rest or not isinstance(current, dict):
        owned.discard(head)
        return _descend(current, rest, change)
    target = current if head in owned else dict(current)
    owned.add(head)
    key, below = rest[0], rest[1:]
    existing = target.get(key, _MISSING)
    if existing is _MISSING and not below and change.op == "remove":
        return target
    child = _descend(existing, below, change)
    if child is _MISSING:
        target.pop(key, None)
    else:
        target[key] = child
    return target


def _culprit(changes: list[Change], key: object) -> Change:
    """The change to blame for a problem found at entry `key` of a section: the last one that
    touched that entry, else the last one made to the section."""
    for change in reversed(changes):
        parts = pointer_parts(change.path)
        if key is not None and len(parts) > 1 and parts[1] == str(key):
            return change
    return changes[-1]


@contextmanager
def _as_problem(change: Change) -> Iterator[list[Change]]:
    """Turn a change's validation or lookup error into a located ProfileError.

    The caller may list, in the yielded list, several changes validated together: the one
    whose entry the error names is then blamed instead of `change`.
    """
    together: list[Change] = []
    try:
        yield together
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(p for p in first["loc"] if not str(p).startswith(TAG_PREFIX))
        where = ".".join(str(p) for p in loc)
        message = validation_message(first, None, loc)
        detail = f"{where}: {message}" if where else message
        if together:
            change = _culprit(together, loc[0] if loc else None)
        raise ProfileError([Problem("<change>", detail, path=change.path)]) from None
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        reason = str(exc.args[0]) if exc.args else type(exc).__name__
        if together:
            change = together[-1]
        raise ProfileError([Problem("<change>", reason, path=change.path)]) from None


def _apply(node: Any, parts: list[str], change: Change) -> Any:
    if not parts:
        return _leaf(node, change)
    head, rest = parts[0], parts[1:]
    if isinstance(node, BaseModel):
        return _apply_model(node, head, rest, change)
    if isinstance(node, dict):
        current = node.get(head, _MISSING)
        if current is _MISSING and not rest and change.op == "remove":
            return node
        child = _descend(current, rest, change)
        updated = dict(node)
        if child is _MISSING:
            updated.pop(head, None)
        else:
            updated[head] = child
        return updated
    if isinstance(node, list):
        index = int(head)
        child = _descend(node[index], rest, change)
        updated_list = list(node)
        if child is _MISSING:
            del updated_list[index]
        else:
            updated_list[index] = child
        return updated_list
    if node is None or node is _MISSING:
        return _apply({}, parts, change)
    raise KeyError(f"cannot go into a {type(node).__name__} at {head!r}")


def _apply_model(node: BaseModel, head: str, rest: list[str], change: Change) -> BaseModel:
    fields = type(node).model_fields
    if head not in fields:
        raise KeyError(f"{type(node).__name__} has no field {head!r}")
    child = _descend(getattr(node, head), rest, change)
    if isinstance(node, Profile):
        return _changed_profile(node, head, child)
    # only what the profile states is carried over: a default must not turn into a stated fact
    values = {name: getattr(node, name) for name in node.model_fields_set}
    if child is _MISSING or child is None:
        values.pop(head, None)  # removing a fact (or nulling it, as in a file) makes it unknown
    else:
        values[head] = child
    return type(node).model_validate(values)


def _changed_profile(profile: Profile, head: str, child: Any) -> Profile:
    """`profile` with section `head` replaced by `child`, validated as loading would.

    Only the changed section is validated: every other section was valid and stays shared.
    References are left to `apply_changes`, which checks them where they can newly dangle.
    """
    if child is None or child is _MISSING:  # removing a fact (or nulling it) makes it unknown
        values = {n: getattr(profile, n) for n in profile.model_fields_set if n != head}
        changed = Profile.model_construct(_fields_set=set(values), **values)
    else:
        value = _validated_section(head, getattr(profile, head), child)
        # a shallow copy shares every untouched section; building anew would recompute defaults
        changed = profile.model_copy(update={head: value})
    changed._source = None  # positions in the file describe the original only
    return changed


def _validated_section(name: str, old: Any, new: Any) -> Any:
    """Section `name` changed from `old` to `new`, validated; in a map, only the new entries."""
    adapter = _field_adapter(name)
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return frozen(adapter.validate_python(without_blanks(new)))
    # a null entry is left out, as in a file; untouched entries are the valid models they were
    fresh = {
        k: without_blanks(v)
        for k, v in new.items()
        if v is not None and old.get(k, _MISSING) is not v
    }
    checked = adapter.validate_python(fresh) if fresh else {}
    return frozen({k: checked.get(k, v) for k, v in new.items() if v is not None})


def _lost_ids(before: Profile, after: Profile, section: str) -> bool:
    """Whether an entity section lost ids others may refer to."""
    old, new = getattr(before, section), getattr(after, section)
    if not isinstance(old, dict):
        return False
    return not isinstance(new, dict) or any(key not in new for key in old)


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    """A validator for one top-level profile field, with the field's own constraints."""
    info = Profile.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def _descend(current: Any, rest: list[str], change: Change) -> Any:
    if rest:
        base = {} if current is None or current is _MISSING else current
        return _apply(base, rest, change)
    return _leaf(current, change)


def _leaf(current: Any, change: Change) -> Any:
    if change.op == "set":
        return change.value
    if change.op == "add":
        items = [] if current is None or current is _MISSING else current
        if not isinstance(items, list):
            raise TypeError("'add' needs a list at this path")
        return items if any(_same(i, change.value) for i in items) else [*items, change.value]
    if change.value is not None and isinstance(current, list):
        return [i for i in current if not _same(i, change.value)]
    return _MISSING


def _same(item: Any, value: Any) -> bool:
    if isinstance(item, BaseModel) and isinstance(value, dict):
        return bool(item.model_dump(exclude_unset=True) == value)
    return bool(item == value)
