"""CRM019 no-initial-data-load: the system starts empty, or its data belongs to nobody."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, free_key, is_small, pointer, recommend, set_

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
    area = "data migration"
    settings_model = NoInitialDataLoadSettings
    checks = (
        "Whether filling the system with its starting data (customers, contacts, history) is "
        "planned, and whether every source of customer data has someone responsible for the "
        "quality of what it holds. Migration plans of individual sources are CRM005's subject.\n\n"
        "Unknowns: when nobody has stated whether the initial load is planned there is no "
        "finding (an open question). A source of customer data without a named owner counts as "
        "owned by nobody: the profile says who owns a source by naming the role, so naming none "
        "is the answer. Whether a source holds customer data, when not stated, is an open "
        "question and no finding. A program of unstated size is not treated as small. The "
        "owner recommended is an in-house role that documents its knowledge (a freelancer or "
        "an integrator never is); when there is none, the advice is to appoint one. Once the "
        "program is live, a missing load is reported as the system having gone live empty."
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
    effort = (
        "Planning the initial data load, or running it late once live, is **medium**: a task of "
        "its own to extract, cleanse, load and check the data with the people who use it. Naming "
        "who answers for the quality of a source's data is **low**: a decision, whether a steward "
        "the profile already has takes it on or a data steward role is created for it."
    )
    risky_example = """\
organization: {name: Kettle Creek Farms, crm_seats: 40}
operations: {initial_data_load: false}
data_sources:
  price_lists: {kind: spreadsheet, holds_customer_data: true, records: 3000, plan: migrate}
"""
    healthy_example = """\
organization: {name: Kettle Creek Farms, crm_seats: 40}
operations: {initial_data_load: true}
roles:
  office_lead: {kind: sme, sourcing: in_house, documents_knowledge: true}
data_sources:
  price_lists:
    kind: spreadsheet
    holds_customer_data: true
    records: 3000
    plan: migrate
    owner: office_lead
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        profile = ctx.profile
        stage = ctx.stage
        seats = ctx.seats
        # everything the rule judges is asked before anything is set aside, so answering one
        # question never changes what else it wants to know
        planned = ctx.ask("/operations/initial_data_load")
        needing = _needing(ctx)
        owners = {
            key: (
                ctx.ask(pointer("data_sources", key, "holds_customer_data")),
                ctx.ask(pointer("data_sources", key, "owner")),
            )
            for key in sorted(profile.data_sources)
        }
        if planned is False and (profile.fields or profile.data_sources):
            yield self._no_load(ctx, needing, stage)
        if not any(holds is not False and owner is None for holds, owner in owners.values()):
            return
        steward = _steward(ctx)  # asked while any source might still need an owner
        if is_small(seats, self.settings.min_seats):
            return
        for key, (holds, owner) in owners.items():
            if holds is True and owner is None:
                yield self._no_owner(ctx, key, steward)

    def _no_load(self, ctx: Context, needing: list[str], stage: str | None) -> Finding:
        share = len(needing) / max(len(ctx.profile.processes), 1)
        if stage == "live":
            message = "The CRM went live without its starting data being loaded."
            action = (
                "Load the customer data still held elsewhere as a task of its own: cleanse, "
                "load, check with the people who use it."
            )
        else:
            message = "Nobody plans to fill the CRM with its starting data."
            action = "Plan the initial data load as a task of its own: cleanse, load, check."
        return self.finding(
            message,
            likelihood=0.8,
            impact=0.4 + 0.6 * share,
            pointers=["/operations/initial_data_load"],
            nodes=[node_id("process", k) for k in needing],
            recommendations=[
                recommend(action, "medium", set_("/operations/initial_data_load", True))
            ],
        )

    def _no_owner(self, ctx: Context, key: str, steward: str | None) -> Finding:
        name = ctx.profile.data_sources[key].name or key
        node = node_id("data_source", key)
        if steward is not None:
            changes = [set_(pointer("data_sources", key, "owner"), steward)]
            action = (
                f"Make {display(ctx.profile, node_id('role', steward))} responsible for the "
                f"quality of the data in {name}."
            )
        else:
            new = free_key(ctx.profile.roles, "data_steward")
            changes = [
                set_(pointer("roles", new), dict(NEW_STEWARD)),
                set_(pointer("data_sources", key, "owner"), new),
            ]
            action = (
                f"Appoint an in-house data steward who writes down how the data is kept, and "
                f"make that role responsible for the quality of the data in {name}."
            )
        return self.finding(
            f"Nobody is named as responsible for the quality of the data in {name}.",
            likelihood=0.5,
            impact=0.2 + 0.6 * ctx.graph.reach(node),
            pointers=[pointer("data_sources", key, "owner")],
            nodes=[node, *ctx.graph.downstream_of_kind(node, "process")],
            severity="medium",
            recommendations=[recommend(action, "low", *changes)],
        )


NEW_STEWARD = {
    "name": "Data steward",
    "kind": "system_admin",
    "sourcing": "in_house",
    "documents_knowledge": True,
    "trained": True,
    "count": 1,
}
"""The role recommended when no in-house role that documents its work can own the data."""


def _needing(ctx: Context) -> list[str]:
    """Processes that need data fields or sources (which an empty CRM would starve)."""
    needing = []
    for key in sorted(ctx.profile.processes):
        fields = ctx.ask(pointer("processes", key, "needs_fields"))
        sources = ctx.ask(pointer("processes", key, "needs_sources"))
        if fields or sources:
            needing.append(key)
    return needing


def _steward(ctx: Context) -> str | None:
    """The in-house role, documenting its knowledge, best placed to own data quality.

    By kind (administrator first), then by key, so the choice is stable. A freelancer, an
    integrator or anyone who leaves no documentation is never chosen: the data would outlive
    what they know about it.
    """
    ranked = []
    for key in sorted(ctx.profile.roles):
        kind = ctx.ask(pointer("roles", key, "kind"))
        if kind is not None and kind not in STEWARD_KINDS:
            continue
        sourcing = ctx.ask(pointer("roles", key, "sourcing"))
        documents = ctx.ask(pointer("roles", key, "documents_knowledge"))
        if kind is not None and sourcing == "in_house" and documents is True:
            ranked.append((STEWARD_KINDS.index(kind), key))
    return min(ranked)[1] if ranked else None
