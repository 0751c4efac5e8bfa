"""Re-evaluation reuses only what a change cannot affect, whatever rules say about themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.hookspecs import hookimpl
from riskengine.patching import apply_changes
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import add, recommend, set_
from tests.helpers import PROFILES, as_profile, profile_data

EXAMPLES = sorted(PROFILES.glob("*.yaml"))


class SponsorWatcher(Rule[RuleSettings]):
    """A plugin rule whose declarations are false: it reads the sponsor and the graph."""

    id = "LIE001"
    slug = "sponsor-watcher"
    title = "Sponsor and committee out of step"
    pillar = "people"
    severity = "high"
    # hints the engine must not trust (the engine ignores them)
    reads = ("scope",)
    uses_graph = False
    checks = "Whether a sponsor who is not a champion sits beside a steering committee."
    why = "Test rule."
    fix = "Test rule."
    risky_example = "sponsor: {engagement: passive}"
    healthy_example = "sponsor: {engagement: champion}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        sponsor = ctx.profile.sponsor
        if sponsor is None or sponsor.engagement == "champion":
            return
        seats = (
            len(ctx.graph.successors("steering_committee"))
            if "steering_committee" in ctx.graph
            else 0
        )
        yield self.finding(
            f"The sponsor is {sponsor.engagement} while {seats} groups sit on the committee.",
            likelihood=0.5 + 0.05 * min(seats, 8),
            impact=0.8,
            pointers=["/sponsor/engagement"],
            nodes=["sponsor"],
            recommendations=[
                recommend(
                    "Make the sponsor a champion.",
                    "medium",
                    set_("/sponsor/engagement", "champion"),
                )
            ],
        )


class LyingPlugin:
    riskengine_plugin_name = "liar"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(SponsorWatcher)  # type: ignore[operator]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([LyingPlugin()], load_entrypoints=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_gain_equals_a_fresh_full_assessment(engine: Engine, path: Path) -> None:
    profile = as_profile(profile_data(path.stem))
    assessment = engine.assess(profile)
    base = engine.evaluate(profile)
    for rec in assessment.recommendations:
        if rec.estimated:
            continue  # no change describes the work: there is nothing to re-assess
        changed = apply_changes(profile, rec.changes)
        fresh = Engine([LyingPlugin()], load_entrypoints=False).assess(changed, rank=False)
        assert rec.gain == round(assessment.score.overall - fresh.score.overall, 1), rec.action
        assert rec.risk_removed == round(assessment.score.total - fresh.score.total, 1)
        again = engine.evaluator.reevaluate(base, changed, rec.changes)
        assert again.findings == engine.evaluate(changed).findings, rec.action


def test_a_change_to_what_a_rule_really_reads_reruns_it(engine: Engine) -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    passive = apply_changes(profile, [set_("/sponsor/engagement", "passive")])
    base = engine.evaluate(passive)
    assert "sponsor" in base.runs["LIE001"].reads and "graph" in base.runs["LIE001"].reads
    assert "scope" not in base.runs["LIE001"].reads
    changes = [set_("/sponsor/engagement", "champion")]
    after = engine.evaluator.reevaluate(base, apply_changes(passive, changes), changes)
    assert not after.runs["LIE001"].findings
    assert after.runs["CRM021"] is base.runs["CRM021"], (
        "a rule that never read the sponsor is reused"
    )


def test_graph_change_reruns_graph_readers_only(engine: Engine) -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    passive = apply_changes(profile, [set_("/sponsor/engagement", "passive")])
    base = engine.evaluate(passive)
    changes = [
        set_("/departments/legal", {"name": "Legal", "side": "other"}),
        add("/steering_committee/members", {"department": "legal", "hours_per_month": 6}),
    ]
    changed = apply_changes(passive, changes)
    after = engine.evaluator.reevaluate(base, changed, changes)
    assert after.findings == engine.evaluate(changed).findings
    watcher = next(f for f in after.findings if f.rule == "LIE001")
    before = next(f for f in base.findings if f.rule == "LIE001")
    assert watcher.message != before.message, "the graph grew, so the rule ran again"
