"""CRM030 premature-switch-off: the old system goes dark on day one and support thins out."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_, size_factor

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

WEEKS_PER_MONTH = 4.35

APPROACH_WEIGHT = {"big_bang": 1.0, "phased": 0.75, "parallel_run": 0.6}
"""How much an early switch-off weighs by cutover approach: a big bang leaves nobody on the old
system to fall back on, a parallel run keeps it going by design."""

UNKNOWN_APPROACH = 0.85
"""Weight when nobody has stated the approach (between phased and big bang)."""

SWITCH_OFF = 0.75
"""Likelihood of harm from switching the old system off on go-live day, before go-live."""

NO_HYPERCARE = 0.7
"""Likelihood of harm from planning no hypercare at all (less for a short one)."""


class PrematureSwitchOffSettings(RuleSettings):
    """Thresholds of CRM030."""

    min_seats: int = Field(default=20, ge=0)
    """Below this many seats the few users reach the people who built the system directly; the
    rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above an early switch-off or missing hypercare has its full
    impact."""
    min_hypercare_weeks: float = Field(default=4.0, gt=0)
    """Hypercare shorter than this many weeks is too short for the problems of the first
    month-end and the first full cycle of work to surface."""
    recommended_hypercare_weeks: float = Field(default=6.0, gt=0)
    """The hypercare length recommendations propose before go-live."""
    proven_months: float = Field(default=3.0, gt=0)
    """Once live this many months, the new system has proven itself (or not) and the switch-off
    and hypercare are history: the rule stays quiet."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many (stated) seats on, while implementing (or when the stage is not stated),
    not knowing when the old system is switched off, or how long hypercare lasts, is reported at
    half the likelihood of the worst known answer."""


@dataclass(frozen=True)
class _Cutover:
    """What the rule asked about the cutover, and how much its findings weigh."""

    off: str | None
    hypercare: float | None
    big_bang: bool
    impact: float
    nodes: list[str]
    live: bool
    months: float | None

    @property
    def doubt(self) -> float:
        """1 before go-live or when the months live are known; less when they are not."""
        return DOUBT if self.live and self.months is None else 1.0


class PrematureSwitchOff(Rule[PrematureSwitchOffSettings]):
    id = "CRM030"
    slug = "premature-switch-off"
    title = "Old system switched off on go-live day, or too little hypercare"
    area = "cutover"
    pillar = "technology"
    severity = "high"
    settings_model = PrematureSwitchOffSettings
    checks = (
        "When the old system is switched off (`cutover.old_system_off`): on go-live day, or "
        "only once the new one has proven itself; and how many weeks of reinforced support "
        "(hypercare) follow go-live (`cutover.hypercare_weeks`), compared with "
        "`min_hypercare_weeks`. Switching off on go-live day is high; short hypercare is medium, "
        "high when the old system is gone on day one as well. The weight follows the cutover "
        "approach (a big bang most, a parallel run least; `scope.big_bang` decides when the "
        "approach is not stated) and the size of the rollout; the evidence names the old "
        "systems (data sources of kind `legacy_crm`) and the processes that depend on them.\n\n"
        "Stage: before go-live (or when the stage is not stated) the plan is judged. Once live, "
        "for the first `proven_months` the rule reports that there is no way back and that "
        "hypercare ended too soon, with advice that fits a live system; after that both are "
        "history and the rule stays quiet.\n\n"
        "Unknowns: an unstated switch-off date or hypercare length is an open question, not a "
        "bad answer. From `unknown_from_seats` stated seats on, while implementing or when the "
        "stage is not stated, the rule reports (medium, at half the likelihood of the worst "
        "answer) that nobody has stated them. A live program whose time since go-live is not "
        "stated is judged as recently live, at half the likelihood. A program of unstated size "
        "is judged as neither small nor large."
    )
    why = (
        "The first weeks on a new system surface what no test found: a report finance needs "
        "at month-end, a customer type nobody migrated, a step users cannot find. With the old "
        "system still at hand these are inconveniences; switched off on day one, each becomes "
        "an outage with no way back, and history users relied on is gone. Hypercare (people "
        "on the floor, a daily triage, fast fixes) is what keeps those problems from turning "
        "users against the system in its first month; without it they queue up unanswered."
    )
    fix = (
        "Keep the old system available, read-only at least, until the new one has run cleanly "
        "through a full cycle of work, and switch it off only then. Plan several weeks of "
        "hypercare after go-live: champions and the project team on hand, a daily triage of "
        "problems, fixes released quickly."
    )
    effort = (
        "Before go-live, keeping the old system running (read-only at least) until the new one has "
        "proven itself is **low**: a later date in the cutover plan, paid for with a few more "
        "weeks of licences. Once the old system is already off, keeping its data within users' "
        "reach and writing manual procedures for the critical processes is **medium**. Planning "
        "hypercare, or bringing reinforced support back once live, is **medium**: champions and "
        "the project team on hand for weeks with a daily triage. Deciding before go-live when the "
        "old system goes and how long hypercare lasts is **medium** as well, since it commits that "
        "support."
    )
    risky_example = """\
organization: {name: Harrow Builders Merchants, crm_seats: 600}
lifecycle: {stage: implementing}
cutover: {approach: big_bang, old_system_off: go_live_day, hypercare_weeks: 1}
"""
    healthy_example = """\
organization: {name: Harrow Builders Merchants, crm_seats: 600}
lifecycle: {stage: implementing}
cutover: {approach: big_bang, old_system_off: after_proven, hypercare_weeks: 6}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        months = ctx.months_live
        approach = ctx.ask("/cutover/approach")
        scope_big_bang = ctx.ask("/scope/big_bang") if approach is None else None
        off = ctx.ask("/cutover/old_system_off")
        hypercare = ctx.ask("/cutover/hypercare_weeks")
        nodes = _old_systems(ctx)
        live = stage == "live"
        if live and months is not None and months >= s.proven_months:
            return  # the new system has had time to prove itself: this is history
        if approach is not None:
            weight = APPROACH_WEIGHT[approach]
        elif scope_big_bang is not None:
            weight = 1.0 if scope_big_bang else APPROACH_WEIGHT["phased"]
        else:
            weight = UNKNOWN_APPROACH
        cut = _Cutover(
            off=off,
            hypercare=hypercare,
            big_bang=approach == "big_bang" or (approach is None and scope_big_bang is True),
            impact=size_factor(seats, s.min_seats, s.large_seats, floor=0.35) * weight,
            nodes=nodes,
            live=live,
            months=months,
        )
        if off == "go_live_day":
            yield self._switched_off(cut)
        if hypercare is not None and hypercare < s.min_hypercare_weeks:
            yield self._hypercare(cut, hypercare)
        if not live and stage != "planning":
            yield from self._unknown(seats, cut)

    def _switched_off(self, cut: _Cutover) -> Finding:
        if cut.live:
            since = ""
            if cut.months is not None:
                since = f", {cut.months:g} month{'' if cut.months == 1 else 's'} ago"
            unknown = "" if cut.months is not None else " Nobody has stated when it went live."
            return self.finding(
                f"The old system was switched off on go-live day{since}, before the new one "
                f"had proven itself: there is no way back if it fails now.{unknown}",
                likelihood=0.5 * cut.doubt,
                impact=cut.impact,
                pointers=["/cutover/old_system_off"],
                nodes=cut.nodes,
                severity="medium",
                recommendations=[
                    recommend(
                        "Until the new system has run cleanly for "
                        f"{self.settings.proven_months:g} months, keep the old system's data "
                        "where users can look it up and a written manual procedure for the most "
                        "critical processes in case the new one fails.",
                        "medium",
                    )
                ],
            )
        everyone = " with every user moving at once," if cut.big_bang else ""
        return self.finding(
            f"The old system is to be switched off on go-live day,{everyone} before the new one "
            "has proven itself.",
            likelihood=SWITCH_OFF,
            impact=cut.impact,
            pointers=["/cutover/old_system_off"],
            nodes=cut.nodes,
            recommendations=[
                recommend(
                    "Keep the old system running, read-only at least, until the new one has "
                    "run cleanly through a full cycle of work (a month-end included), and "
                    "switch it off only then.",
                    "low",
                    set_("/cutover/old_system_off", "after_proven"),
                )
            ],
        )

    def _hypercare(self, cut: _Cutover, weeks: float) -> Finding:
        s = self.settings
        likelihood = NO_HYPERCARE * (1.0 - weeks / s.min_hypercare_weeks)
        severity: Severity = "high" if cut.off == "go_live_day" else "medium"
        unit = "week" if weeks == 1 else "weeks"
        length = "No hypercare" if weeks == 0 else f"Only {weeks:g} {unit} of hypercare"
        if cut.live:
            # support for as long as the system still has to prove itself
            target = max(
                s.recommended_hypercare_weeks, math.ceil(s.proven_months * WEEKS_PER_MONTH)
            )
            over = cut.months is not None and cut.months * WEEKS_PER_MONTH >= weeks
            told = " Nobody has stated when it went live." if cut.months is None else ""
            message = (
                f"{length} followed go-live"
                + (", and it is over" if over and weeks > 0 else "")
                + f", while the system is still in its first {s.proven_months:g} months.{told}"
            )
            action = (
                "Bring back reinforced support until the system has run cleanly for "
                f"{s.proven_months:g} months: champions and the project team on hand, a daily "
                "triage of problems, fixes released quickly."
            )
            return self.finding(
                message,
                likelihood=likelihood * 0.85 * cut.doubt,
                impact=cut.impact,
                pointers=["/cutover/hypercare_weeks"],
                nodes=cut.nodes,
                severity=severity,
                recommendations=[
                    recommend(action, "medium", set_("/cutover/hypercare_weeks", target))
                ],
            )
        planned = "is planned" if weeks <= 1 else "are planned"
        return self.finding(
            f"{length} {planned} after go-live.",
            likelihood=likelihood,
            impact=cut.impact,
            pointers=["/cutover/hypercare_weeks"],
            nodes=cut.nodes,
            severity=severity,
            recommendations=[
                recommend(
                    f"Plan {s.recommended_hypercare_weeks:g} weeks of hypercare after go-live: "
                    "champions and the project team on hand, a daily triage of problems, fixes "
                    "released quickly.",
                    "medium",
                    set_("/cutover/hypercare_weeks", s.recommended_hypercare_weeks),
                )
            ],
        )

    def _unknown(self, seats: int | None, cut: _Cutover) -> Iterator[Finding]:
        s = self.settings
        if seats is None or seats < s.unknown_from_seats:
            return
        open_facts: list[tuple[str, str, float]] = []
        if cut.off is None:
            open_facts.append(("old_system_off", "when the old system is switched off", SWITCH_OFF))
        if cut.hypercare is None:
            open_facts.append(("hypercare_weeks", "how long hypercare lasts", NO_HYPERCARE))
        if not open_facts:
            return
        what = " or ".join(text for _, text, _ in open_facts)
        changes = []
        if cut.off is None:
            changes.append(set_("/cutover/old_system_off", "after_proven"))
        if cut.hypercare is None:
            changes.append(set_("/cutover/hypercare_weeks", s.recommended_hypercare_weeks))
        yield self.finding(
            f"Nobody has stated {what} after go-live; at this size the first weeks decide "
            "whether users trust the new system.",
            likelihood=DOUBT * max(lik for _, _, lik in open_facts),
            impact=cut.impact,
            pointers=[f"/cutover/{open_facts[0][0]}"],
            nodes=cut.nodes,
            severity="medium",
            recommendations=[
                recommend(
                    "Decide before go-live when the old system is switched off (only once the "
                    "new one has proven itself) and how many weeks of hypercare follow.",
                    "medium",
                    *changes,
                )
            ],
        )


def _old_systems(ctx: Context) -> list[str]:
    """The old CRM(s) being replaced and the processes depending on them; else every process."""
    nodes: list[str] = []
    for key in sorted(ctx.profile.data_sources):
        if ctx.ask(pointer("data_sources", key, "kind")) == "legacy_crm":
            node = node_id("data_source", key)
            nodes += [node, *ctx.graph.downstream_of_kind(node, "process")]
    return nodes or ctx.graph.nodes_of("process")
