"""CRM025 unreviewed-phase: the next phase started without a decision on the last one."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import (
    display,
    display_names,
    is_small,
    pointer,
    recommend,
    size_factor,
)

_STARTED = ("active", "done")


class UnreviewedPhaseSettings(RuleSettings):
    """Thresholds of CRM025."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats the people who finish a phase are the ones who start the next;
    the rule reports nothing (the reviews are still asked for)."""
    large_seats: int = Field(default=1000, ge=1)
    """At this many seats and above, skipping the decision between phases has its full
    impact."""


class UnreviewedPhase(Rule[UnreviewedPhaseSettings]):
    id = "CRM025"
    slug = "unreviewed-phase"
    title = "Next phase started without a decision on the finished one"
    pillar = "process"
    severity = "medium"
    area = "governance"
    settings_model = UnreviewedPhaseSettings
    checks = (
        "Every phase that has started (status `active` or `done`) and every phase it follows "
        "(its `after` list): when that earlier phase is done, whether its `review` records the "
        "decision taken from its results (continue, adjust or stop). A recorded decision to "
        "stop followed by a started phase is reported most strongly. When no decision is "
        "recorded, the rule reports that at less than half that likelihood, saying that no "
        "decision is on record, because the profile cannot tell a review never held from one "
        "not written down. A phase whose own status, or whose predecessor's status, is not "
        "stated is not judged; those facts become open questions. The pillar is process: the "
        "decision point between phases is a step of the program's cycle."
    )
    why = (
        "The decision at the end of a phase is where an incremental program earns its safety: "
        "the measured results are compared with the objectives and the next step is chosen "
        "from facts. Starting the next phase without that decision turns the roadmap into a "
        "plan that runs on regardless, repeating what did not work and spending budget the "
        "results might not justify. Ignoring a recorded decision to stop is worse: it tells "
        "everyone the review was a formality."
    )
    fix = (
        "Before the next phase goes further, have the steering committee review the finished "
        "phase's measured results and lessons and record its decision to continue, adjust or "
        "stop, with the reasons. Where the decision was to stop, either halt the phase that "
        "started or record why the decision changed."
    )
    effort = (
        "Having the steering committee review a finished phase's measured results and record its "
        "decision is **low**: an agenda item at a meeting that takes place anyway. Halting work "
        "that started against the review's decision, or recording a new decision and why it "
        "changed, is **medium**: work already under way has to stop or be justified again."
    )
    risky_example = """\
organization: {name: Linden Dental Supplies, crm_seats: 250}
phases:
  orders: {status: done, review: stop}
  service: {status: active, after: [orders]}
"""
    healthy_example = """\
organization: {name: Linden Dental Supplies, crm_seats: 250}
phases:
  orders: {status: done, review: adjust}
  service: {status: active, after: [orders]}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        # a small firm is asked the same facts, so stating the size never makes the profile
        # look less known; only the findings are left out
        small = is_small(seats, s.min_seats)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.3)
        started_after: dict[str, list[str]] = {}
        reviews: dict[str, str | None] = {}
        for key in sorted(ctx.profile.phases):
            status = ctx.ask(pointer("phases", key, "status"))
            if status is not None and status not in _STARTED:
                continue
            # a phase of unknown status still asks what it would judge about its predecessors
            for earlier in ctx.ask(pointer("phases", key, "after")) or []:
                if earlier not in ctx.profile.phases:
                    continue
                done, review = self._earlier(ctx, earlier, reviews)
                if status is not None and done and review not in ("continue", "adjust"):
                    started_after.setdefault(earlier, []).append(key)
        if small:
            return
        for earlier in sorted(started_after):
            yield self._finding(ctx, earlier, reviews[earlier], started_after[earlier], impact)

    def _earlier(
        self, ctx: Context, key: str, reviews: dict[str, str | None]
    ) -> tuple[bool, str | None]:
        """Whether an earlier phase is known to be done, and its review (asked when it is done
        or its status is not stated)."""
        status = ctx.ask(pointer("phases", key, "status"))
        if status is not None and status != "done":
            return False, None
        reviews[key] = ctx.ask(pointer("phases", key, "review"))
        return status == "done", reviews[key]

    def _finding(
        self, ctx: Context, key: str, review: str | None, later: list[str], impact: float
    ) -> Finding:
        name = display(ctx.profile, node_id("phase", key))
        started = display_names(ctx.profile, [node_id("phase", p) for p in later])
        verb = "has" if len(later) == 1 else "have"
        node = node_id("phase", key)
        # the objectives whose results the missing decision should have weighed
        nodes = [
            node,
            *(node_id("phase", p) for p in later),
            *ctx.graph.successors(node, "advances"),
        ]
        if review == "stop":
            return self.finding(
                f"The review of phase {name} decided to stop, yet {started} {verb} started.",
                likelihood=0.7,
                impact=impact,
                pointers=[pointer("phases", key, "review")],
                nodes=nodes,
                recommendations=[
                    # no profile change: only the steering committee can settle which holds
                    recommend(
                        f"Have the steering committee either halt {started} as the review of "
                        f"phase {name} decided, or record a new decision and why it changed.",
                        "medium",
                    )
                ],
            )
        return self.finding(
            f"No decision to continue, adjust or stop is on record for phase {name}, which is "
            f"done, yet {started} {verb} started.",
            likelihood=0.3,
            impact=impact,
            pointers=[pointer("phases", key, "review")],
            nodes=nodes,
            recommendations=[
                # no profile change: the decision is the committee's to take, not ours to guess
                recommend(
                    f"Have the steering committee review the measured results of phase {name} "
                    "and record its decision to continue, adjust or stop before "
                    f"{started} goes further.",
                    "low",
                )
            ],
        )
