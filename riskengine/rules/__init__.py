"""The built-in rules, one module per pitfall, listed explicitly in `BUILTIN_RULES`."""

from __future__ import annotations

from typing import Any

from riskengine.rule import Rule
from riskengine.rules.disconnected_daily_tools import DisconnectedDailyTools
from riskengine.rules.drifting_measures import DriftingMeasures
from riskengine.rules.excluded_users import ExcludedUsers
from riskengine.rules.integrator_dependence import IntegratorDependence
from riskengine.rules.misaligned_incentives import MisalignedIncentives
from riskengine.rules.missing_environments import MissingEnvironments
from riskengine.rules.missing_migration import MissingMigration
from riskengine.rules.mistimed_training import MistimedTraining
from riskengine.rules.no_champions import NoChampions
from riskengine.rules.no_initial_data_load import NoInitialDataLoad
from riskengine.rules.no_life_after_go_live import NoLifeAfterGoLive
from riskengine.rules.no_roadmap import NoRoadmap
from riskengine.rules.no_support_model import NoSupportModel
from riskengine.rules.open_management_loop import OpenManagementLoop
from riskengine.rules.over_customisation import OverCustomisation
from riskengine.rules.overreach import Overreach
from riskengine.rules.oversimplification import Oversimplification
from riskengine.rules.poor_training import PoorTraining
from riskengine.rules.premature_switch_off import PrematureSwitchOff
from riskengine.rules.processes_without_staff import ProcessesWithoutStaff
from riskengine.rules.silent_program import SilentProgram
from riskengine.rules.thin_team import ThinTeam
from riskengine.rules.unbalanced_steering import UnbalancedSteering
from riskengine.rules.unbalanced_value import UnbalancedValue
from riskengine.rules.undocumented_knowledge import UndocumentedKnowledge
from riskengine.rules.unlearned_phase import UnlearnedPhase
from riskengine.rules.unmanaged_change import UnmanagedChange
from riskengine.rules.unmanaged_releases import UnmanagedReleases
from riskengine.rules.unmeasured_adoption import UnmeasuredAdoption
from riskengine.rules.unmeasured_objectives import UnmeasuredObjectives
from riskengine.rules.unmeasured_results import UnmeasuredResults
from riskengine.rules.unprepared_data import UnpreparedData
from riskengine.rules.unrealistic_expectations import UnrealisticExpectations
from riskengine.rules.unrehearsed_cutover import UnrehearsedCutover
from riskengine.rules.unrepresentative_pilot import UnrepresentativePilot
from riskengine.rules.unreviewed_data_hosting import UnreviewedDataHosting
from riskengine.rules.unreviewed_phase import UnreviewedPhase
from riskengine.rules.unreviewed_security import UnreviewedSecurity
from riskengine.rules.untested_integrations import UntestedIntegrations
from riskengine.rules.untested_program import UntestedProgram
from riskengine.rules.weak_governance import WeakGovernance
from riskengine.rules.weak_project_management import WeakProjectManagement
from riskengine.rules.weak_sponsorship import WeakSponsorship

BUILTIN_RULES: tuple[type[Rule[Any]], ...] = (
    WeakSponsorship,
    ExcludedUsers,
    NoRoadmap,
    PoorTraining,
    MissingMigration,
    UnbalancedValue,
    Oversimplification,
    Overreach,
    WeakProjectManagement,
    UnrepresentativePilot,
    UnmeasuredObjectives,
    SilentProgram,
    ProcessesWithoutStaff,
    UnbalancedSteering,
    NoChampions,
    NoLifeAfterGoLive,
    MissingEnvironments,
    UndocumentedKnowledge,
    NoInitialDataLoad,
    OpenManagementLoop,
    UnrealisticExpectations,
    UnreviewedDataHosting,
    UnmeasuredResults,
    DriftingMeasures,
    UnreviewedPhase,
    UnlearnedPhase,
    WeakGovernance,
    UntestedProgram,
    UnrehearsedCutover,
    PrematureSwitchOff,
    UnmanagedChange,
    MisalignedIncentives,
    UnmeasuredAdoption,
    OverCustomisation,
    UntestedIntegrations,
    DisconnectedDailyTools,
    NoSupportModel,
    UnmanagedReleases,
    UnreviewedSecurity,
    UnpreparedData,
    ThinTeam,
    IntegratorDependence,
    MistimedTraining,
)
"""Every built-in rule class, in id order; a test checks each module of this package is listed."""
