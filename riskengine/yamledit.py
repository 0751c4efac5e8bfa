"""Apply `Change`s to the text of a profile, keeping its comments, key order and layout.

YAML goes through a round-trip parser (ruamel.yaml), so only what the changes touch is
rewritten; JSON, which has no comments, is rewritten with two-space indentation. The caller
checks the result against `riskengine.patching.apply_changes` before writing it anywhere.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import MutableMapping, MutableSequence, Sequence
from typing import Any

from riskengine.errors import Problem, ProfileError
from riskengine.findings import Change
from riskengine.patching import pointer_parts

_SEQUENCE_UNDER_KEY = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*\n( *)- ", re.MULTILINE)


def edit_profile_text(text: str, changes: Sequence[Change], *, label: str) -> str:
    """`text` (YAML or JSON) with `changes` applied; raises `ProfileError` if a path is unusable."""
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        _apply_all(data, changes, label)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    yaml = _round_trip(text)
    data = yaml.load(text)
    _apply_all(data, changes, label)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _round_trip(text: str) -> Any:
    """A ruamel.yaml round-tripper set to the file's own line width and list indentation."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = max([80, *(len(line) for line in text.splitlines())])
    found = _SEQUENCE_UNDER_KEY.search(text)
    offset = len(found.group(2)) - len(found.group(1)) if found else 0
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _apply_all(data: Any, changes: Sequence[Change], label: str) -> None:
    for change in changes:
        try:
            _apply(data, pointer_parts(change.path), change)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            reason = f"cannot apply {change.op} here ({type(exc).__name__}: {exc})"
            raise ProfileError([Problem(label, reason, path=change.path)]) from None


def _apply(data: Any, parts: list[str], change: Change) -> None:
    """Apply one change in place, as `apply_changes` applies it to a model."""
    change = change.model_copy(update={"value": _plain(change.value)})
    *parents, last = parts
    node = data
    for part in parents:
        node = _child(node, part)
    if change.op == "set":
        _put(node, last, change.value)
    elif change.op == "add":
        items = _get(node, last)
        if items is None:
            _put(node, last, [change.value])
        elif not isinstance(items, MutableSequence):
            raise TypeError("'add' needs a list")
        elif change.value not in items:
            items.append(change.value)
    elif change.value is None:
        _delete(node, last)
    else:
        items = _get(node, last)
        if isinstance(items, MutableSequence):
            for index in reversed(range(len(items))):
                if items[index] == change.value:
                    del items[index]


def _plain(value: Any) -> Any:
    """`value` as a person would write it: 26, not 26.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _child(node: Any, part: str) -> Any:
    """The container at `part`, creating an empty mapping where nothing is stated yet."""
    found = _get(node, part)
    if found is None:
        if not isinstance(node, MutableMapping):
            raise KeyError(part)
        node[part] = found = {}
    return found


def _get(node: Any, part: str) -> Any:
    if isinstance(node, MutableMapping):
        return node.get(part)
    if isinstance(node, MutableSequence):
        return node[int(part)]
    raise TypeError(f"cannot go into a {type(node).__name__}")


def _put(node: Any, part: str, value: Any) -> None:
    if isinstance(node, MutableMapping):
        node[part] = value
    elif isinstance(node, MutableSequence):
        node[int(part)] = value
    else:
        raise TypeError(f"cannot go into a {type(node).__name__}")


def _delete(node: Any, part: str) -> None:
    if isinstance(node, MutableMapping):
        node.pop(part, None)
    elif isinstance(node, MutableSequence):
        del node[int(part)]
