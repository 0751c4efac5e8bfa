"""CRM034 over-customisation: the CRM is bent to today's processes instead of improving them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display_names,
    is_small,
    plural,
    pointer,
    ramp,
    recommend,
    set_,
    size_factor,
)

LEVEL = "/customisation/level"
FIT = "/customisation/fit_to_standard"


class OverCustomisationSettings(RuleSettings):
    """Thresholds of CRM034."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the processes are few and simple and the team adapts to the
    product as it goes; the rule stays quiet."""
    large_seats: int = Field(default=300, ge=1)
    """At this many seats and above, customisation and copied processes have their full
    impact."""
    unknown_from_seats: int = Field(default=50, ge=0)
    """From this many seats on, one half of the customisation picture stated bad and the other
    not stated (heavy customisation with no word on a fit-to-standard comparison, or no
    comparison with no word on how much is customised) is reported with reduced likelihood;
    below it the missing half is only an open question."""
    many_copied: int = Field(default=4, ge=1)
    """From this many copied business processes on, the likelihood that the CRM automates
    today's problems is at its highest."""


class OverCustomisation(Rule[OverCustomisationSettings]):
    id = "CRM034"
    slug = "over-customisation"
    title = "Customised to copy today's processes"
    area = "process fit"
    pillar = "process"
    severity = "high"
    settings_model = OverCustomisationSettings
    checks = (
        "Two things. First, heavy customisation (`customisation.level: heavy`) without a "
        "comparison of the processes with the product's standard ones "
        "(`customisation.fit_to_standard: false`). Second, business processes copied into the "
        "CRM as they are today rather than redesigned (`processes.*.redesigned: false`; "
        "maintenance processes are left out), reported together and weighted by their reach in "
        "the dependency graph: the share of the program's processes and objectives that are "
        "copied or depend on a copied process. Heavy customisation makes copied processes more "
        "likely to be reported, since the product is then being bent to fit them.\n\n"
        "Unknowns: a process whose redesign is not stated is not counted as copied. When only "
        "one half of the customisation picture is stated bad (heavy with no word on a "
        "comparison, or no comparison with no word on the level), the rule reports it with "
        "less than half the likelihood from `unknown_from_seats` seats on, and stays quiet "
        "below. Customisation that is light or none, or made after a fit-to-standard "
        "comparison, is not reported. An unknown size counts as neither small nor large.\n\n"
        "Stage: judged at every stage; before go-live the advice is to compare and redesign "
        "before building, once live to review the custom parts before the next upgrade and "
        "redesign copied processes in the next phase."
    )
    why = (
        "Every customisation must be rebuilt, retested and sometimes rewritten with each "
        "upgrade of the product, so heavy customisation that no one compared with the "
        "standard buys years of cost for benefits nobody checked. Copying today's processes "
        "into a new system automates their flaws: the detours, double entries and approvals "
        "that exist only because of old tools survive, now harder to change. The more of the "
        "program's processes and objectives depend on copied work, the less the CRM can "
        "improve; together these are a classic way to spend much and change little, so the "
        "rule weighs high."
    )
    fix = (
        "Before building, walk each process through the product's standard one with the "
        "people who do the work, adopt the standard where it serves, and customise only where "
        "the difference earns its upkeep. Redesign each process for the new system instead of "
        "rebuilding today's steps. Once live, review custom parts before each upgrade and "
        "retire those the standard now covers."
    )
    effort = (
        "Both actions are **high**: reviewing every custom part against the product's current "
        "standard, or walking each process through the standard one with the people who do the "
        "work, is weeks of workshops followed by rebuilding or retiring configuration and "
        "retesting what depends on it; redesigning processes copied from the old system is the "
        "same work, process by process."
    )
    risky_example = """\
organization: {name: Quarry Lane Builders Merchants, crm_seats: 220}
customisation: {level: heavy, fit_to_standard: false}
objectives:
  margin: {description: Protect trade margin}
processes:
  quoting: {kind: business, redesigned: false, supports: [margin]}
  credit_checks: {kind: business, redesigned: false, supports: [margin]}
"""
    healthy_example = """\
organization: {name: Quarry Lane Builders Merchants, crm_seats: 220}
customisation: {level: light, fit_to_standard: true}
objectives:
  margin: {description: Protect trade margin}
processes:
  quoting: {kind: business, redesigned: true, supports: [margin]}
  credit_checks: {kind: business, redesigned: true, supports: [margin]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        level: str | None = ctx.ask(LEVEL)
        fit: bool | None = ctx.ask(FIT)
        size = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        sized = seats is not None and seats >= s.unknown_from_seats
        yield from self._customisation(level, fit, size, sized, live)
        yield from self._copied(ctx, level, size, live)

    def _customisation(
        self, level: str | None, fit: bool | None, size: float, sized: bool, live: bool
    ) -> Iterator[Finding]:
        if level == "heavy" and fit is False:
            likelihood, message = (
                0.75,
                (
                    "The CRM is heavily customised and nobody compared the processes with the "
                    "product's standard ones first."
                ),
            )
        elif level == "heavy" and fit is None and sized:
            likelihood, message = (
                0.35,
                (
                    "The CRM is heavily customised, and nobody has stated whether the processes "
                    "were compared with the product's standard ones first."
                ),
            )
        elif level is None and fit is False and sized:
            likelihood, message = (
                0.3,
                (
                    "Nobody compared the processes with the product's standard ones, and nobody "
                    "has stated how much of the CRM is customised."
                ),
            )
        else:
            return
        full = likelihood >= 0.75
        yield self.finding(
            message,
            likelihood=likelihood,
            impact=size,
            pointers=[LEVEL, FIT],
            severity=None if full else "medium",
            recommendations=[
                recommend(
                    (
                        "Before the next upgrade, review every custom part against the "
                        "product's current standard with the people who use it, and retire "
                        "what the standard now covers."
                        if live
                        else "Before building further, walk each process through the "
                        "product's standard one with the people who do the work, and keep "
                        "only the customisations that earn their upkeep."
                    ),
                    "high",
                    set_(FIT, True),
                    set_(LEVEL, "light"),
                )
            ],
        )

    def _copied(
        self, ctx: Context, level: str | None, size: float, live: bool
    ) -> Iterator[Finding]:
        copied = []
        for key in sorted(ctx.profile.processes):
            kind: str | None = ctx.ask(pointer("processes", key, "kind"))
            redesigned: bool | None = ctx.ask(pointer("processes", key, "redesigned"))
            if redesigned is False and kind != "maintenance":
                copied.append(key)
        if not copied:
            return
        graph = ctx.graph
        nodes = [node_id("process", p) for p in copied]
        touched = set(nodes)
        for node in nodes:
            touched |= graph.downstream(node)
        total = graph.count("process") + graph.count("objective")
        hit = [n for n in sorted(touched) if graph.kind(n) in ("process", "objective")]
        reach = len(hit) / total if total else 0.0
        likelihood = 0.45 + 0.2 * ramp(len(copied), 1, self.settings.many_copied)
        if level == "heavy":
            likelihood += 0.15  # the product is being bent to fit the copies
        shown = display_names(ctx.profile, nodes)
        count = plural(len(copied), "business process is", "business processes are")
        bent = " into a heavily customised system" if level == "heavy" else ""
        yield self.finding(
            f"{count} copied from today's way of working{bent} rather than "
            f"redesigned ({shown}); they and what depends on them make up "
            f"{round(100 * reach)}% of the program's processes and objectives.",
            likelihood=likelihood,
            impact=size * (0.3 + 0.7 * reach),
            pointers=[pointer("processes", p, "redesigned") for p in copied],
            nodes=hit,
            recommendations=[
                recommend(
                    (
                        f"Redesign {shown} in the next phase with the people who do the work, "
                        "starting from the product's standard process."
                        if live
                        else f"Redesign {shown} with the people who do the work before they "
                        "are built, starting from the product's standard process."
                    ),
                    "high",
                    *(set_(pointer("processes", p, "redesigned"), True) for p in copied),
                )
            ],
        )
