"""The built-in rules, registered through the same hook any vendor plugin uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from riskengine.hookspecs import hookimpl
from riskengine.rule import Rule
from riskengine.rules import BUILTIN_RULES


@hookimpl
def register_rules(register: Callable[[type[Rule[Any]]], None]) -> None:
    """Register every built-in rule."""
    for rule in BUILTIN_RULES:
        register(rule)
