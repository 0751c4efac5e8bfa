"""CRM007 oversimplification: data that decisions depend on was cut or never captured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display_names, names, plural, pointer, recommend, set_


class OversimplificationSettings(RuleSettings):
    """Thresholds of CRM007."""

    report_unused_critical: bool = Field(default=True)
    """Report critical fields that are missing even when no process is recorded as needing them."""


class Oversimplification(Rule[OversimplificationSettings]):
    id = "CRM007"
    slug = "oversimplification"
    title = "Critical data dropped or never captured"
    pillar = "process"
    severity = "high"
    area = "data quality"
    settings_model = OversimplificationSettings
    checks = (
        "Every data field the CRM dropped or never captured: whether it is critical, and "
        "which processes and objectives depend on it, directly or through other data. A "
        "field entered by a heavily burdened group is named as such: the burden explains the cut, "
        "but lightening it restores nothing, so it never changes the risk.\n\n"
        "Unknowns: a field whose status is not stated gives no finding (an open question). A "
        "missing field whose criticality is not stated is judged like a non-critical one, and "
        "the message says so."
    )
    why = (
        "When the people entering data complain, the quickest relief is to drop fields. The "
        "forms get shorter, but the processes and decisions that needed those fields quietly "
        "lose their footing: segmentation without segments, pricing without terms, service "
        "without the contract level. The damage appears far from where the cut was made."
    )
    fix = (
        "Restore the fields that processes and objectives depend on, and deal with the burden "
        "that got them cut: prefill them from other systems, ask for them at the moment they "
        "are known, and show the people entering them what they are used for."
    )
    effort = (
        "Restoring dropped critical fields is **medium** for up to three fields and **high** for "
        "more: each field needs its place on the entry screens, prefilling from the system that "
        "knows the value, and a word to the people entering it about what it feeds; beyond three "
        "fields the work becomes a redesign of the entry screens."
    )
    risky_example = """\
organization: {name: Ridgeway Freight, crm_seats: 200}
departments:
  sales: {burden: high, value: low}
fields:
  credit_terms: {critical: true, status: dropped, entered_by: sales}
processes:
  pricing_review: {needs_fields: [credit_terms], supports: [margin]}
objectives:
  margin: {description: Protect margin on contract renewals}
"""
    healthy_example = """\
organization: {name: Ridgeway Freight, crm_seats: 200}
departments:
  sales: {burden: medium, value: medium}
fields:
  credit_terms: {critical: true, status: captured, entered_by: sales}
processes:
  pricing_review: {needs_fields: [credit_terms], supports: [margin]}
objectives:
  margin: {description: Protect margin on contract renewals}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        gaps = []
        for key in sorted(ctx.profile.fields):
            status = ctx.ask(pointer("fields", key, "status"))
            critical = ctx.ask(pointer("fields", key, "critical"))
            burdened = _entered_by_burdened_group(ctx, key)
            if status is None or status == "captured":
                continue  # captured, or an open question: no finding
            node = node_id("field", key)
            processes = ctx.graph.downstream_of_kind(node, "process")
            objectives = ctx.graph.downstream_of_kind(node, "objective")
            if not processes and not objectives:
                if critical is True and self.settings.report_unused_critical:
                    gaps.append(self._gap(ctx, key, status, critical, burdened, [], [], 0.4))
                continue
            base = 0.85 if critical is True else 0.5
            gaps.append(
                self._gap(ctx, key, status, critical, burdened, processes, objectives, base)
            )
        if gaps:
            yield self._finding(gaps)

    def _finding(self, gaps: list[_Gap]) -> Finding:
        """One finding for every field cut: one decision made them, one piece of work restores
        them."""
        missing = 1.0
        for gap in gaps:
            missing *= 1.0 - gap.likelihood * gap.impact
        restored = names([g.name for g in gaps])
        them, they_feed = ("it", "it feeds") if len(gaps) == 1 else ("them", "they feed")
        return self.finding(
            " ".join(g.message for g in gaps),
            likelihood=gaps[0].likelihood if len(gaps) == 1 else 1.0 - missing,
            impact=gaps[0].impact if len(gaps) == 1 else 1.0,
            pointers=[pointer("fields", g.key, "status") for g in gaps],
            nodes=[n for g in gaps for n in g.nodes],
            severity=None if any(g.critical for g in gaps) else "medium",
            recommendations=[
                # each field means changing a form and finding where its value can be
                # prefilled from: medium for a few fields, high once the data model is redone
                recommend(
                    f"Restore {restored} to the CRM and make {them} quick to enter: prefill "
                    "where another system knows the value, and show the people entering "
                    f"{them} what {they_feed}.",
                    "medium" if len(gaps) <= 3 else "high",
                    *(set_(pointer("fields", g.key, "status"), "captured") for g in gaps),
                )
            ],
        )

    def _gap(
        self,
        ctx: Context,
        key: str,
        status: str,
        critical: bool | None,
        burdened: bool,
        processes: list[str],
        objectives: list[str],
        likelihood: float,
    ) -> _Gap:
        node = node_id("field", key)
        name = ctx.profile.fields[key].name or key
        state = "was dropped" if status == "dropped" else "is not captured"
        if processes:
            used = display_names(ctx.profile, processes)
            label = "Critical field" if critical else "Field"
            message = f"{label} {name} {state}, but {used} depend on it"
            if objectives:
                message += f" ({plural(len(objectives), 'objective', 'objectives')} downstream)"
            message += "."
        else:
            message = f"Critical field {name} {state}."
        if critical is None:
            message += " Nobody has stated whether it is critical."
        if burdened:
            message += " The group that enters it carries a heavy burden."
        return _Gap(
            key=key,
            name=name,
            message=message,
            critical=critical is True,
            likelihood=likelihood,
            impact=0.25 + 0.75 * ctx.graph.reach(node) if processes else 0.2,
            nodes=(node, *processes, *objectives),
        )


class _Gap(NamedTuple):
    """One field cut from the CRM, and what depends on it."""

    key: str
    name: str
    message: str
    critical: bool
    likelihood: float
    impact: float
    nodes: tuple[str, ...]


def _entered_by_burdened_group(ctx: Context, key: str) -> bool:
    """Whether the department entering the field is known to carry a high burden."""
    department = ctx.ask(pointer("fields", key, "entered_by"))
    if department is None:
        return False
    return bool(ctx.ask(pointer("departments", department, "burden")) == "high")
