"""What CRM028 asks about a program's testing: the strategy, the test cycles, the processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskengine.context import Context
from riskengine.rulekit import pointer

USER_KINDS = frozenset({"end_user", "champion", "sme", "process_advocate"})
"""Kinds of role whose people use the system in their daily work (or speak for those who do)."""


@dataclass
class StatedCycle:
    """What the rule asked about one test cycle."""

    key: str
    name: str
    kind: Any
    covers: list[str] | None
    involves: list[str] | None
    user_roles: bool | None
    """Whether the people testing include users: None when the roles' kinds are not known."""
    real_data: Any
    signed_off: Any
    status: Any


@dataclass
class TestingPlan:
    """Everything the rule asked about testing."""

    strategy: Any
    uat_by_users: Any
    performance_tested: Any
    sign_off: Any
    cycles: list[StatedCycle] | None
    business: list[str] = field(default_factory=list)
    """Keys of the processes not known to be maintenance processes."""
    performers: dict[str, list[str]] = field(default_factory=dict)
    """Roles that perform each business process (asked before go-live): the natural testers."""

    def testers(self, processes: list[str]) -> list[str]:
        """The roles that perform any of `processes`, sorted."""
        return sorted({r for p in processes for r in self.performers.get(p, [])})

    def of_kind(self, kind: str) -> list[StatedCycle]:
        """The stated cycles of `kind`, in key order."""
        return [c for c in self.cycles or [] if c.kind == kind]


def read_testing_plan(ctx: Context, live: bool) -> TestingPlan:
    """Ask what the rule judges about testing; once live, only what release testing needs."""
    plan = TestingPlan(
        strategy=ctx.ask("/testing/strategy"),
        # the go-live tests are history once live: asked only before
        uat_by_users=None if live else ctx.ask("/testing/uat_by_users"),
        performance_tested=None if live else ctx.ask("/testing/performance_tested"),
        sign_off=None if live else ctx.ask("/testing/sign_off"),
        cycles=_read_cycles(ctx, live),
    )
    for key in sorted(ctx.profile.processes):
        if ctx.ask(pointer("processes", key, "kind")) != "maintenance":
            plan.business.append(key)
            if not live:
                plan.performers[key] = ctx.ask(pointer("processes", key, "performed_by")) or []
    return plan


def _read_cycles(ctx: Context, live: bool) -> list[StatedCycle] | None:
    """The stated test cycles and what the rule asked about each; None when not stated."""
    stated = ctx.ask("/test_cycles")
    out: list[StatedCycle] = []
    for key in sorted(ctx.profile.test_cycles):
        at = ("test_cycles", key)
        kind = ctx.ask(pointer(*at, "kind"))
        covers = ctx.ask(pointer(*at, "covers"))
        involves = None if live else ctx.ask(pointer(*at, "involves"))
        user_roles: bool | None = None
        if involves is not None and kind in (None, "uat"):
            kinds = [ctx.ask(pointer("roles", r, "kind")) for r in involves]
            if any(k in USER_KINDS for k in kinds):
                user_roles = True
            elif kinds and all(k is not None for k in kinds):
                user_roles = False
        out.append(
            StatedCycle(
                key=key,
                name=ctx.profile.test_cycles[key].name or key,  # only words the message
                kind=kind,
                covers=covers,
                involves=involves,
                user_roles=user_roles,
                real_data=None if live else ctx.ask(pointer(*at, "real_data")),
                signed_off=None if live else ctx.ask(pointer(*at, "signed_off")),
                status=None if live else ctx.ask(pointer(*at, "status")),
            )
        )
    return out if stated is not None else None
