"""A portfolio: many programs' assessments summarised side by side.

How overall risk is spread (quartiles, ten-point buckets, statuses), which pitfalls recur across
programs (share of programs, average risk where present), the programs ranked by risk, and where
one program stands among its peers. Built one assessment at a time, keeping only a few numbers
per program, so a portfolio of thousands fits in little memory.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from riskengine.assessment import Assessment, RuleInfo
from riskengine.findings import Pillar
from riskengine.scoring import Status, rule_risks, status_of

BUCKET_WIDTH = 10
"""Points of overall risk per bucket of the distribution (0-10, 10-20, ... 90-100)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Program(_Frozen):
    """One program of the portfolio, reduced to what the summary needs."""

    profile: str
    """Label of the profile (its file name)."""
    organization: str
    overall: float
    status: Status
    findings: int
    """Findings that count toward the score."""
    assessed: float
    """Share of the facts asked for that the profile answered."""
    rules: dict[str, float] = Field(default_factory=dict)
    """Risk of every rule with counted findings."""


class Bucket(_Frozen):
    """Programs whose overall risk falls in ``[low, high)`` (the last bucket includes 100)."""

    low: int
    high: int
    programs: int


class Distribution(_Frozen):
    """How overall risk is spread across the portfolio."""

    programs: int
    mean: float
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float
    statuses: dict[Status, int]
    buckets: tuple[Bucket, ...]


class Pitfall(_Frozen):
    """A rule and how widely, and how badly, it strikes across the portfolio."""

    rule: str
    slug: str = ""
    title: str = ""
    pillar: Pillar | None = None
    programs: int
    """Programs with counted findings of this rule."""
    share: float
    """Those programs as a share (0-1) of the portfolio."""
    average_risk: float
    """The rule's mean risk over the programs it strikes."""
    highest_risk: float


class Standing(_Frozen):
    """Where one program stands among the others of the portfolio."""

    profile: str
    overall: float
    rank: int
    """1 is the riskiest program."""
    percentile: float
    """Share (0-100) of the peers less at risk than this program, ties counted half: 90 means
    riskier than nine in ten."""
    peers: int
    """Other programs it is compared with."""
    median: float
    """Median overall risk of the peers."""


class Portfolio(_Frozen):
    """The summary of a portfolio of programs (see the module documentation)."""

    programs: tuple[Program, ...]
    """Every program, the riskiest first."""
    distribution: Distribution
    pitfalls: tuple[Pitfall, ...]
    """Every rule that struck a program, the most widespread first."""
    focus: Standing | None = None
    """The program asked about, when one was."""

    def standing(self, profile: str) -> Standing | None:
        """The standing of the program labelled `profile` (same file, however it is spelled)."""
        return _standing(self.programs, profile)


def program_of(assessment: Assessment) -> Program:
    """What the portfolio keeps of one assessment."""
    return Program(
        profile=assessment.profile,
        organization=assessment.organization,
        overall=assessment.score.overall,
        status=assessment.score.status,
        findings=len(assessment.counted_findings),
        assessed=assessment.score.assessed,
        rules=rule_risks(assessment.findings),
    )


def build_portfolio(assessments: Iterable[Assessment], *, focus: str | None = None) -> Portfolio:
    """Summarise `assessments` (consumed one at a time); `focus` labels the program to place.

    Raises:
        ValueError: no assessments, or `focus` names no program of the portfolio.
    """
    programs: list[Program] = []
    rules: dict[str, RuleInfo] = {}
    for assessment in assessments:
        programs.append(program_of(assessment))
        for info in assessment.rules:
            rules.setdefault(info.id, info)
    if not programs:
        raise ValueError("a portfolio needs at least one assessed program")
    ranked = tuple(sorted(programs, key=lambda p: (-p.overall, -p.findings, p.profile)))
    standing = None
    if focus is not None:
        standing = _standing(ranked, focus)
        if standing is None:
            raise ValueError(f"{focus} is not one of the portfolio's programs")
    return Portfolio(
        programs=ranked,
        distribution=_distribution(ranked),
        pitfalls=_pitfalls(ranked, rules),
        focus=standing,
    )


def _distribution(programs: Sequence[Program]) -> Distribution:
    risks = sorted(p.overall for p in programs)
    quartiles = (
        statistics.quantiles(risks, n=4, method="inclusive") if len(risks) > 1 else risks * 3
    )
    counts = [0] * (100 // BUCKET_WIDTH)
    for risk in risks:
        counts[min(len(counts) - 1, int(risk // BUCKET_WIDTH))] += 1
    statuses: dict[Status, int] = {"green": 0, "amber": 0, "red": 0}
    for risk in risks:
        statuses[status_of(risk)] += 1
    return Distribution(
        programs=len(risks),
        mean=round(statistics.fmean(risks), 1),
        minimum=risks[0],
        q1=round(quartiles[0], 1),
        median=round(quartiles[1], 1),
        q3=round(quartiles[2], 1),
        maximum=risks[-1],
        statuses=statuses,
        buckets=tuple(
            Bucket(low=i * BUCKET_WIDTH, high=(i + 1) * BUCKET_WIDTH, programs=n)
            for i, n in enumerate(counts)
        ),
    )


def _pitfalls(programs: Sequence[Program], rules: dict[str, RuleInfo]) -> tuple[Pitfall, ...]:
    struck: dict[str, list[float]] = {}
    for program in programs:
        for rule, risk in program.rules.items():
            struck.setdefault(rule, []).append(risk)
    out = []
    for rule, risks in struck.items():
        info = rules.get(rule)
        out.append(
            Pitfall(
                rule=rule,
                slug=info.slug if info else "",
                title=info.title if info else "",
                pillar=info.pillar if info else None,
                programs=len(risks),
                share=round(len(risks) / len(programs), 3),
                average_risk=round(statistics.fmean(risks), 1),
                highest_risk=max(risks),
            )
        )
    return tuple(sorted(out, key=lambda p: (-p.programs, -p.average_risk, p.rule)))


def _standing(programs: Sequence[Program], profile: str) -> Standing | None:
    """Rank and percentile of the program labelled `profile` among the others."""
    ranked = sorted(programs, key=lambda p: -p.overall)
    index = _index_of(ranked, profile)
    if index is None:
        return None
    me = ranked[index]
    peers = [p.overall for i, p in enumerate(ranked) if i != index]
    below = sum(1 for r in peers if r < me.overall)
    ties = sum(1 for r in peers if r == me.overall)
    return Standing(
        profile=me.profile,
        overall=me.overall,
        rank=1 + sum(1 for r in peers if r > me.overall),
        percentile=round(100.0 * (below + ties / 2) / len(peers), 1) if peers else 50.0,
        peers=len(peers),
        median=round(statistics.median(peers), 1) if peers else me.overall,
    )


def _index_of(programs: Sequence[Program], profile: str) -> int | None:
    """Where the program labelled `profile` is: by label, else by the file the label names."""
    for i, program in enumerate(programs):
        if program.profile == profile:
            return i
    wanted = os.path.realpath(profile)
    for i, program in enumerate(programs):
        if os.path.realpath(program.profile) == wanted:
            return i
    return None
