"""CRM032 misaligned-incentives: the pay plan rewards keeping customers out of the CRM."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, plural, pointer, recommend, set_, size_factor

BURDEN_WEIGHT: dict[str, float] = {"none": 0.0, "low": 0.4, "medium": 0.8, "high": 1.0}
"""How much entry work a stated burden level means for a sales department."""

UNSTATED_BURDEN = 0.6
"""Entry work assumed for a sales department whose burden is not stated but whose people the
graph shows performing CRM processes or entering data (between a low and a medium burden)."""


class MisalignedIncentivesSettings(RuleSettings):
    """Thresholds of CRM032."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the owner sees every customer and deal directly; the rule stays
    quiet."""
    large_seats: int = Field(default=200, ge=1)
    """At this many seats and above, misaligned incentives have their full impact."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many seats on, not knowing whether incentives reward using the CRM is itself
    reported (with reduced likelihood) when a sales department is known to carry a medium or
    high entry burden; below it the question stays open."""


@dataclass(frozen=True)
class _Sales:
    """A sales department and the entry work the CRM asks of it."""

    key: str
    name: str
    weight: float
    burden: str | None
    processes: tuple[str, ...]


class MisalignedIncentives(Rule[MisalignedIncentivesSettings]):
    id = "CRM032"
    slug = "misaligned-incentives"
    title = "Incentives reward keeping customers out of the CRM"
    area = "change management"
    pillar = "people"
    severity = "high"
    settings_model = MisalignedIncentivesSettings
    checks = (
        "Whether incentives and commission reward using the CRM "
        "(`change_management.incentives_aligned`). A plan stated not to reward it is reported; "
        "it weighs most where sales departments (`side: sales`) carry the entry work: their "
        "stated burden, or, where the burden is not stated, the CRM processes their roles "
        "perform or own and the data they enter, in the dependency graph. With such a "
        "department the finding is high, without one medium; impact grows with seats and with "
        "the reach of the sales department's work.\n\n"
        "Unknowns: an unstated incentive plan is an open question. Only from "
        "`unknown_from_seats` seats on, and only when a sales department is stated to carry a "
        "medium or high burden, does the rule report, with at most half the likelihood, that "
        "nobody has stated whether the pay plan rewards using the CRM. A department whose side "
        "is not stated is not taken for a sales department; an unknown size counts as neither "
        "small nor large. The judgement is the same at every stage; only the wording changes "
        "once the system is live."
    )
    why = (
        "People do what they are paid for. When commission goes to whoever owns the customer "
        "relationship, a salesperson's contacts are the salesperson's income, and putting them "
        "into a shared system feels like giving them away. The result is a CRM with empty "
        "accounts, late or missing opportunities and forecasts nobody trusts, however good the "
        "system is. Because it defeats the sales data every other process depends on, the rule "
        "weighs high where sales carries the entry work."
    )
    fix = (
        "Change the pay plan so that using the CRM pays: count only deals and contacts that "
        "are recorded in it, credit shared accounts fairly between the people who work them, "
        "and make a current pipeline part of what managers review and reward. Announce the "
        "change before asking for the data, and give sales a use of its own for what it enters."
    )
    effort = (
        "Changing the commission plan is **high**, and so is checking it with a view to changing "
        "it: pay rules go through HR and finance, often need employee representatives' agreement "
        "and a new pay period, and touch every salesperson's income."
    )
    risky_example = """\
organization: {name: Corvid Office Supplies, crm_seats: 180}
change_management: {incentives_aligned: false}
departments:
  field_sales: {name: Field sales, side: sales, burden: high}
roles:
  rep: {department: field_sales, count: 120}
processes:
  accounts: {performed_by: [rep]}
"""
    healthy_example = """\
organization: {name: Corvid Office Supplies, crm_seats: 180}
change_management: {incentives_aligned: true}
departments:
  field_sales: {name: Field sales, side: sales, burden: high}
roles:
  rep: {department: field_sales, count: 120}
processes:
  accounts: {performed_by: [rep]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        aligned: bool | None = ctx.ask("/change_management/incentives_aligned")
        sales = _sales_departments(ctx)
        live = ctx.stage == "live"
        size = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        top = max(sales, key=lambda d: (d.weight, d.key), default=None)
        weight = top.weight if top is not None else 0.0
        burdened = [d for d in sales if d.weight > 0]
        reach = max((ctx.graph.reach(node_id("department", d.key)) for d in burdened), default=0.0)
        impact = size * (0.5 + 0.25 * weight + 0.25 * reach)
        likelihood = 0.55 + 0.3 * weight
        nodes = [
            *(node_id("department", d.key) for d in burdened),
            *(node_id("process", p) for d in burdened for p in d.processes),
        ]
        pointers = [
            "/change_management/incentives_aligned",
            *(pointer("departments", d.key, "burden") for d in burdened),
        ]
        if aligned is False:
            heavy = weight >= UNSTATED_BURDEN
            yield self.finding(
                _message(burdened, live),
                likelihood=likelihood,
                impact=impact,
                pointers=pointers,
                nodes=nodes,
                severity="high" if heavy else "medium",
                recommendations=[
                    recommend(
                        "Change the commission plan so that only deals and contacts recorded "
                        "in the CRM count, and credit shared accounts to everyone who works "
                        "them.",
                        "high",
                        set_("/change_management/incentives_aligned", True),
                    )
                ],
            )
        elif (
            aligned is None
            and seats is not None
            and seats >= s.unknown_from_seats
            and weight >= BURDEN_WEIGHT["medium"]
            and top is not None
        ):
            yield self.finding(
                f"Nobody has stated whether the pay plan rewards using the CRM, while the "
                f"data entry falls on {top.name} (a {top.burden} entry burden); if commission "
                "rewards owning contacts, they stay out of the system.",
                likelihood=likelihood / 2,
                impact=impact,
                pointers=pointers,
                nodes=nodes,
                severity="medium",
                recommendations=[
                    recommend(
                        "Check what the commission plan rewards; if it pays for owning "
                        "customers rather than recording them, change it so that only deals "
                        "and contacts in the CRM count.",
                        "high",
                        set_("/change_management/incentives_aligned", True),
                    )
                ],
            )


def _message(burdened: list[_Sales], live: bool) -> str:
    head = (
        "Incentives and commission do not reward using the live CRM"
        if live
        else "Incentives and commission will not reward using the CRM"
    )
    if not burdened:
        return head + ", so people paid on the customers they own have no reason to record them."
    top = burdened[0]
    if top.burden is not None:
        work = f"a {top.burden} entry burden"
    elif top.processes:
        work = plural(len(top.processes), "CRM process", "CRM processes")
    else:
        work = "the customer data it enters"
    if len(burdened) == 1:
        entry = f"the data entry falls on {top.name} ({work})"
    else:
        entry = f"the data entry falls on {names([d.name for d in burdened])} ({top.name}: {work})"
    return (
        f"{head}, while {entry}: salespeople paid on the customers they own keep their "
        "contacts to themselves."
    )


def _sales_departments(ctx: Context) -> list[_Sales]:
    """Sales departments with the entry work they carry, heaviest first."""
    graph = ctx.graph
    found = []
    for key in sorted(ctx.profile.departments):
        side: str | None = ctx.ask(pointer("departments", key, "side"))
        burden: str | None = ctx.ask(pointer("departments", key, "burden"))
        if side != "sales":
            continue
        node = node_id("department", key)
        processes = tuple(
            sorted(
                {p.partition(":")[2] for p in graph.department_processes(key)}
                | {p.partition(":")[2] for p in graph.predecessors(node, "burdens")}
            )
        )
        enters = bool(graph.successors(node, "enters"))
        if burden is not None:
            weight = BURDEN_WEIGHT[burden]
        else:
            weight = UNSTATED_BURDEN if processes or enters else 0.0
        name = ctx.profile.departments[key].name or key
        found.append(_Sales(key, name, weight, burden, processes))
    found.sort(key=lambda d: (-d.weight, d.key))
    return found
