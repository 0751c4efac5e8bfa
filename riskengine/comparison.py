"""Compare two assessments of one profile: phase to phase, or before and after a what-if."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from riskengine.assessment import Assessment
from riskengine.findings import PILLARS, Finding, Pillar


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Delta(_Frozen):
    """A risk figure in the old and the new assessment (negative delta = less risk)."""

    old: float
    new: float
    delta: float


class FindingChange(_Frozen):
    """One finding matched across the two assessments by its identity."""

    identity: str
    rule: str
    title: str
    message: str
    old_risk: float | None
    new_risk: float | None

    @property
    def delta(self) -> float:
        """Change in risk (new minus old, a missing side counting as 0)."""
        return round((self.new_risk or 0.0) - (self.old_risk or 0.0), 1)


class Comparison(_Frozen):
    """What changed between two assessments.

    Findings are matched by identity (rule id plus first evidence pointer): `resolved` are only in
    the old assessment, `new` only in the new one, `persisting` in both (with both risks).
    """

    old_profile: str
    new_profile: str
    overall: Delta
    pillars: dict[Pillar, Delta]
    resolved: tuple[FindingChange, ...]
    new: tuple[FindingChange, ...]
    persisting: tuple[FindingChange, ...]


def compare_assessments(old: Assessment, new: Assessment) -> Comparison:
    """Match findings of `old` and `new` and compute score deltas."""
    old_by_id = _by_identity(old.counted_findings)
    new_by_id = _by_identity(new.counted_findings)
    resolved, fresh, persisting = [], [], []
    for identity in sorted(set(old_by_id) | set(new_by_id)):
        olds, news = old_by_id.get(identity, []), new_by_id.get(identity, [])
        for i in range(max(len(olds), len(news))):
            before = olds[i] if i < len(olds) else None
            after = news[i] if i < len(news) else None
            change = _change(identity, before, after)
            if before is None:
                fresh.append(change)
            elif after is None:
                resolved.append(change)
            else:
                persisting.append(change)
    return Comparison(
        old_profile=old.profile,
        new_profile=new.profile,
        overall=_delta(old.score.overall, new.score.overall),
        pillars={p: _delta(old.score.pillars[p].risk, new.score.pillars[p].risk) for p in PILLARS},
        resolved=tuple(resolved),
        new=tuple(fresh),
        persisting=tuple(persisting),
    )


def _by_identity(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (f.identity, f.message)):
        grouped[f.identity].append(f)
    return grouped


def _change(identity: str, before: Finding | None, after: Finding | None) -> FindingChange:
    ref = after or before
    assert ref is not None
    return FindingChange(
        identity=identity,
        rule=ref.rule,
        title=ref.title,
        message=ref.message,
        old_risk=before.risk if before else None,
        new_risk=after.risk if after else None,
    )


def _delta(old: float, new: float) -> Delta:
    return Delta(old=old, new=new, delta=round(new - old, 1))
