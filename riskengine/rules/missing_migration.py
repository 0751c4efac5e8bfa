"""CRM005 missing-migration: customer data stays in systems the CRM never sees."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.profile.process import DataSource
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, names, pointer, ramp, recommend, set_

LIVE_SYSTEMS = frozenset(
    {"erp", "order_system", "support_database", "website", "email", "calendar", "legacy_crm"}
)
"""Kinds of source that keep changing after go-live, so a one-off migration is not enough."""

_WORK = {"migrate": "migration", "integrate": "integration", "retire": "retirement"}


class MissingMigrationSettings(RuleSettings):
    """Thresholds of CRM005."""

    min_records: int = Field(default=50, ge=0)
    """Sources holding fewer customer records than this are not reported (0 means unknown)."""
    many_records: int = Field(default=100_000, ge=1)
    """From this many records on, the size of the source adds to the impact in full."""


class MissingMigration(Rule[MissingMigrationSettings]):
    id = "CRM005"
    slug = "missing-migration"
    title = "Customer data left in other systems"
    pillar = "technology"
    severity = "high"
    settings_model = MissingMigrationSettings
    checks = (
        "Every source holding customer data (order and inventory systems, marketing lists, "
        "channel databases, spreadsheets, address books): whether it is migrated into the "
        "CRM or integrated with it, whether that work is finished before the processes that "
        "need it go live, and whether staff copy data between systems by hand."
    )
    why = (
        "Data migration and integration are the first things cut when budget or time runs "
        "short, and the cut is invisible until users open the CRM and find half of each "
        "customer missing. Decisions are then made without the data, or staff re-key it by "
        "hand, late and with errors, and go back to the old system they trust."
    )
    fix = (
        "Give every source that holds customer data a plan: migrate it once if it is being "
        "retired, integrate it if it stays in use, and finish that work before the processes "
        "that read it go live. Where staff re-key data, integrate instead."
    )
    risky_example = """\
organization: {name: Vale Outdoor, crm_seats: 70}
data_sources:
  webshop: {kind: order_system, records: 85000, plan: none, manual_rekeying: true}
fields:
  order_history: {critical: true, source: webshop}
processes:
  win_back: {needs_fields: [order_history], needs_sources: [webshop]}
"""
    healthy_example = """\
organization: {name: Vale Outdoor, crm_seats: 70}
data_sources:
  webshop: {kind: order_system, records: 85000, plan: integrate, status: done}
fields:
  order_history: {critical: true, source: webshop}
processes:
  win_back: {needs_fields: [order_history], needs_sources: [webshop]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        live = _live_processes(ctx)
        for key in sorted(ctx.profile.data_sources):
            source = ctx.profile.data_sources[key]
            if not source.holds_customer_data:
                continue
            if 0 < source.records < self.settings.min_records:
                continue
            node = node_id("data_source", key)
            dependents = ctx.graph.downstream_of_kind(node, "process")
            impact = self._impact(ctx, node, source)
            nodes = [node, *dependents]
            if source.plan == "none":
                yield self._unplanned(ctx, key, source, dependents, impact, nodes)
            elif source.plan != "retire" and source.status != "done":
                waiting = sorted(set(dependents) & live)
                if waiting:
                    yield self._late(ctx, key, source, waiting, impact, nodes)
            if source.manual_rekeying:
                yield self._rekeying(key, source, impact, nodes)

    def _impact(self, ctx: Context, node: str, source: DataSource) -> float:
        size = ramp(math.log10(max(source.records, 1)), 2, math.log10(self.settings.many_records))
        return 0.25 + 0.55 * ctx.graph.reach(node) + 0.2 * size

    def _unplanned(
        self,
        ctx: Context,
        key: str,
        source: DataSource,
        dependents: list[str],
        impact: float,
        nodes: list[str],
    ) -> Finding:
        name = source.name or key
        plan = "integrate" if source.kind in LIVE_SYSTEMS else "migrate"
        used = (
            f"; {names([display(ctx.profile, d) for d in dependents])} need its data"
            if dependents
            else ""
        )
        return self.finding(
            f"{name} holds customer data with no plan to migrate or integrate it{used}.",
            likelihood=0.85 if dependents else 0.6,
            impact=impact,
            pointers=[pointer("data_sources", key, "plan")],
            nodes=nodes,
            recommendations=[
                recommend(
                    f"{'Integrate' if plan == 'integrate' else 'Migrate'} {name} "
                    f"{'with' if plan == 'integrate' else 'into'} the CRM before the "
                    "processes that need it go live.",
                    "high" if plan == "integrate" else "medium",
                    set_(pointer("data_sources", key, "plan"), plan),
                    set_(pointer("data_sources", key, "status"), "done"),
                )
            ],
        )

    def _late(
        self,
        ctx: Context,
        key: str,
        source: DataSource,
        waiting: list[str],
        impact: float,
        nodes: list[str],
    ) -> Finding:
        name = source.name or key
        work = _WORK[source.plan]
        return self.finding(
            f"The {work} of {name} is still {source.status.replace('_', ' ')} while "
            f"{names([display(ctx.profile, w) for w in waiting])} already run on the CRM.",
            likelihood=0.6 if source.status == "planned" else 0.4,
            impact=impact,
            pointers=[pointer("data_sources", key, "status")],
            nodes=nodes,
            severity="medium",
            recommendations=[
                recommend(
                    f"Finish the {work} of {name} before the next phase goes live.",
                    "medium",
                    set_(pointer("data_sources", key, "status"), "done"),
                )
            ],
        )

    def _rekeying(self, key: str, source: DataSource, impact: float, nodes: list[str]) -> Finding:
        name = source.name or key
        return self.finding(
            f"Staff copy data between {name} and the CRM by hand.",
            likelihood=0.7,
            impact=impact,
            pointers=[pointer("data_sources", key, "manual_rekeying")],
            nodes=nodes,
            severity="medium",
            recommendations=[
                recommend(
                    f"Replace the hand copying with an integration of {name}.",
                    "high",
                    set_(pointer("data_sources", key, "plan"), "integrate"),
                    set_(pointer("data_sources", key, "status"), "done"),
                    set_(pointer("data_sources", key, "manual_rekeying"), False),
                )
            ],
        )


def _live_processes(ctx: Context) -> set[str]:
    """Process nodes delivered by phases that are active or done."""
    return {
        node_id("process", proc)
        for phase in ctx.profile.phases.values()
        if phase.status in ("active", "done")
        for proc in phase.processes
    }
