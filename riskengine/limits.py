"""Bounds on what a profile file may contain, so no input can exhaust memory, time or the stack.

Every limit has a generous default and can be changed under ``[tool.riskengine.limits]`` (or
``[limits]`` in ``riskengine.toml``). A profile beyond a limit is an input error that names the
file, the place and the limit, never a crash.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from riskengine.modeldocs import DocumentedModelMeta


class Limits(BaseModel, metaclass=DocumentedModelMeta):
    """The largest input a profile may be; each field is a setting under ``limits``."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    max_file_bytes: int = Field(default=64 * 1024 * 1024, ge=1, le=2**40)
    """Largest profile file, in bytes (read at most this much plus one byte)."""
    max_depth: int = Field(default=64, ge=4, le=400)
    """Deepest nesting of mappings and lists, checked before the parser recurses."""
    max_nodes: int = Field(default=5_000_000, ge=100, le=10**9)
    """Most values in a document once aliases are expanded (stops alias bombs)."""
    max_items: int = Field(default=1_000_000, ge=1, le=10**9)
    """Most entries in one mapping or list (departments, roles, ...)."""
    max_string_length: int = Field(default=100_000, ge=64, le=10**9)
    """Longest text value or key, in characters."""
    max_int_digits: int = Field(default=20, ge=1, le=4000)
    """Most digits in an integer (numbers are also bounded field by field in the model)."""
    max_errors: int = Field(default=50, ge=1, le=10**6)
    """Problems reported one by one; the rest are counted."""


DEFAULT_LIMITS = Limits()
"""The limits used when no configuration says otherwise (immutable, safe to share)."""

Path = tuple[str, ...]


class LimitExceeded(Exception):
    """Input beyond a limit: what was found, where (a data path or a 1-based line and column)."""

    def __init__(
        self, message: str, *, path: Path = (), line: int | None = None, column: int | None = None
    ) -> None:
        super().__init__(message)
        self.message, self.path, self.line, self.column = message, path, line, column


def beyond(limits: Limits, name: str, found: str) -> str:
    """An error message naming what was found and the limit it breaks."""
    return f"{found}, beyond the limit (limits.{name} = {getattr(limits, name)})"


def read_bounded(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """The bytes of a file, FIFO or device, read once and never more than the size limit allows.

    Raises:
        OSError: the file cannot be opened or read.
        LimitExceeded: it holds more than ``limits.max_file_bytes``.
    """
    with open(path, "rb") as stream:
        data = stream.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise LimitExceeded(
            beyond(
                limits, "max_file_bytes", f"the file is larger than {limits.max_file_bytes} bytes"
            )
        )
    return data


_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_bound(text: str) -> int:
    """A cheap upper bound on how deeply a YAML or JSON text nests.

    Every flow bracket is counted (even one inside a string), and block nesting cannot go deeper
    than a line's indentation and leading dashes, so the true depth is never above the sum.
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    indent = max((len(line) - len(line.lstrip(" \t-?:")) for line in text.splitlines()), default=0)
    return deepest + indent + 1


def check_yaml_depth(text: str, limits: Limits, loader: type[Any]) -> None:
    """Refuse YAML nested deeper than the limit before anything recursive touches it.

    The event parser works with an explicit stack, so it can measure depth safely where the
    composer would recurse once per level (and crash the interpreter far below 100,000 levels).
    """
    if nesting_bound(text) <= limits.max_depth:
        return
    import yaml

    found = f"nesting deeper than {limits.max_depth} levels"
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    mark = event.start_mark
                    raise LimitExceeded(
                        beyond(limits, "max_depth", found),
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # newer libyaml scans flow collections ahead and stops at its own depth limit before
        # handing over the events that would have reached ours: still our limit to report
        if "nesting depth" not in str(exc.problem):
            raise
        mark = exc.problem_mark
        raise LimitExceeded(
            beyond(limits, "max_depth", found),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None


def check_json_depth(text: str, limits: Limits) -> None:
    """Refuse JSON nested deeper than the limit before the decoder recurses."""
    if nesting_bound(text) <= limits.max_depth:
        return
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limits.max_depth:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - text.rfind("\n", 0, match.start())
                found = f"nesting deeper than {limits.max_depth} levels"
                raise LimitExceeded(beyond(limits, "max_depth", found), line=line, column=column)
        elif token in "]}":
            depth -= 1


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def check_integer_text(text: str, limits: Limits) -> None:
    """Refuse an integer written with more digits than the limit, before converting it."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > limits.max_int_digits:
        raise ValueError(beyond(limits, "max_int_digits", f"a whole number of {digits} digits"))


def check_data(data: Any, limits: Limits) -> None:
    """Check parsed data against the limits: size once aliases are expanded, depth, collection
    sizes, text lengths, integer sizes, and finite numbers only.

    Shared values (YAML aliases) are checked once and their size counted per use, so the check
    stays linear in the parsed document however large its expansion would be.
    """
    sizes: dict[int, int] = {}
    total = _size(data, (), limits, sizes)
    if total > limits.max_nodes:
        raise LimitExceeded(
            beyond(limits, "max_nodes", f"{total} values once aliases are expanded")
        )


def _size(value: Any, path: Path, limits: Limits, sizes: dict[int, int]) -> int:
    """Values in `value` counted with repetition, checked along the way (each object once)."""
    if isinstance(value, dict | list | tuple):
        known = sizes.get(id(value))
        if known is not None:
            return known
        if len(path) >= limits.max_depth:
            found = f"nesting deeper than {limits.max_depth} levels"
            raise LimitExceeded(beyond(limits, "max_depth", found), path=path)
        if len(value) > limits.max_items:
            found = f"{len(value)} entries in one collection"
            raise LimitExceeded(beyond(limits, "max_items", found), path=path)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        total = 1
        for key, item in items:
            here = (*path, str(key))
            _check_scalar(key, here, limits)
            total += _size(item, here, limits, sizes)
            if total > limits.max_nodes:
                found = f"more than {limits.max_nodes} values once aliases are expanded"
                raise LimitExceeded(beyond(limits, "max_nodes", found), path=here)
        sizes[id(value)] = total
        return total
    _check_scalar(value, path, limits)
    return 1


def _check_scalar(value: Any, path: Path, limits: Limits) -> None:
    """Refuse overlong text, oversized integers and NaN or infinite numbers."""
    if isinstance(value, str | bytes) and len(value) > limits.max_string_length:
        found = f"a text of {len(value)} characters"
        raise LimitExceeded(beyond(limits, "max_string_length", found), path=path)
    if isinstance(value, bool):
        return
    if isinstance(value, int) and value.bit_length() > limits.max_int_digits * 3.33:
        found = "a whole number of more digits than allowed"
        raise LimitExceeded(beyond(limits, "max_int_digits", found), path=path)
    if isinstance(value, float) and not math.isfinite(value):
        raise LimitExceeded(
            f"{value} is not a usable number (NaN and infinity are refused)", path=path
        )
