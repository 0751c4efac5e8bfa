"""Read profiles from YAML, JSON or Python mappings, with compiler-style error messages."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from riskengine.errors import Problem, ProfileError
from riskengine.locate import locate
from riskengine.profile import Profile

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathOrData = str | os.PathLike[str] | Mapping[str, Any]


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML loader refusing duplicate keys (a repeated id would silently replace an entity)."""

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


def load_profile(source: PathOrData) -> Profile:
    """Load and validate a project profile.

    Args:
        source: a path to a ``.yaml``/``.yml``/``.json`` file (other names are sniffed by content),
            or a mapping already in memory.

    Returns:
        The validated, immutable `Profile`.

    Raises:
        ProfileError: the file cannot be read, is not valid YAML/JSON, or does not validate; each
            problem names the file, line, column and field path.
    """
    if isinstance(source, Mapping):
        return _validate(dict(source), text=None, label="<dict>")
    path = Path(source)
    label = str(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError([Problem(label, f"cannot read profile: {_reason(exc)}")]) from None
    return load_profile_text(text, label=label, fmt=_format_of(path, text))


def load_profile_text(text: str, *, label: str = "<text>", fmt: str | None = None) -> Profile:
    """Validate a profile given as YAML or JSON text; `fmt` is ``"yaml"``, ``"json"`` or sniffed."""
    fmt = fmt or ("json" if text.lstrip().startswith("{") else "yaml")
    data = _parse_json(text, label) if fmt == "json" else _parse_yaml(text, label)
    if not isinstance(data, dict):
        raise ProfileError(
            [Problem(label, "a profile must be a mapping of sections", line=1, column=1)]
        )
    return _validate(data, text=text, label=label)


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in {".yaml", ".yml"}:
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def _parse_yaml(text: str, label: str) -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise ProfileError(
            [Problem(label, f"invalid YAML: {reason}", line=line, column=col)]
        ) from None
    except yaml.YAMLError as exc:
        raise ProfileError([Problem(label, f"invalid YAML: {exc}")]) from None


def _parse_json(text: str, label: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"duplicate key {repeated[0]!r}")
        return dict(pairs)

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise ProfileError(
            [Problem(label, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)]
        ) from None
    except ValueError as exc:
        raise ProfileError([Problem(label, f"invalid JSON: {exc}")]) from None


def _validate(data: dict[str, Any], *, text: str | None, label: str) -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(validation_problems(exc, text=text, label=label)) from None


def validation_problems(exc: ValidationError, *, text: str | None, label: str) -> list[Problem]:
    """Turn pydantic errors into `Problem`s placed at their line and column in `text`."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        at_key = err["type"] == "extra_forbidden" or (bool(loc) and loc[-1] == "[key]")
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        pos = locate(text, loc, at_key=at_key) if text is not None else None
        line, col = pos if pos else (None, None)
        problems.append(Problem(label, _message(err), path=dotted(loc), line=line, column=col))
    return problems


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown field (check its spelling, or see `riskengine schema`)"
    return msg


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
