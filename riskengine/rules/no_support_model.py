"""CRM037 no-support-model: support without service levels, escalation or an owner."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    is_small,
    owner_candidate,
    recommend,
    set_,
    size_factor,
)

OWNER = "/support/owner"
SERVICE_LEVELS = "/support/service_levels"

OWNER_KINDS = ("program_manager", "system_admin")
"""Kinds of role, in order of preference, that can own the system once it is live."""


class NoSupportModelSettings(RuleSettings):
    """Thresholds of CRM037."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the owner of the business owns the system and the vendor's help
    desk is the support model; the rule stays quiet."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, a missing support model has its full impact."""


class NoSupportModel(Rule[NoSupportModelSettings]):
    id = "CRM037"
    slug = "no-support-model"
    title = "Support without an owner, service levels or escalation"
    area = "support"
    pillar = "process"
    severity = "high"
    settings_model = NoSupportModelSettings
    checks = (
        "The support model of the system (`support`): whether support has agreed service "
        "levels and an escalation path (`support.service_levels`), and who owns the system "
        "once it is live (`support.owner`: the role that sets its priorities and answers for "
        "it to the business). Whether there is a help desk or an administrator at all is "
        "CRM016's subject and is not repeated here: this rule judges what users can expect "
        "from support and who is accountable for it.\n\n"
        "Stage: once live, support without service levels is high. Before go-live (or when "
        "the stage is not stated) only the plan is judged: service levels stated as not "
        "planned are a lighter, medium finding.\n\n"
        "Unknowns: unstated service levels are an open question and no finding; once they "
        "are stated as agreed, the owner is not asked about. The profile can name the owner "
        "but cannot state that there is none, so an unnamed owner is never reported on its "
        "own (CRM016 already reports a live system nobody is known to administer); when "
        "service levels are missing too, the finding says that no owner is named either, is "
        "a little more likely, and recommends naming one. An unknown size counts as not small."
    )
    why = (
        "A live CRM gets requests, defects and questions every day. Without service levels "
        "and an escalation path, users cannot tell whether help will come in an hour or a "
        "month, problems that first-line support cannot solve wait with nobody to take them "
        "further, and users stop asking and work around the system instead. Without an "
        "owner, nobody decides which problems matter, and the system drifts into belonging "
        "to IT rather than to the business it serves. High once live; before go-live it is "
        "a plan still to be made, so medium."
    )
    fix = (
        "Agree with the business what support promises: response and resolution times by "
        "severity, and where a problem goes when first-line support cannot solve it. Name "
        "the role that owns the live system: its priorities, its service levels and the "
        "decisions on what changes. Plan both before go-live; a live system missing them "
        "needs them now."
    )
    effort = (
        "All its actions are **low**: naming the role that owns the system (a role the profile "
        "already has, where there is a candidate) and agreeing service levels and an escalation "
        "path with the business are decisions written on a page, not a new team."
    )
    risky_example = """\
organization: {name: Millbrook Housing, crm_seats: 300}
lifecycle: {stage: live}
roles:
  crm_lead: {kind: program_manager, sourcing: in_house}
support: {owner: crm_lead, service_levels: false}
"""
    healthy_example = """\
organization: {name: Millbrook Housing, crm_seats: 300}
lifecycle: {stage: live}
roles:
  crm_lead: {kind: program_manager, sourcing: in_house}
support: {owner: crm_lead, service_levels: true}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        live = ctx.stage == "live"
        levels: bool | None = ctx.ask(SERVICE_LEVELS)
        if levels is True:
            return  # agreed service levels: who owns them changes nothing here
        owner: str | None = ctx.ask(OWNER)
        # asked whenever no owner is named, at every stage, so stating the stage adds nothing
        candidate = _owner_candidate(ctx) if owner is None else None
        if levels is None:
            return  # an open question
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.5 if live else 0.3)
        yield self._no_levels(ctx, impact, live, owner, candidate)

    def _no_levels(
        self, ctx: Context, impact: float, live: bool, owner: str | None, candidate: str | None
    ) -> Finding:
        unowned = owner is None
        if live:
            message = (
                "Support for the live system has no agreed service levels or escalation "
                "path: users cannot tell when help will come, and stuck problems have "
                "nowhere to go"
            )
            action = (
                "Agree service levels with the business now (response and resolution times "
                "by severity) and an escalation path beyond first-line support."
            )
            likelihood = 0.8 if unowned else 0.75
        else:
            message = (
                "No service levels or escalation path are planned for supporting the "
                "system after go-live"
            )
            action = (
                "Agree before go-live what support will promise (response and resolution "
                "times by severity) and where problems go when first-line support is stuck."
            )
            likelihood = 0.5 if unowned else 0.45
        if unowned:
            message += "; nobody is named as the system's owner either"
        recommendations = [recommend(action, "low", set_(SERVICE_LEVELS, True))]
        nodes = []
        if unowned:
            recommendations.append(_name_owner(ctx, candidate, live))
            if candidate is not None:
                nodes.append(node_id("role", candidate))
        return self.finding(
            message + ".",
            likelihood=likelihood,
            impact=impact,
            pointers=[SERVICE_LEVELS, OWNER],
            nodes=nodes,
            severity=None if live else "medium",
            recommendations=recommendations,
        )


def _name_owner(ctx: Context, candidate: str | None, live: bool) -> Recommendation:
    """Name the system's owner: a suitable role when there is one, else the action alone."""
    system = "the live system" if live else "the system after go-live"
    if candidate is None:
        return recommend(
            f"Name the role that owns {system}: its priorities, its service levels and the "
            "decisions on what changes.",
            "low",
        )
    role = display(ctx.profile, node_id("role", candidate))
    return recommend(
        f"Make {role} the owner of {system}: its priorities, its service levels and the "
        "decisions on what changes.",
        "low",
        set_(OWNER, candidate),
    )


def _owner_candidate(ctx: Context) -> str | None:
    """A role that could answer for it (see `rulekit.owner_candidate`)."""
    return owner_candidate(ctx, OWNER_KINDS)
