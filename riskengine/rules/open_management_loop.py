"""CRM020 open-management-loop: what the CRM measures never changes a decision."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, recommend, set_


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
    settings_model = OpenManagementLoopSettings
    checks = (
        "Every objective: whether its results are reviewed by management and allowed to "
        "change decisions, weighted by the processes that feed it."
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
    risky_example = """\
organization: {name: Birchfield Estates, crm_seats: 70}
objectives:
  lettings: {description: Let properties faster, reviewed_in_management: false,
             metrics: [{name: Days vacant, baseline: 40, target: 25}]}
processes:
  viewings: {supports: [lettings]}
"""
    healthy_example = """\
organization: {name: Birchfield Estates, crm_seats: 70}
objectives:
  lettings: {description: Let properties faster, reviewed_in_management: true,
             metrics: [{name: Days vacant, baseline: 40, target: 25}]}
processes:
  viewings: {supports: [lettings]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if ctx.seats < self.settings.min_seats:
            return
        total = max(ctx.graph.count("process"), 1)
        for key in sorted(ctx.profile.objectives):
            objective = ctx.profile.objectives[key]
            if objective.reviewed_in_management:
                continue
            node = node_id("objective", key)
            feeders = ctx.graph.predecessors(node, "supports")
            yield self.finding(
                f"Results for '{objective.description}' are not reviewed by management.",
                likelihood=0.55 if objective.metrics else 0.35,
                impact=0.3 + 0.7 * len(feeders) / total,
                pointers=[pointer("objectives", key, "reviewed_in_management")],
                nodes=[node, *feeders],
                recommendations=[
                    recommend(
                        f"Review '{objective.description}' in management meetings and act on "
                        "the results.",
                        "low",
                        set_(pointer("objectives", key, "reviewed_in_management"), True),
                    )
                ],
            )
