"""Hypothesis strategies behind `riskengine.testing` (imported only when a strategy is used)."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from riskengine.profile.base import Cadence, Dedication, Engagement, Level, Trend
from riskengine.profile.people import Industry, RoleKind, Side, Sourcing
from riskengine.profile.process import DataPlan, FieldStatus, PlanStatus, ProcessArea, SourceKind

SEATS = (3, 12, 40, 150, 600, 2500)
STAGES = ("planning", "implementing", "live")
KEEP = ("name", "description", "department")
"""Keys a generated entity always states (required fields, and a steering seat's department)."""


def _thin(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with some facts left out, as real profiles leave them: unknown, not false."""
    dropped = draw(st.sets(st.sampled_from(sorted(data)), max_size=len(data))) if data else set()
    return {k: v for k, v in data.items() if k in KEEP or k not in dropped}


def _one_of_three(draw: st.DrawFn, model: st.SearchStrategy[Any]) -> Any:
    """Unknown (None), none at all (False), or a section."""
    return draw(st.none() | st.just(False) | model)


def _choice(literal: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(get_args(literal))


def _subset(draw: st.DrawFn, ids: list[str], most: int = 3) -> list[str]:
    return draw(st.lists(st.sampled_from(ids), max_size=most, unique=True)) if ids else []


def _maybe(draw: st.DrawFn, ids: list[str]) -> str | None:
    return draw(st.none() | st.sampled_from(ids)) if ids else None


@st.composite
def profile_dict(draw: st.DrawFn, sizes: dict[str, int]) -> dict[str, Any]:
    """A whole profile: entity ids first, then entities that refer only to those ids."""
    ids = {
        section: [f"{section[:3]}{i}" for i in range(draw(st.integers(0, limit)))]
        for section, limit in sizes.items()
    }
    ids["departments"] = ids["departments"] or ["dep0"]
    data: dict[str, Any] = {
        "organization": {
            "name": "Generated Co",
            "industry": draw(_choice(Industry)),
            "crm_seats": draw(st.none() | st.sampled_from(SEATS)),
            "saas": draw(st.booleans()),
            "data_sensitivity_reviewed": draw(st.booleans()),
        },
        "departments": {k: draw(_department(ids)) for k in ids["departments"]},
        "roles": {k: draw(_role(ids)) for k in ids["roles"]},
        "processes": {k: draw(_process(ids)) for k in ids["processes"]},
        "data_sources": {k: draw(_source(ids)) for k in ids["data_sources"]},
        "fields": {k: draw(_field(ids)) for k in ids["fields"]},
        "objectives": {k: draw(_objective(ids)) for k in ids["objectives"]},
    }
    data["phases"] = {
        k: draw(_phase(ids, earlier=ids["phases"][:i])) for i, k in enumerate(ids["phases"])
    }
    data.update(draw(_program(ids)))
    return data


@st.composite
def _department(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    return _thin(
        draw,
        {
            "side": draw(_choice(Side)),
            "headcount": draw(st.integers(0, 400)),
            "customer_facing": draw(st.booleans()),
            "uses_crm": draw(st.booleans()),
            "has_access": draw(st.booleans()),
            "consulted_on_design": draw(st.booleans()),
            "burden": draw(_choice(Level)),
            "value": draw(_choice(Level)),
            "tools": _subset(draw, ids["data_sources"], 2),
        },
    )


@st.composite
def _role(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    return _thin(
        draw,
        {
            "kind": draw(_choice(RoleKind)),
            "department": _maybe(draw, ids["departments"]),
            "count": draw(st.integers(0, 300)),
            "involved_in_planning": draw(st.booleans()),
            "dedication": draw(_choice(Dedication)),
            "sourcing": draw(_choice(Sourcing)),
            "crm_projects_done": draw(st.integers(0, 4)),
            "documents_knowledge": draw(st.booleans()),
            "trained": draw(st.booleans()),
        },
    )


@st.composite
def _process(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    return _thin(
        draw,
        {
            "kind": draw(st.sampled_from(["business", "business", "maintenance"])),
            "area": draw(_choice(ProcessArea)),
            "owner": _maybe(draw, ids["roles"]),
            "performed_by": _subset(draw, ids["roles"]),
            "needs_fields": _subset(draw, ids["fields"]),
            "needs_sources": _subset(draw, ids["data_sources"], 2),
            "benefits": _subset(draw, ids["departments"], 2),
            "burdens": _subset(draw, ids["departments"], 2),
            "supports": _subset(draw, ids["objectives"], 2),
            "designed_with_staff": draw(st.booleans()),
        },
    )


@st.composite
def _source(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    return _thin(
        draw,
        {
            "kind": draw(_choice(SourceKind)),
            "holds_customer_data": draw(st.booleans()),
            "records": draw(st.sampled_from([0, 40, 5000, 250000])),
            "plan": draw(_choice(DataPlan)),
            "status": draw(_choice(PlanStatus)),
            "manual_rekeying": draw(st.booleans()),
            "owner": _maybe(draw, ids["roles"]),
        },
    )


@st.composite
def _field(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    return _thin(
        draw,
        {
            "source": _maybe(draw, ids["data_sources"]),
            "critical": draw(st.booleans()),
            "status": draw(_choice(FieldStatus)),
            "entered_by": _maybe(draw, ids["departments"]),
        },
    )


@st.composite
def _objective(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    metric = st.fixed_dictionaries(
        {"name": st.sampled_from(["rate", "count", "share"])},
        optional={
            "baseline": st.floats(0, 100),
            "target": st.floats(0, 100),
            "actual": st.floats(0, 100),
        },
    )
    return _thin(
        draw,
        {
            "description": "Generated objective",
            "metrics": draw(st.lists(metric, max_size=3)),
            "owner": _maybe(draw, ids["roles"]),
            "reviewed_in_management": draw(st.booleans()),
        },
    )


@st.composite
def _phase(draw: st.DrawFn, ids: dict[str, list[str]], earlier: list[str]) -> dict[str, Any]:
    pilot = st.fixed_dictionaries(
        {"roles": st.just(_subset(draw, ids["roles"])), "observed": st.booleans()}
    )
    return _thin(
        draw,
        {
            "processes": _subset(draw, ids["processes"], 4),
            "features": draw(st.integers(0, 40)),
            "duration_months": draw(st.sampled_from([1.0, 3.0, 6.0, 14.0])),
            "objectives": _subset(draw, ids["objectives"], 2),
            "success_measures": draw(st.lists(st.just("measure"), max_size=1)),
            "pilot": _one_of_three(draw, pilot),
            "after": _subset(draw, earlier, 1),
            "status": draw(st.sampled_from(["planned", "active", "done"])),
            "lessons_learned": draw(st.lists(st.just("A lesson."), max_size=1)),
            "review": draw(st.sampled_from(["continue", "adjust", "stop"])),
        },
    )


@st.composite
def _program(draw: st.DrawFn, ids: dict[str, list[str]]) -> dict[str, Any]:
    sponsor = st.fixed_dictionaries(
        {
            "side": _choice(Side),
            "engagement": _choice(Engagement),
            "trend": _choice(Trend),
            "budget_authority": st.booleans(),
            "communicates": _choice(Cadence),
        }
    )
    member = st.fixed_dictionaries(
        {
            "department": st.sampled_from(ids["departments"]),
            "hours_per_month": st.sampled_from([0.5, 2.0, 6.0]),
            "influential": st.booleans(),
        }
    )
    committee = st.fixed_dictionaries(
        {
            "chaired_by_sponsor": st.booleans(),
            "meets": _choice(Cadence),
            "members": st.lists(member, max_size=4),
        }
    )
    flags = st.booleans()
    program = {
        "lifecycle": {"stage": draw(st.sampled_from(STAGES))},
        "strategy": {
            "vision": draw(st.sampled_from(["", "A vision."])),
            "motive": draw(st.sampled_from(["strategy", "bandwagon", "vendor_push"])),
            "target_customers_defined": draw(flags),
        },
        "sponsor": _one_of_three(draw, sponsor),
        "steering_committee": _one_of_three(draw, committee),
        "training": {
            "initial": draw(flags),
            "new_hires": draw(flags),
            "feature_changes": draw(flags),
            "hours_per_user": draw(st.sampled_from([0.0, 2.0, 8.0])),
        },
        "environments": {
            "available": draw(
                st.lists(
                    st.sampled_from(["development", "test", "training", "production"]), unique=True
                )
            ),
            "promotion_process": draw(flags),
            "refresh_process": draw(flags),
        },
        "communication": {
            "kickoff": draw(flags),
            "cadence": draw(_choice(Cadence)),
            "from_sponsor": draw(flags),
            "explains_benefits": draw(flags),
        },
        "operations": {
            "support": draw(flags),
            "system_admin": draw(flags),
            "process_support": draw(flags),
            "enhancement_roadmap": draw(flags),
            "initial_data_load": draw(flags),
        },
        "expectations": {
            "payback_expected_months": draw(st.none() | st.sampled_from([3.0, 12.0, 30.0])),
            "staff_told_of_friction": draw(flags),
            "executives_briefed_on_timeline": draw(flags),
        },
        "scope": {
            "big_bang": draw(flags),
            "total_months": draw(st.none() | st.sampled_from([6.0, 18.0, 36.0])),
            "stakeholder_groups": draw(st.integers(1, 9)),
            "conflicting_goals": draw(flags),
        },
    }
    return {
        key: _thin(draw, value) if isinstance(value, dict) else value
        for key, value in program.items()
        if value is not None and draw(st.integers(0, 4))  # now and then a section is unknown
    }
