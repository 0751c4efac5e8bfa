"""Engine configuration: which rules run, severity overrides, rule settings, pillar weights."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from riskengine.findings import PILLARS, SEVERITIES, Pillar, Severity


class Config(BaseModel):
    """How an `Engine` runs, as read from ``[tool.riskengine]`` or ``riskengine.toml``.

    Selectors in `select` and `ignore` may be a rule id (``CRM004``), an id prefix (``CRM0``),
    a slug (``poor-training``), a pillar (``people``) or a severity (``high``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    select: tuple[str, ...] = ()
    """Rules to run; empty runs every rule."""
    ignore: tuple[str, ...] = ()
    """Rules to skip, applied after `select`."""
    severity: dict[str, Severity] = Field(default_factory=dict)
    """Severity overrides by rule id or slug."""
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Rule settings by rule id or slug (see `riskengine rules show ID`)."""
    pillar_weights: dict[Pillar, float] = Field(default_factory=dict)
    """Relative weight of each pillar in the overall score (default 1 each)."""
    fail_above: float | None = Field(default=None, ge=0, le=100)
    """Overall risk above which `riskengine score` exits with status 1."""


def matches(selector: str, *, rule_id: str, slug: str, pillar: str, severity: str) -> bool:
    """Whether a select/ignore selector names a rule."""
    if selector in PILLARS:
        return pillar == selector
    if selector in SEVERITIES:
        return severity == selector
    return rule_id.startswith(selector.upper()) or slug == selector


def is_selected(config: Config, *, rule_id: str, slug: str, pillar: str, severity: str) -> bool:
    """Whether a rule runs under `config`."""
    facts = {"rule_id": rule_id, "slug": slug, "pillar": pillar, "severity": severity}
    if config.select and not any(matches(s, **facts) for s in config.select):
        return False
    return not any(matches(s, **facts) for s in config.ignore)
