"""CRM038 unmanaged-releases: a live system changed without releases or a managed backlog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Recommendation, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, ramp, recommend, set_, size_factor

RELEASES = "/support/release_process"
BACKLOG = "/support/backlog_managed"
PILE = "/support/open_change_requests"


class UnmanagedReleasesSettings(RuleSettings):
    """Thresholds of CRM038."""

    min_seats: int = Field(default=25, ge=0)
    """Below this many seats the administrator and the few users agree changes at the desk; the
    rule stays quiet."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, unmanaged change has its full impact."""
    requests_per_100_seats: float = Field(default=20.0, gt=0)
    """Open change requests per 100 seats from which they count as piling up (the seats are
    capped at `large_seats`, and an unknown size counts as `large_seats`)."""
    min_pile: int = Field(default=15, ge=1)
    """However small the rollout, fewer open change requests than this never count as a pile."""


@dataclass(frozen=True)
class _Practice:
    """One practice of changing a live system, with its wording."""

    at: str
    gap: str
    unknown: str
    action: str


PRACTICES = (
    _Practice(
        RELEASES,
        "Changes reach users of the live system without a release process",
        "Nobody has stated whether changes reach users of the live system through a release "
        "process",
        "Set up a release process for the live system: changes bundled into planned releases, "
        "tested before they ship, announced, and trained where users need it.",
    ),
    _Practice(
        BACKLOG,
        "Change requests for the live system are not collected and prioritised in one backlog",
        "Nobody has stated whether change requests for the live system are collected and "
        "prioritised in one backlog",
        "Keep every change request in one backlog that the system's owner prioritises with "
        "the business, and decide each waiting request: schedule it, merge it or turn it down.",
    ),
)


class UnmanagedReleases(Rule[UnmanagedReleasesSettings]):
    id = "CRM038"
    slug = "unmanaged-releases"
    title = "Live system changed without releases or a managed backlog"
    area = "support"
    pillar = "process"
    severity = "high"
    settings_model = UnmanagedReleasesSettings
    checks = (
        "Once the system is live: whether changes reach users through a release process "
        "(`support.release_process`) and whether change requests are collected, prioritised "
        "and decided in one backlog (`support.backlog_managed`), weighed by how many change "
        "requests are waiting (`support.open_change_requests`) against the size of the "
        "rollout: more than `requests_per_100_seats` per 100 seats (at least `min_pile`) "
        "counts as piling up. A missing practice is high while requests pile up, medium "
        "otherwise.\n\n"
        "Stage: before go-live there are no live changes to manage and the rule stays quiet "
        "(environments and promotion between them are CRM017's subject); when the stage is "
        "not stated the facts are asked but not judged.\n\n"
        "Unknowns: an unstated practice is an open question, except when requests are known "
        "to pile up: then the rule reports, at half the likelihood, that nobody has stated "
        "whether the practice exists. An unstated number of waiting requests adds no weight "
        "(it counts as no pile). An unknown size counts as not small, and as large when "
        "judging the pile."
    )
    why = (
        "A CRM in use collects requests from the first week: a missing field, a new report, "
        "a broken step. Without a release process each change goes straight into the system "
        "people work in, untested and unannounced, and users meet surprises that break "
        "their trust. Without a backlog, requests are lost or handled by whoever shouts "
        "loudest; the queue grows, users learn that asking is pointless, and they build "
        "spreadsheets around the system instead."
    )
    fix = (
        "Run changes through planned releases: collected in one backlog, prioritised with "
        "the business by the system's owner, tested, announced and trained. Go through the "
        "requests already waiting and decide each one, so the backlog means something again."
    )
    effort = (
        "Both actions are **medium**, however many requests are waiting: a release process means "
        "bundling changes, testing and announcing each release and training where users need it; a "
        "managed backlog means gathering every request in one place and deciding each one with the "
        "business, starting with those already waiting."
    )
    risky_example = """\
organization: {name: Saltmarsh Logistics, crm_seats: 240}
lifecycle: {stage: live}
support: {release_process: false, backlog_managed: false, open_change_requests: 160}
"""
    healthy_example = """\
organization: {name: Saltmarsh Logistics, crm_seats: 240}
lifecycle: {stage: live}
support: {release_process: true, backlog_managed: true, open_change_requests: 30}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        if is_small(seats, s.min_seats):
            return
        stage = ctx.stage
        if stage in ("planning", "implementing"):
            return  # nothing is live to change yet
        stated: dict[str, bool | None] = {p.at: ctx.ask(p.at) for p in PRACTICES}
        pile: int | None = ctx.ask(PILE)
        if stage != "live":
            return  # asked, so the stage and these facts become open questions together
        counted = min(seats if seats is not None else s.large_seats, s.large_seats)
        threshold = max(float(s.min_pile), s.requests_per_100_seats * counted / 100)
        ratio = pile / threshold if pile is not None else 0.0
        piling = ratio >= 1
        weight = ramp(ratio, 0.25, 2.0)
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.5)
        for practice in PRACTICES:
            value = stated[practice.at]
            if value is True or (value is None and not piling):
                continue
            likelihood = 0.5 + 0.35 * weight
            severity: Severity
            if value is None:
                message, likelihood, severity = practice.unknown, likelihood / 2, "medium"
            else:
                message, severity = practice.gap, "high" if piling else "medium"
            if piling:
                message += f", and {pile} change requests are waiting"
            yield self.finding(
                message + ".",
                likelihood=likelihood,
                impact=impact,
                pointers=[practice.at, PILE],
                severity=severity,
                recommendations=[_recommendation(practice, pile if piling else None)],
            )


def _recommendation(practice: _Practice, pile: int | None) -> Recommendation:
    """Set the practice up: the real work, in the support section."""
    action = practice.action
    if pile is not None and practice.at == BACKLOG:
        action += f" Start with the {pile} requests waiting now."
    return recommend(action, "medium", set_(practice.at, True))
