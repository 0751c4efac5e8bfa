"""CRM028 untested-program: the system meets its users before anyone proved it works for them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation, Severity
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    add,
    display,
    is_small,
    names,
    plural,
    pointer,
    ramp,
    recommend,
    set_,
    size_factor,
)

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

PLANNING = 0.75
"""Likelihood factor while the program is still planning: there is time to plan the tests."""

USER_KINDS = frozenset({"end_user", "champion", "sme", "process_advocate"})
"""Kinds of role whose people use the system in their daily work (or speak for those who do)."""

STRATEGY = 0.55
BY_USERS = 0.7
REAL_DATA = 0.5
PERFORMANCE = 0.5
SIGN_OFF = 0.6
UNSIGNED_CYCLE = 0.45
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


@dataclass
class _Cycle:
    """What the rule asked about one test cycle."""

    key: str
    name: str
    kind: Any
    covers: list[str] | None
    involves: list[str] | None
    user_roles: bool | None
    """Whether the people testing include users: None when the roles' kinds are not known."""
    real_data: Any
    signed_off: Any
    status: Any


@dataclass
class _Plan:
    """Everything the rule asked about testing."""

    strategy: Any
    uat_by_users: Any
    performance_tested: Any
    sign_off: Any
    cycles: list[_Cycle] | None
    business: list[str] = field(default_factory=list)
    """Keys of the processes not known to be maintenance processes."""
    performers: dict[str, list[str]] = field(default_factory=dict)
    """Roles that perform each business process (asked before go-live): the natural testers."""

    def testers(self, processes: list[str]) -> list[str]:
        """The roles that perform any of `processes`, sorted."""
        return sorted({r for p in processes for r in self.performers.get(p, [])})

    def of_kind(self, kind: str) -> list[_Cycle]:
        return [c for c in self.cycles or [] if c.kind == kind]


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
        plan = _Plan(
            strategy=ctx.ask("/testing/strategy"),
            # the go-live tests are history once live: asked only before
            uat_by_users=None if live else ctx.ask("/testing/uat_by_users"),
            performance_tested=None if live else ctx.ask("/testing/performance_tested"),
            sign_off=None if live else ctx.ask("/testing/sign_off"),
            cycles=_cycles(ctx, live),
        )
        for key in sorted(ctx.profile.processes):
            if ctx.ask(pointer("processes", key, "kind")) != "maintenance":
                plan.business.append(key)
                if not live:
                    plan.performers[key] = ctx.ask(pointer("processes", key, "performed_by")) or []
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.35)
        if live:
            yield from self._live(ctx, plan, impact)
            return
        factor = PLANNING if stage == "planning" else 1.0
        yield from self._before(ctx, plan, impact, factor, seats)

    # --- before go-live ------------------------------------------------------------------------

    def _before(
        self, ctx: Context, plan: _Plan, impact: float, factor: float, seats: int | None
    ) -> Iterator[Finding]:
        s = self.settings
        large = seats is not None and seats >= s.large_seats
        everything = [node_id("process", p) for p in plan.business]
        if plan.strategy is False:
            yield self.finding(
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
        yield from self._users(plan, impact, factor, everything)
        yield from self._real_data(plan, impact, factor)
        yield from self._performance(plan, impact, factor, seats)
        if plan.sign_off is False:
            yield self.finding(
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
        yield from self._unsigned(plan, impact, factor)
        yield from self._coverage(ctx, plan, impact, factor)
        if seats is not None and seats >= s.unknown_from_seats:
            yield from self._unknown(plan, impact, everything, seats)

    def _users(
        self, plan: _Plan, impact: float, factor: float, everything: list[str]
    ) -> Iterator[Finding]:
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
        yield self.finding(
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

    def _real_data(self, plan: _Plan, impact: float, factor: float) -> Iterator[Finding]:
        invented = [c for c in plan.of_kind("uat") if c.real_data is False]
        if not invented:
            return
        yield self.finding(
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
        self, plan: _Plan, impact: float, factor: float, seats: int | None
    ) -> Iterator[Finding]:
        s = self.settings
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
        yield self.finding(
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

    def _unsigned(self, plan: _Plan, impact: float, factor: float) -> Iterator[Finding]:
        unsigned = [c for c in plan.cycles or [] if c.status == "done" and c.signed_off is False]
        if not unsigned:
            return
        yield self.finding(
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
        self, ctx: Context, plan: _Plan, impact: float, factor: float
    ) -> Iterator[Finding]:
        if plan.cycles is None or not plan.business:
            return  # coverage is an open question, or there is nothing to cover
        functional = [c for c in plan.cycles if c.kind != "performance"]
        covered = {p for c in functional for p in c.covers or []}
        blind = [c for c in functional if c.covers is None]
        uncovered = [p for p in plan.business if p not in covered]
        if not uncovered:
            return
        graph = ctx.graph
        weight = {p: 1 + _dependants(ctx, p) for p in plan.business}
        share = sum(weight[p] for p in uncovered) / sum(weight.values())
        critical = [p for p in uncovered if weight[p] - 1 >= self.settings.critical_dependants]
        label = {p: display(ctx.profile, node_id("process", p)) for p in uncovered}
        count = plural(len(plan.business), "business process", "business processes")
        if not plan.cycles:
            message = (
                f"No test cycle is planned: none of the {count} is tested end to end before go-live"
            )
        else:
            verb = "is" if len(uncovered) == 1 else "are"
            message = (
                f"{len(uncovered)} of {count} {verb} covered by no test cycle: "
                f"{names([label[p] for p in uncovered])}"
            )
        if critical:
            if critical == uncovered:
                which = "it" if len(critical) == 1 else "them"
            else:
                which = names([label[p] for p in critical])
            message += f"; objectives and departments depend on {which}"
        message += "."
        if blind:
            message += (
                f" Nobody has stated what {names([c.name for c in blind])} "
                f"{'covers' if len(blind) == 1 else 'cover'}."
            )
        nodes = [node_id("process", p) for p in uncovered]
        for p in uncovered:
            nodes += graph.downstream(node_id("process", p))
        yield self.finding(
            message,
            likelihood=(0.4 + 0.4 * share) * (DOUBT if blind else 1.0) * factor,
            impact=impact * (0.4 + 0.6 * share),
            pointers=["/test_cycles", *(pointer("processes", p) for p in uncovered)],
            nodes=nodes,
            severity="high" if critical else "medium",
            recommendations=[self._cover(ctx, plan, uncovered, critical, label)],
        )

    def _cover(
        self,
        ctx: Context,
        plan: _Plan,
        uncovered: list[str],
        critical: list[str],
        label: dict[str, str],
    ) -> Recommendation:
        ordered = critical + [p for p in uncovered if p not in critical]
        which = names([label[p] for p in ordered])
        first = ", critical ones first," if critical and len(ordered) > 1 else ""
        testers = plan.testers(ordered)
        uat = [c for c in plan.of_kind("uat") if c.covers is not None]
        if uat:
            cycle = uat[0]
            changes = [add(pointer("test_cycles", cycle.key, "covers"), p) for p in ordered]
            changes += [add(pointer("test_cycles", cycle.key, "involves"), r) for r in testers]
            return recommend(
                f"Add {which} to {cycle.name}{first} and have the people who perform "
                f"{'it' if len(ordered) == 1 else 'them'} run the tests.",
                "medium",
                *changes,
            )
        cycle_data: dict[str, Any] = {
            "name": "User acceptance test",
            "kind": "uat",
            "covers": ordered,
            "real_data": True,
            "status": "planned",
        }
        if testers:
            cycle_data["involves"] = testers
        key = _free_key(ctx, "acceptance")
        return recommend(
            f"Plan an acceptance test cycle covering {which}{first} run on migrated data by "
            f"the people who perform {'it' if len(ordered) == 1 else 'them'}.",
            "medium",
            set_(pointer("test_cycles", key), cycle_data),
        )

    def _unknown(
        self, plan: _Plan, impact: float, everything: list[str], seats: int
    ) -> Iterator[Finding]:
        s = self.settings
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
        yield self.finding(
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

    # --- once live -----------------------------------------------------------------------------

    def _live(self, ctx: Context, plan: _Plan, impact: float) -> Iterator[Finding]:
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
        key = _free_key(ctx, "regression")
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


def _cycles(ctx: Context, live: bool) -> list[_Cycle] | None:
    """The stated test cycles and what the rule asked about each; None when not stated."""
    stated = ctx.ask("/test_cycles")
    out: list[_Cycle] = []
    for key in sorted(ctx.profile.test_cycles):
        at = ("test_cycles", key)
        kind = ctx.ask(pointer(*at, "kind"))
        covers = ctx.ask(pointer(*at, "covers"))
        involves = None if live else ctx.ask(pointer(*at, "involves"))
        user_roles: bool | None = None
        if involves is not None and kind in (None, "uat"):
            kinds = [ctx.ask(pointer("roles", r, "kind")) for r in involves]
            if any(k in USER_KINDS for k in kinds):
                user_roles = True
            elif kinds and all(k is not None for k in kinds):
                user_roles = False
        out.append(
            _Cycle(
                key=key,
                name=ctx.profile.test_cycles[key].name or key,  # only words the message
                kind=kind,
                covers=covers,
                involves=involves,
                user_roles=user_roles,
                real_data=None if live else ctx.ask(pointer(*at, "real_data")),
                signed_off=None if live else ctx.ask(pointer(*at, "signed_off")),
                status=None if live else ctx.ask(pointer(*at, "status")),
            )
        )
    return out if stated is not None else None


def _dependants(ctx: Context, process: str) -> int:
    """What depends on a process: what lies downstream of it and the departments it benefits."""
    node = node_id("process", process)
    graph = ctx.graph
    return len(set(graph.downstream(node)) | set(graph.successors(node, "benefits")))


def _free_key(ctx: Context, base: str) -> str:
    """`base`, or `base_2`, `base_3`, ... whichever no test cycle uses yet."""
    key, n = base, 1
    while key in ctx.profile.test_cycles:
        n += 1
        key = f"{base}_{n}"
    return key
