"""CRM017 missing-environments: changes go straight to production, or nowhere to test them."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import names, ramp, recommend, set_, size_factor

ORDER = ("development", "test", "training", "production")


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
    settings_model = MissingEnvironmentsSettings
    checks = (
        "Which of the development, test, training and production environments exist, against "
        "what the size of the rollout calls for, and whether changes are promoted between them "
        "and test and training data refreshed from production by a defined process."
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
        if ctx.seats < s.test_from_seats:
            return
        in_crm = sum(1 for p in ctx.profile.processes.values() if p.in_crm)
        impact = size_factor(ctx.seats, s.test_from_seats, s.large_seats, 0.4) * (
            0.5 + 0.5 * ramp(in_crm, 1, 10)
        )
        env = ctx.profile.environments
        needed = self._needed(ctx.seats)
        missing = [e for e in ORDER if e in needed and e not in env.available]
        if missing:
            yield self.finding(
                f"The rollout has no {names(missing)} environment.",
                likelihood=0.35 + 0.15 * len(missing),
                impact=impact,
                pointers=["/environments/available"],
                recommendations=[
                    recommend(
                        f"Set up {names(missing)} environment{'s' if len(missing) > 1 else ''}.",
                        "medium",
                        set_(
                            "/environments/available",
                            [e for e in ORDER if e in env.available or e in missing],
                        ),
                    )
                ],
            )
        if len(env.available) > 1 or missing:
            yield from self._processes(ctx, impact)

    def _needed(self, seats: int) -> set[str]:
        s = self.settings
        need = {"production", "test"}
        if seats >= s.development_from_seats:
            need.add("development")
        if seats >= s.training_from_seats:
            need.add("training")
        return need

    def _processes(self, ctx: Context, impact: float) -> Iterator[Finding]:
        s = self.settings
        env = ctx.profile.environments
        if not env.promotion_process and ctx.seats >= s.promotion_from_seats:
            yield self.finding(
                "Changes reach production without a defined promotion process.",
                likelihood=0.5,
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
        if not env.refresh_process and ctx.seats >= s.refresh_from_seats:
            yield self.finding(
                "Test and training data are not refreshed from production.",
                likelihood=0.35,
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
