"""A plugin whose rule never returns, or ends its process, on chosen profiles.

Loaded by module name (``-p tests.plugins.stalling``) or passed to an `Engine`; used to check
that a batch stops such a profile at its time limit and keeps every other result.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import riskengine
from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.rule import Rule

riskengine_plugin_name = "stalling"

STALL = "Stall"
"""Organization names starting with this make the rule loop forever."""
CRASH = "Crash"
"""Organization names starting with this make the rule end its process with status 7."""


class StallingRule(Rule[Any]):
    """Loops forever, swallowing every exception (so a signal-based limit cannot stop it)."""

    id = "STL001"
    slug = "stalls"
    title = "Stalls on some profiles"
    pillar = "technology"
    severity = "low"
    checks = "Nothing; it stalls or ends its process on chosen profiles."
    why = "A batch must survive a rule that never returns."
    fix = "Nothing to fix."
    risky_example = "organization: {name: X}"
    healthy_example = "organization: {name: Y}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        name = ctx.profile.organization.name
        if name.startswith(CRASH):
            os._exit(7)
        while name.startswith(STALL):
            # the point: even the time limit's exception is swallowed
            with contextlib.suppress(BaseException):
                time.sleep(0.05)
        return iter(())


@riskengine.hookimpl
def register_rules(register: Callable[[type[Rule[Any]]], None]) -> None:
    """Register the stalling rule."""
    register(StallingRule)
