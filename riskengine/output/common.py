"""Helpers shared by the report formats: ordering, failing findings, positions, rule metadata."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from riskengine.assessment import Assessment, Question, RankedRecommendation, RuleInfo
from riskengine.findings import PILLARS, SEVERITIES, Finding, Pillar
from riskengine.output.options import FormatOptions

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


def run_notes(a: Assessment) -> list[str]:
    """What a reader must know about how the assessment ran: incomplete, and the configuration."""
    notes = []
    if a.incomplete:
        failed = sorted({e.rule for e in a.errors})
        notes.append(
            f"status: INCOMPLETE - {len(failed)} rule(s) failed ({', '.join(failed)}); "
            "the scores leave out whatever they would have found"
        )
    if a.config:
        notes.append(f"configuration: {a.config}")
    return notes


def run_properties(a: Assessment) -> dict[str, str]:
    """`run_notes` as name/value properties for machine-read formats."""
    return {"incomplete": str(a.incomplete).lower(), "configuration": a.config or ""}


def rules_run(assessment: Assessment) -> list[str]:
    """Ids of every rule that ran on the profile (with findings, passed or failed), sorted."""
    ids = {f.rule for f in assessment.findings} | set(assessment.passed)
    ids |= {e.rule for e in assessment.errors}
    return sorted(ids)


def first_line(a: Assessment, finding: Finding) -> int | None:
    """Line of a finding's main evidence pointer in the profile's file, if known."""
    if not finding.evidence.pointers:
        return None
    pos = a.position(finding.evidence.pointers[0])
    return pos[0] if pos else None


def rule_infos(assessments: Sequence[Assessment]) -> dict[str, RuleInfo]:
    """Every rule that ran on any of the assessments, by id, sorted by id."""
    seen: dict[str, RuleInfo] = {}
    for a in assessments:
        for info in a.rules:
            seen.setdefault(info.id, info)
        for rid in rules_run(a):
            seen.setdefault(rid, _bare(a, rid))
    return {rid: seen[rid] for rid in sorted(seen)}


def _bare(a: Assessment, rule_id: str) -> RuleInfo:
    """What the findings tell of a rule the assessment carries no metadata for."""
    f = next((f for f in a.findings if f.rule == rule_id), None)
    if f is None:
        return RuleInfo(id=rule_id)
    return RuleInfo(id=rule_id, slug=f.slug, title=f.title, pillar=f.pillar, severity=f.severity)


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


def knowledge(a: Assessment, separator: str = " · ") -> str:
    """``assessed 64% · 12 open questions``: how much of what the rules asked the profile told."""
    share = f"assessed {a.score.assessed * 100:.0f}%"
    count = len(a.questions)
    if not count:
        return share
    return f"{share}{separator}{plural(count, 'open question')}"


def question_line(q: Question) -> str:
    """One open question as plain text: where, what, who asks, what it could reveal."""
    reveals = f"; could reveal {q.reveals:+.1f}" if q.reveals else ""
    return f"{q.pointer}: {q.question} (asked by {asking(q)}{reveals})"


def asking(q: Question, most: int = 4) -> str:
    """``CRM001, CRM012 and 5 more``: the rules that asked, kept short."""
    if len(q.rules) <= most:
        return ", ".join(q.rules)
    return ", ".join(q.rules[:most]) + f" and {len(q.rules) - most} more"


GAIN_NOTE = (
    "gain: drop in overall risk once the action is done, measured by assessing the changed "
    "profile (~ estimated where the work cannot be written as a change); removes: drop in the "
    "sum of all findings' risks, by rule"
)
"""One line that explains the two figures every action carries."""


def gain_text(rec: RankedRecommendation) -> str:
    """The gain, marked ``~`` when it is an estimate."""
    return f"~{rec.gain:.1f}" if rec.estimated else f"{rec.gain:.1f}"


def removes_text(rec: RankedRecommendation) -> str:
    """``CRM007 53.4, CRM006 12.0``: what the action removes, rule by rule."""
    return ", ".join(f"{rule} {risk:.1f}" for rule, risk in rec.removes.items())
