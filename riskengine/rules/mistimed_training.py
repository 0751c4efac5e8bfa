"""CRM043 mistimed-training: training that is not hands-on, or falls at the wrong time."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, ramp, recommend, set_, size_factor

FORMAT = "/training/format"
WEEKS = "/training/weeks_before_go_live"

FORMAT_LIKELIHOOD: dict[str, float] = {
    "self_study": 0.7,
    "webinar": 0.6,
    "classroom": 0.3,
    "hands_on": 0.0,
}
"""How likely each format leaves users unable to run their own processes."""


class MistimedTrainingSettings(RuleSettings):
    """Thresholds of CRM043."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats people learn the system together at their desks; the rule stays
    quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, mistimed or remote training has its full impact."""
    min_weeks: float = Field(default=1.0, ge=0)
    """Training less than this many weeks before go-live is squeezed into the last days."""
    max_weeks: float = Field(default=4.0, ge=0)
    """Training more than this many weeks before go-live starts to be forgotten."""
    forgotten_weeks: float = Field(default=12.0, ge=0)
    """Training this many weeks or more before go-live is mostly forgotten by go-live."""


class MistimedTraining(Rule[MistimedTrainingSettings]):
    id = "CRM043"
    slug = "mistimed-training"
    title = "Training in the wrong form or at the wrong time"
    area = "training"
    pillar = "process"
    severity = "medium"
    settings_model = MistimedTrainingSettings
    checks = (
        "How and when users are trained for go-live. The format (`training.format`): a "
        "webinar or self-study is reported, a classroom session lightly, hands-on training in "
        "the user's own processes not at all. The timing (`training.weeks_before_go_live`): "
        "less than `min_weeks` is squeezed into the last days, more than `max_weeks` is "
        "forgotten by go-live (most likely from `forgotten_weeks` on). Whether training is "
        "planned at all, how many hours, and training for new hires are CRM004's subjects and "
        "not judged here.\n\n"
        "Stage: judged before go-live only (planning, implementing, or stage not stated); once "
        "live the go-live training is history and the rule stays quiet.\n\n"
        "Unknowns: an unstated format or timing is an open question and produces no finding. "
        "An unknown size counts as neither small nor large."
    )
    why = (
        "People learn a system by doing their own work in it. A webinar or a self-study "
        "module shows screens, not the customer call or the quote they handle every day, so "
        "on go-live day they cannot find their way and fall back on old habits. Timing "
        "matters as much: training given months ahead is forgotten by the time the system "
        "arrives, and training crammed into the last days competes with the go-live rush and "
        "is cut short. Either way users meet the system unprepared, which weighs medium; it "
        "compounds the bigger training gaps CRM004 looks at."
    )
    fix = (
        "Train each group hands-on, in a training environment, on its own processes and "
        "realistic data, led by a trainer or champion who knows the work. Schedule it one to "
        "four weeks before that group goes live, and leave time after it for questions and "
        "practice."
    )
    effort = (
        "Moving training to a few weeks before each group goes live is **low**: the same sessions "
        "on new dates. Switching to hands-on training in a training environment on realistic data "
        "is **medium**: exercises to write per process, an environment with data to prepare, and "
        "trainers who know the work."
    )
    risky_example = """\
organization: {name: Pelham Dental Supply, crm_seats: 160}
lifecycle: {stage: implementing}
training: {format: webinar, weeks_before_go_live: 10}
"""
    healthy_example = """\
organization: {name: Pelham Dental Supply, crm_seats: 160}
lifecycle: {stage: implementing}
training: {format: hands_on, weeks_before_go_live: 2}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        if ctx.stage == "live":
            return  # the go-live training is history; CRM004 judges training once live
        size = size_factor(seats, s.min_seats, s.large_seats, floor=0.4)
        form: str | None = ctx.ask(FORMAT)
        weeks: float | None = ctx.ask(WEEKS)
        if form is not None and FORMAT_LIKELIHOOD[form] > 0:
            yield self.finding(
                {
                    "self_study": "Users are left to teach themselves the CRM from "
                    "self-study material rather than practising their own processes.",
                    "webinar": "Users are trained by webinar, watching screens rather than "
                    "doing their own work in the CRM.",
                    "classroom": "Users are trained in a classroom on generic examples rather "
                    "than hands-on in their own processes.",
                }[form],
                likelihood=FORMAT_LIKELIHOOD[form],
                impact=size,
                pointers=[FORMAT],
                severity="low" if form == "classroom" else None,
                recommendations=[
                    recommend(
                        "Train each group hands-on in a training environment, on its own "
                        "processes and realistic data, led by someone who knows the work.",
                        "medium",
                        set_(FORMAT, "hands_on"),
                    )
                ],
            )
        if weeks is None:
            return
        target = min(max(2.0, s.min_weeks), s.max_weeks)
        if weeks < s.min_weeks:
            when = "for the go-live week itself" if weeks == 0 else f"only {weeks:g} weeks ahead"
            yield self.finding(
                f"Training is planned {when}, squeezed into the last days before go-live "
                "when everyone is busy with the switch.",
                likelihood=0.35 + 0.3 * (1 - ramp(weeks, 0, s.min_weeks)),
                impact=size,
                pointers=[WEEKS],
                recommendations=[self._reschedule(target)],
            )
        elif weeks > s.max_weeks:
            yield self.finding(
                f"Training is planned {weeks:g} weeks before go-live; by the time the system "
                "arrives much of it will be forgotten.",
                likelihood=0.3 + 0.35 * ramp(weeks, s.max_weeks, s.forgotten_weeks),
                impact=size,
                pointers=[WEEKS],
                recommendations=[self._reschedule(target)],
            )

    def _reschedule(self, target: float) -> Recommendation:
        return recommend(
            f"Move each group's training to about {target:g} weeks before it goes live, with "
            "time afterwards for questions and practice.",
            "low",
            set_(WEEKS, target),
        )
