"""Compare two assessments of one profile: phase to phase, or before and after a what-if.

Given the two profiles as well, the comparison also shows how the objectives' measured results
moved between them (`MetricChange`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from riskengine.assessment import Assessment
from riskengine.findings import PILLARS, Finding, Pillar
from riskengine.profile import Profile
from riskengine.profile.program import Metric


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


class MetricChange(_Frozen):
    """One metric whose measured value (`actual`) differs between the old and the new profile.

    Baseline and target are the new profile's (the old one's when the metric is gone). A side
    where the metric has no measured value (or does not exist) holds None.
    """

    objective: str
    """Id of the objective the metric measures."""
    metric: str
    """Name of the metric."""
    unit: str | None = None
    baseline: float | None
    target: float | None
    old_actual: float | None
    """The measured value in the old profile."""
    new_actual: float | None
    """The measured value in the new profile."""
    toward_target: bool | None
    """Whether the value moved in the direction the target sets from the baseline, starting
    from the old value (from the baseline when the old profile had no measurement): False when
    it moved the other way or not at all, None when that cannot be told (no new value, no
    target, or nothing to start from)."""

    @property
    def delta(self) -> float | None:
        """New minus old measured value, when both are known."""
        if self.old_actual is None or self.new_actual is None:
            return None
        return self.new_actual - self.old_actual


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
    metrics: tuple[MetricChange, ...] = ()
    """Metrics whose measured value changed, by objective id; empty when the comparison was
    made from the assessments alone (see `compare_assessments`)."""


def compare_assessments(
    old: Assessment,
    new: Assessment,
    *,
    old_profile: Profile | None = None,
    new_profile: Profile | None = None,
) -> Comparison:
    """Match findings of `old` and `new` and compute score deltas.

    When both profiles the assessments were made from are given, the comparison also lists
    the metrics whose measured value moved (see `metric_changes`).
    """
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
        metrics=(
            metric_changes(old_profile, new_profile)
            if old_profile is not None and new_profile is not None
            else ()
        ),
    )


def metric_changes(old: Profile, new: Profile) -> tuple[MetricChange, ...]:
    """Metrics whose measured value differs between `old` and `new`, matched by objective id
    and metric name; by objective id, then in the order the new profile lists the metrics."""
    changes = []
    for objective in sorted(set(old.objectives) | set(new.objectives)):
        before = _metrics(old, objective)
        after = _metrics(new, objective)
        for name in [*after, *(n for n in before if n not in after)]:
            was, now = before.get(name), after.get(name)
            old_actual = was.actual if was is not None else None
            new_actual = now.actual if now is not None else None
            if old_actual == new_actual:
                continue
            ref = now if now is not None else was
            assert ref is not None
            changes.append(
                MetricChange(
                    objective=objective,
                    metric=name,
                    unit=ref.unit,
                    baseline=ref.baseline,
                    target=ref.target,
                    old_actual=old_actual,
                    new_actual=new_actual,
                    toward_target=toward_target(ref.baseline, ref.target, old_actual, new_actual),
                )
            )
    return tuple(changes)


def toward_target(
    baseline: float | None, target: float | None, before: float | None, after: float | None
) -> bool | None:
    """Whether a measure moved from `before` (the baseline when None) to `after` in the
    direction the target sets from the baseline; see `MetricChange.toward_target`."""
    start = before if before is not None else baseline
    if target is None or after is None or start is None:
        return None
    if after == start:
        return False
    # the planned direction, or without one the way from the start to the target
    planned = baseline is not None and baseline != target
    direction = target - baseline if planned and baseline is not None else target - start
    if direction == 0:
        return False  # it was on the target and moved off it
    return (after - start) * direction > 0


def _metrics(profile: Profile, objective: str) -> dict[str, Metric]:
    found = profile.objectives.get(objective)
    if found is None:
        return {}
    by_name: dict[str, Metric] = {}
    for metric in found.metrics:
        by_name.setdefault(metric.name, metric)
    return by_name


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
