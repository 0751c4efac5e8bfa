"""The `Rule` base class: metadata that documents the rule, settings, and the evaluate method."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from pydantic import BaseModel, ConfigDict

from riskengine.context import Context
from riskengine.findings import (
    Evidence,
    Finding,
    Pillar,
    Recommendation,
    Severity,
    finding_risk,
)
from riskengine.modeldocs import DocumentedModelMeta

if TYPE_CHECKING:
    from typing_extensions import Self

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3,}$")
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_SECTIONS: tuple[str, ...] = ("checks", "why", "fix", "risky_example", "healthy_example")


class RuleSettings(BaseModel, metaclass=DocumentedModelMeta):
    """Base of a rule's settings: the thresholds users may tune, each documented with a default."""

    # most runs tune no rule: a validator is built only for settings a configuration gives
    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, defer_build=True
    )

    @classmethod
    def defaults(cls) -> Self:
        """The settings with every default, as ``cls()`` makes them.

        Made without building the model's validator unless the model has validators of its
        own to run, so an engine whose configuration tunes no rule starts without building one
        per rule.
        """
        if _validates_itself(cls):
            return cls()
        return cast("Self", cls.model_construct())


def _validates_itself(model: type[BaseModel]) -> bool:
    """Whether ``model()`` runs any check of the model's own (validators, checked defaults)."""
    decorators = model.__pydantic_decorators__
    if (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
        or model.model_config.get("validate_default")
    ):
        return True
    return any(info.validate_default for info in model.model_fields.values())


S = TypeVar("S", bound=RuleSettings)


class Rule(Generic[S]):
    """A check for one known pitfall of CRM programs.

    Subclasses set the class attributes below and implement `evaluate`. The engine creates one
    instance per rule with its (possibly user-tuned) settings; `evaluate` must only read the
    `Context` it is given and keep nothing on ``self`` between calls.

    Attributes:
        id: stable identifier such as ``CRM001``.
        slug: short kebab-case name such as ``weak-sponsorship``.
        title: one-line name of the risk.
        pillar: ``people``, ``process``, ``technology`` or ``expectations``.
        severity: default severity of the rule's findings.
        checks: what the rule looks at (Markdown).
        why: why the situation threatens the program (Markdown).
        fix: what to do about it (Markdown).
        effort: one short paragraph (Markdown) saying which actions the rule recommends at which
            effort (low, medium or high) and why: the work each involves, and what makes the
            effort depend on the case. Ranking divides an action's gain by its effort, so this is
            what a reader checks the ranking against. Every built-in rule has one; plugin rules
            may leave it empty, and their documentation then says it is not documented.
        risky_example: a YAML profile fragment that triggers the rule.
        healthy_example: a YAML profile fragment that does not.
        settings_model: the `RuleSettings` subclass holding the rule's thresholds.
        area: the part of the program the rule looks at (``testing``, ``cutover``, ...), used to
            group rules in listings; optional for plugin rules.

    A rule declares nothing about what it reads: the engine records which profile sections,
    extensions and whether the graph each evaluation read, and re-runs the rule when a change
    touches any of them.
    """

    id: ClassVar[str]
    slug: ClassVar[str]
    title: ClassVar[str]
    pillar: ClassVar[Pillar]
    severity: ClassVar[Severity]
    checks: ClassVar[str]
    why: ClassVar[str]
    fix: ClassVar[str]
    effort: ClassVar[str] = ""
    risky_example: ClassVar[str]
    healthy_example: ClassVar[str]
    settings_model: ClassVar[type[RuleSettings]] = RuleSettings
    area: ClassVar[str] = ""

    def __init__(self, settings: S | None = None) -> None:
        if settings is None:
            settings = cast(S, self.settings_model.defaults())
        self.settings: S = settings

    def evaluate(self, ctx: Context) -> Iterable[Finding]:
        """Yield the findings of this rule for the profile in `ctx`."""
        raise NotImplementedError(f"{type(self).__name__} must implement evaluate()")

    def finding(
        self,
        message: str,
        *,
        likelihood: float,
        impact: float,
        pointers: Sequence[str] = (),
        nodes: Iterable[str] = (),
        recommendations: Sequence[Recommendation] = (),
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with this rule's metadata; likelihood and impact are clamped to 0-1."""
        sev = severity or self.severity
        lik, imp = _unit(likelihood), _unit(impact)
        return Finding(
            rule=self.id,
            slug=self.slug,
            title=self.title,
            pillar=self.pillar,
            severity=sev,
            likelihood=lik,
            impact=imp,
            risk=finding_risk(lik, imp, sev),
            message=message,
            evidence=Evidence(pointers=tuple(pointers), nodes=tuple(sorted(set(nodes)))),
            recommendations=tuple(recommendations),
        )


def _unit(value: float) -> float:
    number = float(value)
    if math.isnan(number):
        # clamping NaN would quietly turn "I could not compute this" into "no risk"
        raise ValueError("likelihood and impact must be numbers, not NaN")
    return round(min(1.0, max(0.0, number)), 4)


def rule_problems(rule: type[Rule[RuleSettings]]) -> list[str]:
    """What is missing or malformed in a rule class's metadata (empty when the rule is complete)."""
    problems = []
    for attr in ("id", "slug", "title", "pillar", "severity", *DOC_SECTIONS):
        value = getattr(rule, attr, None)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"missing {attr}")
    if not isinstance(getattr(rule, "effort", ""), str):
        problems.append("effort is not text (leave it out, or write a paragraph)")
    if isinstance(getattr(rule, "id", None), str) and not RULE_ID.match(rule.id):
        problems.append(f"id {rule.id!r} is not like CRM001 (capitals then at least three digits)")
    if isinstance(getattr(rule, "slug", None), str) and not SLUG.match(rule.slug):
        problems.append(f"slug {rule.slug!r} is not kebab-case")
    if getattr(rule, "pillar", None) not in ("people", "process", "technology", "expectations"):
        problems.append(f"pillar {getattr(rule, 'pillar', None)!r} is not a known pillar")
    if getattr(rule, "severity", None) not in ("low", "medium", "high", "critical"):
        problems.append(f"severity {getattr(rule, 'severity', None)!r} is not a known severity")
    if rule.evaluate is Rule.evaluate:
        problems.append("evaluate() is not implemented")
    return problems
