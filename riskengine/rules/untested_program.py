"""CRM028 untested-program: the system meets its users before anyone proved it works for them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import free_key, is_small, pointer, recommend, set_, size_factor
from riskengine.rules._go_live_testing import STRATEGY, before_go_live
from riskengine.rules._testing_plan import TestingPlan, read_testing_plan

PLANNING = 0.75
"""Likelihood factor while the program is still planning: there is time to plan the tests."""

NO_REGRESSION = 0.5


class UntestedProgramSettings(RuleSettings):
    """Thresholds of CRM028."""

    min_seats: int = Field(default=15, ge=0)
    """Below this many seats the few users try the system with the owner before relying on it;
    a written strategy, formal sign-off and test cycles are not needed and the rule stays
    quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above an untested system has its full impact, and untested
    performance is high."""
    performance_seats: int = Field(default=300, ge=0)
    """From this many seats on, a system not tested at its expected volumes is reported; when
    the size is not stated, at half the likelihood."""
    critical_dependants: int = Field(default=2, ge=1)
    """A process with this many dependants in the graph or more (objectives it serves,
    departments that benefit from it) is critical: leaving it untested is high."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many (stated) seats on, before go-live, not knowing whether there is a test
    strategy, acceptance testing by users, a formal sign-off or (for a large rollout) performance
    testing is reported at half the likelihood of the worst gap left open."""


class UntestedProgram(Rule[UntestedProgramSettings]):
    id = "CRM028"
    slug = "untested-program"
    title = "The system goes live without being proven by its users"
    area = "testing"
    pillar = "technology"
    severity = "high"
    settings_model = UntestedProgramSettings
    checks = (
        "Before go-live: whether there is a written test strategy, whether user acceptance "
        "testing is done by the people who will use the system (`testing.uat_by_users`, or "
        "acceptance cycles in `test_cycles` whose roles are all project or IT roles), whether "
        "acceptance cycles run on real (migrated) data, whether a large rollout "
        "(`performance_seats`) is tested at its volumes (`testing.performance_tested` or a "
        "performance cycle), whether go-live waits for a formal sign-off, and whether finished "
        "cycles were signed off. When `test_cycles` is stated, every business process should be "
        "covered by a cycle that tests its function (performance cycles do not count); the gap "
        "is weighed through the dependency graph: processes with `critical_dependants` "
        "dependants or more (objectives they serve, departments that benefit) weigh more and "
        "make the finding high. While planning, gaps weigh a quarter less.\n\n"
        "Stage: once live the go-live tests are history; the rule then judges how changes to "
        "the live system are tested: a test strategy, and a regression cycle among the stated "
        "test cycles.\n\n"
        "Unknowns: an unstated fact is an open question, not a gap. When `test_cycles` is not "
        "stated, coverage is not judged; a cycle whose `covers` is not stated may cover "
        "anything, so uncovered processes are then reported at half the likelihood, and a "
        "cycle of unstated kind counts toward coverage but is not judged as an acceptance test, "
        "and "
        "once live it may be the regression test, so no regression finding is made. Roles of "
        "unstated kind are not taken for project roles. From `unknown_from_seats` stated seats "
        "on, before go-live, the rule reports (medium, at half the likelihood of the worst gap "
        "left open) that nobody has stated whether the strategy, user acceptance testing, "
        "sign-off or performance testing exist. A program of unstated size is judged as neither "
        "small nor large; its performance testing is judged at half the likelihood."
    )
    why = (
        "Users meet an untested system in front of customers: a quote that does not calculate, "
        "a case that cannot be escalated, a screen that takes a minute to open with three "
        "hundred people logged in. Acceptance testing by the people who do the work, on real "
        "data, is the last chance to find that the system does not fit how they work; testers "
        "from the project team test what they built, not what users need. A process that "
        "objectives and several departments depend on spreads its failure to all of them, "
        "which is why untested critical processes weigh most. Without a formal sign-off, "
        "go-live happens because the date arrived."
    )
    fix = (
        "Write a test strategy that says what is tested, by whom, when and how results are "
        "accepted; run acceptance tests with the people who will use the system, on migrated "
        "data, covering every business process (critical ones first); test performance at the "
        "expected number of users and records; and let go-live wait for the business's formal "
        "sign-off. Once live, test every release against the processes it touches."
    )
    effort = (
        "Formal business acceptance of the test results (before go-live, or for each finished "
        "cycle) and writing down how each live release is tested are **low**: a decision and a "
        "signature on work that is already done or known. The rest is **medium**: writing a test "
        "strategy, planning or extending an acceptance test cycle, having end users run the tests "
        "on their own cases, loading migrated data into the test environment, testing performance "
        "at full volume, setting up a regression test for releases, and finding out how the system "
        "will be proven before go-live; each takes days of testers' and users' time and often an "
        "environment to prepare."
    )
    risky_example = """\
organization: {name: Pellam Insurance Brokers, crm_seats: 350}
lifecycle: {stage: implementing}
testing: {strategy: false, uat_by_users: false, performance_tested: false, sign_off: false}
roles:
  analyst: {kind: it_representative}
  broker: {kind: end_user}
processes:
  renewals: {kind: business, performed_by: [broker]}
test_cycles:
  sit: {kind: system, covers: [renewals], involves: [analyst], real_data: false}
"""
    healthy_example = """\
organization: {name: Pellam Insurance Brokers, crm_seats: 350}
lifecycle: {stage: implementing}
testing: {strategy: true, uat_by_users: true, performance_tested: true, sign_off: true}
roles:
  analyst: {kind: it_representative}
  broker: {kind: end_user}
processes:
  renewals: {kind: business, performed_by: [broker]}
test_cycles:
  uat:
    kind: uat
    covers: [renewals]
    involves: [broker]
    real_data: true
    status: planned
  regression: {kind: regression, covers: [renewals], involves: [analyst], real_data: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        live = stage == "live"
        plan = read_testing_plan(ctx, live)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.35)
        if live:
            yield from self._live(ctx, plan, impact)
            return
        factor = PLANNING if stage == "planning" else 1.0
        yield from before_go_live(self, ctx, plan, impact, factor, seats)

    def _live(self, ctx: Context, plan: TestingPlan, impact: float) -> Iterator[Finding]:
        """Once live: how changes to the live system are tested."""
        everything = [node_id("process", p) for p in plan.business]
        if plan.strategy is False:
            yield self.finding(
                "Changes reach the live system without a written test strategy.",
                likelihood=STRATEGY * 0.8,
                impact=impact,
                pointers=["/testing/strategy"],
                nodes=everything,
                severity="medium",
                recommendations=[
                    recommend(
                        "Write down how each release is tested before it reaches users: which "
                        "processes, by whom, and who accepts the result.",
                        "low",
                        set_("/testing/strategy", True),
                    )
                ],
            )
        cycles = plan.cycles
        if cycles is None or any(c.kind is None or c.kind == "regression" for c in cycles):
            return  # no cycles stated, or one may well be a regression test
        if not plan.business:
            return
        key = free_key(ctx.profile.test_cycles, "regression")
        yield self.finding(
            "No regression test protects the live system's processes from its own releases.",
            likelihood=NO_REGRESSION,
            impact=impact,
            pointers=["/test_cycles"],
            nodes=everything,
            severity="medium",
            recommendations=[
                recommend(
                    "Set up a regression test of the business processes and run it before "
                    "every release reaches users.",
                    "medium",
                    set_(
                        pointer("test_cycles", key),
                        {
                            "name": "Release regression test",
                            "kind": "regression",
                            "covers": list(plan.business),
                            "status": "planned",
                        },
                    ),
                )
            ],
        )
