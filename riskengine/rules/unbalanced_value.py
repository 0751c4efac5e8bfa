"""CRM006 unbalanced-value: one group does the work while another collects the benefit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Change, Finding, Recommendation, Severity
from riskengine.graph import node_id
from riskengine.profile.base import LEVEL_ORDER
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    add,
    display_names,
    is_small,
    plural,
    pointer,
    recommend,
    set_,
    size_factor,
)

LEVELS = ("none", "low", "medium", "high")

CONTRADICTED = 0.5
"""Likelihood factor when the department's own levels say the CRM pays off for it."""

SUPPORT = 0.1
"""Likelihood added to the process graph's evidence when a stated level points the same way."""


class UnbalancedValueSettings(RuleSettings):
    """Thresholds of CRM006."""

    min_gap: int = Field(default=1, ge=1, le=3)
    """How many steps (none, low, medium, high) burden must exceed value to be reported."""
    min_burden: str = Field(default="medium", pattern="^(low|medium|high)$")
    """Burden below this level is not reported, whatever the value."""
    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the people who do the work and those who benefit sit side by side;
    an imbalance seen only in the process graph is not reported (declared levels still are)."""
    large_seats: int = Field(default=100, ge=1)
    """From this many seats on an imbalance has its full impact; smaller (or unstated) sizes
    weigh less."""


@dataclass
class _Flows:
    """Who works for whom, read from the processes: one department's side of the ledger."""

    one_sided: list[str] = field(default_factory=list)
    """Processes the department works on whose stated benefit goes only to others."""
    gains: list[str] = field(default_factory=list)
    """Processes whose stated benefit includes the department."""
    elsewhere: set[str] = field(default_factory=set)
    """Departments that collect the benefit of the one-sided processes."""

    @property
    def unbalanced(self) -> bool:
        """More of the department's work pays off for others than comes back to it."""
        return len(self.one_sided) > len(self.gains)

    @property
    def likelihood(self) -> float:
        """How likely the department's support fades, from the process graph alone."""
        return min(0.7, 0.25 + 0.15 * (len(self.one_sided) - len(self.gains)))


class UnbalancedValue(Rule[UnbalancedValueSettings]):
    id = "CRM006"
    slug = "unbalanced-value"
    title = "Burden and value land on different groups"
    pillar = "people"
    severity = "medium"
    area = "value balance"
    settings_model = UnbalancedValueSettings
    checks = (
        "For every department: which processes it works on (its roles perform them, or it is "
        "named as burdened by them) and whom those processes benefit. A department whose work "
        "mostly pays off for other departments, while few or no processes benefit it, is "
        "reported from the process graph alone. The department's declared burden and value "
        "levels are supporting evidence: a burden clearly above the value returned is reported "
        "as before, and raises the likelihood of a graph imbalance; levels that show the work "
        "paying off halve it. Impact grows with the department's reach and the organization's "
        "size.\n\n"
        "Unknowns: a process whose beneficiaries or burdens are not stated gives no evidence "
        "either way; unstated burden or value levels neither raise nor clear a finding and are "
        "open questions. Below the minimum size (when known) the graph alone is not reported; "
        "an unstated size counts as mid-sized."
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
    effort = (
        "Giving a department a direct use for what it enters is **medium**: a report, a view or a "
        "step in its own processes, designed with the department and built in the CRM. Cutting the "
        "entry work asked of an overburdened department, or automating it, is **high**: each field "
        "it enters must be traced to a process that uses it, then dropped, filled from another "
        "system or automated, which touches forms, integrations and other departments' processes."
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
        s = self.settings
        seats = ctx.seats
        impact_size = size_factor(seats, s.min_seats, s.large_seats, floor=0.5)
        small = is_small(seats, s.min_seats)
        flows = _flows(ctx)
        for key in sorted(ctx.profile.departments):
            burden = ctx.ask(pointer("departments", key, "burden"))
            value = ctx.ask(pointer("departments", key, "value"))
            flow = flows.get(key, _Flows())
            gap = self._gap(burden, value)
            if gap is not None:
                # the graph's own evidence, backed by the levels, is a floor for the levels'
                graph = flow.likelihood + SUPPORT if flow.unbalanced and not small else 0.0
                yield self._declared(ctx, key, burden, value, gap, flow, impact_size, graph)
            elif flow.unbalanced and not small:
                yield self._graph(ctx, key, burden, value, flow, impact_size)

    def _gap(self, burden: str | None, value: str | None) -> int | None:
        """The burden-value gap when the declared levels alone are reportable, else None."""
        if burden is None or value is None:
            return None
        b, v = LEVEL_ORDER[burden], LEVEL_ORDER[value]
        if b < LEVEL_ORDER[self.settings.min_burden] or b - v < self.settings.min_gap:
            return None
        return b - v

    def _clears(self, burden: str | None, value: str | None) -> bool:
        """Whether the stated levels rule out a reportable gap whatever the unstated one is."""
        floor = LEVEL_ORDER[self.settings.min_burden]
        if burden is not None and LEVEL_ORDER[burden] < floor:
            return True
        if value is not None and LEVEL_ORDER["high"] - LEVEL_ORDER[value] < self.settings.min_gap:
            return True
        return burden is not None and value is not None

    def _supports(self, burden: str | None, value: str | None) -> bool:
        """Whether one stated level already leans toward an imbalance (the other unstated)."""
        floor = LEVEL_ORDER[self.settings.min_burden]
        if burden is not None and LEVEL_ORDER[burden] >= floor:
            return True
        return value is not None and LEVEL_ORDER[value] <= LEVEL_ORDER["low"]

    def _declared(
        self,
        ctx: Context,
        key: str,
        burden: str,
        value: str,
        gap: int,
        flow: _Flows,
        size: float,
        graph: float,
    ) -> Finding:
        node = node_id("department", key)
        name = ctx.profile.departments[key].name or key
        back = {"none": "nothing", "low": "little", "medium": "only some value"}[value]
        message = f"{name} carries a {burden} burden but gets {back} back"
        if flow.elsewhere:
            gainers = display_names(
                ctx.profile, [node_id("department", d) for d in sorted(flow.elsewhere)]
            )
            message += f"; the benefit of its work goes to {gainers}"
        return self.finding(
            message + ".",
            likelihood=max(min(1.0, 0.35 * gap + (0.2 if flow.elsewhere else 0.0)), graph),
            impact=(0.3 + 0.7 * ctx.graph.reach(node)) * size,
            pointers=[pointer("departments", key, "value"), pointer("departments", key, "burden")],
            nodes=_nodes(key, flow),
            severity="high" if gap >= 3 else None,
            recommendations=[
                _give_value(name, key, flow, set_(pointer("departments", key, "value"), burden)),
                recommend(
                    f"Cut the entry work asked of {name} to what its own processes use, or "
                    "automate it.",
                    "high",
                    set_(pointer("departments", key, "burden"), value),
                ),
            ],
        )

    def _graph(
        self,
        ctx: Context,
        key: str,
        burden: str | None,
        value: str | None,
        flow: _Flows,
        size: float,
    ) -> Finding:
        node = node_id("department", key)
        name = ctx.profile.departments[key].name or key
        work = display_names(ctx.profile, [node_id("process", p) for p in flow.one_sided])
        gainers = display_names(
            ctx.profile, [node_id("department", d) for d in sorted(flow.elsewhere)]
        )
        back = (
            "no process is recorded as benefiting it"
            if not flow.gains
            else "only "
            + plural(len(flow.gains), "recorded process benefits", "recorded processes benefit")
            + " it"
        )
        message = f"{name} works on {work}, whose benefit goes to {gainers}; {back}."
        likelihood = flow.likelihood
        severity: Severity | None = None
        changes: list[Change] = []
        if self._clears(burden, value):
            likelihood *= CONTRADICTED
            severity = "low"
            message += (
                f" Its own rating (burden {burden or 'not stated'}, value "
                f"{value or 'not stated'}) says the work pays off; check which is right."
            )
        else:
            if self._supports(burden, value):
                likelihood += SUPPORT
            if burden is None or value is None:
                message += " Nobody has stated how much burden and value the CRM brings it."
            if burden is not None:
                changes.append(set_(pointer("departments", key, "value"), burden))
        return self.finding(
            message,
            likelihood=likelihood,
            impact=(0.3 + 0.7 * ctx.graph.reach(node)) * size,
            pointers=[
                pointer("departments", key, "value"),
                pointer("departments", key, "burden"),
                *(pointer("processes", p, "benefits") for p in flow.one_sided),
            ],
            nodes=_nodes(key, flow),
            severity=severity,
            recommendations=[_give_value(name, key, flow, *changes)],
        )


def _give_value(name: str, key: str, flow: _Flows, *changes: Change) -> Recommendation:
    """Make the processes the department works on pay off for it too."""
    return recommend(
        f"Give {name} a direct use for what it enters, so the work pays off for the people "
        "doing it.",
        "medium",
        *changes,
        *(add(pointer("processes", p, "benefits"), key) for p in flow.one_sided),
    )


def _nodes(key: str, flow: _Flows) -> list[str]:
    return [
        node_id("department", key),
        *(node_id("process", p) for p in flow.one_sided),
        *(node_id("department", d) for d in flow.elsewhere),
    ]


def _flows(ctx: Context) -> dict[str, _Flows]:
    """Each department's one-sided work and its gains, from the processes' stated lists."""
    flows: dict[str, _Flows] = {}
    role_departments: dict[str, str | None] = {}

    def department_of(role: str) -> str | None:
        if role not in role_departments:
            role_departments[role] = ctx.ask(pointer("roles", role, "department"))
        return role_departments[role]

    for key in sorted(ctx.profile.processes):
        benefits: list[str] = ctx.ask(pointer("processes", key, "benefits")) or []
        burdens: list[str] = ctx.ask(pointer("processes", key, "burdens")) or []
        performers: list[str] = ctx.ask(pointer("processes", key, "performed_by")) or []
        workers = set(burdens)
        for role in performers:
            dep = department_of(role)
            if dep is not None:
                workers.add(dep)
        for dep in set(benefits):
            flows.setdefault(dep, _Flows()).gains.append(key)
        if not benefits:
            continue  # nobody stated as benefiting: no evidence either way
        for dep in workers - set(benefits):
            flow = flows.setdefault(dep, _Flows())
            flow.one_sided.append(key)
            flow.elsewhere.update(benefits)
    return flows
