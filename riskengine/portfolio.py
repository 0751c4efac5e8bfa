"""A portfolio: many programs' assessments summarised side by side.

How overall risk is spread (quartiles, ten-point buckets, statuses), which pitfalls recur across
programs (share of programs, average risk where present), the programs ranked by risk, and where
one program stands among its peers. Built one assessment at a time, keeping only a few numbers
per program, so a portfolio of thousands fits in little memory.

An incomplete program (a rule failed, or its assessment was stopped) has no score to trust: its
overall risk leaves out whatever the failed rules would have found. It is listed, marked
incomplete, but kept out of every statistic (distribution, pitfalls, standings), which count the
complete programs only and say how many were left out.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from riskengine.assessment import Assessment, RuleInfo
from riskengine.findings import Pillar
from riskengine.scoring import Status, rule_risks, status_of

BUCKET_WIDTH = 10
"""Points of overall risk per bucket of the distribution (0-10, 10-20, ... 90-100)."""

ProgramStatus = Literal["green", "amber", "red", "incomplete"]
"""A program's status: its score's, or ``incomplete`` when anything failed."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Program(_Frozen):
    """One program of the portfolio, reduced to what the summary needs."""

    profile: str
    """Label of the profile (its file name)."""
    organization: str
    overall: float
    """Overall risk; for an incomplete program, only what the rules that finished found."""
    status: ProgramStatus
    """``incomplete`` when anything failed, else the overall status."""
    findings: int
    """Findings that count toward the score."""
    assessed: float
    """Share of the facts asked for that the profile answered."""
    rules: dict[str, float] = Field(default_factory=dict)
    """Risk of every rule with counted findings."""
    incomplete: bool = False
    """Whether a rule failed or the assessment was stopped: then the program is left out of
    the statistics."""
    failed_rules: tuple[str, ...] = ()
    """Ids of the rules that failed, sorted (``*`` when a stopped assessment blames none)."""


class Bucket(_Frozen):
    """Programs whose overall risk falls in ``[low, high)`` (the last bucket includes 100)."""

    low: int
    high: int
    programs: int


class Spread(NamedTuple):
    """The summary statistics of the complete programs' overall risk."""

    mean: float
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


class Distribution(_Frozen):
    """How overall risk is spread across the complete programs of the portfolio.

    The statistics are None when no program is complete: nothing is known to summarise.
    """

    programs: int
    """Complete programs, the ones counted."""
    incomplete: int = 0
    """Programs left out because their assessment is incomplete."""
    mean: float | None
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None
    statuses: dict[Status, int]
    buckets: tuple[Bucket, ...]

    def spread(self) -> Spread | None:
        """The statistics together, or None when no program is complete."""
        values = (self.mean, self.minimum, self.q1, self.median, self.q3, self.maximum)
        if any(v is None for v in values):
            return None
        return Spread(*(v for v in values if v is not None))


class Pitfall(_Frozen):
    """A rule and how widely, and how badly, it strikes across the portfolio."""

    rule: str
    slug: str = ""
    title: str = ""
    pillar: Pillar | None = None
    programs: int
    """Complete programs with counted findings of this rule."""
    share: float
    """Those programs as a share (0-1) of the complete programs."""
    average_risk: float
    """The rule's mean risk over the programs it strikes."""
    highest_risk: float


class Standing(_Frozen):
    """Where one program stands among the others of the portfolio."""

    profile: str
    overall: float
    rank: int | None
    """1 is the riskiest program; None when the program is incomplete."""
    percentile: float | None
    """Share (0-100) of the peers less at risk than this program, ties counted half: 90 means
    riskier than nine in ten; None when the program is incomplete."""
    peers: int
    """Other complete programs it is (or would be) compared with."""
    median: float | None
    """Median overall risk of the peers (None when there are none to take it of)."""
    incomplete: bool = False
    """Whether the program is incomplete, so that its standing cannot be placed."""


class Portfolio(_Frozen):
    """The summary of a portfolio of programs (see the module documentation)."""

    programs: tuple[Program, ...]
    """Every program: the complete ones, the riskiest first, then the incomplete ones."""
    distribution: Distribution
    pitfalls: tuple[Pitfall, ...]
    """Every rule that struck a program, the most widespread first."""
    focus: Standing | None = None
    """The program asked about, when one was."""

    def standing(self, profile: str) -> Standing | None:
        """The standing of the program labelled `profile` (same file, however it is spelled)."""
        return _standing(self.programs, profile)

    @property
    def ranked(self) -> tuple[Program, ...]:
        """The complete programs, the riskiest first."""
        return tuple(p for p in self.programs if not p.incomplete)

    @property
    def incomplete(self) -> tuple[Program, ...]:
        """The incomplete programs, left out of the statistics."""
        return tuple(p for p in self.programs if p.incomplete)


def program_of(assessment: Assessment) -> Program:
    """What the portfolio keeps of one assessment."""
    return Program(
        profile=assessment.profile,
        organization=assessment.organization,
        overall=assessment.score.overall,
        status="incomplete" if assessment.incomplete else assessment.score.status,
        findings=len(assessment.counted_findings),
        assessed=assessment.score.assessed,
        rules=rule_risks(assessment.findings),
        incomplete=assessment.incomplete,
        failed_rules=tuple(sorted({failure.rule for failure in assessment.errors})),
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
    ranked = tuple(sorted(programs, key=_rank_key))
    complete = [p for p in ranked if not p.incomplete]
    standing = None
    if focus is not None:
        standing = _standing(ranked, focus)
        if standing is None:
            raise ValueError(f"{focus} is not one of the portfolio's programs")
    return Portfolio(
        programs=ranked,
        distribution=_distribution(complete, incomplete=len(ranked) - len(complete)),
        pitfalls=_pitfalls(complete, rules),
        focus=standing,
    )


def _rank_key(program: Program) -> tuple[bool, float, int, str]:
    """Complete programs first, the riskiest first; incomplete ones after, by label."""
    if program.incomplete:
        return (True, 0.0, 0, program.profile)
    return (False, -program.overall, -program.findings, program.profile)


def _distribution(programs: Sequence[Program], *, incomplete: int) -> Distribution:
    """The spread of the complete `programs`; `incomplete` counts those left out."""
    risks = sorted(p.overall for p in programs)
    counts = [0] * (100 // BUCKET_WIDTH)
    for risk in risks:
        counts[min(len(counts) - 1, int(risk // BUCKET_WIDTH))] += 1
    statuses: dict[Status, int] = {"green": 0, "amber": 0, "red": 0}
    for risk in risks:
        statuses[status_of(risk)] += 1
    spread = _spread(risks)
    return Distribution(
        programs=len(risks),
        incomplete=incomplete,
        mean=spread.mean if spread else None,
        minimum=spread.minimum if spread else None,
        q1=spread.q1 if spread else None,
        median=spread.median if spread else None,
        q3=spread.q3 if spread else None,
        maximum=spread.maximum if spread else None,
        statuses=statuses,
        buckets=tuple(
            Bucket(low=i * BUCKET_WIDTH, high=(i + 1) * BUCKET_WIDTH, programs=n)
            for i, n in enumerate(counts)
        ),
    )


def _spread(risks: Sequence[float]) -> Spread | None:
    """Mean, range and quartiles of sorted `risks`; None when there are none."""
    if not risks:
        return None
    quartiles = (
        statistics.quantiles(risks, n=4, method="inclusive") if len(risks) > 1 else [risks[0]] * 3
    )
    return Spread(
        mean=round(statistics.fmean(risks), 1),
        minimum=risks[0],
        q1=round(quartiles[0], 1),
        median=round(quartiles[1], 1),
        q3=round(quartiles[2], 1),
        maximum=risks[-1],
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
    """Rank and percentile of the program labelled `profile` among the other complete ones."""
    index = _index_of(programs, profile)
    if index is None:
        return None
    me = programs[index]
    peers = [p.overall for i, p in enumerate(programs) if i != index and not p.incomplete]
    if me.incomplete:
        return Standing(
            profile=me.profile,
            overall=me.overall,
            rank=None,
            percentile=None,
            peers=len(peers),
            median=round(statistics.median(peers), 1) if peers else None,
            incomplete=True,
        )
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
