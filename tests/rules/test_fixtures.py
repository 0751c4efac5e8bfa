"""Every rule has fixture profiles that trigger it (fail-*.yaml) and that do not (pass-*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskengine.engine import Engine
from riskengine.rules import BUILTIN_RULES
from tests.helpers import RULE_FIXTURES, load_fixture, rule_findings

FIXTURES = sorted(RULE_FIXTURES.glob("*/*.yaml"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_outcome(engine: Engine, path: Path) -> None:
    rule_id = path.parent.name
    found = rule_findings(engine, load_fixture(path), rule_id)
    if path.stem.startswith("fail"):
        assert found, f"{rule_id} should fire on {path.name}"
        for f in found:
            assert f.evidence.pointers, "every finding points at the profile"
            assert f.recommendations, "every finding proposes at least one action"
    else:
        assert not found, (
            f"{rule_id} should stay quiet on {path.name}: {[f.message for f in found]}"
        )


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_every_rule_has_pass_and_fail_fixtures(rule: type) -> None:
    folder = RULE_FIXTURES / rule.id  # type: ignore[attr-defined]
    assert list(folder.glob("fail-*.yaml")), f"no fail-*.yaml fixture for {folder.name}"
    assert list(folder.glob("pass-*.yaml")), f"no pass-*.yaml fixture for {folder.name}"
