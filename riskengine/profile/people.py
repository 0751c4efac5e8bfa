"""People sections of a profile: organization, sponsor, steering committee, departments, roles."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import (
    HOURS_PER_MONTH,
    MAX_COUNT,
    MAX_PEOPLE,
    Cadence,
    Dedication,
    Engagement,
    Id,
    Level,
    ProfileModel,
    Trend,
)
from riskengine.profile.declare import Fact, Link, Ref

Industry = Literal[
    "manufacturing",
    "retail",
    "wholesale",
    "financial_services",
    "insurance",
    "healthcare",
    "software",
    "professional_services",
    "telecom",
    "utilities",
    "public_sector",
    "nonprofit",
    "education",
    "hospitality",
    "other",
]

Side = Literal["sales", "service", "marketing", "operations", "executive", "finance", "it", "other"]
"""Where in the business a person or department sits."""

RoleKind = Literal[
    "executive",
    "project_manager",
    "program_manager",
    "sme",
    "it_representative",
    "trainer",
    "champion",
    "consultant",
    "system_admin",
    "support",
    "process_advocate",
    "end_user",
]

Sourcing = Literal["in_house", "freelancer", "integrator", "vendor"]


class Organization(ProfileModel):
    """The company rolling out the CRM."""

    name: str = Field(min_length=1)
    """Company name, used in reports."""
    industry: Industry | None = None
    """Industry the company works in."""
    employees: int | None = Field(default=None, ge=1, le=MAX_PEOPLE)
    """Total number of employees."""
    crm_seats: Annotated[int | None, Fact(risky=2000, healthy=5)] = Field(
        default=None, ge=0, le=MAX_PEOPLE
    )
    """How many people will use the CRM (licensed or active seats)."""
    saas: Annotated[bool | None, Fact(risky=True, healthy=False)] = None
    """Whether the CRM is bought as software-as-a-service (customer data held by a third party)."""
    data_sensitivity_reviewed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the sensitivity of customer data held by the provider has been reviewed."""


class Sponsor(ProfileModel):
    """The executive who owns the CRM program and answers for it."""

    entity_kind: ClassVar[str | None] = "sponsor"
    entity_group: ClassVar[str | None] = "Governance"

    name: str | None = None
    """Name or title of the sponsor."""
    side: Annotated[Side | None, Fact(risky="it", healthy="sales")] = None
    """Where the sponsor sits: a customer-facing or general executive is stronger than an IT one."""
    engagement: Annotated[Engagement | None, Fact(risky="absent", healthy="champion")] = None
    """How actively the sponsor backs the program today."""
    trend: Annotated[Trend | None, Fact(risky="fading", healthy="steady")] = None
    """Whether that engagement is growing, holding or fading since kickoff."""
    budget_authority: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the sponsor can approve budget and assign people without asking someone else."""
    communicates: Annotated[Cadence | None, Fact(risky="never", healthy="monthly")] = None
    """How often the sponsor personally tells the organization about the program."""


class SteeringMember(ProfileModel):
    """One seat on the steering committee."""

    item_key: ClassVar[str | None] = "department"

    department: Annotated[Id, Ref("department", "represents", inward=False)]
    """Department the member represents."""
    role: Annotated[Id | None, Ref("role")] = None
    """Role of the member, if listed under roles."""
    hours_per_month: Annotated[float | None, Fact(risky=0.0, healthy=8.0)] = Field(
        default=None, ge=0, le=HOURS_PER_MONTH
    )
    """Time the member really gives to the committee each month."""
    influential: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the member carries weight in the group they represent."""


class SteeringCommittee(ProfileModel):
    """The group that owns the vision, the roadmap and the budget, chaired by the sponsor."""

    entity_kind: ClassVar[str | None] = "steering_committee"
    entity_group: ClassVar[str | None] = "Governance"
    label_field: ClassVar[str | None] = None

    chaired_by_sponsor: Annotated[
        bool | None, Link("sponsor", "chairs"), Fact(risky=False, healthy=True)
    ] = None
    """Whether the sponsor chairs the committee."""
    meets: Annotated[Cadence | None, Fact(risky="never", healthy="monthly")] = None
    """How often the committee meets."""
    members: list[SteeringMember] = Field(default_factory=list)
    """Seats on the committee."""


class Department(ProfileModel):
    """A group of the organization that feeds, uses or benefits from the CRM."""

    entity_kind: ClassVar[str | None] = "department"

    name: str | None = None
    """Display name (defaults to the id)."""
    side: Side | None = None
    """What kind of group this is."""
    headcount: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    """Number of people in the department."""
    customer_facing: bool | None = None
    """Whether the department deals with customers directly."""
    uses_crm: bool | None = None
    """Whether its staff will feed or use the CRM."""
    has_access: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether its staff are given access to the CRM (licences, permissions)."""
    consulted_on_design: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether its front-line staff were consulted when processes and screens were designed."""
    burden: Annotated[Level | None, Fact(risky="high", healthy="none")] = None
    """Extra work the CRM puts on this department: data entry, process change."""
    value: Annotated[Level | None, Fact(risky="none", healthy="high")] = None
    """Benefit the CRM returns to this department itself."""
    tools: Annotated[list[Id], Ref("data_source", "serves")] = Field(default_factory=list)
    """Ids of data sources (tools) this department's staff rely on every day."""


class Role(ProfileModel):
    """A group of people with one function in the project or in daily use of the CRM."""

    entity_kind: ClassVar[str | None] = "role"

    name: str | None = None
    """Display name (defaults to the id)."""
    kind: RoleKind | None = None
    """Function of the role in the program."""
    department: Annotated[
        Id | None,
        Ref("department", "staffs"),
        Ref("department", "represents", inward=False, when="involved_in_planning"),
    ] = None
    """Department the role belongs to."""
    count: int | None = Field(default=None, ge=0, le=MAX_PEOPLE)
    """Number of people in this role."""
    involved_in_planning: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether people in this role take part in planning and decisions."""
    dedication: Annotated[Dedication | None, Fact(risky="none", healthy="full_time")] = None
    """Time given to the CRM program (for project roles)."""
    sourcing: Sourcing | None = None
    """Where the people come from: employees, freelancers, an integrator or the vendor."""
    crm_projects_done: Annotated[int | None, Fact(risky=0, healthy=3)] = Field(
        default=None, ge=0, le=MAX_COUNT
    )
    """Earlier CRM projects this role's people have worked on."""
    documents_knowledge: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether what this role learns and builds is written down for those who come after."""
    trained: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether people in this role have been trained on the CRM (delivered, not planned)."""
