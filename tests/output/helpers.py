"""Inputs for the format tests: fixture profiles, a CRM001-only engine, and a test plugin rule."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from riskengine.assessment import Assessment
from riskengine.config import Config
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.hookspecs import hookimpl
from riskengine.output.options import FormatOptions
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, recommend, set_

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
ARTIFACTS = ROOT / "tests" / "artifacts"
TODAY = dt.date(2025, 1, 1)
"""Acceptances expire against this date, so reports do not change with the calendar."""

TROUBLED = "tests/output/profiles/troubled.yaml"
HEALTHY = "tests/output/profiles/healthy.yaml"
HOSTILE = "tests/output/profiles/hostile.yaml"


def crm001_engine(*plugins: object, select: Sequence[str] = ("CRM001",)) -> Engine:
    """An engine running only CRM001 (and `select`), so other rules' work cannot move outputs."""
    return Engine(plugins, config=Config(select=tuple(select)), load_entrypoints=False)


def assess(engine: Engine, *labels: str) -> tuple[list[Assessment], dict[str, str]]:
    """Assess repository-relative profile paths; returns the assessments and their texts."""
    sources = {label: (ROOT / label).read_text(encoding="utf-8") for label in labels}
    assessments = [
        engine.assess(engine.load(ROOT / label), label=label, today=TODAY) for label in labels
    ]
    return assessments, sources


def options(**kwargs: object) -> FormatOptions:
    """Format options for the tests."""
    return FormatOptions(**kwargs)  # type: ignore[arg-type]


def check_golden(name: str, text: str) -> None:
    """Compare `text` with tests/output/golden/NAME; with UPDATE_GOLDEN=1, rewrite the file."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.exists(), f"{path} is missing; run UPDATE_GOLDEN=1 pytest tests/output"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} changed; if intended, regenerate with UPDATE_GOLDEN=1"


class UnconsultedDepartment(Rule[RuleSettings]):
    """A test rule whose evidence spans a chain of graph nodes and quotes profile names."""

    id = "TST900"
    slug = "unconsulted-department"
    title = "Department not consulted on the design"
    pillar = "process"
    severity = "high"
    checks = "Whether each department that staffs processes was consulted on their design."
    why = "Processes designed without the people who run them are worked around."
    fix = "Run design workshops with the department."
    risky_example = "departments: {sales: {consulted_on_design: false}}"
    healthy_example = "departments: {sales: {consulted_on_design: true}}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        graph = ctx.graph
        for key, dep in sorted(ctx.profile.departments.items()):
            if dep.consulted_on_design:
                continue
            dep_node = node_id("department", key)
            roles = graph.successors(dep_node, "staffs")
            procs = sorted({p for r in roles for p in graph.successors(r, "performs")})
            goals = sorted({o for p in procs for o in graph.successors(p, "supports")})
            if not procs:
                continue
            yield self.finding(
                f"{dep.name or key} was not consulted on the processes its staff perform.",
                likelihood=0.8,
                impact=0.9,
                pointers=[pointer("departments", key, "consulted_on_design")],
                nodes=[dep_node, *roles, *procs, *goals],
                recommendations=[
                    recommend(
                        f"Hold design workshops with {dep.name or key}.",
                        "low",
                        set_(pointer("departments", key, "consulted_on_design"), True),
                    )
                ],
            )


class ChainPlugin:
    """A plugin registering `UnconsultedDepartment`."""

    riskengine_plugin_name = "test-chain"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(UnconsultedDepartment)  # type: ignore[operator]
