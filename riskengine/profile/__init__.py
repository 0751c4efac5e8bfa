"""The project profile: pydantic models describing one CRM implementation."""

from __future__ import annotations

from riskengine.profile.base import ProfileModel
from riskengine.profile.model import Profile
from riskengine.profile.people import Department, Organization, Role, Sponsor, SteeringCommittee
from riskengine.profile.process import DataField, DataSource, Process
from riskengine.profile.program import (
    AcceptedRisk,
    Communication,
    Environments,
    Expectations,
    Lifecycle,
    Metric,
    Objective,
    Operations,
    Phase,
    Scope,
    Strategy,
    Training,
)

__all__ = [
    "AcceptedRisk",
    "Communication",
    "DataField",
    "DataSource",
    "Department",
    "Environments",
    "Expectations",
    "Lifecycle",
    "Metric",
    "Objective",
    "Operations",
    "Organization",
    "Phase",
    "Process",
    "Profile",
    "ProfileModel",
    "Role",
    "Scope",
    "Sponsor",
    "SteeringCommittee",
    "Strategy",
    "Training",
]
