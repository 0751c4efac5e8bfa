"""CRM040 unprepared-data: data migrated as it is, unrehearsed, never accepted by the business."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Effort, Finding, Recommendation, Severity
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

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

UNKNOWN_SIZE = 0.5
"""Where between small and large a source of unstated record count is placed."""

HEAVY_SIZE = 0.6
"""Record-count weight from which the data at stake alone makes a gap high."""

NOT_LOADED_ONCE = frozenset({"integrate", "retire"})
"""Plans under which a source's data does not arrive by a one-off load."""


@dataclass(frozen=True)
class _Source:
    """A source whose data arrives (or may arrive) by migration, and what hangs on it."""

    key: str
    name: str
    plan: str | None
    records: int | None
    done: bool
    size: float
    processes: list[str]
    labels: list[str]
    """Display names of those processes."""
    reached: frozenset[str]
    """Processes and objectives downstream of the source."""
    serves_objectives: bool


@dataclass(frozen=True)
class _Gap:
    fact: str
    likelihood: float
    wanted: str


CLEANSING = _Gap("cleansing", 0.7, "cleansed before it is migrated")
REHEARSAL = _Gap("migration_rehearsed", 0.6, "migrated in a rehearsal first")
SIGN_OFF = _Gap("business_sign_off", 0.6, "checked and accepted by the business once migrated")


class UnpreparedDataSettings(RuleSettings):
    """Thresholds of CRM040."""

    min_seats: int = Field(default=15, ge=0)
    """Below this many seats the few users know their customers and fix records as they meet
    them; the rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above poor migrated data has its full impact."""
    min_records: int = Field(default=500, ge=0)
    """Sources known to hold fewer records than this are not weighed: a few hundred records are
    checked by eye."""
    many_records: int = Field(default=100_000, ge=1)
    """From this many records in one source on, the data at stake weighs in full."""
    unknown_from_seats: int = Field(default=250, ge=0)
    """From this many (stated) seats on, before the migration, not knowing whether the data is
    cleansed, rehearsed and accepted is reported at half the likelihood of the worst gap left
    open, when a source holds at least `unknown_records` records (or an unstated number)."""
    unknown_records: int = Field(default=20_000, ge=0)
    """The smallest source for which not knowing how its migration is prepared is reported."""


class UnpreparedData(Rule[UnpreparedDataSettings]):
    id = "CRM040"
    slug = "unprepared-data"
    title = "Data migrated without cleansing, rehearsal or business sign-off"
    area = "data quality"
    pillar = "technology"
    severity = "high"
    settings_model = UnpreparedDataSettings
    checks = (
        "How the data loaded into the CRM is prepared (`data_quality`): whether duplicates and "
        "stale records are cleansed before migration, whether the migration is rehearsed, and "
        "whether the business checks and accepts the migrated data. It is judged when some "
        "source of customer data arrives by a one-off load: a source whose plan is `migrate`, "
        "and also one whose plan is not stated or is `none` (its data has no other way into "
        "the CRM; CRM005 reports the missing plan, and this rule's weight does not depend on "
        "how that plan is settled). Integrated and retired sources, sources known to hold no "
        "customer data and sources known to hold fewer than `min_records` records are left "
        "out. Each gap is weighed by the records at stake and by the processes and objectives "
        "those sources feed in the dependency graph; it is high when a source holds many "
        "records or feeds processes that serve objectives, medium otherwise.\n\n"
        "Stage: while a source's migration is still ahead (its status not `done`; unstated "
        "counts as ahead unless the program is live) all three are judged with before-go-live "
        "advice. Once every such source is migrated the rehearsal is history; data migrated "
        "without cleansing or sign-off is reported (medium) with advice to clean up and check "
        "the data now in the CRM.\n\n"
        "Unknowns: an unstated safeguard is an open question, not a gap. From "
        "`unknown_from_seats` stated seats on, while a migration is ahead and a source holds "
        "`unknown_records` records or an unstated number, the rule reports (medium, at half the "
        "likelihood of the worst gap left open) that nobody has stated how the migration is "
        "prepared. A source of unstated record count weighs halfway. A program of unstated "
        "size is judged as neither small nor large."
    )
    why = (
        "A migration copies whatever is in the old systems: the same customer three times, "
        "contacts who left years ago, addresses in four formats. Users who open the new CRM and "
        "find that stop trusting it on the first day and keep their own lists again. A "
        "migration run for the first time at go-live overruns, loses records that fail "
        "validation, and leaves no time to find out. And data the business never checked is "
        "discovered to be wrong by customers. The more records and the more processes and "
        "objectives depend on a source, the further bad data spreads."
    )
    fix = (
        "Cleanse each source before migrating it (merge duplicates, close stale records, agree "
        "formats) with the people who own its data; run the migration at least once as a "
        "rehearsal and check counts and samples; and have the owners of the processes that use "
        "the data check and accept it formally before go-live."
    )
    effort = (
        "Business acceptance of the migrated data (before go-live, or on a sample once migrated) "
        "is **low**: the owners of the processes that use it check records against the sources and "
        "sign. Cleansing the sources before migrating, cleaning the migrated records afterwards, "
        "and rehearsing the migration on a copy are **medium**: days of work with the data's "
        "owners, and a copy to load into. Finding out how the migration is prepared and planning "
        "what is missing is **medium** as well."
    )
    risky_example = """\
organization: {name: Coldharbour Wines, crm_seats: 120}
lifecycle: {stage: implementing}
data_quality: {cleansing: false, migration_rehearsed: false, business_sign_off: false}
data_sources:
  old_crm:
    kind: legacy_crm
    holds_customer_data: true
    records: 140000
    plan: migrate
    status: planned
objectives:
  reorders: {description: More repeat orders from trade customers}
processes:
  trade_reorders: {needs_sources: [old_crm], supports: [reorders]}
"""
    healthy_example = """\
organization: {name: Coldharbour Wines, crm_seats: 120}
lifecycle: {stage: implementing}
data_quality: {cleansing: true, migration_rehearsed: true, business_sign_off: true}
data_sources:
  old_crm:
    kind: legacy_crm
    holds_customer_data: true
    records: 140000
    plan: migrate
    status: planned
objectives:
  reorders: {description: More repeat orders from trade customers}
processes:
  trade_reorders: {needs_sources: [old_crm], supports: [reorders]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        stated = {
            gap.fact: ctx.ask(pointer("data_quality", gap.fact))
            for gap in (CLEANSING, REHEARSAL, SIGN_OFF)
        }
        sources = self._sources(ctx, live)
        if not sources:
            return
        size = max(src.size for src in sources)
        reached: set[str] = set()
        for src in sources:
            reached |= src.reached
        total = ctx.graph.count("process") + ctx.graph.count("objective")
        reach = len(reached) / total if total else 0.0
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.35) * (
            0.3 + 0.35 * size + 0.35 * reach
        )
        heavy = size >= HEAVY_SIZE or any(src.serves_objectives for src in sources)
        ahead = [src for src in sources if not src.done]
        if ahead:
            yield from self._before(ahead, stated, impact, "high" if heavy else "medium")
            if seats is not None and seats >= s.unknown_from_seats:
                yield from self._unknown(ahead, stated, impact)
        else:
            yield from self._after(sources, stated, impact)

    def _sources(self, ctx: Context, live: bool) -> list[_Source]:
        s = self.settings
        out = []
        for key in sorted(ctx.profile.data_sources):
            at = ("data_sources", key)
            holds = ctx.ask(pointer(*at, "holds_customer_data"))
            records = ctx.ask(pointer(*at, "records"))
            plan = ctx.ask(pointer(*at, "plan"))
            status = ctx.ask(pointer(*at, "status"))
            if holds is False or plan in NOT_LOADED_ONCE:
                continue
            if records is not None and records < s.min_records:
                continue
            node = node_id("data_source", key)
            processes = ctx.graph.downstream_of_kind(node, "process")
            reached = frozenset(
                n
                for n in ctx.graph.downstream(node)
                if ctx.graph.kind(n) in ("process", "objective")
            )
            if records is None:
                size = UNKNOWN_SIZE
            else:
                size = ramp(math.log10(max(records, 1)), 2, math.log10(s.many_records))
            out.append(
                _Source(
                    key=key,
                    name=ctx.profile.data_sources[key].name or key,  # only words the message
                    plan=plan,
                    records=records,
                    done=status == "done" or (status is None and live),
                    size=size,
                    processes=processes,
                    labels=[display(ctx.profile, p) for p in processes],
                    reached=reached,
                    serves_objectives=any(n.startswith("objective:") for n in reached),
                )
            )
        return out

    def _before(
        self,
        ahead: list[_Source],
        stated: dict[str, object],
        impact: float,
        severity: Severity,
    ) -> Iterator[Finding]:
        what = _what(ahead)
        nodes = _nodes(ahead)
        actions: dict[str, tuple[str, str, Effort]] = {
            CLEANSING.fact: (
                f"{what} is to be migrated without cleansing duplicates and stale records.",
                "Before migrating, cleanse each source with the people who own its data: merge "
                "duplicates, close stale records, agree formats.",
                "medium",
            ),
            REHEARSAL.fact: (
                f"The migration of {_migrated(ahead) or 'customer data'} has not been rehearsed.",
                "Run the migration at least once as a rehearsal on a copy, check record counts "
                "and samples against the sources, and time it.",
                "medium",
            ),
            SIGN_OFF.fact: (
                f"Nobody from the business checks and accepts {what[0].lower() + what[1:]} "
                "once migrated.",
                "Have the owners of the processes that use the data check the migrated "
                "records and accept them formally before go-live.",
                "low",
            ),
        }
        for gap in (CLEANSING, REHEARSAL, SIGN_OFF):
            if stated[gap.fact] is not False:
                continue
            message, action, effort = actions[gap.fact]
            yield self.finding(
                message + _feeds(ahead),
                likelihood=gap.likelihood,
                impact=impact,
                pointers=[pointer("data_quality", gap.fact)],
                nodes=nodes,
                severity=severity,
                recommendations=[
                    recommend(action, effort, set_(pointer("data_quality", gap.fact), True))
                ],
            )

    def _after(
        self, sources: list[_Source], stated: dict[str, object], impact: float
    ) -> Iterator[Finding]:
        what = _what(sources)
        nodes = _nodes(sources)
        if stated[CLEANSING.fact] is False:
            yield self.finding(
                f"{what} was migrated without cleansing: its duplicates and stale records now "
                "sit in the CRM." + _feeds(sources),
                likelihood=0.5,
                impact=impact,
                pointers=[pointer("data_quality", CLEANSING.fact)],
                nodes=nodes,
                severity="medium",
                recommendations=[
                    Recommendation(
                        action="Clean the migrated records in the CRM with the people who own "
                        "them: merge duplicates, close stale records, fix formats, starting "
                        "with the data the most important processes use.",
                        effort="medium",
                    )
                ],
            )
        if stated[SIGN_OFF.fact] is False:
            yield self.finding(
                f"Nobody from the business checked {what[0].lower() + what[1:]} after it was "
                "migrated." + _feeds(sources),
                likelihood=0.5,
                impact=impact,
                pointers=[pointer("data_quality", SIGN_OFF.fact)],
                nodes=nodes,
                severity="medium",
                recommendations=[
                    recommend(
                        "Have the owners of the processes that use the data check a sample of "
                        "the migrated records against the old sources and accept them, or "
                        "list the corrections.",
                        "low",
                        set_(pointer("data_quality", SIGN_OFF.fact), True),
                    )
                ],
            )

    def _unknown(
        self, ahead: list[_Source], stated: dict[str, object], impact: float
    ) -> Iterator[Finding]:
        s = self.settings
        if not any(src.records is None or src.records >= s.unknown_records for src in ahead):
            return
        open_gaps = [g for g in (CLEANSING, REHEARSAL, SIGN_OFF) if stated[g.fact] is None]
        if not open_gaps:
            return
        what = _what(ahead)
        wanted = [g.wanted for g in open_gaps]
        said = wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " or " + wanted[-1]
        yield self.finding(
            f"Nobody has stated whether {what[0].lower() + what[1:]} will be {said}.",
            likelihood=DOUBT * max(g.likelihood for g in open_gaps),
            impact=impact,
            pointers=[pointer("data_quality", open_gaps[0].fact)],
            nodes=_nodes(ahead),
            severity="medium",
            recommendations=[
                recommend(
                    "Find out how the migration is prepared; where it is not, plan the "
                    "cleansing, a rehearsal and the business's acceptance of the migrated data.",
                    "medium",
                    *(set_(pointer("data_quality", g.fact), True) for g in open_gaps),
                )
            ],
        )


def _migrated(sources: list[_Source]) -> str | None:
    """The names of the sources stated to be migrated, if any."""
    migrated = [src.name for src in sources if src.plan == "migrate"]
    return names(migrated) if migrated else None


def _what(sources: list[_Source]) -> str:
    """How messages name the data: the sources stated to be migrated, else the data in general."""
    migrated = _migrated(sources)
    return "Customer data" if migrated is None else "The data of " + migrated


def _feeds(sources: list[_Source]) -> str:
    """A sentence on the processes the data feeds, when the graph shows any."""
    labels = sorted({label for src in sources for label in src.labels})
    if not labels:
        return ""
    verb = "depends" if len(labels) == 1 else "depend"
    return f" {names(labels)} {verb} on it."


def _nodes(sources: list[_Source]) -> list[str]:
    nodes: list[str] = []
    for src in sources:
        nodes += [node_id("data_source", src.key), *src.processes]
    return nodes
