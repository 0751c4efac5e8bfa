"""The built-in rules, one module per pitfall, listed explicitly in `BUILTIN_RULES`."""

from __future__ import annotations

from typing import Any

from riskengine.rule import Rule
from riskengine.rules.excluded_users import ExcludedUsers
from riskengine.rules.missing_environments import MissingEnvironments
from riskengine.rules.missing_migration import MissingMigration
from riskengine.rules.no_champions import NoChampions
from riskengine.rules.no_initial_data_load import NoInitialDataLoad
from riskengine.rules.no_life_after_go_live import NoLifeAfterGoLive
from riskengine.rules.no_roadmap import NoRoadmap
from riskengine.rules.open_management_loop import OpenManagementLoop
from riskengine.rules.overreach import Overreach
from riskengine.rules.oversimplification import Oversimplification
from riskengine.rules.poor_training import PoorTraining
from riskengine.rules.processes_without_staff import ProcessesWithoutStaff
from riskengine.rules.silent_program import SilentProgram
from riskengine.rules.unbalanced_steering import UnbalancedSteering
from riskengine.rules.unbalanced_value import UnbalancedValue
from riskengine.rules.undocumented_knowledge import UndocumentedKnowledge
from riskengine.rules.unmeasured_objectives import UnmeasuredObjectives
from riskengine.rules.unrealistic_expectations import UnrealisticExpectations
from riskengine.rules.unrepresentative_pilot import UnrepresentativePilot
from riskengine.rules.unreviewed_data_hosting import UnreviewedDataHosting
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
)
"""Every built-in rule class, in id order; a test checks each module of this package is listed."""
