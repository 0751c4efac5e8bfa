"""What-if analysis: assess a profile before and after a set of changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from riskengine.assessment import Assessment
from riskengine.comparison import Comparison
from riskengine.findings import Change
from riskengine.profile import Profile

if TYPE_CHECKING:
    from riskengine.engine import Engine


class WhatIf(BaseModel):
    """Before and after assessments of one set of changes, and what changed between them."""

    model_config = ConfigDict(frozen=True)

    changes: tuple[Change, ...]
    before: Assessment
    after: Assessment
    comparison: Comparison


def run_whatif(
    engine: Engine,
    profile: Profile,
    changes: Sequence[Change],
    *,
    today: dt.date | None = None,
    label: str | None = None,
) -> WhatIf:
    """Apply `changes` to `profile` and assess both versions (labelled "before" and "after")."""
    from riskengine.comparison import compare_assessments
    from riskengine.patching import apply_changes

    changed = apply_changes(profile, changes)
    name = label or profile.organization.name
    before = engine.assess(profile, today=today, label=f"{name} (before)")
    after = engine.assess(changed, today=today, label=f"{name} (after)")
    return WhatIf(
        changes=tuple(changes),
        before=before,
        after=after,
        comparison=compare_assessments(before, after),
    )
