"""riskengine: find the known pitfalls threatening a CRM rollout, and what to fix first.

The public API is importable from here; modules load on first use so that the command line
stays quick to start::

    import riskengine
    assessment = riskengine.assess("profiles/healthy-rollout.yaml")
    print(assessment.score.overall, assessment.recommendations[0].action)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "assess": "riskengine.api",
    "compare": "riskengine.api",
    "default_engine": "riskengine.api",
    "load_profile": "riskengine.loading",
    "load_profile_text": "riskengine.loading",
    "Engine": "riskengine.engine",
    "Config": "riskengine.config",
    "hookimpl": "riskengine.hookspecs",
    "Rule": "riskengine.rule",
    "RuleSettings": "riskengine.rule",
    "Context": "riskengine.context",
    "Finding": "riskengine.findings",
    "Evidence": "riskengine.findings",
    "Recommendation": "riskengine.findings",
    "Change": "riskengine.findings",
    "Assessment": "riskengine.assessment",
    "Profile": "riskengine.profile",
    "ProjectGraph": "riskengine.graph",
    "GraphBuilder": "riskengine.graph",
    "FormatOptions": "riskengine.output.options",
    "RiskEngineError": "riskengine.errors",
    "InputError": "riskengine.errors",
    "ProfileError": "riskengine.errors",
    "ConfigError": "riskengine.errors",
    "PluginError": "riskengine.errors",
}

__all__ = [
    "Assessment",
    "Change",
    "Config",
    "ConfigError",
    "Context",
    "Engine",
    "Evidence",
    "Finding",
    "FormatOptions",
    "GraphBuilder",
    "InputError",
    "PluginError",
    "Profile",
    "ProfileError",
    "ProjectGraph",
    "Recommendation",
    "RiskEngineError",
    "Rule",
    "RuleSettings",
    "__version__",
    "assess",
    "compare",
    "default_engine",
    "hookimpl",
    "load_profile",
    "load_profile_text",
]

if TYPE_CHECKING:
    from riskengine.api import assess, compare, default_engine
    from riskengine.assessment import Assessment
    from riskengine.config import Config
    from riskengine.context import Context
    from riskengine.engine import Engine
    from riskengine.errors import (
        ConfigError,
        InputError,
        PluginError,
        ProfileError,
        RiskEngineError,
    )
    from riskengine.findings import Change, Evidence, Finding, Recommendation
    from riskengine.graph import GraphBuilder, ProjectGraph
    from riskengine.hookspecs import hookimpl
    from riskengine.loading import load_profile, load_profile_text
    from riskengine.output.options import FormatOptions
    from riskengine.profile import Profile
    from riskengine.rule import Rule, RuleSettings


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'riskengine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
