"""ACME001 edition-overrun: customizations beyond what the licensed edition supports."""

from __future__ import annotations

from collections.abc import Iterator

from acme_riskpack.extension import EDITION_LIMITS, AcmeSection
from riskengine import Context, Finding, Rule, RuleSettings
from riskengine.rulekit import recommend, set_

UPGRADE = {"starter": "professional", "professional": "enterprise"}


class EditionOverrun(Rule[RuleSettings]):
    id = "ACME001"
    slug = "edition-overrun"
    title = "Customizations beyond the licensed AcmeCRM edition"
    pillar = "technology"
    severity = "medium"
    checks = "Custom objects configured in AcmeCRM against the limit of the licensed edition."
    why = (
        "Custom objects beyond an edition's limit are not carried through upgrades: each "
        "release then needs manual rework, and the processes built on them stall until it is done."
    )
    fix = (
        "License the edition that covers the customizations, or fold custom objects into "
        "standard ones."
    )
    effort = (
        "Licensing the next edition is **medium**: a purchase with its budget approval and a "
        "contract change with the vendor, but no rework of the configuration. Folding custom "
        "objects into standard ones is not proposed as an action: its size depends on what the "
        "objects hold and which processes use them."
    )
    risky_example = "extensions: {acme: {edition: starter, custom_objects: 12}}"
    healthy_example = "extensions: {acme: {edition: professional, custom_objects: 12}}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        section = ctx.extension("acme")
        if not isinstance(section, AcmeSection):
            return
        limit = EDITION_LIMITS[section.edition]
        if limit is None or section.custom_objects <= limit:
            return
        connectors = sorted(n for n in ctx.graph.nodes_of("acme_connector"))
        reached = sorted(
            {p for c in connectors for p in ctx.graph.downstream_of_kind(c, "process")}
        )
        share = len(reached) / max(len(ctx.profile.processes), 1)
        yield self.finding(
            f"{section.custom_objects} custom objects exceed the {section.edition} edition's "
            f"limit of {limit}.",
            likelihood=min(1.0, 0.4 + 0.1 * (section.custom_objects - limit)),
            impact=0.4 + 0.6 * share,
            pointers=["/extensions/acme/custom_objects", "/extensions/acme/edition"],
            nodes=[*connectors, *reached],
            recommendations=[
                recommend(
                    f"License the {UPGRADE[section.edition]} edition before the next upgrade.",
                    "medium",
                    set_("/extensions/acme/edition", UPGRADE[section.edition]),
                )
            ],
        )
