"""Which business processes no test cycle covers, weighed by what depends on them (CRM028)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from riskengine.context import Context
from riskengine.findings import Recommendation
from riskengine.graph import node_id
from riskengine.rulekit import add, display, free_key, names, plural, pointer, recommend, set_
from riskengine.rules._testing_plan import StatedCycle, TestingPlan


@dataclass(frozen=True)
class CoverageGap:
    """The business processes no test cycle covers, and how much rests on them."""

    uncovered: list[str]
    critical: list[str]
    """The uncovered processes with enough dependants to be critical, in process order."""
    blind: list[StatedCycle]
    """Functional cycles whose `covers` is not stated: they may cover the gap."""
    share: float
    """The uncovered processes' part of the weight of all business processes (0-1)."""
    label: dict[str, str]
    """The display name of each uncovered process."""
    message: str
    nodes: list[str]


def coverage_gap(ctx: Context, plan: TestingPlan, critical_dependants: int) -> CoverageGap | None:
    """The business processes no functional test cycle covers; None when there is no gap to see."""
    if plan.cycles is None or not plan.business:
        return None  # coverage is an open question, or there is nothing to cover
    functional = [c for c in plan.cycles if c.kind != "performance"]
    covered = {p for c in functional for p in c.covers or []}
    blind = [c for c in functional if c.covers is None]
    uncovered = [p for p in plan.business if p not in covered]
    if not uncovered:
        return None
    graph = ctx.graph
    weight = {p: 1 + _dependants(ctx, p) for p in plan.business}
    share = sum(weight[p] for p in uncovered) / sum(weight.values())
    critical = [p for p in uncovered if weight[p] - 1 >= critical_dependants]
    label = {p: display(ctx.profile, node_id("process", p)) for p in uncovered}
    message = _message(plan, uncovered, critical, blind, label)
    nodes = [node_id("process", p) for p in uncovered]
    for p in uncovered:
        nodes += graph.downstream(node_id("process", p))
    return CoverageGap(uncovered, critical, blind, share, label, message, nodes)


def _message(
    plan: TestingPlan,
    uncovered: list[str],
    critical: list[str],
    blind: list[StatedCycle],
    label: dict[str, str],
) -> str:
    """What is untested, what depends on it, and which cycles might cover it after all."""
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
    return message


def cover_gap(ctx: Context, plan: TestingPlan, gap: CoverageGap) -> Recommendation:
    """Have the people who perform the uncovered processes test them, critical ones first."""
    critical, label = gap.critical, gap.label
    ordered = critical + [p for p in gap.uncovered if p not in critical]
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
    key = free_key(ctx.profile.test_cycles, "acceptance")
    return recommend(
        f"Plan an acceptance test cycle covering {which}{first} run on migrated data by "
        f"the people who perform {'it' if len(ordered) == 1 else 'them'}.",
        "medium",
        set_(pointer("test_cycles", key), cycle_data),
    )


def _dependants(ctx: Context, process: str) -> int:
    """What depends on a process: what lies downstream of it and the departments it benefits."""
    node = node_id("process", process)
    graph = ctx.graph
    return len(set(graph.downstream(node)) | set(graph.successors(node, "benefits")))
