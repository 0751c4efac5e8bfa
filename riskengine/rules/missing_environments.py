"""CRM017 missing-environments: changes go straight to production, or nowhere to test them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, pointer, ramp, recommend, set_, size_factor

ORDER = ("development", "test", "training", "production")

DOUBT = 0.5
"""Likelihood factor for what only a larger rollout needs when the size is not stated."""


class MissingEnvironmentsSettings(RuleSettings):
    """Thresholds of CRM017."""

    test_from_seats: int = Field(default=25, ge=0)
    """From this many seats on, changes need a test environment before production."""
    development_from_seats: int = Field(default=50, ge=0)
    """From this many seats on, configuration work needs its own development environment."""
    training_from_seats: int = Field(default=150, ge=0)
    """From this many seats on, training needs an environment of its own."""
    promotion_from_seats: int = Field(default=50, ge=0)
    """From this many seats on, changes must move between environments by a defined process."""
    refresh_from_seats: int = Field(default=150, ge=0)
    """From this many seats on, test and training data must be refreshed from production."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, missing environments have their full impact."""


class MissingEnvironments(Rule[MissingEnvironmentsSettings]):
    id = "CRM017"
    slug = "missing-environments"
    title = "Missing environments or no promotion and refresh process"
    pillar = "technology"
    severity = "medium"
    area = "environments"
    settings_model = MissingEnvironmentsSettings
    checks = (
        "Which of the development, test, training and production environments exist, against "
        "what the size of the rollout calls for, and whether changes are promoted between them "
        "and test and training data refreshed from production by a defined process.\n\n"
        "Unknowns: when the environments are not stated there is no finding (an open question); "
        "an unstated promotion or refresh process is an open question too. A rollout of unstated "
        "size is not treated as small: it needs test and production, and what only larger "
        "rollouts need (development, training, promotion and refresh processes) counts at half "
        "the likelihood, with a message saying the size is not known. Once live, the advice is "
        "to route changes to the live system through the environments."
    )
    why = (
        "Without a place to build and test, every change is tried out on live customer data "
        "and a mistake reaches hundreds of users at once. Without a training environment, "
        "people practise on real records or not at all. Environments that drift apart make "
        "tests prove nothing about production."
    )
    fix = (
        "Provide development, test and (for larger rollouts) training environments, move "
        "changes through them by a defined promotion process, and refresh test and training "
        "data from production on a schedule."
    )
    effort = (
        "Setting up missing environments is **medium**: sandboxes or licences to obtain, "
        "configuration to copy and access to arrange before work can move through them. Writing "
        "down how changes are promoted from development through test to production, and who "
        "approves each step, or scheduling refreshes of test and training data from production, is "
        "**low**: a procedure and a calendar entry once the environments exist."
    )
    risky_example = """\
organization: {name: Hollis Medical Devices, crm_seats: 350}
environments: {available: [production], promotion_process: false, refresh_process: false}
"""
    healthy_example = """\
organization: {name: Hollis Medical Devices, crm_seats: 350}
environments:
  available: [development, test, training, production]
  promotion_process: true
  refresh_process: true
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        stage = ctx.stage
        # everything is asked before the small-firm exemption, so answering the size never
        # changes what else the rule wants to know
        in_crm = sum(
            1 for k in sorted(ctx.profile.processes) if ctx.ask(pointer("processes", k, "in_crm"))
        )
        available: list[str] | None = ctx.ask("/environments/available")
        promotion = ctx.ask("/environments/promotion_process")
        refresh = ctx.ask("/environments/refresh_process")
        if is_small(seats, s.test_from_seats) or available is None:
            return  # small enough for production alone, or an open question: no finding
        impact = size_factor(seats, s.test_from_seats, s.large_seats, 0.4) * (
            0.5 + 0.5 * ramp(in_crm, 1, 10)
        )
        needed, maybe = self._needed(seats)
        missing = [e for e in ORDER if e in needed and e not in available]
        unsure = [e for e in ORDER if e in maybe and e not in available]
        if missing:
            yield self._missing(available, missing, unsure, impact, stage)
        elif unsure:
            yield self._missing_if_large(available, unsure, impact, stage)
        if len(available) > 1 or missing or unsure:
            yield from self._processes(seats, promotion, refresh, impact)

    def _needed(self, seats: int | None) -> tuple[set[str], set[str]]:
        """Environments the size calls for, and those it may call for when the size is unknown."""
        s = self.settings
        need = {"production", "test"}
        maybe: set[str] = set()
        for env, threshold in (
            ("development", s.development_from_seats),
            ("training", s.training_from_seats),
        ):
            if seats is None:
                maybe.add(env)
            elif seats >= threshold:
                need.add(env)
        return need, maybe

    def _missing(
        self,
        available: list[str],
        missing: list[str],
        unsure: list[str],
        impact: float,
        stage: str | None,
    ) -> Finding:
        message = f"The rollout has no {names(missing)} environment."
        if unsure:
            message += (
                f" It has no {names(unsure)} environment either, which it needs if it is "
                "large; nobody has stated how many people will use the CRM."
            )
        return self.finding(
            message,
            likelihood=0.35 + 0.15 * len(missing) + 0.15 * DOUBT * len(unsure),
            impact=impact,
            pointers=["/environments/available"],
            recommendations=[_set_up(available, missing + unsure, stage)],
        )

    def _missing_if_large(
        self, available: list[str], unsure: list[str], impact: float, stage: str | None
    ) -> Finding:
        s = self.settings
        threshold = {"development": s.development_from_seats, "training": s.training_from_seats}
        smallest = min(threshold[e] for e in unsure)
        return self.finding(
            f"The rollout has no {names(unsure)} environment, and nobody has stated how many "
            f"people will use the CRM: from {smallest} seats on it needs one.",
            likelihood=DOUBT * (0.35 + 0.15 * len(unsure)),
            impact=impact,
            pointers=["/environments/available"],
            severity="low",
            recommendations=[_set_up(available, unsure, stage)],
        )

    def _processes(
        self, seats: int | None, promotion: bool | None, refresh: bool | None, impact: float
    ) -> Iterator[Finding]:
        s = self.settings
        if promotion is False and (seats is None or seats >= s.promotion_from_seats):
            doubt = DOUBT if seats is None else 1.0
            yield self.finding(
                "Changes reach production without a defined promotion process."
                + _size_unknown(seats, s.promotion_from_seats),
                likelihood=0.5 * doubt,
                impact=impact,
                pointers=["/environments/promotion_process"],
                recommendations=[
                    recommend(
                        "Define how changes move from development through test to "
                        "production, and who approves each step.",
                        "low",
                        set_("/environments/promotion_process", True),
                    )
                ],
            )
        if refresh is False and (seats is None or seats >= s.refresh_from_seats):
            doubt = DOUBT if seats is None else 1.0
            yield self.finding(
                "Test and training data are not refreshed from production."
                + _size_unknown(seats, s.refresh_from_seats),
                likelihood=0.35 * doubt,
                impact=impact * 0.8,
                pointers=["/environments/refresh_process"],
                severity="low",
                recommendations=[
                    recommend(
                        "Refresh test and training data from production on a schedule.",
                        "low",
                        set_("/environments/refresh_process", True),
                    )
                ],
            )


def _size_unknown(seats: int | None, threshold: int) -> str:
    """A sentence saying the size that would make this matter is not stated, when it is not."""
    if seats is not None:
        return ""
    return (
        f" Nobody has stated how many people will use the CRM; from {threshold} seats on "
        "this matters."
    )


def _set_up(available: list[str], adding: list[str], stage: str | None) -> Recommendation:
    plural_s = "s" if len(adding) > 1 else ""
    action = f"Set up {names(adding)} environment{plural_s}"
    if stage == "live":
        action += " and route every change to the live system through them."
    else:
        action += " before configuration work goes further."
    return recommend(
        action,
        "medium",
        set_("/environments/available", [e for e in ORDER if e in available or e in adding]),
    )
