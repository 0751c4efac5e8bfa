"""CRM042 integrator-dependence: the integrator's juniors build it, and its knowledge leaves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display_names, pointer, recommend, set_, size_factor

STAFFING = "/staffing/integrator_staffing"
HANDOVER = "/staffing/knowledge_handover"
CONTRACT = "/staffing/maintenance_contract"

FOOTPRINT_RELATIONS = ("owns", "performs", "maintains", "runs", "accountable_for")
"""What a role does to an entity that makes the entity depend on the role's knowledge."""


class IntegratorDependenceSettings(RuleSettings):
    """Thresholds of CRM042."""

    small_seats: int = Field(default=10, ge=0)
    """At or below this many seats, dependence on an integrator has its smallest impact (it is
    still reported: a small firm can least afford to rebuild what it cannot maintain)."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, dependence on an integrator has its full impact."""


@dataclass(frozen=True)
class _Footprint:
    """The integrator's roles and what depends on them."""

    roles: list[str]
    held: list[str]
    weight: float

    def nodes(self) -> list[str]:
        return [node_id("role", r) for r in self.roles] + self.held


class IntegratorDependence(Rule[IntegratorDependenceSettings]):
    id = "CRM042"
    slug = "integrator-dependence"
    title = "Dependence on an integrator's staff and knowledge"
    area = "people"
    pillar = "people"
    severity = "high"
    settings_model = IntegratorDependenceSettings
    checks = (
        "What the program depends on when an integrator builds the system (`staffing`, and "
        "roles whose `sourcing` is `integrator`): whether the integrator puts junior people "
        "on the project (`integrator_staffing: junior`, medium; mixed or senior staffing is "
        "not reported), whether its knowledge is handed over and written down before it "
        "leaves (`knowledge_handover`, high), and whether a maintenance contract covers what "
        "it built (`maintenance_contract`, high). Each finding is weighed by what the "
        "integrator's roles own, perform, maintain or answer for in the dependency graph "
        "(halfway when no role is listed as the integrator's). Whether each role writes down "
        "what it knows is CRM018's subject; this rule judges the arrangements with the "
        "integrator as a whole.\n\n"
        "Stage: before go-live (or when the stage is not stated) the plan is judged: a handover "
        "and a contract not arranged. Once live, the same gaps weigh more: the integrator is "
        "leaving or gone, and the live system has nobody bound to fix it.\n\n"
        "Unknowns: unstated staffing, handover or contract are open questions and produce no "
        "finding. A handover or contract stated as missing presupposes an integrator, so it "
        "is reported even when no role is listed as the integrator's. There is no small-firm "
        "exemption; size only scales the impact, and an unknown size counts halfway."
    )
    why = (
        "An integrator carries contractual responsibility, but it staffs projects as its "
        "business allows: often with juniors learning on the job, led from a distance. What "
        "they learn about the company's processes and configure into the system leaves with "
        "them when the project ends. Without a handover the company cannot change its own "
        "CRM; without a maintenance contract nobody is bound to fix it when it breaks, and "
        "every change becomes a new negotiation with the only people who know how it works."
    )
    fix = (
        "Ask for experienced people in the lead roles and name them in the contract. Make a "
        "knowledge handover a deliverable: configuration, interfaces, data mappings and the "
        "reasons behind decisions written down, and in-house staff working alongside the "
        "integrator before it leaves. Agree a maintenance contract for what it built, with "
        "response times, before go-live."
    )
    effort = (
        "All its actions are **medium**: naming experienced people in the integrator's lead roles, "
        "making a knowledge handover one of its deliverables (or getting one now), and agreeing a "
        "maintenance contract are each a negotiation with the integrator, and the handover also "
        "takes in-house staff's time."
    )
    risky_example = """\
organization: {name: Foxglove Retail, crm_seats: 400}
lifecycle: {stage: implementing}
roles:
  build_team: {kind: consultant, sourcing: integrator, count: 6}
staffing: {integrator_staffing: junior, knowledge_handover: false, maintenance_contract: false}
"""
    healthy_example = """\
organization: {name: Foxglove Retail, crm_seats: 400}
lifecycle: {stage: implementing}
roles:
  build_team: {kind: consultant, sourcing: integrator, count: 6}
staffing: {integrator_staffing: senior, knowledge_handover: true, maintenance_contract: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        staffing: str | None = ctx.ask(STAFFING)
        handover: bool | None = ctx.ask(HANDOVER)
        contract: bool | None = ctx.ask(CONTRACT)
        footprint = _footprint(ctx)
        live = ctx.stage == "live"
        impact = size_factor(seats, s.small_seats, s.large_seats, floor=0.4) * (
            0.5 + 0.5 * footprint.weight
        )
        what = _what(ctx, footprint)
        if staffing == "junior":
            yield self._junior(impact, footprint, what, live)
        if handover is False:
            yield self._no_handover(impact, footprint, what, live)
        if contract is False:
            yield self._no_contract(impact, footprint, what, live)

    def _junior(self, impact: float, footprint: _Footprint, what: str, live: bool) -> Finding:
        work = "the live system" if live else "the project"
        return self.finding(
            f"The integrator staffs {work} with junior people{what}.",
            likelihood=0.6,
            impact=impact,
            pointers=[STAFFING],
            nodes=footprint.nodes(),
            severity="medium",
            recommendations=[
                recommend(
                    "Require the integrator to put experienced people in the lead roles "
                    "(architect, lead consultant) and name them in the contract.",
                    "medium",
                    set_(STAFFING, "mixed"),
                )
            ],
        )

    def _no_handover(self, impact: float, footprint: _Footprint, what: str, live: bool) -> Finding:
        if live:
            message = f"The integrator's knowledge of the live system was never handed over{what}."
            action = (
                "Get the integrator's knowledge handed over now, while its people can still "
                "be reached: configuration, interfaces, data mappings and the reasons behind "
                "decisions written down, and in-house staff taken through them."
            )
        else:
            message = f"No handover of the integrator's knowledge is arranged{what}."
            action = (
                "Make a knowledge handover one of the integrator's deliverables: "
                "configuration, interfaces, data mappings and decisions written down, and "
                "in-house staff working alongside before the integrator leaves."
            )
        return self.finding(
            message,
            likelihood=0.8 if live else 0.7,
            impact=impact,
            pointers=[HANDOVER],
            nodes=footprint.nodes(),
            recommendations=[recommend(action, "medium", set_(HANDOVER, True))],
        )

    def _no_contract(self, impact: float, footprint: _Footprint, what: str, live: bool) -> Finding:
        if live:
            message = (
                f"No maintenance contract covers what the integrator built{what}, and the "
                "live system depends on it."
            )
            when = "now"
        else:
            message = f"No maintenance contract is arranged for what the integrator builds{what}."
            when = "before go-live"
        return self.finding(
            message,
            likelihood=0.75 if live else 0.6,
            impact=impact,
            pointers=[CONTRACT],
            nodes=footprint.nodes(),
            recommendations=[
                recommend(
                    f"Agree a maintenance contract for what the integrator built {when}: "
                    "fixes, upgrades and response times.",
                    "medium",
                    set_(CONTRACT, True),
                )
            ],
        )


def _footprint(ctx: Context) -> _Footprint:
    """The roles sourced from an integrator and the entities that depend on their knowledge."""
    roles = [
        key
        for key in sorted(ctx.profile.roles)
        if ctx.ask(pointer("roles", key, "sourcing")) == "integrator"
    ]
    if not roles:
        return _Footprint([], [], 0.5)
    graph = ctx.graph
    held: set[str] = set()
    reached: set[str] = set()
    for key in roles:
        node = node_id("role", key)
        for relation in FOOTPRINT_RELATIONS:
            held.update(graph.successors(node, relation))
        reached.update(graph.downstream(node))
    for node in sorted(held):
        reached.update(graph.downstream(node))
    reached.update(held)
    total = graph.count("process") + graph.count("objective")
    hit = sum(1 for n in reached if graph.kind(n) in ("process", "objective"))
    return _Footprint(roles, sorted(held), min(1.0, hit / total) if total else 0.0)


def _what(ctx: Context, footprint: _Footprint) -> str:
    """`` (its people own or carry out lead handling and billing)`` or empty."""
    processes = [n for n in footprint.held if n.startswith("process:")]
    if not processes:
        return ""
    shown = display_names(ctx.profile, processes)
    return f" (its people own or carry out {shown})"
