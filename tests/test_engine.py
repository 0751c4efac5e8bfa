"""The engine: plugin rules through the hook, clashes, determinism, accepted risks."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import riskengine
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import PluginError
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings
from riskengine.rules import BUILTIN_RULES
from tests.helpers import PROFILES, overlay, profile_data


class TinyBudget(Rule[RuleSettings]):
    id = "TST001"
    slug = "tiny-budget"
    title = "Training hours too low"
    pillar = "process"
    severity = "medium"
    checks = "Training hours per user."
    why = "People who are not taught the system work around it."
    fix = "Plan more hours."
    risky_example = "training: {hours_per_user: 1}"
    healthy_example = "training: {hours_per_user: 8}"
    reads = ("training",)

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if ctx.profile.training.hours_per_user < 2:
            yield self.finding(
                "Less than two hours of training per user.",
                likelihood=1,
                impact=0.5,
                pointers=["/training/hours_per_user"],
            )


class TestPlugin:
    riskengine_plugin_name = "test-plugin"

    @riskengine.hookimpl
    def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
        register(TinyBudget)


class ClashingPlugin:
    riskengine_plugin_name = "clashing-plugin"

    @riskengine.hookimpl
    def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
        register(TinyBudget)


def test_plugin_rule_is_registered_and_fires() -> None:
    engine = Engine([TestPlugin()], load_entrypoints=False)
    entry = {e.rule.id: e for e in engine.rules}["TST001"]
    assert entry.plugin == "test-plugin"
    low = overlay(profile_data(), {"training": {"hours_per_user": 1}})
    findings = [f for f in engine.assess(low).findings if f.rule == "TST001"]
    assert len(findings) == 1
    assert findings[0].plugin == "test-plugin"
    assert findings[0].risk == 25.0


def test_duplicate_rule_id_names_both_plugins() -> None:
    with pytest.raises(PluginError) as info:
        Engine([TestPlugin(), ClashingPlugin()], load_entrypoints=False)
    assert "TST001" in str(info.value)
    assert "'test-plugin'" in str(info.value) and "'clashing-plugin'" in str(info.value)


def test_builtin_rule_id_cannot_be_reused() -> None:
    class Impostor(TinyBudget):
        id = "CRM001"
        slug = "impostor"

    class ImpostorPlugin:
        @riskengine.hookimpl
        def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
            register(Impostor)

    with pytest.raises(PluginError, match="builtin-rules"):
        Engine([ImpostorPlugin()], load_entrypoints=False)


def test_incomplete_rule_is_rejected() -> None:
    class Undocumented(TinyBudget):
        id = "TST002"
        slug = "undocumented"
        why = ""

    class Plugin:
        @riskengine.hookimpl
        def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
            register(Undocumented)

    with pytest.raises(PluginError, match="missing why"):
        Engine([Plugin()], load_entrypoints=False)


def test_rule_without_effort_loads_and_its_docs_say_so() -> None:
    from riskengine.ruledoc import UNDOCUMENTED_EFFORT, render_rule_doc

    engine = Engine([TestPlugin()], load_entrypoints=False)
    assessment = engine.assess(overlay(profile_data(), {"training": {"hours_per_user": 1}}))
    info = assessment.rule("TST001")
    assert info is not None and info.effort == ""
    assert f"## Effort of its actions\n{UNDOCUMENTED_EFFORT}\n" in render_rule_doc(TinyBudget)
    assert "Not documented" in UNDOCUMENTED_EFFORT


def test_rule_whose_effort_is_not_text_is_rejected() -> None:
    class Numeric(TinyBudget):
        id = "TST003"
        slug = "numeric-effort"
        effort = 2  # type: ignore[assignment]

    class Plugin:
        @riskengine.hookimpl
        def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
            register(Numeric)

    with pytest.raises(PluginError, match="effort is not text"):
        Engine([Plugin()], load_entrypoints=False)


def test_reports_carry_each_rules_effort(engine: Engine) -> None:
    assessment = engine.assess(engine.load(PROFILES / "troubled-rollout.yaml"), rank=False)
    by_id = {r.id: r for r in BUILTIN_RULES}
    assert assessment.rules
    for info in assessment.rules:
        assert info.effort == by_id[info.id].effort.strip() != ""


def test_every_builtin_rule_is_registered(engine: Engine) -> None:
    assert {e.rule.id for e in engine.rules} == {r.id for r in BUILTIN_RULES}
    assert {e.plugin for e in engine.rules} == {"builtin-rules"}


def test_assessment_json_is_identical_across_runs(engine: Engine) -> None:
    profile = engine.load(PROFILES / "troubled-rollout.yaml")
    first = engine.assess(profile, today=dt.date(2026, 1, 1)).model_dump_json()
    second = engine.assess(profile, today=dt.date(2026, 1, 1)).model_dump_json()
    assert first == second


def test_json_output_is_identical_under_different_hash_seeds() -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "riskengine",
                "score",
                "-f",
                "json",
                "--today",
                "2026-01-01",
                str(PROFILES / "troubled-rollout.yaml"),
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_accepted_and_expired_risks(engine: Engine) -> None:
    data = overlay(profile_data(), {"sponsor": {"budget_authority": False}})
    acceptance = {
        "rule": "CRM001",
        "pointer": "/sponsor/budget_authority",
        "reason": "Budget moves to the sponsor at the next reorganization.",
        "owner": "CFO",
        "expires": "2026-06-30",
    }
    data["accepted_risks"] = [acceptance]
    before = engine.assess(data, today=dt.date(2026, 3, 1), rank=False)
    after = engine.assess(data, today=dt.date(2026, 7, 1), rank=False)
    accepted = [f for f in before.findings if f.rule == "CRM001"]
    assert accepted and all(f.accepted for f in accepted)
    assert before.score.overall < after.score.overall
    expired = [f for f in after.findings if f.rule == "CRM001"]
    assert expired[0].acceptance is not None and expired[0].acceptance.expired
    assert not expired[0].accepted


def test_entry_point_plugin_appears_in_cli(tmp_path: Path) -> None:
    (tmp_path / "demo_riskpack.py").write_text(
        textwrap.dedent("""
        import riskengine
        from riskengine.rule import Rule, RuleSettings

        class Always(Rule[RuleSettings]):
            id = "DEMO001"
            slug = "demo-always"
            title = "Demo rule that always fires"
            pillar = "technology"
            severity = "low"
            checks = why = fix = "Demonstration."
            risky_example = healthy_example = "organization: {name: X}"

            def evaluate(self, ctx):
                yield self.finding("Always.", likelihood=1, impact=1, pointers=["/organization"])

        @riskengine.hookimpl
        def register_rules(register):
            register(Always)
    """),
        encoding="utf-8",
    )
    dist = tmp_path / "demo_riskpack-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-riskpack\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text("[riskengine]\ndemo = demo_riskpack\n")
    env = {k: v for k, v in os.environ.items() if k != "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = str(tmp_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "riskengine", *args], capture_output=True, text=True, env=env
        )

    listed = cli("rules", "list")
    assert "DEMO001" in listed.stdout and "[demo]" in listed.stdout
    scored = cli("score", "-f", "json", "--no-rank", str(PROFILES / "small-firm.yaml"))
    assert [f["plugin"] for f in json.loads(scored.stdout)["findings"]] == ["demo"]
    blocked = cli("-p", "no:demo", "rules", "list")
    assert "DEMO001" not in blocked.stdout
    assert "DEMO001" not in cli("--no-plugin-autoload", "rules", "list").stdout


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.id)
def test_default_settings_equal_validating_no_settings(rule: type[Rule[Any]]) -> None:
    defaults = rule.settings_model.defaults()
    assert defaults == rule.settings_model.model_validate({})
    assert defaults.model_fields_set == set()


def test_default_settings_still_run_a_models_own_validators() -> None:
    from pydantic import model_validator

    class Checked(RuleSettings):
        low: int = 5
        high: int = 3

        @model_validator(mode="after")
        def ordered(self) -> Checked:
            if self.low > self.high:
                raise ValueError("low must not exceed high")
            return self

    with pytest.raises(ValueError, match="low must not exceed high"):
        Checked.defaults()


def test_an_untuned_engine_builds_no_settings_validator() -> None:
    code = (
        "from riskengine.engine import Engine\n"
        "from pydantic._internal._mock_val_ser import MockValSer\n"
        "engine = Engine(load_entrypoints=False)\n"
        "models = [type(a.rule).settings_model for a in engine.evaluator.rules]\n"
        "print([m.__name__ for m in models\n"
        "       if not isinstance(m.__pydantic_validator__, MockValSer)])\n"
    )
    env = {**os.environ, "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"
