"""Program sections: strategy, roadmap, training, environments, operations, expectations."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import Cadence, Id, ProfileModel
from riskengine.profile.declare import Ref

EnvironmentName = Literal["development", "test", "training", "production"]


class Metric(ProfileModel):
    """A measure of progress toward an objective."""

    item_key: ClassVar[str | None] = "name"

    name: str = Field(min_length=1)
    """What is measured."""
    baseline: float | None = None
    """Value before the program started (needed to show change)."""
    target: float | None = None
    """Value the program aims for."""
    unit: str = ""
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
    reviewed_in_management: bool = False
    """Whether results are reviewed by management and change its decisions (a closed loop)."""


class Strategy(ProfileModel):
    """Why the organization is implementing a CRM."""

    vision: str = ""
    """One or two sentences on what the CRM changes for customers and the business."""
    motive: Literal["strategy", "bandwagon", "vendor_push", "replacement"] = "strategy"
    """What started the program: strategy, fashion, a vendor push, or replacing an old tool."""
    target_customers_defined: bool = True
    """Whether the customers that matter most have been defined."""


class Pilot(ProfileModel):
    """A representative group that uses each phase first."""

    roles: Annotated[list[Id], Ref("role", "pilots")] = Field(default_factory=list)
    """Roles in the pilot group."""
    observed: bool = True
    """Whether the pilot is watched with test cases and its results measured."""


class Phase(ProfileModel):
    """One step of the roadmap, each meant to leave a working system."""

    entity_kind: ClassVar[str | None] = "phase"

    name: str = ""
    """Display name (defaults to the id)."""
    processes: Annotated[list[Id], Ref("process", "delivers", inward=False)] = Field(
        default_factory=list
    )
    """Processes the phase delivers."""
    features: int = Field(default=0, ge=0)
    """Number of features or modules delivered in the phase."""
    duration_months: float = Field(default=3.0, gt=0)
    """Planned length of the phase."""
    objectives: Annotated[list[Id], Ref("objective", "advances", inward=False)] = Field(
        default_factory=list
    )
    """Objectives the phase moves forward."""
    success_measures: list[str] = Field(default_factory=list)
    """How the phase's success is judged."""
    pilot: Pilot | None = None
    """Pilot group for the phase, if any."""
    after: Annotated[list[Id], Ref("phase", "precedes")] = Field(default_factory=list)
    """Phases that must finish first."""
    status: Literal["planned", "active", "done"] = "planned"
    """Where the phase stands."""


class Training(ProfileModel):
    """How people learn to use the CRM, at go-live and afterwards."""

    initial: bool = True
    """Whether users are trained before they get the system."""
    new_hires: bool = False
    """Whether new employees are trained as they arrive."""
    feature_changes: bool = False
    """Whether users are trained on each new feature or change."""
    hours_per_user: float = Field(default=4.0, ge=0)
    """Training time planned per user at go-live."""


class Environments(ProfileModel):
    """Technical environments and how changes move between them."""

    available: list[EnvironmentName] = Field(default_factory=lambda: ["production"])  # type: ignore[arg-type]
    """Environments that exist."""
    promotion_process: bool = False
    """Whether changes move from development through test to production by a defined process."""
    refresh_process: bool = False
    """Whether test and training environments are refreshed from production data."""


class Communication(ProfileModel):
    """How the program tells the organization what is happening and why."""

    kickoff: bool = True
    """Whether the program was announced at a kickoff."""
    cadence: Cadence = "monthly"
    """How often status against the goals is shared after kickoff."""
    from_sponsor: bool = True
    """Whether the messages come from the sponsor."""
    explains_benefits: bool = True
    """Whether messages say what each group gains."""


class Operations(ProfileModel):
    """What keeps the CRM alive after go-live."""

    support: bool = False
    """A help desk or support people users can ask."""
    system_admin: bool = False
    """Someone administers the system."""
    process_support: bool = False
    """Someone advises when a new process could use the CRM."""
    enhancement_roadmap: bool = False
    """A roadmap for enhancements after go-live."""
    initial_data_load: bool = True
    """Whether filling the system with its starting data is planned."""


class Expectations(ProfileModel):
    """What executives and staff have been led to expect."""

    payback_expected_months: float | None = Field(default=None, ge=0)
    """When executives expect the program to pay back."""
    staff_told_of_friction: bool = True
    """Whether staff were told honestly that the change will be hard at first."""
    executives_briefed_on_timeline: bool = True
    """Whether executives have agreed to the realistic timeline."""


class Scope(ProfileModel):
    """How much the program takes on at once."""

    big_bang: bool = False
    """Whether everything goes live at once rather than phase by phase."""
    total_months: float | None = Field(default=None, gt=0)
    """Planned length of the whole program."""
    stakeholder_groups: int = Field(default=1, ge=1)
    """Number of groups with their own agenda for the program."""
    conflicting_goals: bool = False
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
