"""Every built-in rule documents itself completely and is listed explicitly."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest
import yaml

import riskengine.rules
from riskengine.engine import Engine
from riskengine.rule import DOC_SECTIONS, Rule, rule_problems
from riskengine.ruledoc import render_rule_doc
from riskengine.rules import BUILTIN_RULES
from tests.helpers import PROFILES, load_yaml

LEVELS = ("low", "medium", "high")


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_rule_metadata_is_complete(rule: type[Rule[Any]]) -> None:
    assert rule_problems(rule) == []
    for section in DOC_SECTIONS:
        text = getattr(rule, section)
        assert "SKELETON" not in text
        assert len(text.strip()) >= 40, f"{rule.id}.{section} is too thin to help anyone"


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_examples_are_valid_yaml_mappings(rule: type[Rule[Any]]) -> None:
    for example in (rule.risky_example, rule.healthy_example):
        assert isinstance(yaml.safe_load(example), dict)


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_examples_behave_as_documented(engine: Engine, rule: type[Rule[Any]]) -> None:
    def fires(example: str) -> bool:
        assessment = engine.assess(engine.load(yaml.safe_load(example)), rank=False)
        return any(f.rule == rule.id for f in assessment.findings)

    assert fires(rule.risky_example), "the risky example does not trigger the rule"
    assert not fires(rule.healthy_example), "the healthy example triggers the rule"
    risky = engine.assess(engine.load(yaml.safe_load(rule.risky_example)), rank=False)
    loud = [f for f in risky.findings if f.rule == rule.id and f.severity != "low"]
    assert loud, "the risky example must give a finding of at least medium severity"


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_settings_are_documented_with_defaults(rule: type[Rule[Any]]) -> None:
    for name, info in rule.settings_model.model_fields.items():
        assert info.description, f"{rule.id} setting {name} has no description"
        assert not info.is_required(), f"{rule.id} setting {name} has no default"


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_rendered_doc_has_every_section(rule: type[Rule[Any]]) -> None:
    doc = render_rule_doc(rule)
    for heading in (
        "What it checks",
        "Why it is risky",
        "What to do",
        "Effort of its actions",
        "Risky example",
        "Healthy example",
    ):
        assert f"## {heading}" in doc


def test_every_rule_module_is_listed() -> None:
    modules = {
        m.name
        for m in pkgutil.iter_modules(riskengine.rules.__path__)
        if not m.name.startswith("_")
    }
    listed = {r.__module__.rsplit(".", 1)[-1] for r in BUILTIN_RULES}
    assert modules == listed


def test_ids_and_slugs_are_unique_and_ordered() -> None:
    ids = [r.id for r in BUILTIN_RULES]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert len({r.slug for r in BUILTIN_RULES}) == len(ids)
    assert len(BUILTIN_RULES) >= 20


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_every_builtin_rule_names_its_area(rule: type[Rule[Any]]) -> None:
    assert rule.area and rule.area == rule.area.strip().lower()


def test_at_least_36_builtin_rules_cover_the_program() -> None:
    areas = {r.area for r in BUILTIN_RULES}
    assert len(BUILTIN_RULES) >= 36
    for area in ("testing", "cutover", "integrations", "change management", "governance"):
        assert area in areas
    assert {"support", "security"} <= areas


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_the_testing_kit_checks_examples_the_same_way(rule: type[Rule[Any]]) -> None:
    from riskengine.testing import example_problems

    assert example_problems(rule.id) == []


def _named_levels(rule: type[Rule[Any]]) -> set[str]:
    """The effort levels a rule's effort paragraph names, written in bold (``**low**``)."""
    return {m.lower() for m in re.findall(r"\*\*(low|medium|high)\*\*", rule.effort, re.I)}


def _coded_levels(rule: type[Rule[Any]]) -> tuple[set[str], bool]:
    """Effort levels written literally in the recommendations of the rule's module (and of the
    private helper modules it imports), and whether some recommendation takes its effort from a
    variable (then the literal ones are not all)."""
    levels: set[str] = set()
    complete = True
    for node in (n for tree in _rule_trees(rule) for n in ast.walk(tree)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "recommend":
            effort = node.args[1]
        elif node.func.id == "Recommendation":
            effort = next(k.value for k in node.keywords if k.arg == "effort")
        else:
            continue
        choices = [effort.body, effort.orelse] if isinstance(effort, ast.IfExp) else [effort]
        for choice in choices:
            if isinstance(choice, ast.Constant):
                levels.add(choice.value)
            else:
                complete = False
    return levels, complete


def _rule_trees(rule: type[Rule[Any]]) -> list[ast.Module]:
    """The parsed rule module and the helper modules (``riskengine.rules._*``) it imports,
    directly or through one another."""
    trees = [ast.parse(inspect.getsource(inspect.getmodule(rule)))]
    seen: set[str] = set()
    for tree in trees:  # grows as helpers are found
        for node in ast.walk(tree):
            name = node.module if isinstance(node, ast.ImportFrom) else None
            if name and name.startswith("riskengine.rules._") and name not in seen:
                seen.add(name)
                trees.append(ast.parse(inspect.getsource(importlib.import_module(name))))
    return trees


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_every_builtin_rule_explains_the_effort_of_its_actions(rule: type[Rule[Any]]) -> None:
    text = rule.effort.strip()
    assert len(text) >= 80, f"{rule.id}.effort is too thin to explain anything"
    assert "SKELETON" not in text
    assert _named_levels(rule), f"{rule.id}.effort names no effort level in bold"
    assert len(text.split("\n")) == 1, f"{rule.id}.effort should be one paragraph"


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_effort_names_exactly_the_levels_the_code_proposes(rule: type[Rule[Any]]) -> None:
    coded, complete = _coded_levels(rule)
    named = _named_levels(rule)
    assert coded <= named, f"{rule.id} proposes {sorted(coded - named)} effort unexplained"
    if complete:
        assert named <= coded, f"{rule.id}.effort names {sorted(named - coded)}, never proposed"


def test_effort_covers_every_effort_the_rules_give_on_the_bundled_profiles(
    engine: Engine,
) -> None:
    """Catches efforts computed at run time, which the source alone does not show."""
    examples = [yaml.safe_load(r.risky_example) for r in BUILTIN_RULES]
    profiles = [load_yaml(p) for p in sorted(PROFILES.glob("*.yaml"))]
    by_id = {r.id: r for r in BUILTIN_RULES}
    seen: set[tuple[str, str]] = set()
    for data in [*examples, *profiles]:
        for finding in engine.assess(engine.load(data), rank=False).findings:
            seen |= {(finding.rule, rec.effort) for rec in finding.recommendations}
    assert {rule for rule, _ in seen} >= {"CRM029", "CRM040"}  # their efforts come from tables
    unexplained = sorted((r, e) for r, e in seen if e not in _named_levels(by_id[r]))
    assert unexplained == []
