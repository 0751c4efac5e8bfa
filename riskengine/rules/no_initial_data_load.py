"""CRM019 no-initial-data-load: the system starts empty, or its data belongs to nobody."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, recommend, set_

STEWARD_KINDS = ("system_admin", "it_representative", "sme", "project_manager")


class NoInitialDataLoadSettings(RuleSettings):
    """Thresholds of CRM019."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the owner looks after the data; ownership is not reported."""


class NoInitialDataLoad(Rule[NoInitialDataLoadSettings]):
    id = "CRM019"
    slug = "no-initial-data-load"
    title = "No initial data load, or data quality owned by nobody"
    pillar = "technology"
    severity = "high"
    settings_model = NoInitialDataLoadSettings
    checks = (
        "Whether filling the system with its starting data (customers, contacts, history) is "
        "planned, and whether every source of customer data has someone responsible for the "
        "quality of what it holds. Migration plans of individual sources are CRM005's subject."
    )
    why = (
        "Users who open an empty CRM, or one full of duplicates and stale records, conclude "
        "on day one that it is useless and go back to their spreadsheets. The initial load is "
        "one of the tasks inexperienced teams forget, and data nobody owns decays from the "
        "moment it is loaded."
    )
    fix = (
        "Plan the initial load as a task of its own, with cleansing and a trial run, and name "
        "an owner for the quality of each source of customer data."
    )
    risky_example = """\
organization: {name: Kettle Creek Farms, crm_seats: 40}
operations: {initial_data_load: false}
data_sources:
  price_lists: {kind: spreadsheet, records: 3000, plan: migrate}
"""
    healthy_example = """\
organization: {name: Kettle Creek Farms, crm_seats: 40}
operations: {initial_data_load: true}
roles:
  office_lead: {kind: sme}
data_sources:
  price_lists: {kind: spreadsheet, records: 3000, plan: migrate, owner: office_lead}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        profile = ctx.profile
        needing = [k for k, p in profile.processes.items() if p.needs_fields or p.needs_sources]
        if not profile.operations.initial_data_load and (profile.fields or profile.data_sources):
            share = len(needing) / max(len(profile.processes), 1)
            yield self.finding(
                "Nobody plans to fill the CRM with its starting data.",
                likelihood=0.8,
                impact=0.4 + 0.6 * share,
                pointers=["/operations/initial_data_load"],
                nodes=[node_id("process", k) for k in needing],
                recommendations=[
                    recommend(
                        "Plan the initial data load as a task of its own: cleanse, load, check.",
                        "medium",
                        set_("/operations/initial_data_load", True),
                    )
                ],
            )
        if ctx.seats >= self.settings.min_seats:
            yield from self._unowned(ctx)

    def _unowned(self, ctx: Context) -> Iterator[Finding]:
        steward = _steward(ctx)
        for key in sorted(ctx.profile.data_sources):
            source = ctx.profile.data_sources[key]
            if not source.holds_customer_data or source.owner is not None:
                continue
            node = node_id("data_source", key)
            changes = [set_(pointer("data_sources", key, "owner"), steward or "data_steward")]
            if steward is None:
                changes.insert(
                    0,
                    set_(
                        "/roles/data_steward",
                        {"name": "Data steward", "kind": "system_admin", "trained": True},
                    ),
                )
            yield self.finding(
                f"Nobody is responsible for the quality of the data in {source.name or key}.",
                likelihood=0.5,
                impact=0.2 + 0.6 * ctx.graph.reach(node),
                pointers=[pointer("data_sources", key, "owner")],
                nodes=[node, *ctx.graph.downstream_of_kind(node, "process")],
                severity="medium",
                recommendations=[
                    recommend(
                        f"Name an owner for the data in {source.name or key}.", "low", *changes
                    )
                ],
            )


def _steward(ctx: Context) -> str | None:
    """The role best placed to own data quality, by kind."""
    for kind in STEWARD_KINDS:
        for key in sorted(ctx.profile.roles):
            if ctx.profile.roles[key].kind == kind:
                return key
    return None
