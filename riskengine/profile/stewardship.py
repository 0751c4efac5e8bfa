"""Stewardship sections of a profile: governance, risks, change, support, security, staffing."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import MAX_COUNT, Id, ProfileModel
from riskengine.profile.declare import Fact, Ref


class Governance(ProfileModel):
    """The mechanics by which the steering committee keeps the program under control."""

    risk_register: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether program risks are kept in a register the steering committee reviews."""
    stage_gates: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether each phase passes a review before the next one starts."""
    design_authority: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether one body decides design questions that cut across groups."""
    change_control: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether scope changes go through a change-control decision."""
    budget_status: Annotated[
        Literal["approved", "under_review", "cut"] | None,
        Fact(risky="cut", healthy="approved"),
    ] = None
    """Whether the program's budget is approved, under review, or was cut."""


class RiskEntry(ProfileModel):
    """One risk in the program's register."""

    entity_kind: ClassVar[str | None] = "risk"
    label_field: ClassVar[str | None] = "description"

    description: str = Field(min_length=1)
    """What could go wrong."""
    owner: Annotated[Id | None, Ref("role", "watches")] = None
    """Role that watches the risk and acts on it."""
    mitigation: str | None = None
    """What is being done about it."""
    status: Literal["open", "closed"] | None = None
    """Whether the risk is still open."""


class ChangeManagement(ProfileModel):
    """How people are brought from the old ways of working to the new ones."""

    owner: Annotated[Id | None, Ref("role")] = None
    """Role that owns the change (people, not the system)."""
    readiness_assessed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the organization's readiness for the change was assessed."""
    resistance_plan: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a plan for the groups expected to resist."""
    incentives_aligned: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether incentives and commission reward using the CRM, not keeping contacts private."""
    adoption_measured: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether use of the system is measured after go-live (logins, records kept current)."""


class SupportModel(ProfileModel):
    """How the live system is owned, supported and changed."""

    owner: Annotated[Id | None, Ref("role")] = None
    """Role that owns the system once it is live."""
    service_levels: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether support has agreed service levels and an escalation path."""
    release_process: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether changes reach users through a planned release process."""
    backlog_managed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether change requests are collected, prioritised and decided in one backlog."""
    open_change_requests: Annotated[int | None, Fact(risky=300, healthy=0)] = Field(
        default=None, ge=0, le=MAX_COUNT
    )
    """Change requests waiting for a decision or a release."""


class Security(ProfileModel):
    """Who may see what, and where customer data lives."""

    role_based_access: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether access rights are designed by role rather than granted person by person."""
    privacy_review: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether a security and privacy review of the solution was done."""
    hosting: Annotated[
        Literal["on_premises", "domestic_cloud", "third_party", "offshore"] | None,
        Fact(risky="offshore", healthy="on_premises"),
    ] = None
    """Where customer data is hosted: in house, with a domestic cloud, a third party, offshore."""


class Staffing(ProfileModel):
    """What happens to the people who build and use the system over time."""

    staff_turnover_pct: Annotated[float | None, Fact(risky=40.0, healthy=5.0)] = Field(
        default=None, ge=0, le=100
    )
    """Share of CRM users who leave each year (training and champions leave with them)."""
    experts_available_pct: Annotated[float | None, Fact(risky=10.0, healthy=80.0)] = Field(
        default=None, ge=0, le=100
    )
    """Share of their time the in-house experts really give the project."""
    integrator_staffing: Annotated[
        Literal["junior", "mixed", "senior"] | None, Fact(risky="junior", healthy="senior")
    ] = None
    """Experience of the people an integrator puts on the project."""
    knowledge_handover: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the integrator's knowledge is handed over and written down before it leaves."""
    maintenance_contract: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a maintenance contract for what the integrator built."""
