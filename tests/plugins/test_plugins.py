"""Plugins: blocking, autoload, clashes, failure isolation, extensions, isolation, pickling."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict

import riskengine
from riskengine import hookspecs
from riskengine.cli import main
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import PluginError, ProfileError
from riskengine.findings import Finding
from riskengine.graph import GraphBuilder, node_id
from riskengine.plugins.manager import DISABLE_AUTOLOAD_ENV, autoload_disabled
from riskengine.profile import Profile
from riskengine.rule import Rule
from riskengine.testing import assess_with, engine_with
from tests.helpers import PROFILES, profile_data

DOCS = {
    "checks": "A test check.",
    "why": "Tests need something to fail.",
    "fix": "Nothing to fix.",
    "risky_example": "organization: {name: X}",
    "healthy_example": "organization: {name: Y}",
}


def rule_class(rule_id: str, body: Callable[[Context], Any], **attrs: Any) -> type[Rule[Any]]:
    """A complete rule class whose evaluate is `body`."""
    namespace = {
        "id": rule_id,
        "slug": rule_id.lower(),
        "title": f"Rule {rule_id}",
        "pillar": "technology",
        "severity": "medium",
        **DOCS,
        **attrs,
        "evaluate": lambda self, ctx: body(ctx),
    }
    return type(f"Rule{rule_id}", (Rule,), namespace)


def plugin_of(name: str, *rules: type[Rule[Any]]) -> object:
    class Plugin:
        riskengine_plugin_name = name

        @riskengine.hookimpl
        def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
            for rule in rules:
                register(rule)

    return Plugin()


def _fires(ctx: Context) -> Iterator[Finding]:
    yield Finding(
        rule="PLG001",
        slug="plg001",
        title="t",
        pillar="technology",
        severity="medium",
        likelihood=1,
        impact=1,
        message="fired",
        evidence={"pointers": ["/organization"]},
    )


FIRES = rule_class("PLG001", _fires)


def test_raising_rule_is_reported_and_the_rest_still_runs() -> None:
    def boom(ctx: Context) -> Iterator[Finding]:
        raise RuntimeError("database unreachable")

    assessment = assess_with(
        profile_data(), [plugin_of("flaky", rule_class("PLG002", boom), FIRES)]
    )
    assert [f.rule for f in assessment.findings] == ["PLG001"]
    assert len(assessment.errors) == 1
    failure = assessment.errors[0]
    assert (failure.rule, failure.plugin) == ("PLG002", "flaky")
    assert "RuntimeError: database unreachable" in failure.error


def test_malformed_finding_is_an_error_naming_the_rule() -> None:
    bad = rule_class("PLG003", lambda ctx: ["not a finding"])
    assessment = assess_with(profile_data(), [plugin_of("sloppy", bad)])
    assert assessment.errors[0].rule == "PLG003"
    assert "returned str where a Finding was expected" in assessment.errors[0].error


def test_finding_with_another_rules_id_is_rejected() -> None:
    liar = rule_class("PLG004", _fires)
    assessment = assess_with(profile_data(), [plugin_of("liar", liar)])
    assert "labelled 'PLG001'" in assessment.errors[0].error


def test_rule_errors_exit_3_unless_allowed(tmp_path: Path) -> None:
    plugin = tmp_path / "flaky_plugin.py"
    plugin.write_text(
        "import riskengine\n"
        "from riskengine.rule import Rule, RuleSettings\n"
        "class Boom(Rule[RuleSettings]):\n"
        "    id, slug, title, pillar, severity = 'PLG005', 'boom', 'Boom', 'technology', 'low'\n"
        "    checks = why = fix = 'Explodes on purpose.'\n"
        "    risky_example = healthy_example = 'organization: {name: X}'\n"
        "    def evaluate(self, ctx):\n"
        "        raise ValueError('bad')\n"
        "@riskengine.hookimpl\n"
        "def register_rules(register):\n"
        "    register(Boom)\n",
        encoding="utf-8",
    )
    import subprocess
    import sys

    dist = tmp_path / "flaky_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: flaky-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[riskengine]\nflaky = flaky_plugin\n")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "riskengine", "score", str(PROFILES / "small-firm.yaml")]
    default = subprocess.run(base, capture_output=True, text=True, env=env)
    strict = subprocess.run([*base, "--strict"], capture_output=True, text=True, env=env)
    allowed = subprocess.run([*base, "--allow-errors"], capture_output=True, text=True, env=env)
    assert default.returncode == 3 and "PLG005" in default.stdout
    assert "rule PLG005 (flaky) failed: ValueError: bad" in default.stderr
    assert strict.returncode == 3
    assert allowed.returncode == 0 and "INCOMPLETE" in allowed.stdout


def test_blocked_plugin_is_not_loaded() -> None:
    engine = Engine([plugin_of("noisy", FIRES)], load_entrypoints=False, block=["noisy"])
    assert "PLG001" not in {e.rule.id for e in engine.rules}
    assert "noisy" not in [name for name, _ in engine.registry.plugins]


def test_autoload_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    assert autoload_disabled()
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "0")
    assert not autoload_disabled()
    monkeypatch.delenv(DISABLE_AUTOLOAD_ENV)
    assert not autoload_disabled()


def test_duplicate_format_names_both_plugins() -> None:
    class Formats:
        riskengine_plugin_name = "copycat"

        @riskengine.hookimpl
        def register_formats(self, register: Callable[[str, Any], None]) -> None:
            register("json", lambda assessments, options: "")

    with pytest.raises(PluginError, match="'builtin-formats' and by plugin 'copycat'"):
        Engine([Formats()], load_entrypoints=False)


class VendorSection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tier: int = 1


class ExtensionPlugin:
    riskengine_plugin_name = "vendor"

    @riskengine.hookimpl
    def register_profile_extensions(self, register: Callable[[str, type[BaseModel]], None]) -> None:
        register("vendor", VendorSection)

    @riskengine.hookimpl
    def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
        def reads_tier(ctx: Context) -> Iterator[Finding]:
            section = ctx.extension("vendor")
            assert isinstance(section, VendorSection)
            if section.tier > 2:
                yield Rule.finding(
                    rule_obj,
                    f"Tier {section.tier}.",
                    likelihood=1,
                    impact=1,
                    pointers=["/extensions/vendor/tier"],
                )

        rule_obj = rule_class("VND001", reads_tier)()
        register(type(rule_obj))

    @riskengine.hookimpl
    def enrich_graph(self, builder: GraphBuilder, profile: Profile) -> None:
        hub = builder.add_node("hub", "main")
        for key in profile.departments:
            builder.add_edge(hub, node_id("department", key), "serves")


def _with_extension(section: dict[str, Any]) -> dict[str, Any]:
    data = profile_data("small-firm")
    data["extensions"] = {"vendor": section}
    return data


def test_extension_is_validated_and_reaches_rules() -> None:
    engine = engine_with([ExtensionPlugin()])
    assert [
        f.message for f in engine.assess(engine.load(_with_extension({"tier": 3}))).findings
    ] == ["Tier 3."]
    with pytest.raises(ProfileError, match=r"extensions\.vendor\.tier: Input should be"):
        engine.load(_with_extension({"tier": "gold"}))
    with pytest.raises(ProfileError, match="unknown field"):
        engine.load(_with_extension({"colour": "red"}))


def test_unknown_extension_section_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("organization: {name: A}\nextensions:\n  nobody: {x: 1}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "extensions.nobody: no installed plugin provides extension 'nobody'" in result.stderr


def test_graph_enrichment_adds_nodes() -> None:
    engine = engine_with([ExtensionPlugin()])
    graph = engine.evaluator.graph_of(engine.load(_with_extension({})))
    assert graph.successors("hub:main", "serves") == ["department:field", "department:office"]


def test_two_engines_do_not_affect_each_other() -> None:
    with_plugin = Engine([plugin_of("one", FIRES)], load_entrypoints=False)
    without = Engine(load_entrypoints=False)
    profile = without.load(profile_data())
    assert any(f.rule == "PLG001" for f in with_plugin.assess(profile).findings)
    assert not any(f.rule == "PLG001" for f in without.assess(profile).findings)
    assert "PLG001" not in {e.rule.id for e in Engine(load_entrypoints=False).rules}


def _score_in_worker(engine: Engine, path: str) -> float:
    return engine.assess(path).score.overall


def test_engine_pickles_into_a_worker_process() -> None:
    engine = Engine(load_entrypoints=False)
    clone = pickle.loads(pickle.dumps(engine))
    path = str(PROFILES / "troubled-rollout.yaml")
    assert clone.assess(path).score == engine.assess(path).score
    with ProcessPoolExecutor(max_workers=1) as pool:
        remote = pool.submit(_score_in_worker, engine, path).result(timeout=120)
    assert remote == engine.assess(path).score.overall


def test_every_hook_is_documented_typed_and_tested() -> None:
    specs = [
        name
        for name, f in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(f, "riskengine_spec")
    ]
    assert set(specs) == {
        "register_rules",
        "register_profile_extensions",
        "enrich_graph",
        "register_formats",
    }
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("*.py"))
    for name in specs:
        spec = getattr(hookspecs, name)
        assert (spec.__doc__ or "").strip(), f"{name} has no docstring"
        assert all(p in spec.__annotations__ for p in inspect.signature(spec).parameters), name
        assert f"def {name}(" in tests, f"no test implements the {name} hook"
