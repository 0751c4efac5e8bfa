"""Delivery sections of a profile: testing, cutover, integrations, data quality, customisation."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from riskengine.profile.base import MAX_WEEKS, Id, ProfileModel
from riskengine.profile.declare import Fact, Ref

CycleKind = Literal["system", "integration", "uat", "performance", "regression"]
WorkStatus = Literal["planned", "in_progress", "done"]


class TestCycle(ProfileModel):
    """One round of testing: what it covers and who takes part."""

    entity_kind: ClassVar[str | None] = "test_cycle"

    name: str | None = None
    """Display name (defaults to the id)."""
    kind: CycleKind | None = None
    """What the cycle tests: the system, integrations, user acceptance, performance, regressions."""
    covers: Annotated[list[Id], Ref("process", "verifies", inward=False)] = Field(
        default_factory=list
    )
    """Processes the cycle tests end to end."""
    involves: Annotated[list[Id], Ref("role", "tests")] = Field(default_factory=list)
    """Roles whose people carry out the tests."""
    real_data: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether it runs on migrated (real) data rather than invented test records."""
    status: WorkStatus | None = None
    """Where the cycle stands."""
    signed_off: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the business formally accepted its results."""


class Testing(ProfileModel):
    """How the program proves the system works before people depend on it."""

    strategy: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a written test strategy (what is tested, by whom, when, how accepted)."""
    uat_by_users: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether user acceptance testing is done by the people who will use the system."""
    performance_tested: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the system is tested at the volumes and number of users expected."""
    sign_off: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether go-live needs a formal sign-off of the test results."""


class Cutover(ProfileModel):
    """How the program moves from the old ways to the new system on go-live."""

    approach: Annotated[
        Literal["big_bang", "phased", "parallel_run"] | None,
        Fact(risky="big_bang", healthy="phased"),
    ] = None
    """All users at once (big bang), group by group (phased), or old and new side by side."""
    plan: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a written cutover plan: steps, owners, timings."""
    rehearsed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the cutover was rehearsed end to end (a mock cutover)."""
    go_no_go_criteria: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the criteria for deciding go or no-go were agreed in advance."""
    fallback: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether there is a way back if go-live fails."""
    hypercare_weeks: Annotated[float | None, Fact(risky=0.0, healthy=6.0)] = Field(
        default=None, ge=0, le=MAX_WEEKS
    )
    """Weeks of reinforced support planned right after go-live."""
    old_system_off: Annotated[
        Literal["go_live_day", "after_proven", "kept"] | None,
        Fact(risky="go_live_day", healthy="after_proven"),
    ] = None
    """When the old system is switched off: on go-live day, once the new one is proven, or never."""


class Integration(ProfileModel):
    """A connection between the CRM and another system people rely on."""

    entity_kind: ClassVar[str | None] = "integration"

    name: str | None = None
    """Display name (defaults to the id)."""
    system: Annotated[Id | None, Ref("data_source", "connects")] = None
    """The data source (system) the CRM is connected to."""
    feeds: Annotated[list[Id], Ref("process", "feeds", inward=False)] = Field(default_factory=list)
    """Processes that depend on data arriving through the connection."""
    owner: Annotated[Id | None, Ref("role", "runs")] = None
    """Role that answers for the interface: its errors, changes and monitoring."""
    status: Annotated[
        Literal["declined", "planned", "in_progress", "live"] | None,
        Fact(risky="planned", healthy="live"),
    ] = None
    """Deliberately not connected (declined), planned, being built, or live."""
    tested_end_to_end: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the interface was tested end to end with real data and error cases."""


class DataQuality(ProfileModel):
    """How migrated data is made fit for the new system."""

    cleansing: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether duplicates and stale records are cleaned before migration."""
    migration_rehearsed: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the migration was run as a rehearsal before the real one."""
    business_sign_off: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether the business checked and accepted the migrated data."""


class Customisation(ProfileModel):
    """How far the CRM is bent to today's processes instead of adopting its standard ones."""

    level: Annotated[
        Literal["none", "light", "heavy"] | None, Fact(risky="heavy", healthy="light")
    ] = None
    """How much custom code and configuration beyond the standard product the program builds."""
    fit_to_standard: Annotated[bool | None, Fact(risky=False, healthy=True)] = None
    """Whether processes were compared with the product's standard ones before customising."""
