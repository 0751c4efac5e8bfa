"""CRM020 open-management-loop: what the CRM measures never changes a decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_


class OpenManagementLoopSettings(RuleSettings):
    """Thresholds of CRM020."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the people measuring and deciding are the same."""


class OpenManagementLoop(Rule[OpenManagementLoopSettings]):
    id = "CRM020"
    slug = "open-management-loop"
    title = "What the system measures never reaches management decisions"
    pillar = "process"
    severity = "medium"
    area = "measurement"
    settings_model = OpenManagementLoopSettings
    checks = (
        "Every objective: whether its results are reviewed by management and allowed to "
        "change decisions, weighted by the processes that feed it; an objective that has "
        "metrics but is not reviewed is likelier to be a real gap than one with nothing to "
        "review yet. Only a stated `false` is reported: when the profile does not say whether "
        "an objective is reviewed, that is an open question, and metrics that are not stated "
        "count as none. Firms known to be below `min_seats` are not judged. The check is the "
        "same at every stage; for a live program the message and advice speak of the results "
        "the system already produces."
    )
    why = (
        "Staff enter data because someone will use it. When the figures the CRM produces are "
        "never looked at by the people who set priorities, the data entry feels pointless, "
        "quality drops, and the program loses its best argument for further investment."
    )
    fix = (
        "Put the objectives' measures on management's regular agenda, decide something on "
        "them, and tell the staff who produced the data what was decided."
    )
    effort = (
        "Putting an objective's measured results on the management agenda is **low**: an agenda "
        "item, a decision, and a word back to the staff who produced the data, using measures the "
        "objective already has."
    )
    risky_example = """\
organization: {name: Birchfield Estates, crm_seats: 70}
objectives:
  lettings: {description: Let properties faster, reviewed_in_management: false,
             metrics: [{name: Days vacant, baseline: 40, target: 25}]}
processes:
  viewings: {kind: business, supports: [lettings]}
"""
    healthy_example = """\
organization: {name: Birchfield Estates, crm_seats: 70}
objectives:
  lettings: {description: Let properties faster, reviewed_in_management: true,
             metrics: [{name: Days vacant, baseline: 40, target: 25}]}
processes:
  viewings: {kind: business, supports: [lettings]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if is_small(ctx.seats, self.settings.min_seats):
            return
        live = ctx.stage == "live"
        total = max(ctx.graph.count("process"), 1)
        for key in sorted(ctx.profile.objectives):
            reviewed: bool | None = ctx.ask(pointer("objectives", key, "reviewed_in_management"))
            metrics: list[Any] | None = ctx.ask(pointer("objectives", key, "metrics"))
            if reviewed is not False:
                continue
            description = ctx.profile.objectives[key].description
            node = node_id("objective", key)
            feeders = ctx.graph.predecessors(node, "supports")
            if live:
                message = (
                    f"The results the live system produces for '{description}' are not "
                    "reviewed by management."
                )
                action = (
                    f"Put the measured results for '{description}' on the next management "
                    "agenda, decide on them, and tell the staff who produced the data."
                )
            else:
                message = f"Results for '{description}' are not reviewed by management."
                action = f"Review '{description}' in management meetings and act on the results."
            yield self.finding(
                message,
                likelihood=0.55 if metrics else 0.35,
                impact=0.3 + 0.7 * len(feeders) / total,
                pointers=[pointer("objectives", key, "reviewed_in_management")],
                nodes=[node, *feeders],
                recommendations=[
                    recommend(
                        action,
                        "low",
                        set_(pointer("objectives", key, "reviewed_in_management"), True),
                    )
                ],
            )
