"""Helpers shared by the report formats: ordering, failing findings, source positions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from riskengine.assessment import Assessment
from riskengine.findings import PILLARS, SEVERITIES, Finding, Pillar
from riskengine.formats import FormatOptions
from riskengine.locate import locate
from riskengine.patching import pointer_parts

FAILING_SEVERITIES: frozenset[str] = frozenset({"high", "critical"})
"""Severities that fail a build when no risk threshold is given."""


def is_failing(finding: Finding, options: FormatOptions) -> bool:
    """Whether a counted finding fails: above ``fail_above``, or high/critical without one."""
    if finding.accepted:
        return False
    if options.fail_above is not None:
        return finding.risk > options.fail_above
    return finding.severity in FAILING_SEVERITIES


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by pillar, then highest risk first, then rule and identity (stable)."""
    return sorted(
        findings,
        key=lambda f: (
            PILLARS.index(f.pillar),
            f.accepted,
            -f.risk,
            -SEVERITIES.index(f.severity),
            f.rule,
            f.identity,
            f.message,
        ),
    )


def by_pillar(findings: Iterable[Finding]) -> dict[Pillar, list[Finding]]:
    """Ordered findings grouped by pillar; every pillar is present, possibly empty."""
    groups: dict[Pillar, list[Finding]] = {p: [] for p in PILLARS}
    for f in ordered(findings):
        groups[f.pillar].append(f)
    return groups


def rules_run(assessment: Assessment) -> list[str]:
    """Ids of every rule that ran on the profile (with findings, passed or failed), sorted."""
    ids = {f.rule for f in assessment.findings} | set(assessment.passed)
    ids |= {e.rule for e in assessment.errors}
    return sorted(ids)


def source_of(assessment: Assessment, options: FormatOptions) -> str | None:
    """The profile text of an assessment, when the caller supplied it."""
    return options.sources.get(assessment.profile)


def position(text: str | None, pointer: str) -> tuple[int, int] | None:
    """1-based (line, column) of the field a JSON pointer names, or its nearest parent."""
    if text is None:
        return None
    return _position(text, pointer)


@lru_cache(maxsize=1024)
def _position(text: str, pointer: str) -> tuple[int, int] | None:
    """Cached `position` (reports ask for the same pointers many times)."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in pointer_parts(pointer)]
    return locate(text, parts, at_key=True)


def first_line(finding: Finding, text: str | None) -> int | None:
    """Line of a finding's main evidence pointer in the profile text."""
    if not finding.evidence.pointers:
        return None
    pos = position(text, finding.evidence.pointers[0])
    return pos[0] if pos else None


def acceptance_note(finding: Finding) -> str:
    """A short note on a finding's acceptance, or an empty string."""
    acc = finding.acceptance
    if acc is None:
        return ""
    if acc.expired:
        return f"acceptance by {acc.owner} expired {acc.expires}"
    return f"accepted by {acc.owner} until {acc.expires}: {acc.reason}"


def plural(count: int, word: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def failing_count(assessments: Sequence[Assessment], options: FormatOptions) -> int:
    """Number of failing findings across assessments."""
    return sum(1 for a in assessments for f in a.findings if is_failing(f, options))
