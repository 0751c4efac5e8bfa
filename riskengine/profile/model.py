"""The root `Profile` model and the check that every reference names a known entity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, ValidationError, ValidationInfo, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from riskengine.profile.base import Id, ProfileModel
from riskengine.profile.people import Department, Organization, Role, Sponsor, SteeringCommittee
from riskengine.profile.process import DataField, DataSource, Process
from riskengine.profile.program import (
    AcceptedRisk,
    Communication,
    Environments,
    Expectations,
    Objective,
    Operations,
    Phase,
    Scope,
    Strategy,
    Training,
)

Loc = tuple[str | int, ...]

SKIP_REFERENCE_CHECK = "skip_reference_check"
"""Validation-context key set by the patcher when a change cannot create a dangling reference."""

REFERENCE_FIELDS: frozenset[str] = frozenset(
    {
        "tools",
        "department",
        "role",
        "owner",
        "performed_by",
        "needs_fields",
        "needs_sources",
        "benefits",
        "burdens",
        "supports",
        "source",
        "entered_by",
        "processes",
        "objectives",
        "after",
        "pilot",
        "roles",
        "members",
    }
)
"""Field names that hold ids of other entities."""


class Profile(ProfileModel):
    """A CRM implementation as riskengine sees it.

    Entities (departments, roles, processes, data sources, fields, objectives, phases) are maps
    keyed by id, so references between them are stable and JSON pointers such as
    ``/departments/sales/burden`` name the same thing in every run.
    """

    schema_version: int = Field(default=1, ge=1, le=1)
    """Version of the profile format."""
    organization: Organization = Field(description="The company rolling out the CRM.")
    strategy: Strategy = Field(default_factory=Strategy)
    """Why the organization implements a CRM."""
    sponsor: Sponsor | None = None
    """The executive sponsor; leave out when there is none."""
    steering_committee: SteeringCommittee | None = None
    """The steering committee; leave out when there is none."""
    departments: dict[Id, Department] = Field(default_factory=dict)
    """Departments that feed, use or benefit from the CRM, by id."""
    roles: dict[Id, Role] = Field(default_factory=dict)
    """Project and user roles, by id."""
    processes: dict[Id, Process] = Field(default_factory=dict)
    """Business and maintenance processes, by id."""
    data_sources: dict[Id, DataSource] = Field(default_factory=dict)
    """Systems, files and tools holding customer data today, by id."""
    fields: dict[Id, DataField] = Field(default_factory=dict)
    """Customer data fields, by id."""
    objectives: dict[Id, Objective] = Field(default_factory=dict)
    """Measurable objectives, by id."""
    phases: dict[Id, Phase] = Field(default_factory=dict)
    """Roadmap phases, by id."""
    training: Training = Field(default_factory=Training)
    """Training plan."""
    environments: Environments = Field(default_factory=Environments)
    """Technical environments."""
    communication: Communication = Field(default_factory=Communication)
    """Communication plan."""
    operations: Operations = Field(default_factory=Operations)
    """Life after go-live."""
    expectations: Expectations = Field(default_factory=Expectations)
    """Expectations of executives and staff."""
    scope: Scope = Field(default_factory=Scope)
    """Scope and timeline of the program."""
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list)
    """Findings the team accepts, each with a reason, an owner and an expiry date."""
    extensions: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Sections owned by plugins, keyed by plugin name; each is validated by that plugin's model."""

    @model_validator(mode="after")
    def _references_are_known(self, info: ValidationInfo) -> Profile:
        if info.context and info.context.get(SKIP_REFERENCE_CHECK):
            return self
        errors = [
            InitErrorDetails(
                type=PydanticCustomError(
                    "unknown_reference",
                    "unknown {kind} '{ref}'{hint}",
                    {"kind": kind, "ref": ref, "hint": _known_hint(known)},
                ),
                loc=loc,
                input=ref,
            )
            for loc, kind, ref, known in self._dangling_references()
        ]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    def _dangling_references(self) -> Iterator[tuple[Loc, str, str, set[str]]]:
        known: dict[str, set[str]] = {
            "department": set(self.departments),
            "role": set(self.roles),
            "process": set(self.processes),
            "data source": set(self.data_sources),
            "field": set(self.fields),
            "objective": set(self.objectives),
            "phase": set(self.phases),
        }
        for loc, kind, ref in self._references():
            if ref not in known[kind]:
                yield loc, kind, ref, known[kind]

    def _references(self) -> Iterator[tuple[Loc, str, str]]:
        """Every (location, kind, id) pair where the profile refers to another entity."""
        for key, dep in self.departments.items():
            yield from _each(("departments", key, "tools"), "data source", dep.tools)
        for key, role in self.roles.items():
            yield from _one(("roles", key, "department"), "department", role.department)
        if self.steering_committee is not None:
            for i, member in enumerate(self.steering_committee.members):
                loc: Loc = ("steering_committee", "members", i)
                yield from _one((*loc, "department"), "department", member.department)
                yield from _one((*loc, "role"), "role", member.role)
        for key, proc in self.processes.items():
            yield from _process_references(("processes", key), proc)
        for key, src in self.data_sources.items():
            yield from _one(("data_sources", key, "owner"), "role", src.owner)
        for key, fld in self.fields.items():
            yield from _one(("fields", key, "source"), "data source", fld.source)
            yield from _one(("fields", key, "entered_by"), "department", fld.entered_by)
        for key, obj in self.objectives.items():
            yield from _one(("objectives", key, "owner"), "role", obj.owner)
        for key, phase in self.phases.items():
            yield from _phase_references(("phases", key), phase)


def _process_references(loc: Loc, proc: Process) -> Iterator[tuple[Loc, str, str]]:
    yield from _one((*loc, "owner"), "role", proc.owner)
    yield from _each((*loc, "performed_by"), "role", proc.performed_by)
    yield from _each((*loc, "needs_fields"), "field", proc.needs_fields)
    yield from _each((*loc, "needs_sources"), "data source", proc.needs_sources)
    yield from _each((*loc, "benefits"), "department", proc.benefits)
    yield from _each((*loc, "burdens"), "department", proc.burdens)
    yield from _each((*loc, "supports"), "objective", proc.supports)


def _phase_references(loc: Loc, phase: Phase) -> Iterator[tuple[Loc, str, str]]:
    yield from _each((*loc, "processes"), "process", phase.processes)
    yield from _each((*loc, "objectives"), "objective", phase.objectives)
    yield from _each((*loc, "after"), "phase", phase.after)
    if phase.pilot is not None:
        yield from _each((*loc, "pilot", "roles"), "role", phase.pilot.roles)


def _one(loc: Loc, kind: str, ref: str | None) -> Iterator[tuple[Loc, str, str]]:
    if ref is not None:
        yield loc, kind, ref


def _each(loc: Loc, kind: str, refs: list[str]) -> Iterator[tuple[Loc, str, str]]:
    for i, ref in enumerate(refs):
        yield (*loc, i), kind, ref


def _known_hint(known: set[str]) -> str:
    if not known:
        return " (none are defined)"
    names = sorted(known)
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f" (known: {shown})"
