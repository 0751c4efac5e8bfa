"""Units of a rule run (`Context.each`): kept when a change cannot touch them, exactly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.evaluation import Evaluation
from riskengine.findings import Change, Finding
from riskengine.hookspecs import hookimpl
from riskengine.patching import apply_changes, pointer
from riskengine.profile.recording import ChangeSet, ReadIndex, members_key, regrouped
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import set_
from tests.helpers import as_profile

TODAY = dt.date(2026, 1, 15)
RAN: list[str] = []
"""The departments whose unit actually ran (what the tests check is kept)."""


class PerDepartment(Rule[RuleSettings]):
    """A plugin rule judging each department in a unit of its own."""

    id = "UNI001"
    slug = "per-department"
    title = "Departments that get little back"
    pillar = "people"
    severity = "medium"
    checks = "Each department's value."
    why = "Test rule."
    fix = "Test rule."
    risky_example = "departments: {sales: {value: none}}"
    healthy_example = "departments: {sales: {value: high}}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        seats = ctx.seats
        big = seats is not None and seats > 100
        for key in ctx.profile.departments:
            yield from ctx.each(self._judge, key, big)

    def _judge(self, ctx: Context, key: str, big: bool) -> Iterator[Finding]:
        RAN.append(key)
        value = ctx.ask(pointer("departments", key, "value"))
        if value in ("none", "low"):
            yield self.finding(
                f"{key} gets little back.",
                likelihood=0.5,
                impact=0.8 if big else 0.4,
                pointers=[pointer("departments", key, "value")],
            )


class Twice(PerDepartment):
    """A rule that wrongly judges one department twice in a run."""

    id = "UNI002"
    slug = "twice"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        yield from ctx.each(self._judge, "sales", False)
        yield from ctx.each(self._judge, "sales", False)


class Staffing(PerDepartment):
    """A rule judging each department's roles in a unit of its own."""

    id = "UNI003"
    slug = "staffing"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        for key in ctx.profile.departments:
            yield from ctx.each(self._staff, key)

    def _staff(self, ctx: Context, key: str) -> Iterator[Finding]:
        RAN.append(key)
        kinds = [ctx.ask(pointer("roles", role, "kind")) for role in ctx.roles_in(key)]
        if "champion" not in kinds:
            yield self.finding(
                f"{key} has no champion among {len(kinds)} roles.",
                likelihood=0.5,
                impact=0.5,
                pointers=[pointer("departments", key)],
            )


class UnitPlugin:
    riskengine_plugin_name = "units"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(PerDepartment)  # type: ignore[operator]


class StaffingPlugin:
    riskengine_plugin_name = "staffing"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(Staffing)  # type: ignore[operator]


class TwicePlugin:
    riskengine_plugin_name = "twice"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(Twice)  # type: ignore[operator]


PROFILE = {
    "organization": {"name": "Unit Test Ltd", "crm_seats": 80},
    "departments": {
        "sales": {"value": "none"},
        "service": {"value": "high"},
        "finance": {"value": "low"},
    },
}


def _rerun(
    plugin: object, data: dict[str, Any], changes: list[Change]
) -> tuple[list[str], Evaluation, Evaluation]:
    """The units a re-evaluation after `changes` ran, that re-evaluation, and a fresh one."""
    engine = Engine([plugin], load_entrypoints=False, config=None)
    profile = as_profile(data)
    base = engine.evaluate(profile, today=TODAY)
    changed = apply_changes(profile, changes)
    RAN.clear()
    again = engine.evaluator.reevaluate(base, changed, changes)
    ran = list(RAN)
    return ran, again, engine.evaluate(changed, today=TODAY)


def _reevaluate(changes: list[Change]) -> tuple[list[str], list[Finding], list[Finding]]:
    """The units re-evaluation ran after `changes`, and UNI001's findings re-evaluated and
    evaluated afresh."""
    ran, again, fresh = _rerun(UnitPlugin(), PROFILE, changes)
    return ran, list(again.runs["UNI001"].findings), list(fresh.runs["UNI001"].findings)


def test_only_the_unit_a_change_touches_runs_again() -> None:
    ran, again, fresh = _reevaluate([set_("/departments/service/value", "low")])
    assert ran == ["service"]
    assert again == fresh
    assert [f.message for f in again] == [
        "sales gets little back.",
        "service gets little back.",
        "finance gets little back.",
    ]


def test_a_unit_called_with_other_arguments_runs_again() -> None:
    ran, again, fresh = _reevaluate([set_("/organization/crm_seats", 500)])
    assert sorted(ran) == ["finance", "sales", "service"]
    assert again == fresh
    assert {f.impact for f in again} == {0.8}


def test_a_change_elsewhere_runs_no_unit() -> None:
    ran, again, fresh = _reevaluate([set_("/departments/service/burden", "high")])
    assert ran == []
    assert again == fresh


STAFFED = {
    **PROFILE,
    "roles": {
        "rep": {"kind": "end_user", "department": "sales"},
        "agent": {"kind": "champion", "department": "service"},
        "clerk": {"kind": "end_user", "department": "finance"},
    },
}


def _restaffed(changes: list[Change]) -> list[str]:
    """The departments whose UNI003 unit ran again after `changes`; checks the re-evaluation
    against a fresh one, what the rules asked included."""
    ran, again, fresh = _rerun(StaffingPlugin(), STAFFED, changes)
    assert again.findings == fresh.findings
    assert again.asked == fresh.asked
    return sorted(ran)


def test_a_role_added_to_one_department_runs_only_that_departments_unit() -> None:
    ran = _restaffed([set_("/roles/lead", {"kind": "champion", "department": "finance"})])
    assert ran == ["finance"]


def test_a_role_moved_between_departments_runs_both_units() -> None:
    assert _restaffed([set_("/roles/agent/department", "sales")]) == ["sales", "service"]
    assert _restaffed([set_("/roles/agent", {"department": "finance"})]) == [
        "finance",
        "service",
    ]


def test_a_role_removed_runs_the_unit_it_left() -> None:
    assert _restaffed([Change(op="remove", path="/roles/rep")]) == ["sales"]


def test_a_role_without_a_department_or_a_new_name_runs_no_unit() -> None:
    assert _restaffed([set_("/roles/steward", {"kind": "system_admin"})]) == []
    assert _restaffed([set_("/roles/rep/name", "Account rep")]) == []


def test_a_change_to_a_members_field_runs_its_unit() -> None:
    assert _restaffed([set_("/roles/clerk/kind", "champion")]) == ["finance"]


def test_regrouped_names_the_groups_an_entity_left_and_joined() -> None:
    before = as_profile(STAFFED)
    after = apply_changes(before, [set_("/roles/agent/department", "sales")])
    assert regrouped(before, after, [["roles", "agent", "department"]]) == {
        members_key("roles", "department", "sales"),
        members_key("roles", "department", "service"),
    }
    assert regrouped(before, before, [["roles", "agent"]]) == frozenset()
    assert regrouped(before, after, [["roles", "agent", "name"]]) == frozenset()


def test_judging_one_key_twice_in_a_run_is_a_rule_failure() -> None:
    engine = Engine([TwicePlugin()], load_entrypoints=False)
    evaluation = engine.evaluate(as_profile(PROFILE), today=TODAY)
    failure = evaluation.runs["UNI002"].failure
    assert failure is not None and "twice" in failure.error


KEYS = st.sampled_from(
    [
        "sponsor/engagement",
        "sponsor/?",
        "departments/#",
        "departments/sales/value",
        "departments/sales/?",
        "departments/service",
        "roles",
        "roles/#department=sales",
        "*",
        "graph",
    ]
)
MOVED = st.frozensets(st.sampled_from(["roles/#department=sales", "roles/#department=service"]))
PATHS = st.lists(
    st.sampled_from(
        [
            ["sponsor"],
            ["sponsor", "engagement"],
            ["departments"],
            ["departments", "sales"],
            ["departments", "sales", "value"],
            ["departments", "service", "burden"],
            ["roles", "rep", "department"],
            [],
        ]
    ),
    max_size=3,
)


@given(st.frozensets(KEYS), PATHS, MOVED)
def test_a_change_set_touches_what_the_read_index_finds(
    reads: frozenset[str], paths: list[list[str]], moved: frozenset[str]
) -> None:
    index = ReadIndex({"rule": reads})
    assert ChangeSet(paths, moved).touches(reads) == bool(index.touched(paths, moved))
