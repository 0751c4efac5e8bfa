"""CRM029 unrehearsed-cutover: go-live without a rehearsed plan, go/no-go criteria or way back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Effort, Finding, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, names, recommend, set_, size_factor

DOUBT = 0.5
"""Likelihood factor for a finding that rests on facts nobody has stated (at most half)."""

PLANNING = 0.75
"""Likelihood factor while the program is still planning: there is time to write and rehearse."""

APPROACH_WEIGHT = {"big_bang": 1.0, "phased": 0.6, "parallel_run": 0.6}
"""How much of the cutover's risk an approach carries: a big bang moves everyone at once."""

UNKNOWN_APPROACH = 0.8
"""Weight of a cutover whose approach nobody has stated (between phased and big bang)."""


class UnrehearsedCutoverSettings(RuleSettings):
    """Thresholds of CRM029."""

    min_seats: int = Field(default=20, ge=0)
    """Below this many seats a go-live is a small, visible event the owner can steer by hand; the
    rule stays quiet."""
    sizable_seats: int = Field(default=150, ge=0)
    """From this many seats on (or when the size is not stated) every cutover is judged, whatever
    its approach; below it only a big-bang cutover is."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above a failed cutover has its full impact, and a big bang without
    a written plan or a rehearsal is critical."""
    unknown_from_seats: int = Field(default=500, ge=0)
    """From this many (stated) seats on, while implementing (or when the stage is not stated), a
    cutover of which nobody has said whether it has a written plan or a rehearsal is reported at
    half the likelihood of a known gap."""


@dataclass(frozen=True)
class _Gap:
    """One safeguard of a cutover: the fact, what is missing, and what doing it means."""

    fact: str
    missing: str
    """What the message says is missing (``has no written plan``)."""
    wanted: str
    """What a question about it asks for (``a written plan``)."""
    likelihood: float
    action: str
    effort: Effort
    vital: bool
    """Whether it is the plan or its rehearsal: critical when missing in a large big bang."""

    def severity(self, big_bang: bool, large: bool) -> Severity:
        """Critical for a large big bang without plan or rehearsal; criteria weigh least."""
        if self.vital:
            return "critical" if big_bang and large else "high"
        if self.fact == "fallback" and big_bang:
            return "high"
        return "medium"


class UnrehearsedCutover(Rule[UnrehearsedCutoverSettings]):
    id = "CRM029"
    slug = "unrehearsed-cutover"
    title = "Cutover without a rehearsed plan, go/no-go criteria or a way back"
    area = "cutover"
    pillar = "technology"
    severity = "high"
    settings_model = UnrehearsedCutoverSettings
    checks = (
        "Before go-live: whether the move from the old ways to the new system (`cutover`) has "
        "a written plan with steps, owners and timings, whether that plan was rehearsed end to "
        "end (a mock cutover), whether the go/no-go criteria were agreed in advance, and whether "
        "there is a way back if go-live fails (not needed for a parallel run, where the old "
        "system keeps running). A big-bang cutover is judged from `min_seats` on; any cutover "
        "from `sizable_seats` on. A big bang weighs most, a phased cutover or parallel run less; "
        "when the approach is not stated, `scope.big_bang` decides, and when that is not stated "
        "either the cutover weighs between the two. A large big bang (`large_seats`) without a "
        "written plan or a rehearsal is critical. While the program is still planning, the gaps "
        "weigh less: there is time to close them.\n\n"
        "Stage: once the program is live the cutover is behind it and the rule stays quiet "
        "(CRM030 judges what followed it).\n\n"
        "Unknowns: a safeguard nobody has stated is an open question, not a missing one. Only "
        "from `unknown_from_seats` stated seats on, while implementing or when the stage is not "
        "stated, does the rule report (medium, at half the likelihood of the worst gap left "
        "open) that nobody has stated whether the cutover has a written plan or a rehearsal. A "
        "program of unstated size is judged as neither small nor large."
    )
    why = (
        "Go-live compresses a lot of work into a few hours: freezing the old system, the final "
        "data load, switching interfaces, opening access, checking the result. Done for the "
        "first time on the night, steps are forgotten, run in the wrong order or take three "
        "times as long, and the team discovers it on Monday morning with every user waiting. "
        "Without go/no-go criteria agreed beforehand the decision is taken under pressure, and "
        "without a way back a failed go-live becomes days of lost business. A big bang puts "
        "every user through this at once."
    )
    fix = (
        "Write the cutover plan step by step with an owner and a time for each, rehearse it at "
        "least once on a copy of production and time it, agree with the sponsor in advance what "
        "must be true to go live, and prepare and test a way back to the old system."
    )
    effort = (
        "Agreeing the go/no-go criteria is **low**: one meeting with the sponsor and the business. "
        "Writing the cutover plan, rehearsing it on a copy of production, preparing and testing a "
        "way back, and (when none of this is stated) finding out how go-live will run and closing "
        "the gaps are **medium**: days of the team's work, and a production copy for the "
        "rehearsal."
    )
    risky_example = """\
organization: {name: Harrow Builders Merchants, crm_seats: 600}
lifecycle: {stage: implementing}
cutover:
  approach: big_bang
  plan: true
  rehearsed: false
  go_no_go_criteria: false
  fallback: false
"""
    healthy_example = """\
organization: {name: Harrow Builders Merchants, crm_seats: 600}
lifecycle: {stage: implementing}
cutover:
  approach: big_bang
  plan: true
  rehearsed: true
  go_no_go_criteria: true
  fallback: true
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        if stage == "live":
            return  # the cutover is behind the program
        approach = ctx.ask("/cutover/approach")
        # the scope says whether everything goes live at once when the approach itself is unknown
        scope_big_bang = ctx.ask("/scope/big_bang") if approach is None else None
        stated = {gap.fact: ctx.ask(f"/cutover/{gap.fact}") for gap in _gaps(approach)}
        big_bang = approach == "big_bang" or (approach is None and scope_big_bang is True)
        if not big_bang and is_small(seats, s.sizable_seats):
            return
        if approach is not None:
            weight = APPROACH_WEIGHT[approach]
        elif scope_big_bang is not None:
            weight = 1.0 if scope_big_bang else APPROACH_WEIGHT["phased"]
        else:
            weight = UNKNOWN_APPROACH
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.35) * weight
        large = seats is not None and seats >= s.large_seats
        what = _what(approach, scope_big_bang, seats)
        nodes = ctx.graph.nodes_of("process")
        factor = PLANNING if stage == "planning" else 1.0
        for gap in _gaps(approach):
            if stated[gap.fact] is not False:
                continue
            yield self.finding(
                f"{what} {gap.missing}.",
                likelihood=gap.likelihood * (1.0 if big_bang else 0.8) * factor,
                impact=impact,
                pointers=[f"/cutover/{gap.fact}", "/cutover/approach"],
                nodes=nodes,
                severity=gap.severity(big_bang, large),
                recommendations=[
                    recommend(gap.action, gap.effort, set_(f"/cutover/{gap.fact}", True))
                ],
            )
        if stage is None or stage == "implementing":
            yield from self._unknown(seats, stated, big_bang, impact, what, nodes, approach)

    def _unknown(
        self,
        seats: int | None,
        stated: dict[str, object],
        big_bang: bool,
        impact: float,
        what: str,
        nodes: list[str],
        approach: str | None,
    ) -> Iterator[Finding]:
        if seats is None or seats < self.settings.unknown_from_seats:
            return
        gaps = _gaps(approach)
        if all(stated[g.fact] is not None for g in gaps if g.vital):
            return  # plan and rehearsal are stated: the rest stays an open question
        open_gaps = [g for g in gaps if stated[g.fact] is None]
        worst = max(g.likelihood for g in open_gaps) * (1.0 if big_bang else 0.8)
        unknown = names([g.wanted for g in open_gaps], limit=4)
        yield self.finding(
            f"Nobody has stated whether {what[0].lower() + what[1:]} has {unknown}; at this "
            "size a go-live improvised on the night rarely goes well.",
            likelihood=DOUBT * worst,
            impact=impact,
            pointers=[f"/cutover/{open_gaps[0].fact}", "/cutover/approach"],
            nodes=nodes,
            severity="medium",
            recommendations=[
                recommend(
                    "Find out how go-live will run; if the steps are not written down and "
                    "rehearsed, write the cutover plan, rehearse it on a copy of production and "
                    "agree the go/no-go criteria and the way back.",
                    "medium",
                    *(set_(f"/cutover/{g.fact}", True) for g in open_gaps),
                )
            ],
        )


def _gaps(approach: str | None) -> list[_Gap]:
    """The safeguards a cutover needs; a parallel run keeps the old system and needs no way back."""
    gaps = [
        _Gap(
            "plan",
            "has no written plan",
            "a written plan",
            0.8,
            "Write the cutover plan: every step from freezing the old system to opening the new "
            "one, each with an owner, a start time, a duration and a check that it worked.",
            "medium",
            True,
        ),
        _Gap(
            "rehearsed",
            "has not been rehearsed",
            "a rehearsal",
            0.75,
            "Rehearse the cutover end to end on a copy of production (a mock cutover), time "
            "every step, and fix what broke before the real one.",
            "medium",
            True,
        ),
        _Gap(
            "go_no_go_criteria",
            "has no go/no-go criteria agreed in advance",
            "go/no-go criteria",
            0.55,
            "Agree with the sponsor and the business, well before go-live, the criteria that "
            "decide go or no-go (tests passed, data checked, support ready) and who decides.",
            "low",
            False,
        ),
    ]
    if approach != "parallel_run":
        gaps.append(
            _Gap(
                "fallback",
                "has no way back if go-live fails",
                "a way back",
                0.6,
                "Prepare a way back and test it: how the old system is reopened, up to which "
                "point in the cutover, and what happens to data entered in the new one.",
                "medium",
                False,
            )
        )
    return gaps


def _what(approach: str | None, scope_big_bang: bool | None, seats: int | None) -> str:
    """How the message names the cutover: its approach and size as far as they are known."""
    users = f" of {seats} users" if seats is not None else ""
    if approach == "big_bang" or (approach is None and scope_big_bang is True):
        return f"The big-bang cutover{users}"
    if approach == "phased":
        return f"The phased cutover{users}"
    if approach == "parallel_run":
        return f"The parallel run{users}"
    return f"The cutover{users}"
