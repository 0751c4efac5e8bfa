"""Rules read only their context and keep nothing between profiles."""

from __future__ import annotations

import ast
import copy
import inspect
from typing import Any

import pytest

from riskengine.context import Context
from riskengine.loading import load_profile
from riskengine.rule import Rule
from riskengine.rules import BUILTIN_RULES
from tests.helpers import PROFILES, example_profile

NAMES = ("troubled-rollout", "healthy-rollout", "overreach", "small-firm")
FORBIDDEN_MODULES = {"os", "sys", "pathlib", "io", "socket", "subprocess", "random", "time"}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval"}


def _findings(rule: Rule[Any], name: str) -> list[str]:
    # a shared validated profile: rules only read it (test_rules_leave_the_profile_unchanged
    # checks that on fresh copies, so a mutating rule is caught there, not hidden here)
    ctx = Context(example_profile(name))
    return [f.model_dump_json() for f in rule.evaluate(ctx)]


@pytest.mark.parametrize("rule_cls", BUILTIN_RULES, ids=lambda r: r.id)
def test_no_state_survives_between_profiles(rule_cls: type[Rule[Any]]) -> None:
    rule = rule_cls()
    before = copy.deepcopy(vars(rule))
    first = {name: _findings(rule, name) for name in NAMES}
    again = {name: _findings(rule, name) for name in reversed(NAMES)}
    assert vars(rule) == before
    assert first == again
    assert first == {name: _findings(rule_cls(), name) for name in NAMES}


@pytest.mark.parametrize("rule_cls", BUILTIN_RULES, ids=lambda r: r.id)
def test_rule_modules_touch_no_files_or_environment(rule_cls: type[Rule[Any]]) -> None:
    tree = ast.parse(inspect.getsource(inspect.getmodule(rule_cls)))  # type: ignore[arg-type]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name.split(".")[0] for a in node.names} & FORBIDDEN_MODULES
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] not in FORBIDDEN_MODULES
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{rule_cls.id} calls {node.func.id}()"
        elif isinstance(node, ast.Global | ast.Nonlocal):
            raise AssertionError(f"{rule_cls.id} writes shared state")


@pytest.mark.parametrize("rule_cls", BUILTIN_RULES, ids=lambda r: r.id)
def test_rules_leave_the_profile_unchanged(rule_cls: type[Rule[Any]]) -> None:
    # `Profile` is frozen, but its lists and dicts are not: a rule that sorts a list in place or
    # pops a key would corrupt the profile for every rule after it and for the report.
    for path in sorted(PROFILES.glob("*.yaml")):
        profile = load_profile(path)  # a fresh copy: an earlier test's mutation cannot mask one
        before = profile.model_dump(mode="json")
        list(rule_cls().evaluate(Context(profile)))
        assert profile.model_dump(mode="json") == before, f"{rule_cls.id} changed {path.name}"
