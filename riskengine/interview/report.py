"""What the interview tells the person as it goes, and at the end, read from assessments."""

from __future__ import annotations

from riskengine.assessment import Assessment
from riskengine.output.common import knowledge

TOP = 3


def top_risks(assessment: Assessment, count: int = TOP) -> list[str]:
    """The riskiest rules so far, one line each: id, title and the rule's highest finding risk."""
    seen: dict[str, float] = {}
    for finding in sorted(assessment.counted_findings, key=lambda f: (-f.risk, f.rule)):
        seen.setdefault(finding.rule, finding.risk)
    lines = []
    for rule_id, risk in list(seen.items())[:count]:
        info = assessment.rule(rule_id)
        title = info.title if info is not None else ""
        lines.append(f"{rule_id} {title} ({risk:.0f})".replace("  ", " "))
    return lines


def progress_line(assessment: Assessment) -> str:
    """``assessed 40% · overall risk 23.5 (green) · top risks: ...``, for use between questions."""
    score = assessment.score
    head = (
        f"assessed {score.assessed * 100:.0f}% · overall risk {score.overall:.1f} ({score.status})"
    )
    risks = top_risks(assessment)
    return f"{head} · top risks: {'; '.join(risks)}" if risks else f"{head} · no risks found yet"


def summary(assessment: Assessment, path: str | None) -> list[str]:
    """The closing summary: overall and pillar scores, top risks, and the commands to go on."""
    score = assessment.score
    lines = [
        f"{assessment.organization}: overall risk {score.overall:.1f} ({score.status}) · "
        + knowledge(assessment),
        "pillars: "
        + " · ".join(f"{name} {p.risk:.1f} ({p.status})" for name, p in score.pillars.items()),
    ]
    risks = top_risks(assessment, 5)
    lines += ["top risks:", *(f"  {line}" for line in risks)] if risks else ["no risks found"]
    if path is not None:
        lines.append(f"full report: riskengine score {path}")
        if assessment.questions:
            lines.append(f"answer the open questions: riskengine interview --from {path} --force")
    return lines
