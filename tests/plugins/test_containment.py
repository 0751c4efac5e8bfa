"""Misbehaving plugins: every failure is contained, named, and makes the assessment incomplete."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import riskengine
from riskengine.config import Config
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import PluginError
from riskengine.findings import Finding
from riskengine.graph import GraphBuilder
from riskengine.loading import load_profile
from riskengine.profile import Profile
from riskengine.watchdog import can_limit_time
from tests.helpers import PROFILES
from tests.plugins.test_plugins import plugin_of, rule_class

TROUBLED = PROFILES / "troubled-rollout.yaml"


def _engine(*plugins: object, **config: Any) -> Engine:
    return Engine(list(plugins), load_entrypoints=False, config=Config(**config))


def test_rule_calling_sys_exit_is_a_reported_failure() -> None:
    def leave(ctx: Context) -> Iterator[Finding]:
        sys.exit(0)

    a = _engine(plugin_of("quitter", rule_class("PLG010", leave))).assess(TROUBLED, rank=False)
    assert a.incomplete and a.status == "incomplete"
    [failure] = a.errors
    assert (failure.rule, failure.plugin) == ("PLG010", "quitter")
    assert "SystemExit" in failure.error
    assert a.findings  # the other rules still ran


def test_keyboard_interrupt_still_stops_the_run() -> None:
    def interrupted(ctx: Context) -> Iterator[Finding]:
        raise KeyboardInterrupt

    engine = _engine(plugin_of("ctrl-c", rule_class("PLG011", interrupted)))
    with pytest.raises(KeyboardInterrupt):
        engine.assess(TROUBLED, rank=False)


def _mutate(ctx: Context) -> Iterator[Finding]:
    ctx.profile.phases.clear()
    ctx.profile.departments.pop(next(iter(ctx.profile.departments)))
    return iter(())


def test_rule_mutating_the_profile_fails_and_changes_nothing() -> None:
    profile = load_profile(TROUBLED)
    before = profile.model_dump()
    clean = _engine().assess(profile, rank=False)
    a = _engine(plugin_of("vandal", rule_class("PLG012", _mutate))).assess(profile, rank=False)
    [failure] = a.errors
    assert failure.plugin == "vandal" and "immutable" in failure.error
    assert profile.model_dump() == before
    assert [f.identity for f in a.findings] == [f.identity for f in clean.findings]
    assert a.score.total == clean.score.total


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.accepted_risks.append(None),
        lambda p: p.extensions.update(x={}),
        lambda p: p.organization.__setattr__("name", "Y"),
        lambda p: next(iter(p.processes.values())).performed_by.append("x"),
    ],
    ids=["list", "map", "attribute", "nested-list"],
)
def test_every_level_of_a_profile_refuses_change(change: Callable[[Profile], None]) -> None:
    profile = load_profile(TROUBLED)
    with pytest.raises((TypeError, ValueError)):
        change(profile)


@pytest.mark.skipif(not can_limit_time(), reason="time limits need POSIX and the main thread")
def test_rule_that_never_returns_is_stopped_by_the_timeout() -> None:
    def forever(ctx: Context) -> Iterator[Finding]:
        while True:
            # a rule swallowing errors cannot swallow the time limit
            with contextlib.suppress(Exception):
                time.sleep(0.01)

    engine = _engine(plugin_of("spinner", rule_class("PLG013", forever)), timeout=0.2)
    a = engine.assess(TROUBLED, rank=False)
    [failure] = a.errors
    assert failure.rule == "PLG013" and "stopped after 0.2 s" in failure.error


def test_nan_likelihood_is_a_failure_not_a_silent_zero() -> None:
    rule = rule_class("PLG014", lambda ctx: iter(()))

    def nan(ctx: Context) -> Iterator[Finding]:
        yield rule().finding("nan", likelihood=float("nan"), impact=1.0)

    a = _engine(plugin_of("nan", rule_class("PLG014", nan))).assess(TROUBLED, rank=False)
    [failure] = a.errors
    assert "NaN" in failure.error


class _BadEnricher:
    riskengine_plugin_name = "bad-graph"

    @riskengine.hookimpl
    def enrich_graph(self, builder: GraphBuilder, profile: Profile) -> None:
        raise RuntimeError("graph went wrong")


def test_raising_enricher_is_a_plugin_error_naming_it() -> None:
    with pytest.raises(PluginError, match=r"'bad-graph'.*enrich_graph.*graph went wrong"):
        _engine(_BadEnricher()).assess(TROUBLED, rank=False)


class _BadFormats:
    riskengine_plugin_name = "bad-format"

    @riskengine.hookimpl
    def register_formats(self, register: Callable[[str, Any], None]) -> None:
        register("explodes", lambda assessments, options: 1 / 0)
        register("exits", lambda assessments, options: sys.exit(0))
        register("number", lambda assessments, options: 42)


@pytest.mark.parametrize("fmt", ["explodes", "exits", "number"])
def test_misbehaving_format_is_a_plugin_error(fmt: str) -> None:
    engine = _engine(_BadFormats())
    a = engine.assess(TROUBLED, rank=False)
    with pytest.raises(PluginError, match=f"'bad-format': format '{fmt}'"):
        engine.render([a], fmt)


def _install(tmp_path: Path, module: str, source: str) -> dict[str, str]:
    """A plugin distribution on a fresh PYTHONPATH, with a `riskengine` entry point."""
    (tmp_path / f"{module}.py").write_text(source, encoding="utf-8")
    dist = tmp_path / f"{module}-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[riskengine]\n{module} = {module}\n")
    return {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}


@pytest.mark.parametrize(
    "source", ["def broken(:\n", "import no_such_module_anywhere\n", "raise SystemExit(0)\n"]
)
def test_broken_entry_point_is_listed_not_a_traceback(tmp_path: Path, source: str) -> None:
    env = _install(tmp_path, "wreck", source)
    cli = [sys.executable, "-m", "riskengine"]
    listing = subprocess.run([*cli, "plugins"], capture_output=True, text=True, env=env)
    assert listing.returncode == 0, listing.stderr
    assert "wreck" in listing.stdout and "BROKEN" in listing.stdout
    assert "builtin-rules" in listing.stdout
    small = str(PROFILES / "small-firm.yaml")
    check = subprocess.run([*cli, "validate", small], capture_output=True, text=True, env=env)
    assert check.returncode == 2
    assert "plugin 'wreck' cannot be loaded" in check.stderr
    assert "Traceback" not in check.stderr + listing.stderr


def test_rule_exiting_makes_the_cli_exit_3_with_the_cause(tmp_path: Path) -> None:
    env = _install(
        tmp_path,
        "quitter",
        "import sys, riskengine\n"
        "from riskengine.rule import Rule, RuleSettings\n"
        "class Quit(Rule[RuleSettings]):\n"
        "    id, slug, title, pillar, severity = 'PLG015', 'quit', 'Quit', 'technology', 'low'\n"
        "    checks = why = fix = 'Leaves.'\n"
        "    risky_example = healthy_example = 'organization: {name: X}'\n"
        "    def evaluate(self, ctx):\n"
        "        sys.exit(0)\n"
        "@riskengine.hookimpl\n"
        "def register_rules(register):\n"
        "    register(Quit)\n",
    )
    cmd = [sys.executable, "-m", "riskengine", "score", str(TROUBLED), "--no-rank"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    assert done.returncode == 3
    assert "incomplete: rule PLG015 (quitter) failed: SystemExit" in done.stderr
    assert "INCOMPLETE" in done.stdout
    for fail_above in ("--fail-above", "100"), ():
        relaxed = subprocess.run(
            [*cmd, "--allow-errors", *fail_above], capture_output=True, env=env
        )
        assert relaxed.returncode == 0
