"""Convenience functions for embedding: assess a profile in one call, compare two assessments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from riskengine.assessment import Assessment
from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.loading import PathOrData
from riskengine.profile import Profile

if TYPE_CHECKING:
    from riskengine.comparison import Comparison


def assess(
    profile: Profile | PathOrData,
    *,
    engine: Engine | None = None,
    config: Config | None = None,
    today: dt.date | None = None,
    rank: bool = True,
) -> Assessment:
    """Assess a profile with the built-in rules and installed plugins.

    Args:
        profile: a `Profile`, a path to a YAML/JSON file, or a mapping.
        engine: an engine to reuse (build one once when assessing many profiles).
        config: configuration for a new engine; ignored when `engine` is given.
        today: date that accepted risks expire against (defaults to today).
        rank: measure and rank recommendations.

    Raises:
        ProfileError: the profile cannot be read or is invalid.
    """
    engine = engine or Engine(config=config)
    return engine.assess(profile, today=today, rank=rank)


def compare(old: Assessment, new: Assessment) -> Comparison:
    """Compare two assessments of versions of one profile (see `riskengine.comparison`)."""
    from riskengine.comparison import compare_assessments

    return compare_assessments(old, new)
