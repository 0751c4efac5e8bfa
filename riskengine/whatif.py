"""What-if analysis: assess a profile before and after a set of changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from riskengine.assessment import Assessment
from riskengine.findings import Change
from riskengine.profile import Profile

if TYPE_CHECKING:
    from riskengine.engine import Engine


class WhatIf(BaseModel):
    """Before and after assessments of one set of changes."""

    model_config = ConfigDict(frozen=True)

    changes: tuple[Change, ...]
    before: Assessment
    after: Assessment


def run_whatif(
    engine: Engine, profile: Profile, changes: Sequence[Change], *, today: dt.date | None = None
) -> WhatIf:
    """Apply `changes` to `profile` and assess both versions."""
    from riskengine.patching import apply_changes

    changed = apply_changes(profile, changes)
    return WhatIf(
        changes=tuple(changes),
        before=engine.assess(profile, today=today),
        after=engine.assess(changed, today=today),
    )
