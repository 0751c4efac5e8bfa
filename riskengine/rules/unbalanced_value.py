"""CRM006 unbalanced-value: one group does the work while another collects the benefit."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.base import LEVEL_ORDER
from riskengine.profile.people import Department
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, names, pointer, recommend, set_

LEVELS = ("none", "low", "medium", "high")


class UnbalancedValueSettings(RuleSettings):
    """Thresholds of CRM006."""

    min_gap: int = Field(default=1, ge=1, le=3)
    """How many steps (none, low, medium, high) burden must exceed value to be reported."""
    min_burden: str = Field(default="medium", pattern="^(low|medium|high)$")
    """Burden below this level is not reported, whatever the value."""


class UnbalancedValue(Rule[UnbalancedValueSettings]):
    id = "CRM006"
    slug = "unbalanced-value"
    title = "Burden and value land on different groups"
    pillar = "people"
    severity = "medium"
    settings_model = UnbalancedValueSettings
    checks = (
        "For every department: how much extra work the CRM puts on it (data entry, changed "
        "processes) against what the CRM gives back to it, and whether the processes that "
        "burden it benefit other departments instead."
    )
    why = (
        "A group asked to do extra work that only helps someone else cooperates for a while, "
        "then enters as little as it can get away with. The data the beneficiaries were "
        "promised thins out, the reports built on it mislead, and the pressure to cut the "
        "fields that burden the group starts the slide into oversimplification."
    )
    fix = (
        "Make the work pay for the people who do it: give the burdened group a use for the "
        "data it enters (its own pipeline view, fewer reports to write by hand, commission "
        "tracking), or remove work it sees no point in, before asking for more."
    )
    risky_example = """\
organization: {name: Brightline Pharma Sales, crm_seats: 150}
departments:
  field_sales: {burden: high, value: none}
  management: {burden: none, value: high}
roles:
  rep: {department: field_sales, count: 120}
processes:
  visit_logging: {performed_by: [rep], burdens: [field_sales], benefits: [management]}
"""
    healthy_example = """\
organization: {name: Brightline Pharma Sales, crm_seats: 150}
departments:
  field_sales: {burden: medium, value: high}
  management: {burden: none, value: high}
roles:
  rep: {department: field_sales, count: 120}
processes:
  visit_logging:
    performed_by: [rep]
    burdens: [field_sales]
    benefits: [field_sales, management]
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        floor = LEVEL_ORDER[self.settings.min_burden]
        for key in sorted(ctx.profile.departments):
            dep = ctx.profile.departments[key]
            burden, value = LEVEL_ORDER[dep.burden], LEVEL_ORDER[dep.value]
            if burden < floor or burden - value < self.settings.min_gap:
                continue
            yield self._unbalanced(ctx, key, dep, burden - value)

    def _unbalanced(self, ctx: Context, key: str, dep: Department, gap: int) -> Finding:
        node = node_id("department", key)
        burdening = ctx.graph.predecessors(node, "burdens")
        elsewhere = sorted(
            {
                b
                for proc in burdening
                if node not in ctx.graph.successors(proc, "benefits")
                for b in ctx.graph.successors(proc, "benefits")
            }
        )
        name = dep.name or key
        back = {"none": "nothing", "low": "little", "medium": "only some value"}[dep.value]
        message = f"{name} carries a {dep.burden} burden but gets {back} back"
        if elsewhere:
            gainers = names([display(ctx.profile, b) for b in elsewhere])
            message += f"; the benefit of its work goes to {gainers}"
        return self.finding(
            message + ".",
            likelihood=min(1.0, 0.35 * gap + (0.2 if elsewhere else 0.0)),
            impact=0.3 + 0.7 * ctx.graph.reach(node),
            pointers=[pointer("departments", key, "value"), pointer("departments", key, "burden")],
            nodes=[node, *burdening, *elsewhere],
            severity="high" if gap >= 3 else None,
            recommendations=[
                recommend(
                    f"Give {name} a direct use for what it enters, so the work pays off for "
                    "the people doing it.",
                    "medium",
                    set_(pointer("departments", key, "value"), dep.burden),
                ),
                recommend(
                    f"Cut the entry work asked of {name} to what its own processes use, or "
                    "automate it.",
                    "high",
                    set_(pointer("departments", key, "burden"), dep.value),
                ),
            ],
        )
