"""Process and data sections of a profile: processes, data sources and data fields."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import MAX_RECORDS, Id, ProfileModel
from riskengine.profile.declare import Fact, Ref

ProcessKind = Literal["business", "maintenance"]

ProcessArea = Literal[
    "sales",
    "marketing",
    "service",
    "self_service",
    "segmentation",
    "escalation",
    "communication",
    "scheduling",
    "reporting",
    "training",
    "system_maintenance",
    "process_support",
    "enhancement",
    "support",
    "other",
]

SourceKind = Literal[
    "erp",
    "order_system",
    "marketing_list",
    "sales_database",
    "support_database",
    "spreadsheet",
    "address_book",
    "calendar",
    "email",
    "website",
    "legacy_crm",
    "telephony",
    "web_shop",
    "other",
]

DataPlan = Literal["none", "migrate", "integrate", "retire"]
PlanStatus = Literal["planned", "in_progress", "done"]
FieldStatus = Literal["captured", "dropped", "never_captured"]


class Process(ProfileModel):
    """A business process the CRM changes, or a process that keeps the CRM alive."""

    entity_kind: ClassVar[str | None] = "process"

    name: str | None = None
    """Display name (defaults to the id)."""
    kind: ProcessKind | None = None
    """Business process (serves customers) or maintenance process (keeps the CRM running)."""
    area: ProcessArea | None = None
    """What the process is about."""
    owner: Annotated[Id | None, Ref("role", "owns")] = None
    """Role that owns the process."""
    performed_by: Annotated[list[Id], Ref("role", "performs")] = Field(default_factory=list)
    """Roles whose people carry out the process."""
    needs_fields: Annotated[list[Id], Ref("field", "feeds")] = Field(default_factory=list)
    """Data fields the process reads or decides on."""
    needs_sources: Annotated[list[Id], Ref("data_source", "feeds")] = Field(default_factory=list)
    """Data sources whose data the process needs."""
    benefits: Annotated[list[Id], Ref("department", "benefits", inward=False)] = Field(
        default_factory=list
    )
    """Departments that gain from the process."""
    burdens: Annotated[list[Id], Ref("department", "burdens", inward=False)] = Field(
        default_factory=list
    )
    """Departments that do extra work for the process."""
    supports: Annotated[list[Id], Ref("objective", "supports", inward=False)] = Field(
        default_factory=list
    )
    """Objectives the process serves."""
    designed_with_staff: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the process was designed with the people who do the work today."""
    in_crm: bool | None = None
    """Whether the process is run in the CRM (rather than outside it)."""
    redesigned: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the process was redesigned for the CRM rather than copied from today's way."""


class DataSource(ProfileModel):
    """A system or file that holds customer data today, or a tool people rely on."""

    entity_kind: ClassVar[str | None] = "data_source"

    name: str | None = None
    """Display name (defaults to the id)."""
    kind: SourceKind | None = None
    """What kind of system it is."""
    holds_customer_data: bool | None = None
    """Whether it holds customer data the CRM should see."""
    records: Annotated[int | None, Fact(risky=100_000, healthy=0)] = Field(
        default=None, ge=0, le=MAX_RECORDS
    )
    """Approximate number of customer records it holds."""
    plan: Annotated[DataPlan | None, Fact(risky="none", healthy="migrate")] = None
    """How its data reaches the CRM: migrated once, integrated, retired, or not at all."""
    status: Annotated[PlanStatus | None, Fact(risky="planned", healthy="done")] = None
    """Progress of that plan."""
    manual_rekeying: Annotated[bool | None, Fact(risky=True, healthy=False)] = None
    """Whether staff copy its data into the CRM (or back) by hand."""
    owner: Annotated[Id | None, Ref("role", "maintains")] = None
    """Role responsible for the quality of its data."""


class DataField(ProfileModel):
    """A piece of customer data the CRM captures, or should."""

    entity_kind: ClassVar[str | None] = "field"

    name: str | None = None
    """Display name (defaults to the id)."""
    source: Annotated[Id | None, Ref("data_source", "feeds")] = None
    """Data source the field comes from, if it lives outside the CRM today."""
    critical: bool | None = None
    """Whether decisions or processes cannot work without it."""
    status: Annotated[FieldStatus | None, Fact(risky="dropped", healthy="captured")] = None
    """Whether the CRM captures the field, dropped it, or never captured it."""
    entered_by: Annotated[Id | None, Ref("department", "enters")] = None
    """Department whose staff enter the field."""
