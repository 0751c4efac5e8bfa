"""Rule descriptions for reports: from the findings, completed by the built-in rules' docs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from riskengine.assessment import Assessment


@dataclass(frozen=True)
class RuleInfo:
    """What a report can say about a rule."""

    id: str
    slug: str = ""
    title: str = ""
    pillar: str = ""
    severity: str = ""
    checks: str = ""
    why: str = ""
    fix: str = ""

    @property
    def label(self) -> str:
        """``CRM001 weak-sponsorship``, or the bare id when the slug is unknown."""
        return f"{self.id} {self.slug}" if self.slug else self.id


def rule_infos(assessments: Sequence[Assessment]) -> dict[str, RuleInfo]:
    """Every rule the assessments mention, by id, sorted by id.

    A finding gives id, slug, title and pillar; documentation comes from the built-in rule of the
    same id and slug when there is one (a plugin rule's documentation is not in an assessment).
    """
    seen: dict[str, RuleInfo] = {}
    for a in assessments:
        for f in a.findings:
            seen.setdefault(f.rule, RuleInfo(f.rule, f.slug, f.title, f.pillar, f.severity))
        for rid in (*a.passed, *(e.rule for e in a.errors)):
            seen.setdefault(rid, RuleInfo(rid))
    return {rid: _complete(seen[rid]) for rid in sorted(seen)}


def _complete(info: RuleInfo) -> RuleInfo:
    """Fill in documentation from the built-in rule with the same id (and slug, if known)."""
    rule = _builtin_rules().get(info.id)
    if rule is None or (info.slug and info.slug != rule.slug):
        return info
    return RuleInfo(
        id=info.id,
        slug=rule.slug,
        title=info.title or rule.title,
        pillar=info.pillar or rule.pillar,
        severity=rule.severity,
        checks=rule.checks.strip(),
        why=rule.why.strip(),
        fix=rule.fix.strip(),
    )


@lru_cache(maxsize=1)
def _builtin_rules() -> dict[str, Any]:
    """Built-in rule classes by id (imported on first use)."""
    from riskengine.rules import BUILTIN_RULES

    return {rule.id: rule for rule in BUILTIN_RULES}
