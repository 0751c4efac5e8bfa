"""CRM035 untested-integrations: interfaces the processes depend on, untested or owned by nobody."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation, Severity
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    display_names,
    is_small,
    owner_candidate,
    plural,
    pointer,
    ramp,
    recommend,
    set_,
    size_factor,
)

UNKNOWN_FEEDS = 0.5
"""Share of the full weight given to an interface whose `feeds` list is not stated."""

OWNER_KINDS = ("system_admin", "it_representative")
"""Kinds of role, in order of preference, that naturally answer for an interface."""


class UntestedIntegrationsSettings(RuleSettings):
    """Thresholds of CRM035."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the few people who rely on an interface notice at once when it
    fails; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, a failing interface has its full impact."""
    full_weight: int = Field(default=6, ge=1)
    """Processes plus objectives downstream of an interface at which its weight is full (three
    processes serving one objective each, say)."""
    unknown_from_seats: int = Field(default=100, ge=0)
    """From this many (stated) seats on, a live system's interface of which nobody has said
    whether it was tested end to end is reported, at half the likelihood of a known gap, when it
    feeds at least one process."""


@dataclass(frozen=True)
class _Interface:
    """What the rule asked about one integration, and the weight of what it feeds."""

    key: str
    name: str
    tested: bool | None
    owner: str | None
    system: str | None
    feeds: list[str] | None
    processes: list[str]
    objectives: list[str]
    impact: float

    @property
    def at(self) -> tuple[str, str]:
        return ("integrations", self.key)

    @property
    def nodes(self) -> list[str]:
        own = [node_id("integration", self.key)]
        if self.system is not None:
            own.append(node_id("data_source", self.system))
        return [*own, *self.processes, *self.objectives]

    @property
    def critical(self) -> bool:
        """Whether processes that serve objectives depend on it."""
        return bool(self.objectives)


class UntestedIntegrations(Rule[UntestedIntegrationsSettings]):
    id = "CRM035"
    slug = "untested-integrations"
    title = "Interfaces not tested end to end, or owned by nobody"
    area = "integrations"
    pillar = "technology"
    severity = "high"
    settings_model = UntestedIntegrationsSettings
    checks = (
        "Every interface in `integrations` that is not declined: whether it was tested end to "
        "end (`tested_end_to_end`) and whether a role answers for it (`owner`). Each interface "
        "is weighed by what it feeds in the dependency graph: the processes that depend on it "
        "and the objectives those processes serve, so an untested interface feeding three "
        "processes that carry objectives outranks one feeding none (high when it feeds "
        "objectives, medium otherwise).\n\n"
        "Stage: before go-live (or when the stage is not stated) an interface not yet tested "
        "is reported only when no integration test cycle (`test_cycles`, kind `integration`) "
        "covers the processes it feeds: the plan to test it is what counts then, and it weighs "
        "less while the program is still planning than once it is implementing. Once live, an "
        "interface never tested end to end is reported whatever the test plan said.\n\n"
        "Unknowns: when `integrations` is not stated at all, whether there are interfaces is "
        "an open question and nothing is reported. An interface whose testing is not stated is "
        "an open question; only for a live system of at least `unknown_from_seats` stated "
        "seats, and an interface known to feed a process, does the rule report, at half the "
        "likelihood, that nobody has stated whether it was tested. The profile names an "
        "interface's owner by naming a role; when none is named the rule says so at less than "
        "half the likelihood it would give a known ownerless interface, and medium. An "
        "interface whose `feeds` list is not stated weighs halfway. An unknown size counts as "
        "not small."
    )
    why = (
        "An interface fails quietly: orders stop arriving, calls are logged against the wrong "
        "customer, a field is truncated, and nobody notices until a decision or a customer "
        "conversation goes wrong. Testing each part alone does not show it: only an end-to-end "
        "test with real data and error cases does. Every process that reads the data inherits "
        "the fault, which is why the weight follows the dependency graph: an untested interface "
        "that critical processes depend on is a high risk. An interface nobody owns has nobody "
        "watching its errors or deciding its changes, so a failure waits until a user complains."
    )
    fix = (
        "Test every interface end to end before go-live, with real (migrated) data and the "
        "error cases (missing records, duplicates, outages), in an integration test cycle "
        "covering the processes it feeds, and repeat the test with each release that touches "
        "it. Name the role that answers for each interface: monitoring, errors, changes."
    )
    effort = (
        "Naming the role that answers for an interface is **low**: a decision, usually handing it "
        "to a role the profile already has. Testing an interface end to end with real data and its "
        "error cases is **medium**: test data on both sides, people from both systems, and a "
        "repeat with every release that touches it."
    )
    risky_example = """\
organization: {name: Harbourline Distribution, crm_seats: 260}
lifecycle: {stage: implementing}
data_sources:
  erp: {kind: erp, holds_customer_data: true}
processes:
  order_follow_up: {supports: [repeat_orders]}
  credit_checks: {supports: [repeat_orders]}
objectives:
  repeat_orders: {description: Win more repeat orders}
roles:
  crm_admin: {kind: system_admin, sourcing: in_house}
integrations:
  erp_orders:
    system: erp
    feeds: [order_follow_up, credit_checks]
    owner: crm_admin
    status: in_progress
    tested_end_to_end: false
test_cycles: {}
"""
    healthy_example = """\
organization: {name: Harbourline Distribution, crm_seats: 260}
lifecycle: {stage: implementing}
data_sources:
  erp: {kind: erp, holds_customer_data: true}
roles:
  crm_admin: {kind: system_admin, sourcing: in_house}
processes:
  order_follow_up: {supports: [repeat_orders]}
  credit_checks: {supports: [repeat_orders]}
objectives:
  repeat_orders: {description: Win more repeat orders}
integrations:
  erp_orders:
    system: erp
    feeds: [order_follow_up, credit_checks]
    owner: crm_admin
    status: in_progress
    tested_end_to_end: true
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        if ctx.ask("/integrations") is None:
            return  # whether the CRM has interfaces at all is an open question
        stage = ctx.stage
        live = stage == "live"
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.6)
        interfaces = []
        for key in sorted(ctx.profile.integrations):
            if ctx.ask(pointer("integrations", key, "status")) == "declined":
                continue  # deliberately not connected: nothing to test or own
            interfaces.append(self._read(ctx, key, scale))
        covered: set[str] | None = None
        if not live and any(i.tested is not True for i in interfaces):
            covered = _integration_tested(ctx)
        owner = None
        if any(i.owner is None for i in interfaces):
            owner = _owner_candidate(ctx)
        for interface in interfaces:
            yield from self._untested(ctx, interface, stage, covered, seats)
            if interface.owner is None:
                yield self._unowned(ctx, interface, live, owner)

    def _read(self, ctx: Context, key: str, scale: float) -> _Interface:
        """Ask every fact the rule judges about one interface, and weigh what it feeds."""
        at = ("integrations", key)
        tested: bool | None = ctx.ask(pointer(*at, "tested_end_to_end"))
        owner: str | None = ctx.ask(pointer(*at, "owner"))
        system: str | None = ctx.ask(pointer(*at, "system"))
        feeds: list[str] | None = ctx.ask(pointer(*at, "feeds"))
        node = node_id("integration", key)
        processes = ctx.graph.downstream_of_kind(node, "process")
        objectives = ctx.graph.downstream_of_kind(node, "objective")
        if feeds is None:
            weight = UNKNOWN_FEEDS
        else:
            weight = ramp(len(processes) + len(objectives), 0, self.settings.full_weight)
        return _Interface(
            key=key,
            name=display(ctx.profile, node),
            tested=tested,
            owner=owner,
            system=system,
            feeds=feeds,
            processes=processes,
            objectives=objectives,
            impact=scale * (0.3 + 0.7 * weight),
        )

    def _untested(
        self,
        ctx: Context,
        interface: _Interface,
        stage: str | None,
        covered: set[str] | None,
        seats: int | None,
    ) -> Iterator[Finding]:
        if interface.tested is True:
            return
        live = stage == "live"
        depends = _depends(ctx, interface)
        severity: Severity | None
        if interface.tested is None:
            s = self.settings
            if not (live and interface.processes and seats is not None):
                return  # an open question
            if seats < s.unknown_from_seats:
                return
            message = (
                f"Nobody has stated whether {interface.name} was tested end to end, and the "
                f"system is live{depends}."
            )
            likelihood = 0.8 / 2
            severity = "medium"
        elif live:
            message = (
                f"{interface.name} was never tested end to end although the system is "
                f"live{depends}."
            )
            likelihood = 0.8
            severity = None if interface.critical else "medium"
        else:
            if _planned(interface, covered):
                return  # an integration test cycle covers what it feeds: the plan is there
            message = (
                f"{interface.name} has not been tested end to end and no integration test "
                f"cycle covers the processes it feeds{depends}."
            )
            # while still planning there is time to add the test; close to go-live there is not
            likelihood = 0.55 if stage == "planning" else 0.7
            severity = None if interface.critical else "medium"
        yield self.finding(
            message,
            likelihood=likelihood,
            impact=interface.impact,
            pointers=[pointer(*interface.at, "tested_end_to_end"), pointer(*interface.at)],
            nodes=interface.nodes,
            severity=severity,
            recommendations=[_test(interface, live)],
        )

    def _unowned(
        self, ctx: Context, interface: _Interface, live: bool, owner: str | None
    ) -> Finding:
        # the profile cannot say "nobody": an unnamed owner is reported below half the
        # likelihood a known ownerless interface would get (0.8 live, 0.6 before go-live)
        changes = []
        if owner is not None:
            role = display(ctx.profile, node_id("role", owner))
            action = (
                f"Make {role} answer for {interface.name}: its monitoring, its errors and "
                "every change to it."
            )
            changes.append(set_(pointer(*interface.at, "owner"), owner))
        else:
            action = (
                f"Name the role that answers for {interface.name}: its monitoring, its errors "
                "and every change to it."
            )
        return self.finding(
            f"Nobody is named as owner of {interface.name}: when it fails or must change, no "
            "one is known to answer for it.",
            likelihood=0.35 if live else 0.25,
            impact=interface.impact,
            pointers=[pointer(*interface.at, "owner")],
            nodes=interface.nodes,
            severity="medium",
            recommendations=[recommend(action, "low", *changes)],
        )


def _depends(ctx: Context, interface: _Interface) -> str:
    """``; lead follow-up and credit checks depend on it`` (empty when it feeds nothing known)."""
    if not interface.processes:
        return ""
    shown = display_names(ctx.profile, interface.processes)
    serves = (
        f", serving {plural(len(interface.objectives), 'objective', 'objectives')}"
        if interface.objectives
        else ""
    )
    verb = "depends" if len(interface.processes) == 1 else "depend"
    return f"; {shown} {verb} on it{serves}"


def _planned(interface: _Interface, covered: set[str] | None) -> bool:
    """Whether an integration test cycle covers every process the interface feeds.

    An interface that feeds no process known to the profile counts as planned when any
    integration test cycle is planned at all.
    """
    if covered is None:
        return False
    if not interface.processes:
        return "" in covered
    return all(p in covered for p in interface.processes)


def _integration_tested(ctx: Context) -> set[str]:
    """Process nodes covered by integration test cycles; ``""`` marks a cycle covering none."""
    covered: set[str] = set()
    if ctx.ask("/test_cycles") is None:
        return covered
    for key in sorted(ctx.profile.test_cycles):
        kind = ctx.ask(pointer("test_cycles", key, "kind"))
        covers: list[str] | None = ctx.ask(pointer("test_cycles", key, "covers"))
        if kind != "integration":
            continue
        covered.add("")
        covered.update(node_id("process", p) for p in covers or ())
    return covered


def _test(interface: _Interface, live: bool) -> Recommendation:
    """Test the interface end to end: the real work, in the interface's own entry."""
    if live:
        action = (
            f"Test {interface.name} end to end now, with real data and its error cases, and "
            "repeat the test with every release that touches it."
        )
    else:
        action = (
            f"Test {interface.name} end to end before go-live, with real data and its error "
            "cases, in an integration test cycle covering the processes it feeds."
        )
    return recommend(action, "medium", set_(pointer(*interface.at, "tested_end_to_end"), True))


def _owner_candidate(ctx: Context) -> str | None:
    """A role that could answer for it (see `rulekit.owner_candidate`)."""
    return owner_candidate(ctx, OWNER_KINDS)
