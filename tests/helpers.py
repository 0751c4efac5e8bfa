"""Shared test helpers: example profiles, overlay fixtures, per-rule findings."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from riskengine.engine import Engine
from riskengine.findings import Finding
from riskengine.loading import load_profile
from riskengine.profile import Profile
from riskengine.scoring import combine

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
RULE_FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"


def profile_data(name: str = "healthy-rollout") -> dict[str, Any]:
    """The raw mapping of an example profile in profiles/ (a fresh copy every call)."""
    data = yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def overlay(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `changes` into a copy of `base`: mappings merge, None deletes, others replace."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = overlay(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def with_path(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of `data` with one dotted path set (missing mappings are created)."""
    out = copy.deepcopy(data)
    node = out
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return out


def load_fixture(path: Path) -> dict[str, Any]:
    """A fixture: a whole profile, or ``__base__: NAME`` plus an overlay on profiles/NAME."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = data.pop("__base__", None)
    return overlay(profile_data(base), data) if base else data


def as_profile(data: dict[str, Any] | Profile) -> Profile:
    """Validate raw data into a profile (profiles pass through)."""
    return data if isinstance(data, Profile) else load_profile(data)


def rule_findings(engine: Engine, data: dict[str, Any] | Profile, rule_id: str) -> list[Finding]:
    """Counted findings of one rule on a profile."""
    assessment = engine.assess(as_profile(data), rank=False)
    return [f for f in assessment.findings if f.rule == rule_id and not f.accepted]


def rule_risk(engine: Engine, data: dict[str, Any] | Profile, rule_id: str) -> float:
    """Combined risk of one rule's findings (0-100), the quantity monotonicity tests compare."""
    return combine(f.risk for f in rule_findings(engine, data, rule_id))
