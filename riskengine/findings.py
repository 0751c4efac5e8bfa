"""What rules produce: findings with evidence, and recommendations expressed as profile changes."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Pillar = Literal["people", "process", "technology", "expectations"]
PILLARS: tuple[Pillar, ...] = ("people", "process", "technology", "expectations")

Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")
SEVERITY_WEIGHT: dict[str, float] = {"low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}

Effort = Literal["low", "medium", "high"]
EFFORT_COST: dict[str, int] = {"low": 1, "medium": 2, "high": 4}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Frozen):
    """One edit to a profile, addressed by a JSON pointer such as ``/sponsor/engagement``.

    ``set`` creates or replaces the value (creating missing parent mappings), ``add`` appends to a
    list unless the value is already there, ``remove`` deletes a key, or the list items equal to
    `value`.
    """

    op: Literal["set", "add", "remove"] = "set"
    path: str = Field(pattern=r"^(/[^/]+)+$")
    value: Any = None

    def key(self) -> str:
        """A canonical text for comparing and merging equal changes."""
        return json.dumps([self.op, self.path, self.value], sort_keys=True, default=str)


class Recommendation(_Frozen):
    """A concrete action, and the profile changes that describe the project after it is done."""

    action: str
    """What to do, in one imperative sentence."""
    effort: Effort = "medium"
    """Rough cost of doing it."""
    changes: tuple[Change, ...] = ()
    """The profile as it would read after the action."""

    def key(self) -> str:
        """Identity used to merge the same action proposed by several findings."""
        return "|".join(sorted(c.key() for c in self.changes)) or self.action


class Evidence(_Frozen):
    """Why a finding fired: where in the profile, and which graph nodes are involved."""

    pointers: tuple[str, ...] = ()
    """JSON pointers into the profile, most relevant first."""
    nodes: tuple[str, ...] = ()
    """Dependency-graph node ids the risk reaches (sorted)."""


class Acceptance(_Frozen):
    """An accepted-risk entry that matched a finding."""

    reason: str
    owner: str
    expires: str
    expired: bool = False


class Finding(_Frozen):
    """One risk found in a profile by one rule.

    ``risk`` (0-100) is ``100 * likelihood * impact * weight(severity)``; the engine fills it in,
    together with the severity after configuration overrides and the plugin that supplied the rule.
    """

    rule: str
    slug: str
    title: str
    pillar: Pillar
    severity: Severity
    likelihood: float = Field(ge=0.0, le=1.0)
    """How strongly the signals point at the risk (0-1)."""
    impact: float = Field(ge=0.0, le=1.0)
    """How much of the project the risk reaches through the dependency graph (0-1)."""
    message: str
    evidence: Evidence = Evidence()
    recommendations: tuple[Recommendation, ...] = ()
    risk: float = Field(default=0.0, ge=0.0, le=100.0)
    plugin: str = ""
    acceptance: Acceptance | None = None

    identity: str = ""
    """Stable identity across runs and reorderings: the rule id plus the main evidence pointer,
    with list positions replaced by the item's key (``CRM014/steering_committee/members/[it]``).
    The engine fills it in; a finding built by hand gets the rule id plus its first pointer."""

    @model_validator(mode="after")
    def _default_identity(self) -> Finding:
        if not self.identity:
            pointer = self.evidence.pointers[0] if self.evidence.pointers else ""
            object.__setattr__(self, "identity", self.rule + pointer)
        return self

    @property
    def accepted(self) -> bool:
        """Whether a current (unexpired) acceptance covers this finding."""
        return self.acceptance is not None and not self.acceptance.expired


def finding_risk(likelihood: float, impact: float, severity: str) -> float:
    """Risk of a finding on a 0-100 scale, rounded to 0.1."""
    return round(100.0 * likelihood * impact * SEVERITY_WEIGHT[severity], 1)
