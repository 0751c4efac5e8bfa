"""CRM026 unlearned-phase: a phase is finished and nothing it taught was written down."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import display, is_small, pointer, recommend, size_factor


class UnlearnedPhaseSettings(RuleSettings):
    """Thresholds of CRM026."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the few people involved carry the lessons themselves; the rule
    reports nothing (the lessons are still asked for)."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, lessons left unwritten have their full impact."""


class UnlearnedPhase(Rule[UnlearnedPhaseSettings]):
    id = "CRM026"
    slug = "unlearned-phase"
    title = "Finished phases with no lessons written down"
    pillar = "process"
    severity = "medium"
    area = "measurement"
    settings_model = UnlearnedPhaseSettings
    checks = (
        "Every phase whose status is `done`: whether its `lessons_learned` records what the "
        "phase taught. An explicitly empty list (`lessons_learned: []`) says none were "
        "recorded and is reported. A list that is left out is unknown: it is not reported, and "
        "becomes an open question instead. A phase whose status is not stated is not judged; "
        "its status and its lessons become open questions. The pillar is process: writing "
        "lessons down is the step of each cycle that feeds the next one."
    )
    why = (
        "Each phase of an incremental program is a rehearsal for the next: the pilot showed "
        "where the process, the data or the training fell short. What is not written down "
        "stays in the heads of the people who happened to be there, leaves with them, and is "
        "learned again at full price in the next phase. Operations after go-live lose it too, "
        "since they rarely inherit anything but documents."
    )
    fix = (
        "Hold a short lessons-learned session with the phase team and its pilot users as the "
        "phase closes, write down what to repeat and what to change, and put the list where "
        "the next phase's team and the people running the system will read it."
    )
    effort = (
        "A lessons-learned session is **low**: a couple of hours with the team and the pilot users "
        "of the phase, and a page of notes on what to repeat and what to change."
    )
    risky_example = """\
organization: {name: Orchard Home Care, crm_seats: 180}
phases:
  scheduling: {status: done, lessons_learned: []}
"""
    healthy_example = """\
organization: {name: Orchard Home Care, crm_seats: 180}
phases:
  scheduling:
    status: done
    lessons_learned:
      - Carers need the visit list offline; plan the mobile client before the next phase.
      - Train coordinators in their own rota, not in the demo data.
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        # a small firm is asked the same facts, so stating the size never makes the profile
        # look less known; only the findings are left out
        small = is_small(seats, s.min_seats)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.3)
        for key in sorted(ctx.profile.phases):
            status = ctx.ask(pointer("phases", key, "status"))
            if status not in (None, "done"):
                continue
            # an unknown status still asks for the lessons; unknown lessons are a question,
            # not a finding
            lessons = ctx.ask(pointer("phases", key, "lessons_learned"))
            if status == "done" and lessons is not None and not lessons and not small:
                yield self._finding(ctx, key, impact)

    def _finding(self, ctx: Context, key: str, impact: float) -> Finding:
        name = display(ctx.profile, node_id("phase", key))
        node = node_id("phase", key)
        return self.finding(
            f"Phase {name} is done, and no lessons from it have been written down.",
            likelihood=0.6,
            impact=impact,
            pointers=[pointer("phases", key, "lessons_learned")],
            nodes=[node, *ctx.graph.successors(node, "advances")],
            recommendations=[
                # no profile change: the lessons are the team's to write, not ours to invent
                recommend(
                    f"Hold a lessons-learned session with the team and pilot users of phase "
                    f"{name} and write down what to repeat and what to change in the next "
                    "phase.",
                    "low",
                )
            ],
        )
