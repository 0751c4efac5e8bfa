"""CRM039 unreviewed-security: access not designed by role, customer data hosted unreviewed."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding, Severity
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, recommend, set_, size_factor

ACCESS = "/security/role_based_access"
REVIEW = "/security/privacy_review"
HOSTING = "/security/hosting"

EXPOSURE: dict[str | None, float] = {
    "offshore": 0.85,
    "third_party": 0.7,
    "domestic_cloud": 0.5,
    None: 0.5,
    "on_premises": 0.4,
}
"""Likelihood that a solution never reviewed for security and privacy harms its customers'
data, by where that data is hosted (None: not stated)."""

AWAY = {"offshore": "offshore", "third_party": "by a third party"}
"""Hosting that puts customer data outside the company's own control, as the messages say it."""


class UnreviewedSecuritySettings(RuleSettings):
    """Thresholds of CRM039."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats everyone may see everything, a mainstream hosted service is the
    norm and the firm's own review is a conversation; only customer data hosted offshore is
    judged."""
    large_seats: int = Field(default=500, ge=1)
    """At this many seats and above, unreviewed security has its full impact, and access not
    designed by role is high."""


class UnreviewedSecurity(Rule[UnreviewedSecuritySettings]):
    id = "CRM039"
    slug = "unreviewed-security"
    title = "Access not designed by role, or security and hosting never reviewed"
    area = "security"
    pillar = "technology"
    severity = "high"
    settings_model = UnreviewedSecuritySettings
    checks = (
        "Two things about who can reach the customer data (`security`). Whether access "
        "rights are designed by role (`role_based_access`) rather than granted person by "
        "person: medium, high from `large_seats` on. And whether a security and privacy "
        "review of the solution was done (`privacy_review`), weighed by where the customer "
        "data is hosted (`hosting`): most likely to hurt offshore, then with a third party, "
        "then in a domestic cloud, least on the company's own premises; high when the data "
        "sits offshore or with a third party, medium otherwise. Whether the sensitivity of "
        "the data held by a hosted (SaaS) provider was reviewed is CRM022's subject and is "
        "not repeated here.\n\n"
        "Unknowns: an unstated access design or review is an open question, except that "
        "customer data known to be hosted offshore or by a third party with no review stated "
        "is reported at half the likelihood, saying that nobody has stated whether a review "
        "was done. An unstated hosting location weighs like a domestic cloud. An unknown "
        "size counts as not small; below `min_seats` only data hosted offshore is judged. Once "
        "live, the advice is to review the data already hosted."
    )
    why = (
        "A CRM gathers the company's most valuable and most regulated data in one place. "
        "Access granted person by person grows into a tangle nobody can audit: people who "
        "moved on keep their rights, and every departure is a leak waiting to happen. Data "
        "hosted offshore or by a third party falls under another jurisdiction's rules and "
        "another company's controls; without a security and privacy review, the program "
        "learns what that means from a regulator, a breach or a customer's lawyer, and may "
        "have to move the data late and at great cost."
    )
    fix = (
        "Design access by role: what each role may see and change, granted through the role "
        "and reviewed when people move. Have a security and privacy review of the solution "
        "done before real customer data is loaded, covering where the data is hosted, which "
        "laws apply there, transfer terms, and the host's own controls."
    )
    effort = (
        "Both actions are **medium**: a security and privacy review needs a specialist to examine "
        "where the data sits, which laws apply there, the transfer terms and the host's controls; "
        "designing access by role means defining what each role may see and change and, once live, "
        "moving every user onto a role and removing the rights granted one by one."
    )
    risky_example = """\
organization: {name: Kestrel Insurance Brokers, crm_seats: 320}
security: {role_based_access: false, privacy_review: false, hosting: offshore}
"""
    healthy_example = """\
organization: {name: Kestrel Insurance Brokers, crm_seats: 320}
security: {role_based_access: true, privacy_review: true, hosting: offshore}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        seats = ctx.seats
        small = is_small(seats, s.min_seats)
        hosting: str | None = ctx.ask(HOSTING)
        reviewed: bool | None = ctx.ask(REVIEW)
        access: bool | None = None if small else ctx.ask(ACCESS)
        live = ctx.stage == "live"
        impact = size_factor(seats, s.min_seats, s.large_seats, floor=0.5)
        if reviewed is not True and (not small or hosting == "offshore"):
            finding = self._review(hosting, reviewed, impact, live)
            if finding is not None:
                yield finding
        if access is False:
            large = seats is not None and seats >= s.large_seats
            yield self._access(impact, large, live)

    def _review(
        self, hosting: str | None, reviewed: bool | None, impact: float, live: bool
    ) -> Finding | None:
        away = AWAY.get(hosting or "")
        likelihood = EXPOSURE[hosting]
        severity: Severity = "high" if away else "medium"
        where = f"Customer data {'is' if live else 'will be'} hosted {away}" if away else ""
        if reviewed is None:
            if not away:
                return None  # an open question
            # at most half the likelihood of a known missing review, and never its severity
            message = (
                f"{where}, and nobody has stated whether a security and privacy review of "
                "the solution was done."
            )
            likelihood, severity = likelihood / 2, "medium"
        elif away:
            message = f"{where}, and no security and privacy review of the solution was done."
        else:
            message = "No security and privacy review of the solution was done."
        if live:
            action = (
                "Have a security and privacy review done now of the data already hosted: "
                "where it sits, which laws apply there, transfer terms and the host's "
                "controls, and act on what it finds."
            )
        else:
            action = (
                "Have a security and privacy review of the solution done before real customer "
                "data is loaded: where the data will sit, which laws apply there, transfer "
                "terms and the host's controls."
            )
        return self.finding(
            message,
            likelihood=likelihood,
            impact=impact,
            pointers=[REVIEW, HOSTING],
            severity=severity,
            recommendations=[recommend(action, "medium", set_(REVIEW, True))],
        )

    def _access(self, impact: float, large: bool, live: bool) -> Finding:
        if live:
            action = (
                "Redesign access by role: define what each role may see and change, move "
                "every user onto a role, and remove the rights granted one by one."
            )
        else:
            action = (
                "Design access by role before go-live: define what each role may see and "
                "change, and grant access only through the roles."
            )
        return self.finding(
            "Access to the CRM is granted person by person rather than designed by role, "
            "so nobody can say who sees which customer data.",
            likelihood=0.55,
            impact=impact,
            pointers=[ACCESS],
            severity="high" if large else "medium",
            recommendations=[recommend(action, "medium", set_(ACCESS, True))],
        )
