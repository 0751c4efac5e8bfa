"""CRM036 disconnected-daily-tools: the systems users live in, neither connected nor declined."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    is_small,
    names,
    pointer,
    ramp,
    recommend,
    set_,
    size_factor,
)

DAILY_KINDS: dict[str, str] = {
    "calendar": "calendar",
    "email": "mail system",
    "erp": "ERP system",
    "telephony": "telephone system",
    "web_shop": "web shop",
}
"""Kinds of system people work in all day, with the words the messages use for them."""

SETTLED_PLANS = frozenset({"integrate", "retire"})
"""Data-source plans that settle the question: connected, or going away."""


class DisconnectedDailyToolsSettings(RuleSettings):
    """Thresholds of CRM036."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats people copy the odd appointment or order by hand at little cost;
    the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, a disconnected daily tool has its full impact."""
    many_departments: int = Field(default=3, ge=1)
    """Departments relying on one tool at which that tool's weight among users is full."""


@dataclass(frozen=True)
class _Tool:
    """A daily tool that departments rely on or processes need."""

    key: str
    kind: str
    departments: list[str]
    processes: list[str]


class DisconnectedDailyTools(Rule[DisconnectedDailyToolsSettings]):
    id = "CRM036"
    slug = "disconnected-daily-tools"
    title = "Daily tools neither connected to the CRM nor deliberately left out"
    area = "integrations"
    pillar = "technology"
    severity = "medium"
    settings_model = DisconnectedDailyToolsSettings
    checks = (
        "The systems people work in all day (data sources of kind calendar, email, erp, "
        "telephony or web_shop) that a department lists among its `tools` or a process needs "
        "(`needs_sources`): whether each is connected to the CRM (an interface in "
        "`integrations` names it as its system, or the source's `plan` is `integrate`), going "
        "away (`plan: retire`), or deliberately left out (an interface for it with `status: "
        "declined`). A tool with none of these has had no decision. The weight follows the "
        "dependency graph (the processes and objectives its data reaches) and the number of "
        "departments relying on it. Medium; high once live when processes that serve "
        "objectives need it.\n\n"
        "Unknowns: when `integrations` is not stated at all, which tools are connected is an "
        "open question and nothing is reported (a source whose plan settles it is never "
        "reported). A source of unstated kind is not judged. An unknown size counts as not "
        "small. Whether a department's staff were consulted, and a source of customer data "
        "with no migration plan, are CRM002's and CRM005's subjects; this rule only asks "
        "whether the interface was decided."
    )
    why = (
        "People do not leave the tools they live in: the sales rep keeps the calendar, the "
        "agent keeps the phone, the order desk keeps the ERP. When the CRM is not connected "
        "to them, every meeting, call and order has to be typed twice or is simply never "
        "recorded, the CRM shows half of each customer, and users conclude it is extra work. "
        "Leaving a tool out can be right, but only as a decision taken with the people "
        "affected, not as something nobody noticed."
    )
    fix = (
        "List the systems each department and process lives in, and decide for each: build "
        "an interface (and plan, test and own it), or record that it is deliberately left "
        "out, with the reasons and how people will work around it."
    )
    effort = (
        "The action is **medium**: plan the interface between the daily tool and the CRM (or, once "
        "live, connect them), or record the decision to leave the tool out together with how "
        "people work around it; either way the tool's owner, its users and someone who knows both "
        "systems have to work it out."
    )
    risky_example = """\
organization: {name: Copperfield Home Care, crm_seats: 180}
lifecycle: {stage: live}
departments:
  service: {headcount: 70, uses_crm: true, tools: [phones]}
data_sources:
  phones: {kind: telephony, holds_customer_data: false, plan: none}
processes:
  care_calls: {needs_sources: [phones], supports: [response_time]}
objectives:
  response_time: {description: Answer every client call within a minute}
integrations: {}
"""
    healthy_example = """\
organization: {name: Copperfield Home Care, crm_seats: 180}
lifecycle: {stage: live}
departments:
  service: {headcount: 70, uses_crm: true, tools: [phones]}
data_sources:
  phones: {kind: telephony, holds_customer_data: false, plan: none}
processes:
  care_calls: {needs_sources: [phones], supports: [response_time]}
objectives:
  response_time: {description: Answer every client call within a minute}
integrations:
  phone_link: {system: phones, feeds: [care_calls], status: live}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        tools = _daily_tools(ctx)
        plans = {t.key: ctx.ask(pointer("data_sources", t.key, "plan")) for t in tools}
        if ctx.ask("/integrations") is None:
            return  # which tools are connected is an open question
        decided = _decided(ctx)
        live = ctx.stage == "live"
        scale = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        for tool in tools:
            if plans[tool.key] in SETTLED_PLANS or tool.key in decided:
                continue
            yield self._undecided(ctx, tool, live, scale)

    def _undecided(self, ctx: Context, tool: _Tool, live: bool, scale: float) -> Finding:
        s = self.settings
        node = node_id("data_source", tool.key)
        name = display(ctx.profile, node)
        objectives = ctx.graph.downstream_of_kind(node, "objective")
        spread = ramp(len(tool.departments), 0, s.many_departments)
        impact = scale * (0.3 + 0.4 * ctx.graph.reach(node) + 0.3 * spread)
        users = [display(ctx.profile, node_id("department", d)) for d in tool.departments]
        needs = [display(ctx.profile, node_id("process", p)) for p in tool.processes]
        parts = []
        if users:
            parts.append(f"{names(users)} {_verb(users, 'works', 'work')} in it every day")
        if needs:
            parts.append(f"{names(needs)} {_verb(needs, 'needs', 'need')} its data")
        context = "; ".join(parts)
        what = DAILY_KINDS[tool.kind]
        if live:
            message = (
                f"{name} ({what}) is not connected to the live CRM and no decision to leave "
                f"it out is on record: {context}, so what happens in it is typed twice or "
                "never reaches the CRM."
            )
            action = (
                f"Connect {name} to the CRM so that what happens in it reaches the customer "
                "record, or record the decision to leave it out and how people work around it."
            )
        else:
            message = (
                f"No decision is on record whether {name} ({what}) will be connected to the "
                f"CRM or deliberately left out: {context}."
            )
            action = (
                f"Decide before go-live how {name} works with the CRM: plan the interface, or "
                "record the decision to leave it out and how people will work around it."
            )
        return self.finding(
            message,
            likelihood=0.7 if live else 0.6,
            impact=impact,
            pointers=[pointer("data_sources", tool.key), "/integrations"],
            nodes=[
                node,
                *(node_id("department", d) for d in tool.departments),
                *(node_id("process", p) for p in tool.processes),
                *objectives,
            ],
            severity="high" if live and objectives else None,
            recommendations=[
                recommend(
                    action, "medium", set_(pointer("data_sources", tool.key, "plan"), "integrate")
                )
            ],
        )


def _verb(subjects: list[str], one: str, many: str) -> str:
    """The verb agreeing with a list of subjects."""
    return one if len(subjects) == 1 else many


def _daily_tools(ctx: Context) -> list[_Tool]:
    """The daily tools departments list or processes need, with who relies on each."""
    departments: dict[str, list[str]] = {}
    processes: dict[str, list[str]] = {}
    for key in sorted(ctx.profile.departments):
        for tool in ctx.ask(pointer("departments", key, "tools")) or ():
            departments.setdefault(tool, []).append(key)
    for key in sorted(ctx.profile.processes):
        for source in ctx.ask(pointer("processes", key, "needs_sources")) or ():
            processes.setdefault(source, []).append(key)
    tools = []
    for key in sorted(set(departments) | set(processes)):
        kind = ctx.ask(pointer("data_sources", key, "kind"))
        if kind in DAILY_KINDS:
            tools.append(
                _Tool(
                    key=key,
                    kind=kind,
                    departments=sorted(set(departments.get(key, ()))),
                    processes=sorted(set(processes.get(key, ()))),
                )
            )
    return tools


def _decided(ctx: Context) -> set[str]:
    """Sources an interface names: connected (planned, built or live) or deliberately declined."""
    decided = set()
    for key in sorted(ctx.profile.integrations):
        system = ctx.ask(pointer("integrations", key, "system"))
        if system is not None:
            decided.add(system)
    return decided
