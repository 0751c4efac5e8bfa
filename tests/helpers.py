"""Shared test helpers: example profiles, overlay fixtures, per-rule findings."""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from riskengine.engine import Engine
from riskengine.findings import Change, Finding
from riskengine.loading import load_profile
from riskengine.patching import pointer
from riskengine.profile import Profile
from riskengine.rulekit import remove, set_
from riskengine.scoring import combine

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
RULE_FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"

# The C loader parses the example profiles ~30x faster than the pure-Python one; fall back to the
# latter where PyYAML was built without libyaml (same results, only slower).
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _parsed(path: Path, mtime_ns: int, size: int) -> tuple[str | None, Any]:
    """Parse a YAML file once per session (keyed on its stat, so a rewritten file is re-read).

    Returns the data as JSON text when a JSON round trip reproduces it exactly (the fast way to
    hand out independent copies), else ``None`` and the parsed data for `copy.deepcopy`.
    """
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # a safe loader
    try:
        text = json.dumps(data)
    except (TypeError, ValueError):  # dates, non-string keys, ...: not JSON-safe
        return None, data
    return (text, None) if json.loads(text) == data else (None, data)


def load_yaml(path: Path) -> Any:
    """The parsed content of a YAML file: a fresh, independent copy every call, so callers may
    mutate it, although each file is parsed only once per session."""
    stat = path.stat()
    text, data = _parsed(path.resolve(), stat.st_mtime_ns, stat.st_size)
    return json.loads(text) if text is not None else copy.deepcopy(data)


def profile_data(name: str = "healthy-rollout") -> dict[str, Any]:
    """The raw mapping of an example profile in profiles/ (a fresh copy every call)."""
    data = load_yaml(PROFILES / f"{name}.yaml")
    assert isinstance(data, dict)
    return data


@functools.cache
def example_profile(name: str = "healthy-rollout") -> Profile:
    """The validated example profile profiles/NAME.yaml, shared by the whole session.

    Only for tests that READ the profile: `Profile` is frozen but still holds mutable lists and
    dicts, so a test that edits one must validate its own copy (`as_profile(profile_data(name))`).
    """
    return load_profile(PROFILES / f"{name}.yaml")


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


def set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    """Set one dotted path of `data` in place (missing mappings are created)."""
    node = data
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def with_path(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of `data` with one dotted path set (missing mappings are created)."""
    out = copy.deepcopy(data)
    set_path(out, dotted, value)
    return out


def load_fixture(path: Path) -> dict[str, Any]:
    """A fixture: a whole profile, or ``__base__: NAME`` plus an overlay on profiles/NAME."""
    data = load_yaml(path)
    assert isinstance(data, dict), f"{path} is not a mapping"
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


needs_acme_pack = pytest.mark.skipif(
    importlib.util.find_spec("acme_riskpack") is None,
    reason="the example pack is not installed (pip install examples/riskengine-acme-pack)",
)
"""For tests that load the example vendor pack; under CI the skip is a failure."""


def mixed_edits(data: dict[str, Any], other: dict[str, Any], rnd: random.Random) -> list[Change]:
    """Edits mixing two generated profiles: whole sections, single entities, single fields."""
    edits: list[Change] = []
    for section in sorted(set(data) | set(other)):
        if section in ("organization", "schema_version"):
            continue
        theirs, ours = other.get(section), data.get(section)
        if isinstance(theirs, dict) and isinstance(ours, dict):
            for key in sorted(set(theirs) | set(ours)):
                if key in theirs:
                    edits.append(set_(pointer(section, key), theirs[key]))
                else:
                    edits.append(remove(pointer(section, key)))
                value = theirs.get(key)
                if isinstance(value, dict) and key in ours and value:
                    field_name = rnd.choice(sorted(value))
                    edits.append(set_(pointer(section, key, field_name), value[field_name]))
        if theirs is not None:
            edits.append(set_(pointer(section), theirs))
    rnd.shuffle(edits)
    return edits[:12]
