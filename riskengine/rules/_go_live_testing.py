"""CRM028 before go-live: how the program proves that its system works for the people using it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.graph import node_id
from riskengine.rulekit import add, names, pointer, ramp, recommend, set_
from riskengine.rules._test_coverage import cover_gap, coverage_gap
from riskengine.rules._testing_plan import TestingPlan

if TYPE_CHECKING:
    from riskengine.rules.untested_program import UntestedProgram

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

STRATEGY = 0.55
BY_USERS = 0.7
REAL_DATA = 0.5
PERFORMANCE = 0.5
SIGN_OFF = 0.6
UNSIGNED_CYCLE = 0.45


def before_go_live(
    rule: UntestedProgram,
    ctx: Context,
    plan: TestingPlan,
    impact: float,
    factor: float,
    seats: int | None,
) -> Iterator[Finding]:
    """The go-live checks: strategy, testers, data, volumes, sign-off, coverage, unknowns."""
    s = rule.settings
    large = seats is not None and seats >= s.large_seats
    everything = [node_id("process", p) for p in plan.business]
    if plan.strategy is False:
        yield rule.finding(
            "There is no written test strategy: nobody has settled what is tested, by "
            "whom, when, and how results are accepted.",
            likelihood=STRATEGY * factor,
            impact=impact,
            pointers=["/testing/strategy"],
            nodes=everything,
            severity="high" if large else "medium",
            recommendations=[
                recommend(
                    "Write a test strategy: what is tested (every business process, the "
                    "interfaces, performance), by whom, in which cycles, and how results "
                    "are accepted.",
                    "medium",
                    set_("/testing/strategy", True),
                )
            ],
        )
    yield from _users(rule, plan, impact, factor, everything)
    yield from _real_data(rule, plan, impact, factor)
    yield from _performance(rule, plan, impact, factor, seats)
    if plan.sign_off is False:
        yield rule.finding(
            "Go-live does not wait for a formal sign-off of the test results.",
            likelihood=SIGN_OFF * factor,
            impact=impact,
            pointers=["/testing/sign_off"],
            nodes=everything,
            recommendations=[
                recommend(
                    "Make go-live depend on the business formally accepting the test "
                    "results, with open defects listed and each one accepted or fixed.",
                    "low",
                    set_("/testing/sign_off", True),
                )
            ],
        )
    yield from _unsigned(rule, plan, impact, factor)
    yield from _coverage(rule, ctx, plan, impact, factor)
    if seats is not None and seats >= s.unknown_from_seats:
        yield from _unknown(rule, plan, impact, everything, seats)


def _users(
    rule: UntestedProgram, plan: TestingPlan, impact: float, factor: float, everything: list[str]
) -> Iterator[Finding]:
    """Acceptance testing not done by the people who will use the system."""
    # acceptance cycles whose testers are known, and known not to include any user
    without = [c for c in plan.of_kind("uat") if c.involves and c.user_roles is False]
    if plan.uat_by_users is not False and not without:
        return
    if plan.uat_by_users is False:
        message = "User acceptance testing is not done by the people who will use the system."
        pointers = ["/testing/uat_by_users"]
        likelihood = BY_USERS
    else:
        message = (
            f"Acceptance testing ({names([c.name for c in without])}) is done by project "
            "and IT roles only, not by the people who will use the system."
        )
        pointers = [pointer("test_cycles", without[0].key, "involves")]
        likelihood = BY_USERS * 0.85
    # the people who perform the processes a cycle covers join it as testers
    changes = [set_("/testing/uat_by_users", True)]
    for cycle in without:
        for role in plan.testers(cycle.covers or []):
            changes.append(add(pointer("test_cycles", cycle.key, "involves"), role))
    yield rule.finding(
        message,
        likelihood=likelihood * factor,
        impact=impact,
        pointers=pointers,
        nodes=everything + [node_id("test_cycle", c.key) for c in without],
        recommendations=[
            recommend(
                "Have the people who will do the work (end users and champions of each "
                "department) run the acceptance tests on their own everyday cases.",
                "medium",
                *changes,
            )
        ],
    )


def _real_data(
    rule: UntestedProgram, plan: TestingPlan, impact: float, factor: float
) -> Iterator[Finding]:
    """Acceptance cycles that run on invented records instead of migrated data."""
    invented = [c for c in plan.of_kind("uat") if c.real_data is False]
    if not invented:
        return
    yield rule.finding(
        f"Acceptance testing ({names([c.name for c in invented])}) runs on invented "
        "records instead of migrated data.",
        likelihood=REAL_DATA * factor,
        impact=impact,
        pointers=[pointer("test_cycles", c.key, "real_data") for c in invented],
        nodes=[node_id("test_cycle", c.key) for c in invented]
        + [node_id("process", p) for c in invented for p in c.covers or []],
        severity="medium",
        recommendations=[
            recommend(
                "Load a copy of the migrated data into the test environment and run the "
                "acceptance tests on it, so that duplicates, gaps and odd records show up "
                "before go-live.",
                "medium",
                *(set_(pointer("test_cycles", c.key, "real_data"), True) for c in invented),
            )
        ],
    )


def _performance(
    rule: UntestedProgram, plan: TestingPlan, impact: float, factor: float, seats: int | None
) -> Iterator[Finding]:
    """A rollout of some size not tested at the volumes its users will bring."""
    s = rule.settings
    if plan.performance_tested is not False or plan.of_kind("performance"):
        return
    if seats is not None and seats < s.performance_seats:
        return
    if seats is None:
        likelihood = PERFORMANCE * DOUBT
        message = (
            "The system is not tested at its expected volumes, and nobody has stated how "
            "many people will use it."
        )
        severity: Severity = "medium"
    else:
        likelihood = PERFORMANCE + 0.2 * ramp(seats, s.performance_seats, s.large_seats)
        message = f"The system is not tested at the volumes {seats} users will put on it."
        severity = "high" if seats >= s.large_seats else "medium"
    yield rule.finding(
        message,
        likelihood=likelihood * factor,
        impact=impact,
        pointers=["/testing/performance_tested"],
        severity=severity,
        recommendations=[
            recommend(
                "Test performance before go-live with the expected number of users working "
                "at once and the full volume of migrated records.",
                "medium",
                set_("/testing/performance_tested", True),
            )
        ],
    )


def _unsigned(
    rule: UntestedProgram, plan: TestingPlan, impact: float, factor: float
) -> Iterator[Finding]:
    """Finished test cycles whose results the business never formally accepted."""
    unsigned = [c for c in plan.cycles or [] if c.status == "done" and c.signed_off is False]
    if not unsigned:
        return
    yield rule.finding(
        f"{names([c.name for c in unsigned])} finished without the business formally "
        "accepting the results.",
        likelihood=UNSIGNED_CYCLE * factor,
        impact=impact,
        pointers=[pointer("test_cycles", c.key, "signed_off") for c in unsigned],
        nodes=[node_id("test_cycle", c.key) for c in unsigned],
        severity="medium",
        recommendations=[
            recommend(
                "Have the business review the results of each finished test cycle and "
                "accept them formally, or list what must be fixed first.",
                "low",
                *(set_(pointer("test_cycles", c.key, "signed_off"), True) for c in unsigned),
            )
        ],
    )


def _coverage(
    rule: UntestedProgram, ctx: Context, plan: TestingPlan, impact: float, factor: float
) -> Iterator[Finding]:
    """Business processes no test cycle covers, weighed by what depends on them."""
    gap = coverage_gap(ctx, plan, rule.settings.critical_dependants)
    if gap is None:
        return
    yield rule.finding(
        gap.message,
        likelihood=(0.4 + 0.4 * gap.share) * (DOUBT if gap.blind else 1.0) * factor,
        impact=impact * (0.4 + 0.6 * gap.share),
        pointers=["/test_cycles", *(pointer("processes", p) for p in gap.uncovered)],
        nodes=gap.nodes,
        severity="high" if gap.critical else "medium",
        recommendations=[cover_gap(ctx, plan, gap)],
    )


def _unknown(
    rule: UntestedProgram, plan: TestingPlan, impact: float, everything: list[str], seats: int
) -> Iterator[Finding]:
    """At a size where it matters, nobody has stated how the system will be proven."""
    s = rule.settings
    open_facts: list[tuple[str, str, float]] = []
    if plan.strategy is None:
        open_facts.append(("strategy", "a test strategy", STRATEGY))
    users_evident = any(c.user_roles for c in plan.of_kind("uat"))
    if plan.uat_by_users is None and not users_evident:
        open_facts.append(("uat_by_users", "acceptance testing by users", BY_USERS))
    if plan.sign_off is None:
        open_facts.append(("sign_off", "a formal sign-off before go-live", SIGN_OFF))
    if (
        plan.performance_tested is None
        and not plan.of_kind("performance")
        and seats >= s.performance_seats
    ):
        open_facts.append(("performance_tested", "performance testing", PERFORMANCE))
    if not open_facts:
        return
    what = names([text for _, text, _ in open_facts], limit=4)
    yield rule.finding(
        f"Nobody has stated whether the program has {what}; at this size an unproven "
        "system fails in front of many users at once.",
        likelihood=DOUBT * max(lik for _, _, lik in open_facts),
        impact=impact,
        pointers=[f"/testing/{open_facts[0][0]}"],
        nodes=everything,
        severity="medium",
        recommendations=[
            recommend(
                "Find out how the system will be proven before go-live; where nothing is "
                "planned, write the test strategy, have users run the acceptance tests and "
                "make go-live wait for their sign-off.",
                "medium",
                *(set_(f"/testing/{fact}", True) for fact, _, _ in open_facts),
            )
        ],
    )
