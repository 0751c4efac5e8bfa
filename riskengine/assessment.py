"""The result of assessing a profile: scores, findings and ranked recommendations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from riskengine.findings import Change, Effort, Finding, Pillar, Severity
from riskengine.graph.snapshot import GraphSnapshot
from riskengine.scoring import Status

SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PillarScore(_Frozen):
    """Risk of one pillar."""

    risk: float = Field(ge=0, le=100)
    status: Status
    findings: int = Field(ge=0)


class Score(_Frozen):
    """Overall and per-pillar risk, 0 (safe) to 100 (near-certain trouble)."""

    overall: float = Field(ge=0, le=100)
    status: Status
    pillars: dict[Pillar, PillarScore]
    total: float = Field(default=0.0, ge=0)
    """Sum of the counted findings' risks (grows without bound, unlike `overall`)."""
    assessed: float = Field(default=1.0, ge=0, le=1)
    """Share (0-1) of the facts the rules asked for that the profile answered."""


class RankedRecommendation(_Frozen):
    """An action, the findings it addresses, and the risk it was measured to remove."""

    rank: int = Field(ge=1)
    action: str
    effort: Effort
    addresses: tuple[str, ...]
    """Identities of the findings the action addresses."""
    rules: tuple[str, ...]
    """Rule ids of those findings."""
    changes: tuple[Change, ...]
    """The profile after the action, as changes."""
    gain: float
    """Drop in overall risk measured by applying the changes and assessing again."""
    risk_removed: float = 0.0
    """Drop in total risk (the sum of all finding risks), which still separates actions when
    the overall score is saturated near 100."""
    removes: dict[str, float] = Field(default_factory=dict)
    """Risk removed from each rule's findings, largest first: why the action ranks where it does."""
    estimated: bool = False
    """The work cannot be written as a profile change; the gain is the proposing findings' share."""
    pillar_gain: dict[Pillar, float] = Field(default_factory=dict)
    """Drop in each pillar's risk."""
    leverage: int = 0
    """Roles, processes and objectives downstream of what the action changes."""


class Question(_Frozen):
    """A fact the rules asked for that the profile leaves unknown."""

    pointer: str
    """Where the answer goes (the highest unknown step of the facts asked)."""
    rules: tuple[str, ...]
    """Rules that asked."""
    question: str
    """What the fact means, as the profile model documents it."""
    reveals: float | None = None
    """Rise in overall risk if the answer were the riskiest one (measured; None: not measured)."""
    risk_revealed: float | None = None
    """Rise in total risk for that answer."""


class RuleFailure(_Frozen):
    """A rule that raised or returned malformed output; the assessment went on without it."""

    rule: str
    plugin: str
    error: str


class RuleInfo(_Frozen):
    """What reports say about a rule that ran: its metadata and documentation."""

    id: str
    slug: str = ""
    title: str = ""
    pillar: Pillar | None = None
    severity: Severity | None = None
    """Default severity of the rule's findings, after configuration overrides."""
    area: str = ""
    checks: str = ""
    why: str = ""
    fix: str = ""
    effort: str = ""
    """Why the rule's actions cost what they cost (empty when its author has not said)."""
    plugin: str = ""

    @property
    def label(self) -> str:
        """``CRM001 weak-sponsorship``, or the bare id when the slug is unknown."""
        return f"{self.id} {self.slug}" if self.slug else self.id


class Assessment(_Frozen):
    """Everything riskengine concluded about one profile.

    ``score.overall`` can be recomputed from ``findings`` (see `riskengine.scoring`); accepted
    findings stay in the list, marked, but do not count.
    """

    schema_version: str = SCHEMA_VERSION
    profile: str
    """Label of the profile: its file name, or the organization's name."""
    organization: str
    score: Score
    findings: tuple[Finding, ...]
    recommendations: tuple[RankedRecommendation, ...] = ()
    passed: tuple[str, ...] = ()
    """Ids of rules that ran and found nothing."""
    errors: tuple[RuleFailure, ...] = ()
    """Rules (or recommendations) that failed; the scores leave out what they would have found."""
    incomplete: bool = False
    """Whether anything failed (`errors` is not empty): then no score can be read as green."""
    config: str | None = None
    """The configuration file the engine ran with, when one was read."""
    questions: tuple[Question, ...] = ()
    """Open questions, the most revealing first."""
    positions: dict[str, tuple[int, int]] = Field(default_factory=dict)
    """Line and column (1-based) in the profile's file of every evidence pointer, when the
    profile was read from a file or text."""
    rules: tuple[RuleInfo, ...] = ()
    """Every rule that ran, by id, with its documentation (plugin rules included)."""
    graph: GraphSnapshot | None = None
    """The dependency graph as the engine built it, plugin enrichment included."""

    @model_validator(mode="before")
    @classmethod
    def _failures_make_incomplete(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("errors") and not data.get("incomplete"):
            return {**data, "incomplete": True}
        return data

    @property
    def status(self) -> str:
        """``incomplete`` when anything failed, else the overall status (green, amber, red)."""
        return "incomplete" if self.incomplete else self.score.status

    def position(self, pointer: str) -> tuple[int, int] | None:
        """Line and column of an evidence pointer in the profile's file, if known."""
        return self.positions.get(pointer)

    def rule(self, rule_id: str) -> RuleInfo | None:
        """The metadata of a rule that ran."""
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def counted_findings(self) -> tuple[Finding, ...]:
        """Findings that count toward the score (not covered by a current acceptance)."""
        return tuple(f for f in self.findings if not f.accepted)
