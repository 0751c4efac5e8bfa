"""Attribute docstrings as field descriptions, found without pydantic's search of the stack.

Models with ``use_attribute_docstrings=True`` get each field's description from the string
written under it. pydantic finds a class's source by asking `inspect.getmodule` about every
frame on the stack and tokenizing the class block, about a millisecond per model: with the
profile, configuration and rule-settings models, a sixth of the command line's start. Models
built with `DocumentedModelMeta` read the block from the lines of the frame running the class
statement instead (kept by `linecache`), cut it at the first line indented as far as the
``class`` keyword, and parse only that.

The docstrings are applied exactly where pydantic applies them: to fields without a
description, after the fields are collected and before the validator is built. When the
source cannot be found this way, pydantic's own search runs as before.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from types import FrameType
from typing import Any

from pydantic._internal._model_construction import ModelMetaclass, build_lenient_weakvaluedict
from pydantic._internal._typing_extra import parent_frame_namespace

_DOCS = "use_attribute_docstrings"
_DEFER = "defer_build"
_PARENT = "__pydantic_parent_namespace__"
_RESET_PARENT = "__pydantic_reset_parent_namespace__"
_FRAMES_UP = 8
"""How far up the stack the class statement may be (a metaclass deriving from this one adds
a frame or two)."""


class DocumentedModelMeta(ModelMetaclass):
    """A pydantic model metaclass that reads attribute docstrings from the class block alone."""

    def __new__(
        mcs,
        cls_name: str,
        bases: tuple[type[Any], ...],
        namespace: dict[str, Any],
        **kwargs: Any,
    ) -> type:
        if bases and kwargs.get(_RESET_PARENT, True):
            # pydantic keeps the locals of the frame that called its metaclass, for annotations
            # naming a function's local classes: that frame is this one's caller, not this one
            parent = parent_frame_namespace(parent_depth=2)
            namespace[_PARENT] = build_lenient_weakvaluedict(parent)
            kwargs[_RESET_PARENT] = False
        config = _declared_config(bases, namespace)
        docs = None
        if bases and config.get(_DOCS) and not {_DOCS, _DEFER} & set(kwargs):
            docs = class_docstrings(cls_name, namespace.get("__module__"), sys._getframe(1))
        if docs is None:
            return super().__new__(mcs, cls_name, bases, namespace, **kwargs)
        # collect the fields without building the validator, describe them, then build it
        own = namespace.get("model_config") or {}
        namespace["model_config"] = {**own, _DOCS: False, _DEFER: True}
        cls = super().__new__(mcs, cls_name, bases, namespace, **kwargs)
        for key in (_DOCS, _DEFER):
            if key in config:
                cls.model_config[key] = config[key]  # type: ignore[attr-defined]
            else:
                cls.model_config.pop(key, None)  # type: ignore[attr-defined]
        for name, field in cls.__pydantic_fields__.items():  # type: ignore[attr-defined]
            if field.description is None and name in docs:
                field.description = docs[name]
        if not config.get(_DEFER):
            cls.model_rebuild(raise_errors=False, _types_namespace={})  # type: ignore[attr-defined]
        return cls


def _declared_config(bases: tuple[type[Any], ...], namespace: dict[str, Any]) -> dict[str, Any]:
    """The configuration the bases and the class body give (as pydantic merges them)."""
    config: dict[str, Any] = {}
    for base in bases:
        config.update(getattr(base, "model_config", None) or {})
    config.update(namespace.get("model_config") or {})
    return config


def class_docstrings(name: str, module: object, frame: FrameType | None) -> dict[str, str] | None:
    """The attribute docstrings of class `name` whose statement `frame` (or a caller) runs.

    None when the class block cannot be found in the source of that frame.
    """
    for _ in range(_FRAMES_UP):
        if frame is None:
            return None
        if frame.f_globals.get("__name__") == module:
            break
        frame = frame.f_back
    else:
        return None
    if frame is None:
        return None
    lines = linecache.getlines(frame.f_code.co_filename, frame.f_globals)
    node = _class_node(name, lines, frame.f_lineno - 1)
    return None if node is None else attribute_docstrings(node)


def _class_node(name: str, lines: list[str], start: int) -> ast.ClassDef | None:
    """The class `name` defined at line index `start`, parsed from that line's block only."""
    if not 0 <= start < len(lines):
        return None
    indent = _class_line_indent(lines[start], name)
    if indent is None:
        return None
    end = start + 1
    while end <= len(lines):
        end = _block_end(lines, end, indent)
        tree = _parse(lines[start:end], indent)
        if tree is not None:
            node = tree.body[-1]
            if isinstance(node, ast.If):  # the wrapper of an indented block, see _parse
                node = node.body[0]
            return node if isinstance(node, ast.ClassDef) and node.name == name else None
        # cut inside a string or a bracket: the block goes on past that line
        end += 1
    return None


def _class_line_indent(line: str, name: str) -> int | None:
    """The indentation of `line` when it opens class `name` (string tests: no regex to compile)."""
    stripped = line.lstrip(" \t")
    after = stripped[len("class") :]
    named = after.lstrip(" \t")
    follows = named[len(name) : len(name) + 1]
    if not (stripped.startswith("class") and after[:1] in (" ", "\t") and named.startswith(name)):
        return None
    return None if follows.isidentifier() or follows.isdigit() else len(line) - len(stripped)


def _block_end(lines: list[str], index: int, indent: int) -> int:
    """Index of the first code line from `index` on that is indented at most `indent`."""
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if stripped and not stripped.startswith("#") and len(line) - len(stripped) <= indent:
            return index
        index += 1
    return len(lines)


def _parse(block: list[str], indent: int) -> ast.Module | None:
    """The block parsed (an indented one inside ``if 1:``), or None when it is cut short."""
    text = "".join(block)
    if indent:
        text = "if 1:\n" + text
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def attribute_docstrings(node: ast.ClassDef) -> dict[str, str]:
    """Field name -> the string written right under its annotated assignment, cleaned."""
    docs: dict[str, str] = {}
    previous: ast.stmt | None = None
    for statement in node.body:
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
        previous = statement
    return docs
