"""CRM005 missing-migration: customer data stays in systems the CRM never sees."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display_names,
    is_small,
    pointer,
    ramp,
    recommend,
    set_,
)

LIVE_SYSTEMS = frozenset(
    {"erp", "order_system", "support_database", "website", "email", "calendar", "legacy_crm"}
)
"""Kinds of source that keep changing after go-live, so a one-off migration is not enough."""

_WORK = {"migrate": "migration", "integrate": "integration", "retire": "retirement"}

_FACTS = ("holds_customer_data", "records", "plan", "status", "manual_rekeying")
"""What the rule asks about every data source."""

DOUBT = 0.5
"""Likelihood factor for a finding that rests on a fact nobody has stated (at most half)."""

UNKNOWN_SIZE = 0.5
"""Where between small and large a source of unknown size is placed when weighing impact."""


class MissingMigrationSettings(RuleSettings):
    """Thresholds of CRM005."""

    min_records: int = Field(default=50, ge=0)
    """Sources known to hold fewer customer records than this are not reported.

    A source whose record count is not stated is judged as if it were large enough to matter,
    at reduced likelihood, and its count becomes an open question."""
    many_records: int = Field(default=100_000, ge=1)
    """From this many records on, the size of the source adds to the impact in full."""
    unknown_plan_seats: int = Field(default=250, ge=0)
    """From this many seats on (or when the size is not stated), a source of customer data whose
    migration or integration plan nobody has stated is reported at reduced likelihood."""
    unknown_plan_records: int = Field(default=10_000, ge=0)
    """A source whose plan is not stated is reported only when it holds at least this many
    records (or an unknown number)."""


@dataclass(frozen=True)
class _Source:
    """What the rule asked about one data source, and how much weight its findings carry."""

    key: str
    name: str
    kind: str | None
    records: int | None
    impact: float
    nodes: list[str]
    dependents: list[str]

    @property
    def doubt(self) -> float:
        """1 when the record count is known, less when it is an open question."""
        return 1.0 if self.records is not None else DOUBT

    @property
    def unknown_count(self) -> str:
        """A clause saying plainly that the record count is not stated, when it is not."""
        if self.records is not None:
            return ""
        return f" Nobody has stated how many customer records {self.name} holds."


class MissingMigration(Rule[MissingMigrationSettings]):
    id = "CRM005"
    slug = "missing-migration"
    title = "Customer data left in other systems"
    pillar = "technology"
    severity = "high"
    area = "data migration"
    settings_model = MissingMigrationSettings
    checks = (
        "Every source holding customer data (order and inventory systems, marketing lists, "
        "channel databases, spreadsheets, address books, legacy CRMs): whether it is migrated "
        "into the CRM, integrated with it or retired, whether that work is finished before the "
        "processes that need its data run on the CRM (a system being retired while its data is "
        "still needed counts until the retirement is done), and whether staff copy data between "
        "systems by hand.\n\n"
        "Unknowns: a source is judged only when it is known to hold customer data. A source "
        "whose record count is not stated is judged as if it were large enough to matter, at "
        "half the likelihood, and the message says the count is not known. A source whose plan "
        "is not stated is reported at half the likelihood of having no plan, and only when the "
        "rollout is not known to be small and the source is not known to be small (see "
        "settings); when its progress is stated and lags behind processes already running, it "
        "is reported as late whatever the plan. Otherwise an unstated plan, progress or hand "
        "copying is an open question and no finding. Phases of unknown status count as "
        "running on the CRM only once the program is known to be live."
    )
    why = (
        "Data migration and integration are the first things cut when budget or time runs "
        "short, and the cut is invisible until users open the CRM and find half of each "
        "customer missing. Decisions are then made without the data, or staff re-key it by "
        "hand, late and with errors, and go back to the old system they trust. Switching off "
        "an old system before its data has moved has the same effect, only faster."
    )
    fix = (
        "Give every source that holds customer data a plan: migrate it once if it is being "
        "retired, integrate it if it stays in use, and finish that work before the processes "
        "that read it go live. Where staff re-key data, integrate instead."
    )
    effort = (
        "Connecting a source through an integration is **high**, whether it is planned from "
        "scratch or replaces hand copying: an interface to specify, build, test and run for as "
        "long as both systems live. Migrating a source's data once is **medium**: map, cleanse, "
        "load and check, then retire the old system. Finishing a migration or integration that is "
        "still under way while users already need its data, or moving the data still needed out of "
        "a system due for retirement, is **medium** too: the work is known but not done."
    )
    risky_example = """\
organization: {name: Vale Outdoor, crm_seats: 70}
data_sources:
  webshop:
    kind: order_system
    holds_customer_data: true
    records: 85000
    plan: none
    manual_rekeying: true
fields:
  order_history: {critical: true, source: webshop}
processes:
  win_back: {needs_fields: [order_history], needs_sources: [webshop]}
"""
    healthy_example = """\
organization: {name: Vale Outdoor, crm_seats: 70}
data_sources:
  webshop:
    kind: order_system
    holds_customer_data: true
    records: 85000
    plan: integrate
    status: done
    manual_rekeying: false
fields:
  order_history: {critical: true, source: webshop}
processes:
  win_back: {needs_fields: [order_history], needs_sources: [webshop]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        seats = ctx.seats
        stage = ctx.stage
        keys = sorted(ctx.profile.data_sources)
        live = frozenset(_live_processes(ctx, stage)) if keys else frozenset()
        for key in keys:
            yield from ctx.each(self._data_source, key, live, seats, stage)

    def _data_source(
        self, ctx: Context, key: str, live: frozenset[str], seats: int | None, stage: str | None
    ) -> Iterator[Finding]:
        """Judge one data source."""
        # every fact of the source is asked before it is set aside, so answering one never
        # changes what else the rule wants to know
        holds, records, plan, status, rekeying = (
            ctx.ask(pointer("data_sources", key, name)) for name in _FACTS
        )
        if holds is not True or (records is not None and records < self.settings.min_records):
            return  # no customer data, too little of it, or not known: no finding
        source = self._source(ctx, key, records)
        yield from self._judge(ctx, source, plan, status, rekeying, live, seats, stage)

    def _source(self, ctx: Context, key: str, records: int | None) -> _Source:
        node = node_id("data_source", key)
        dependents = ctx.graph.downstream_of_kind(node, "process")
        if records is None:
            size = UNKNOWN_SIZE
        else:
            size = ramp(math.log10(max(records, 1)), 2, math.log10(self.settings.many_records))
        source = ctx.profile.data_sources[key]  # name and kind only word the message
        return _Source(
            key=key,
            name=source.name or key,
            kind=source.kind,
            records=records,
            impact=0.25 + 0.55 * ctx.graph.reach(node) + 0.2 * size,
            nodes=[node, *dependents],
            dependents=dependents,
        )

    def _judge(
        self,
        ctx: Context,
        source: _Source,
        plan: str | None,
        status: str | None,
        rekeying: bool | None,
        live: frozenset[str],
        seats: int | None,
        stage: str | None,
    ) -> Iterator[Finding]:
        waiting = sorted(set(source.dependents) & live) if status not in (None, "done") else []
        if plan == "none":
            yield self._unplanned(ctx, source, stage, source.doubt)
        elif status is not None and waiting:
            # work under way (whatever the plan) while processes already need the data
            yield self._late(ctx, source, plan, status, waiting, stage)
        elif plan is None and self._unknown_plan_matters(source, seats):
            yield self._unplanned(ctx, source, stage, source.doubt * DOUBT, stated=False)
        if rekeying is True:
            yield self._rekeying(source)

    def _unknown_plan_matters(self, source: _Source, seats: int | None) -> bool:
        s = self.settings
        if is_small(seats, s.unknown_plan_seats):
            return False
        return source.records is None or source.records >= s.unknown_plan_records

    def _unplanned(
        self,
        ctx: Context,
        source: _Source,
        stage: str | None,
        doubt: float,
        *,
        stated: bool = True,
    ) -> Finding:
        name, key = source.name, source.key
        plan = _suggested(source)
        dependents = source.dependents
        used = f"; {display_names(ctx.profile, dependents)} need its data" if dependents else ""
        if stated:
            message = f"{name} holds customer data with no plan to migrate or integrate it{used}."
        else:
            message = (
                f"Nobody has stated whether the customer data in {name} will be migrated, "
                f"integrated or retired{used}."
            )
        when = (
            "now: the processes that need it already run without it"
            if stage == "live"
            else "before the processes that need it go live"
        )
        verb = "Integrate" if plan == "integrate" else "Migrate"
        return self.finding(
            message + source.unknown_count,
            likelihood=(0.85 if dependents else 0.6) * doubt,
            impact=source.impact,
            pointers=[pointer("data_sources", key, "plan")],
            nodes=source.nodes,
            severity=None if stated else "medium",
            recommendations=[
                recommend(
                    f"{verb} {name} {'with' if plan == 'integrate' else 'into'} the CRM {when}.",
                    "high" if plan == "integrate" else "medium",
                    set_(pointer("data_sources", key, "plan"), plan),
                    set_(pointer("data_sources", key, "status"), "done"),
                )
            ],
        )

    def _late(
        self,
        ctx: Context,
        source: _Source,
        plan: str | None,
        status: str,
        waiting: list[str],
        stage: str | None,
    ) -> Finding:
        name, key = source.name, source.key
        work = _WORK[plan] if plan is not None else "work on the data"
        users = display_names(ctx.profile, waiting)
        soon = "now" if stage == "live" else "before the next phase goes live"
        if plan == "retire":
            message = (
                f"{name} is to be retired, but its retirement is still "
                f"{status.replace('_', ' ')} while {users} already run on the CRM and still "
                "need its data."
            )
            action = (
                f"Move the data of {name} that is still needed into the CRM {soon}, then retire it."
            )
            changes = [
                set_(pointer("data_sources", key, "plan"), "migrate"),
                set_(pointer("data_sources", key, "status"), "done"),
            ]
        else:
            message = (
                f"The {work} of {name} is still {status.replace('_', ' ')} while "
                f"{users} already run on the CRM."
            )
            action = f"Finish the {work} of {name} {soon}."
            changes = [set_(pointer("data_sources", key, "status"), "done")]
            if plan is None:
                message += " Nobody has stated whether it is to be migrated or integrated."
                changes.insert(0, set_(pointer("data_sources", key, "plan"), _suggested(source)))
        return self.finding(
            message + source.unknown_count,
            likelihood=(0.6 if status == "planned" else 0.4) * source.doubt,
            impact=source.impact,
            pointers=[pointer("data_sources", key, "status")],
            nodes=source.nodes,
            severity="medium",
            recommendations=[recommend(action, "medium", *changes)],
        )

    def _rekeying(self, source: _Source) -> Finding:
        name, key = source.name, source.key
        return self.finding(
            f"Staff copy data between {name} and the CRM by hand." + source.unknown_count,
            likelihood=0.7 * source.doubt,
            impact=source.impact,
            pointers=[pointer("data_sources", key, "manual_rekeying")],
            nodes=source.nodes,
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


def _suggested(source: _Source) -> str:
    """Integrate a system that stays in use; migrate one-off stores such as spreadsheets."""
    return "integrate" if source.kind in LIVE_SYSTEMS else "migrate"


def _live_processes(ctx: Context, stage: str | None) -> set[str]:
    """Process nodes delivered by phases that are active or done.

    Once the program is known to be live, a phase whose status is not stated counts as running
    too; before go-live (or when the stage is unknown) it does not.
    """
    live: set[str] = set()
    for key in sorted(ctx.profile.phases):
        status = ctx.ask(pointer("phases", key, "status"))
        processes = ctx.ask(pointer("phases", key, "processes")) or []
        if status in ("active", "done") or (status is None and stage == "live"):
            live.update(node_id("process", proc) for proc in processes)
    return live
