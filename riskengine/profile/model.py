"""The root `Profile` model: every reference must name a known entity, phases must not loop."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from riskengine.profile.base import Id, ProfileModel, without_blanks
from riskengine.profile.declare import none_or
from riskengine.profile.delivery import (
    Customisation,
    Cutover,
    DataQuality,
    Integration,
    TestCycle,
    Testing,
)
from riskengine.profile.entities import entity_kinds, references
from riskengine.profile.people import Department, Organization, Role, Sponsor, SteeringCommittee
from riskengine.profile.process import DataField, DataSource, Process
from riskengine.profile.program import (
    AcceptedRisk,
    Communication,
    Environments,
    Expectations,
    Lifecycle,
    Objective,
    Operations,
    Phase,
    Scope,
    Strategy,
    Training,
)
from riskengine.profile.stewardship import (
    ChangeManagement,
    Governance,
    RiskEntry,
    Security,
    Staffing,
    SupportModel,
)
from riskengine.suggest import closest


class Profile(ProfileModel):
    """A CRM implementation as riskengine sees it.

    Sections come in the order reports lay them out: who, then data, then work, goals and plan.

    Entities (departments, roles, processes, data sources, fields, objectives, phases) are maps
    keyed by id, so references between them are stable and JSON pointers such as
    ``/departments/sales/burden`` name the same thing in every run.
    """

    schema_version: int = Field(default=1, ge=1, le=1)
    """Version of the profile format."""
    organization: Organization = Field(description="The company rolling out the CRM.")
    strategy: Strategy = Field(default_factory=Strategy)
    """Why the organization implements a CRM."""
    lifecycle: Lifecycle = Field(default_factory=Lifecycle)
    """Where the program stands: planning, implementing or live."""
    sponsor: none_or(Sponsor) = None  # type: ignore[valid-type]
    """The executive sponsor; ``false`` when there is none, left out when not known."""
    steering_committee: none_or(SteeringCommittee) = None  # type: ignore[valid-type]
    """The steering committee; ``false`` when there is none, left out when not known."""
    departments: dict[Id, Department] = Field(default_factory=dict)
    """Departments that feed, use or benefit from the CRM, by id."""
    roles: dict[Id, Role] = Field(default_factory=dict)
    """Project and user roles, by id."""
    data_sources: dict[Id, DataSource] = Field(default_factory=dict)
    """Systems, files and tools holding customer data today, by id."""
    fields: dict[Id, DataField] = Field(default_factory=dict)
    """Customer data fields, by id."""
    processes: dict[Id, Process] = Field(default_factory=dict)
    """Business and maintenance processes, by id."""
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
    governance: Governance = Field(default_factory=Governance)
    """Risk register, stage gates, design authority, change control, budget."""
    risks: dict[Id, RiskEntry] = Field(default_factory=dict)
    """The program's risk register, by id."""
    testing: Testing = Field(default_factory=Testing)
    """How the system is proven before people depend on it."""
    test_cycles: dict[Id, TestCycle] = Field(default_factory=dict)
    """Rounds of testing, by id."""
    cutover: Cutover = Field(default_factory=Cutover)
    """How the program moves from the old ways to the new system."""
    integrations: dict[Id, Integration] = Field(default_factory=dict)
    """Connections between the CRM and the systems people rely on, by id."""
    data_quality: DataQuality = Field(default_factory=DataQuality)
    """How migrated data is made fit for use."""
    customisation: Customisation = Field(default_factory=Customisation)
    """How far the CRM is bent to today's processes."""
    change_management: ChangeManagement = Field(default_factory=ChangeManagement)
    """How people are brought to the new ways of working."""
    support: SupportModel = Field(default_factory=SupportModel)
    """How the live system is owned, supported and changed."""
    security: Security = Field(default_factory=Security)
    """Access rights and where customer data lives."""
    staffing: Staffing = Field(default_factory=Staffing)
    """Turnover, experts' availability and the integrator."""
    accepted_risks: list[AcceptedRisk] = Field(default_factory=list)
    """Findings the team accepts, each with a reason, an owner and an expiry date."""
    extensions: dict[str, dict[str, Any]] = Field(default_factory=dict)
    """Sections owned by plugins, keyed by plugin name; each is validated by that plugin's model."""

    _source: Any = PrivateAttr(default=None)
    """Where the profile was read from (a `riskengine.loading.SourceMap`), not part of its value."""

    def __eq__(self, other: object) -> bool:
        # where a profile was read from is not part of what it says
        if not isinstance(other, Profile):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    @model_validator(mode="before")
    @classmethod
    def _null_is_unknown(cls, data: Any) -> Any:
        return without_blanks(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _references_are_known(self) -> Profile:
        errors = [*self._dangling_references(), *self._phase_cycles()]
        if errors:
            raise ValidationError.from_exception_data(type(self).__name__, errors)
        return self

    def reference_problems(self, sections: frozenset[str] | None = None) -> list[InitErrorDetails]:
        """Dangling references and phase cycles, from `sections` only when given (a profile
        changed only there, whose other references were already checked)."""
        cycles = sections is None or "phases" in sections
        return [*self._dangling_references(sections), *(self._phase_cycles() if cycles else ())]

    def _dangling_references(
        self, sections: frozenset[str] | None = None
    ) -> Iterator[InitErrorDetails]:
        known: dict[str, Any] = {}
        for kind in entity_kinds(Profile).values():
            if not kind.singleton:
                known[kind.name] = getattr(self, kind.section)  # a map: membership is quick
        for loc, kind_name, ref in references(self, sections):
            if ref not in known[kind_name]:
                yield InitErrorDetails(
                    type=PydanticCustomError(
                        "unknown_reference",
                        "unknown {kind} '{ref}'{hint}",
                        {
                            "kind": kind_name.replace("_", " "),
                            "ref": ref,
                            "hint": _known_hint(set(known[kind_name]), ref),
                        },
                    ),
                    loc=loc,
                    input=ref,
                )

    def _phase_cycles(self) -> Iterator[InitErrorDetails]:
        """A phase that must follow itself, directly or through others, can never start."""
        for key, phase in self.phases.items():
            for i, prior in enumerate(phase.after):
                chain = _path_back(self, prior, key)
                if chain is None:
                    continue
                shown = " -> ".join([key, *chain]) if chain else key
                yield InitErrorDetails(
                    type=PydanticCustomError(
                        "phase_cycle",
                        "phase '{phase}' cannot come after itself ({chain})",
                        {"phase": key, "chain": shown},
                    ),
                    loc=("phases", key, "after", i),
                    input=prior,
                )


def _path_back(profile: Profile, start: str, target: str) -> list[str] | None:
    """The phases from `start` back to `target` along ``after``, or None if it never arrives."""
    parents: dict[str, str | None] = {start: None}
    queue = [start]
    while queue:
        current = queue.pop()
        if current == target:
            chain = []
            node: str | None = current
            while node is not None:
                chain.append(node)
                node = parents[node]
            return list(reversed(chain))
        phase = profile.phases.get(current)
        for prior in phase.after if phase is not None else ():
            if prior not in parents:
                parents[prior] = current
                queue.append(prior)
    return None


def _known_hint(known: set[str], ref: str) -> str:
    if not known:
        return " (none are defined)"
    guess = closest(ref, known)
    if guess is not None:
        return f" (did you mean {guess!r}?)"
    names = sorted(known)
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f" (known: {shown})"
