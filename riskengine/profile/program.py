"""Program sections: strategy, roadmap, training, environments, operations, expectations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import (
    MAX_COUNT,
    MAX_HOURS,
    MAX_MEASURE,
    MAX_MONTHS,
    MAX_WEEKS,
    Cadence,
    Id,
    ProfileModel,
)
from riskengine.profile.declare import Fact, Ref, none_or

EnvironmentName = Literal["development", "test", "training", "production"]


Stage = Literal["planning", "implementing", "live"]
"""Where a program stands: before build, building toward go-live, or in use."""


class Lifecycle(ProfileModel):
    """Where the program stands: rules judge plans before go-live and operations after it."""

    stage: Stage | None = None
    """Where the program is: planning, implementing, or live (in use since go-live)."""
    go_live: dt.date | None = None
    """The go-live date: planned before go-live, actual once live."""
    months_live: float | None = Field(default=None, ge=0, le=MAX_MONTHS)
    """When live, how many months since go-live (worked out from the go-live date if left out)."""


class Metric(ProfileModel):
    """A measure of progress toward an objective."""

    item_key: ClassVar[str | None] = "name"

    name: str = Field(min_length=1)
    """What is measured."""
    baseline: float | None = Field(default=None, ge=-MAX_MEASURE, le=MAX_MEASURE)
    """Value before the program started (needed to show change)."""
    target: float | None = Field(default=None, ge=-MAX_MEASURE, le=MAX_MEASURE)
    """Value the program aims for."""
    actual: float | None = Field(default=None, ge=-MAX_MEASURE, le=MAX_MEASURE)
    """The latest measured value."""
    measured_on: dt.date | None = None
    """When the latest value was measured."""
    unit: str | None = None
    """Unit of the measure."""


class Objective(ProfileModel):
    """A measurable goal the CRM program serves."""

    entity_kind: ClassVar[str | None] = "objective"
    label_field: ClassVar[str | None] = "description"

    description: str = Field(min_length=1)
    """What the organization wants to achieve."""
    metrics: list[Metric] = Field(default_factory=list)
    """How progress is measured."""
    owner: Annotated[Id | None, Ref("role", "accountable_for")] = None
    """Role accountable for the objective."""
    reviewed_in_management: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether results are reviewed by management and change its decisions (a closed loop)."""


class Strategy(ProfileModel):
    """Why the organization is implementing a CRM."""

    vision: str | None = None
    """One or two sentences on what the CRM changes for customers and the business."""
    motive: Annotated[
        Literal["strategy", "bandwagon", "vendor_push", "replacement"] | None,
        Fact(risky="bandwagon", healthy="strategy"),
    ] = None
    """What started the program: strategy, fashion, a vendor push, or replacing an old tool."""
    target_customers_defined: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the customers that matter most have been defined."""


class Pilot(ProfileModel):
    """A representative group that uses each phase first."""

    roles: Annotated[list[Id], Ref("role", "pilots")] = Field(default_factory=list)
    """Roles in the pilot group."""
    observed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the pilot is watched with test cases and its results measured."""


class Phase(ProfileModel):
    """One step of the roadmap, each meant to leave a working system."""

    entity_kind: ClassVar[str | None] = "phase"

    name: str | None = None
    """Display name (defaults to the id)."""
    processes: Annotated[list[Id], Ref("process", "delivers", inward=False)] = Field(
        default_factory=list
    )
    """Processes the phase delivers."""
    features: Annotated[int | None, Fact(risky=60, healthy=3)] = Field(
        default=None, ge=0, le=MAX_COUNT
    )
    """Number of features or modules delivered in the phase."""
    duration_months: Annotated[float | None, Fact(risky=24.0, healthy=3.0)] = Field(
        default=None, gt=0, le=MAX_MONTHS
    )
    """Planned length of the phase."""
    objectives: Annotated[list[Id], Ref("objective", "advances", inward=False)] = Field(
        default_factory=list
    )
    """Objectives the phase moves forward."""
    success_measures: list[str] = Field(default_factory=list)
    """How the phase's success is judged."""
    pilot: none_or(Pilot) = None  # type: ignore[valid-type]
    """Pilot group for the phase; ``false`` when the phase has none."""
    after: Annotated[list[Id], Ref("phase", "precedes")] = Field(default_factory=list)
    """Phases that must finish first."""
    status: Literal["planned", "active", "done"] | None = None
    """Where the phase stands: planned, active (being delivered) or done."""
    lessons_learned: list[str] = Field(default_factory=list)
    """What the phase taught, written down once it is done."""
    review: Annotated[
        Literal["continue", "adjust", "stop"] | None, Fact(risky="stop", healthy="continue")
    ] = None
    """The decision taken from the phase's measured results: continue, adjust, or stop."""


class Training(ProfileModel):
    """How people learn to use the CRM, at go-live and afterwards (the plan)."""

    initial: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether users are (to be) trained before they get the system."""
    new_hires: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether new employees are trained as they arrive."""
    feature_changes: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether users are trained on each new feature or change."""
    hours_per_user: Annotated[float | None, Fact(risky=0.0, healthy=8.0)] = Field(
        default=None, ge=0, le=MAX_HOURS
    )
    """Training time planned per user at go-live."""
    format: Annotated[
        Literal["hands_on", "classroom", "webinar", "self_study"] | None,
        Fact(risky="webinar", healthy="hands_on"),
    ] = None
    """How users are trained: hands-on in their own processes, classroom, webinar, self-study."""
    weeks_before_go_live: Annotated[float | None, Fact(risky=0.0, healthy=2.0)] = Field(
        default=None, ge=0, le=MAX_WEEKS
    )
    """How many weeks before go-live users are trained (too early is forgotten, too late is
    squeezed)."""


class Environments(ProfileModel):
    """Technical environments and how changes move between them."""

    available: list[EnvironmentName] = Field(default_factory=list)
    """Environments that exist."""
    promotion_process: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether changes move from development through test to production by a defined process."""
    refresh_process: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether test and training environments are refreshed from production data."""


class Communication(ProfileModel):
    """How the program tells the organization what is happening and why."""

    kickoff: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the program was announced at a kickoff."""
    cadence: Annotated[Cadence | None, Fact(risky="never", healthy="monthly")] = None
    """How often status against the goals is shared after kickoff."""
    from_sponsor: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the messages come from the sponsor."""
    explains_benefits: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether messages say what each group gains."""


class Operations(ProfileModel):
    """What keeps the CRM alive after go-live."""

    support: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether users have a help desk or support people to ask."""
    system_admin: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether someone administers the system."""
    process_support: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether someone advises when a new process could use the CRM."""
    enhancement_roadmap: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a roadmap for enhancements after go-live."""
    initial_data_load: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether filling the system with its starting data is planned (or done)."""


class Expectations(ProfileModel):
    """What executives and staff have been led to expect."""

    payback_expected_months: Annotated[float | None, Fact(risky=3.0, healthy=36.0)] = Field(
        default=None, ge=0, le=MAX_MONTHS
    )
    """When executives expect the program to pay back, in months."""
    staff_told_of_friction: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether staff were told honestly that the change will be hard at first."""
    executives_briefed_on_timeline: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether executives have agreed to the realistic timeline."""


class Scope(ProfileModel):
    """How much the program takes on at once."""

    big_bang: Annotated[bool | None, Fact(risky=True, healthy=False)] = None
    """Whether everything goes live at once rather than phase by phase."""
    total_months: Annotated[float | None, Fact(risky=48.0, healthy=12.0)] = Field(
        default=None, gt=0, le=MAX_MONTHS
    )
    """Planned length of the whole program."""
    stakeholder_groups: Annotated[int | None, Fact(risky=10, healthy=1)] = Field(
        default=None, ge=1, le=MAX_COUNT
    )
    """Number of groups with their own agenda for the program."""
    conflicting_goals: Annotated[bool | None, Fact(risky=True, healthy=False)] = None
    """Whether those groups pull in different directions."""


class AcceptedRisk(ProfileModel):
    """A finding the team has looked at and decided to live with, for now."""

    rule: str = Field(min_length=1)
    """Rule id (for example CRM004) or slug."""
    pointer: str | None = None
    """Evidence pointer the acceptance is limited to; all findings of the rule when absent."""
    reason: str = Field(min_length=1)
    """Why the risk is accepted."""
    owner: str = Field(min_length=1)
    """Who accepted it."""
    expires: dt.date
    """Date after which the acceptance no longer applies."""
