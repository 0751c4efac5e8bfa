"""Read profiles from YAML, JSON or Python mappings: located errors, and positions for reports."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from riskengine.errors import Problem, ProfileError
from riskengine.gcpause import collector_paused
from riskengine.limits import (
    DEFAULT_LIMITS,
    LimitExceeded,
    Limits,
    beyond,
    check_data,
    check_integer_text,
    check_json_depth,
    check_yaml_depth,
    read_bounded,
)
from riskengine.messages import validation_message, yaml_hint
from riskengine.profile import Profile
from riskengine.profile.declare import TAG_PREFIX

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathOrData = str | os.PathLike[str] | Mapping[str, Any]

SCHEMA_KEY = "$schema"
"""A top-level key editors read to find the profile's JSON Schema; the engine ignores it."""


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loader refusing duplicate keys (a repeated id would silently replace an entity)
    and integers too long to convert quickly.

    Plain scalars repeat a lot in a profile (``high``, ``sales``, ``true``), so the tag each one
    resolves to is remembered per loader instead of matching the implicit resolvers' patterns
    again for every occurrence. The loader has no path resolvers, so their bookkeeping per node
    is skipped.
    """

    limits: Limits = DEFAULT_LIMITS

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode or not implicit[0]:
            tag: str = super().resolve(kind, value, implicit)
            return tag
        known = self._plain_tags.get(value)
        if known is None:
            known = self._plain_tags[value] = super().resolve(kind, value, implicit)
        return known

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: no path resolver is registered on this loader."""

    def ascend_resolver(self) -> None:
        """Nothing to track: no path resolver is registered on this loader."""

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            check_integer_text(str(node.value), self.limits)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(None, None, str(exc), node.start_mark) from None
        value: int = super().construct_yaml_int(node)
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen[key] = key_node
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


Position = tuple[int, int]


class SourceMap:
    """Where each part of a profile stands in the file it was read from.

    Positions are gathered from the parse that read the profile (a YAML node tree), or, for
    JSON, from one composition of the same text the first time a position is asked for; never
    once per question. Keys are the JSON-pointer parts of each mapping key and list item.
    """

    def __init__(self, label: str, *, text: str | None = None, node: yaml.Node | None = None):
        self.label = label
        self._text = text
        self._node = node
        self._positions: dict[tuple[str, ...], tuple[Position, Position]] | None = None

    def _table(self) -> dict[tuple[str, ...], tuple[Position, Position]]:
        if self._positions is None:
            node = self._node
            if node is None and self._text is not None:
                try:
                    node = yaml.compose(self._text, Loader=_BaseLoader)
                except yaml.YAMLError:
                    node = None
            table: dict[tuple[str, ...], tuple[Position, Position]] = {}
            if node is not None:
                table[()] = (_mark(node), _mark(node))
                _record(node, (), table, set())
            self._positions, self._node, self._text = table, None, None
        return self._positions

    def position(self, parts: Sequence[str | int], *, at_key: bool = True) -> Position | None:
        """1-based (line, column) of the key (or value) at `parts`, or of its nearest parent."""
        table = self._table()
        path = tuple(str(p) for p in parts)
        while path not in table and path:
            path, at_key = path[:-1], False
        found = table.get(path)
        if found is None:
            return None
        return found[0] if at_key else found[1]


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _record(
    node: yaml.Node,
    path: tuple[str, ...],
    table: dict[tuple[str, ...], tuple[Position, Position]],
    seen: set[int],
) -> None:
    """Note the position of every key and item below `node`; an alias is walked only once."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*path, str(key.value))
            table.setdefault(here, (_mark(key), _mark(value)))
            _record(value, here, table, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            here = (*path, str(i))
            table.setdefault(here, (_mark(item), _mark(item)))
            _record(item, here, table, seen)


def source_of(profile: Profile) -> SourceMap | None:
    """Where `profile` was read from, when it was loaded from a file or text."""
    source = profile._source
    return source if isinstance(source, SourceMap) else None


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def load_profile(source: PathOrData, *, limits: Limits | None = None) -> Profile:
    """Load and validate a project profile.

    The file is read once (a FIFO or a pipe works) and every limit in `limits` is checked before
    anything can take memory, time or stack in proportion to a hostile input.

    Args:
        source: a path to a ``.yaml``/``.yml``/``.json`` file (other names are sniffed by content),
            or a mapping already in memory.
        limits: input bounds; `riskengine.limits.DEFAULT_LIMITS` when left out.

    Returns:
        The validated, immutable `Profile`.

    Raises:
        ProfileError: the file cannot be read, is not valid YAML/JSON, or does not validate; each
            problem names the file, line, column and field path.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(source, Mapping):
        data = dict(source)
        with collector_paused():
            _check_limits(data, limits, source=None, label="<dict>")
            return _validate(data, source=None, label="<dict>", limits=limits)
    path = Path(source)
    label = str(source)
    try:
        text = read_bounded(path, limits).decode("utf-8-sig")
    except LimitExceeded as exc:
        raise ProfileError([Problem(label, exc.message)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError([Problem(label, f"cannot read profile: {_reason(exc)}")]) from None
    return load_profile_text(text, label=label, fmt=_format_of(path, text), limits=limits)


def load_profile_text(
    text: str, *, label: str = "<text>", fmt: str | None = None, limits: Limits | None = None
) -> Profile:
    """Validate a profile given as YAML or JSON text; `fmt` is ``"yaml"``, ``"json"`` or sniffed."""
    limits = limits or DEFAULT_LIMITS
    fmt = fmt or ("json" if text.lstrip().startswith("{") else "yaml")
    if len(text) > limits.max_file_bytes:
        found = f"the text is longer than {limits.max_file_bytes} characters"
        raise ProfileError([Problem(label, beyond(limits, "max_file_bytes", found))])
    with collector_paused():
        if fmt == "json":
            data, source = _parse_json(text, label, limits), SourceMap(label, text=text)
        else:
            data, node = _parse_yaml(text, label, limits)
            source = SourceMap(label, node=node)
        if not isinstance(data, dict):
            raise ProfileError(
                [Problem(label, "a profile must be a mapping of sections", line=1, column=1)]
            )
        _check_limits(data, limits, source=source, label=label)
        profile = _validate(data, source=source, label=label, limits=limits)
    profile._source = source
    return profile


def _check_limits(
    data: dict[str, Any], limits: Limits, *, source: SourceMap | None, label: str
) -> None:
    """Refuse parsed data beyond the limits, placed at the offending value when known."""
    try:
        check_data(data, limits)
    except LimitExceeded as exc:
        raise _limit_error(exc, label, source) from None


def _limit_error(exc: LimitExceeded, label: str, source: SourceMap | None) -> ProfileError:
    line, column = exc.line, exc.column
    if line is None and source is not None and exc.path:
        line, column = source.position(exc.path, at_key=False) or (None, None)
    return ProfileError(
        [Problem(label, exc.message, path=dotted(exc.path), line=line, column=column)]
    )


def parse_value(text: str, *, label: str = "<value>", limits: Limits | None = None) -> Any:
    """One YAML value (a ``--set`` option's, say) read under the same limits as a profile.

    Text that is not valid YAML is taken as the plain string it is.

    Raises:
        ProfileError: the value is beyond a limit (too deep, too many digits, NaN, ...).
    """
    limits = limits or DEFAULT_LIMITS
    try:
        data, _ = _parse_yaml(text, label, limits)
    except ProfileError as exc:
        if not any("limit" in p.message for p in exc.problems):
            return text
        raise
    _check_limits({"value": data}, limits, source=None, label=label)
    return data


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def _parse_yaml(text: str, label: str, limits: Limits) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree it was built from (kept for source positions)."""
    try:
        check_yaml_depth(text, limits, _BaseLoader)
    except LimitExceeded as exc:
        raise _limit_error(exc, label, None) from None
    except yaml.YAMLError:
        pass  # the composer below reports the same syntax error, placed
    loader = _StrictLoader(text)
    loader.limits = limits
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        reason += yaml_hint(reason, _line_at(text, mark.line) if mark else "")
        raise ProfileError(
            [Problem(label, f"invalid YAML: {reason}", line=line, column=col)]
        ) from None
    except yaml.YAMLError as exc:
        raise ProfileError([Problem(label, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _line_at(text: str, index: int) -> str:
    """Line `index` (0-based) of `text`, or an empty string past its end."""
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _parse_json(text: str, label: str, limits: Limits) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(pairs)
        if len(out) != len(pairs):
            counts = Counter(k for k, _ in pairs)
            repeated = sorted(k for k, n in counts.items() if n > 1)
            raise ValueError(f"duplicate key {repeated[0]!r}")
        return out

    def bounded_int(digits: str) -> int:
        check_integer_text(digits, limits)
        return int(digits)

    try:
        check_json_depth(text, limits)
    except LimitExceeded as exc:
        raise _limit_error(exc, label, None) from None
    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_int=bounded_int)
    except json.JSONDecodeError as exc:
        raise ProfileError(
            [Problem(label, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
        ) from None
    except ValueError as exc:
        raise ProfileError([Problem(label, f"invalid JSON: {exc}")]) from None


def _validate(
    data: dict[str, Any], *, source: SourceMap | None, label: str, limits: Limits
) -> Profile:
    if SCHEMA_KEY in data:  # an editor's pointer to the JSON Schema, not part of the profile
        data = {k: v for k, v in data.items() if k != SCHEMA_KEY}
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(
            exc, source=source, label=label, max_problems=limits.max_errors
        )
        raise ProfileError(problems) from None


def validation_problems(
    exc: ValidationError,
    *,
    source: SourceMap | None,
    label: str,
    prefix: Sequence[str] = (),
    model: type[BaseModel] | None = Profile,
    max_problems: int | None = None,
) -> list[Problem]:
    """Turn pydantic errors into `Problem`s placed at their line and column in the source.

    `prefix` is where the validated data sits in the document (``("extensions", "acme")``);
    `model` is the model that was validated, for suggesting the field a misspelt key meant.
    Beyond `max_problems`, the rest are counted in one closing problem instead of being placed.
    """
    problems = []
    errors = exc.errors(include_url=False)
    shown = errors if max_problems is None else errors[:max_problems]
    for err in shown:
        loc = tuple(err["loc"])
        at_key = err["type"] == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        inner = tuple(p for p in loc if not str(p).startswith(TAG_PREFIX))
        message = validation_message(err, model, inner)
        loc = (*prefix, *inner)
        pos = source.position(loc, at_key=at_key) if source is not None else None
        line, col = pos if pos else (None, None)
        problems.append(Problem(label, message, path=dotted(loc), line=line, column=col))
    if len(errors) > len(shown):
        rest = len(errors) - len(shown)
        problems.append(
            Problem(label, f"{rest} more problems not shown (limits.max_errors = {len(shown)})")
        )
    return problems


def dotted(loc: tuple[str | int, ...]) -> str:
    """Render a pydantic location as ``roles.rep.department`` or ``members[2].role``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
