"""A rule whose graph answers a change leaves as they were is not run again, and what it then
depends on is taken from the changed graph, so later re-evaluations stay exact."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.findings import Finding
from riskengine.graph.model import GraphBuilder
from riskengine.graph.recording import GraphReads, recording_graph
from riskengine.hookspecs import hookimpl
from riskengine.loading import load_profile
from riskengine.patching import apply_changes
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import add, set_
from riskengine.testing import profile_dicts
from tests.helpers import as_profile, mixed_edits, profile_data

TODAY = dt.date(2026, 1, 1)


class SalesReach(Rule[RuleSettings]):
    """A plugin rule reporting how much of the work the sales department reaches."""

    id = "REACH001"
    slug = "sales-reach"
    title = "Sales reach"
    pillar = "process"
    severity = "low"
    checks = "How much of the work lies downstream of the sales department."
    why = "Test rule."
    fix = "Test rule."
    risky_example = "departments: {sales: {}}"
    healthy_example = "departments: {}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        reach = ctx.graph.reach("department:sales")
        yield self.finding(f"Sales reaches {reach:.3f} of the work.", likelihood=0.5, impact=reach)


class ReachPlugin:
    riskengine_plugin_name = "reach"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(SalesReach)  # type: ignore[operator]


def test_a_walk_reaching_a_new_node_keeps_a_rule_whose_answers_stand() -> None:
    engine = Engine([ReachPlugin()], load_entrypoints=False)
    profile = as_profile(profile_data("healthy-rollout"))
    base = engine.evaluate(profile, today=TODAY)
    # a new sales role with no work: the walk from sales now visits it, the reach is the same
    hire = [set_("/roles/observer", {"kind": "end_user", "department": "sales"})]
    hired = apply_changes(profile, hire)
    after = engine.evaluator.reevaluate(base, hired, hire)
    assert after.runs["REACH001"].findings is base.runs["REACH001"].findings
    reads = after.runs["REACH001"].graph_reads
    assert reads is not None
    assert any("role:observer" in visited for visited in reads.walked.values())
    assert after.findings == engine.evaluate(hired, today=TODAY).findings

    # the new role takes on work sales never reached: only the refreshed reads see that
    work = [add("/processes/maintenance/performed_by", "observer")]
    working = apply_changes(hired, work)
    again = engine.evaluator.reevaluate(after, working, work)
    fresh = engine.evaluate(working, today=TODAY)
    assert again.findings == fresh.findings
    message = next(f.message for f in again.findings if f.rule == "REACH001")
    assert message != next(f.message for f in after.findings if f.rule == "REACH001")


def test_replaying_gives_up_when_an_answer_differs_or_a_node_is_gone() -> None:
    builder = GraphBuilder()
    for kind, ref in (("department", "sales"), ("role", "rep"), ("process", "visit")):
        builder.add_node(kind, ref)
    builder.add_edge("department:sales", "role:rep", "staffs")
    builder.add_edge("role:rep", "process:visit", "performs")
    graph = builder.build()
    reads = GraphReads()
    view = recording_graph(graph, reads)
    assert view.reach("department:sales") == 1.0
    assert view.kind("role:rep") == "role"
    assert reads.replayed(graph) is not None

    smaller = GraphBuilder()
    smaller.add_node("department", "sales")
    smaller.add_node("process", "visit")
    assert reads.replayed(smaller.build()) is None  # the reach fell, and the role is gone

    reads.everything = True
    assert reads.replayed(graph) is None  # the rule looked past the queries


@functools.cache
def _plain_engine() -> Engine:
    return Engine(load_entrypoints=False)


@settings(max_examples=25, deadline=None)
@given(profile_dicts(max_roles=5, max_processes=5), profile_dicts(), st.randoms())
def test_re_evaluating_a_re_evaluation_equals_a_full_evaluation(
    data: dict[str, Any], other: dict[str, Any], rnd: random.Random
) -> None:
    """Edits applied one after another, each re-evaluated from the last re-evaluation, give
    what evaluating the final profile afresh gives: nothing a kept run recorded goes stale."""
    engine = _plain_engine()
    profile = load_profile(data)
    current = engine.evaluate(profile, today=TODAY)
    for edit in mixed_edits(data, other, rnd)[:6]:
        try:
            changed = apply_changes(current.profile, [edit])
        except ProfileError:
            continue
        current = engine.evaluator.reevaluate(current, changed, [edit])
        fresh = engine.evaluate(changed, today=TODAY)
        assert current.findings == fresh.findings, edit
        assert current.scores == fresh.scores, edit
