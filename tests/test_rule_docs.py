"""Every built-in rule documents itself completely and is listed explicitly."""

from __future__ import annotations

import pkgutil
from typing import Any

import pytest
import yaml

import riskengine.rules
from riskengine.engine import Engine
from riskengine.rule import DOC_SECTIONS, Rule, rule_problems
from riskengine.ruledoc import render_rule_doc
from riskengine.rules import BUILTIN_RULES


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
