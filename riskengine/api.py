"""Convenience functions for embedding: assess a profile in one call, compare two assessments."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from riskengine.assessment import Assessment
from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.loading import PathOrData
from riskengine.plugins.manager import autoload_disabled, load_from_env
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

    Without `engine`, the engine `default_engine` gives is reused, so calling this in a loop
    builds the rules and plugins once per process, not once per call.

    Args:
        profile: a `Profile`, a path to a YAML/JSON file, or a mapping.
        engine: an engine to use instead of the default one.
        config: configuration of the default engine to use; ignored when `engine` is given.
        today: date that accepted risks expire against (defaults to today).
        rank: measure and rank recommendations.

    Raises:
        ProfileError: the profile cannot be read or is invalid.
    """
    engine = engine or default_engine(config)
    return engine.assess(profile, today=today, rank=rank)


def default_engine(config: Config | None = None) -> Engine:
    """The engine `assess` uses: built on first use, then shared within this process.

    One engine is kept for each configuration and for each setting of the plugin environment
    variables (``RISKENGINE_DISABLE_PLUGIN_AUTOLOAD``, ``RISKENGINE_LOAD_PLUGINS``), so changing
    them gives a new engine rather than a stale one. Engines are read-only once built, so sharing
    one between threads is safe. A plugin package installed after the first call is seen only
    by a new process (or by an `Engine` built directly).
    """
    key = config.model_dump_json() if config is not None else None
    return _engine_for(key, autoload_disabled(), load_from_env())


@functools.lru_cache(maxsize=8)
def _engine_for(config_json: str | None, autoload_off: bool, load: tuple[str, ...]) -> Engine:
    """Build the engine for one key of `default_engine` (the arguments are the cache key)."""
    config = Config.model_validate_json(config_json) if config_json is not None else None
    return Engine(config=config)


def compare(old: Assessment, new: Assessment) -> Comparison:
    """Compare two assessments of versions of one profile (see `riskengine.comparison`)."""
    from riskengine.comparison import compare_assessments

    return compare_assessments(old, new)
