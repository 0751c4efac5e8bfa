"""Re-evaluation reuses only what a change cannot affect, whatever rules say about themselves."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskengine.context import Context, Inherited
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.findings import Change, Finding
from riskengine.hookspecs import hookimpl
from riskengine.loading import load_profile
from riskengine.patching import apply_changes, pointer_parts
from riskengine.profile.people import Sponsor
from riskengine.profile.recording import ChangeSet
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import add, recommend, remove, set_
from riskengine.testing import profile_dicts
from tests.helpers import PROFILES, as_profile, mixed_edits, profile_data

EXAMPLES = sorted(PROFILES.glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)


class SponsorWatcher(Rule[RuleSettings]):
    """A plugin rule whose declarations are false: it reads the sponsor and the graph."""

    id = "LIE001"
    slug = "sponsor-watcher"
    title = "Sponsor and committee out of step"
    pillar = "people"
    severity = "high"
    # hints the engine must not trust (the engine ignores them)
    reads = ("scope",)
    uses_graph = False
    checks = "Whether a sponsor who is not a champion sits beside a steering committee."
    why = "Test rule."
    fix = "Test rule."
    risky_example = "sponsor: {engagement: passive}"
    healthy_example = "sponsor: {engagement: champion}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        sponsor = ctx.profile.sponsor
        if sponsor is None or sponsor.engagement == "champion":
            return
        seats = (
            len(ctx.graph.successors("steering_committee"))
            if "steering_committee" in ctx.graph
            else 0
        )
        yield self.finding(
            f"The sponsor is {sponsor.engagement} while {seats} groups sit on the committee.",
            likelihood=0.5 + 0.05 * min(seats, 8),
            impact=0.8,
            pointers=["/sponsor/engagement"],
            nodes=["sponsor"],
            recommendations=[
                recommend(
                    "Make the sponsor a champion.",
                    "medium",
                    set_("/sponsor/engagement", "champion"),
                )
            ],
        )


class LyingPlugin:
    riskengine_plugin_name = "liar"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(SponsorWatcher)  # type: ignore[operator]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([LyingPlugin()], load_entrypoints=False)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_gain_equals_a_fresh_full_assessment(engine: Engine, path: Path) -> None:
    profile = as_profile(profile_data(path.stem))
    assessment = engine.assess(profile)
    base = engine.evaluate(profile)
    for rec in assessment.recommendations:
        if rec.estimated:
            continue  # no change describes the work: there is nothing to re-assess
        changed = apply_changes(profile, rec.changes)
        fresh = Engine([LyingPlugin()], load_entrypoints=False).assess(changed, rank=False)
        assert rec.gain == round(assessment.score.overall - fresh.score.overall, 1), rec.action
        assert rec.risk_removed == round(assessment.score.total - fresh.score.total, 1)
        again = engine.evaluator.reevaluate(base, changed, rec.changes)
        assert again.findings == engine.evaluate(changed).findings, rec.action


def test_a_change_to_what_a_rule_really_reads_reruns_it(engine: Engine) -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    passive = apply_changes(profile, [set_("/sponsor/engagement", "passive")])
    base = engine.evaluate(passive)
    assert "sponsor" in base.runs["LIE001"].sections and "graph" in base.runs["LIE001"].reads
    assert "scope" not in base.runs["LIE001"].sections
    changes = [set_("/sponsor/engagement", "champion")]
    after = engine.evaluator.reevaluate(base, apply_changes(passive, changes), changes)
    assert not after.runs["LIE001"].findings
    assert after.runs["CRM021"] is base.runs["CRM021"], (
        "a rule that never read the sponsor is reused"
    )


def test_graph_change_reruns_graph_readers_only(engine: Engine) -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    passive = apply_changes(profile, [set_("/sponsor/engagement", "passive")])
    base = engine.evaluate(passive)
    changes = [
        set_("/departments/legal", {"name": "Legal", "side": "other"}),
        add("/steering_committee/members", {"department": "legal", "hours_per_month": 6}),
    ]
    changed = apply_changes(passive, changes)
    after = engine.evaluator.reevaluate(base, changed, changes)
    assert after.findings == engine.evaluate(changed).findings
    watcher = next(f for f in after.findings if f.rule == "LIE001")
    before = next(f for f in base.findings if f.rule == "LIE001")
    assert watcher.message != before.message, "the graph grew, so the rule ran again"


@settings(max_examples=25, deadline=None)
@given(profile_dicts(max_roles=5, max_processes=5), profile_dicts(), st.randoms())
def test_reevaluating_any_edit_equals_a_full_evaluation(
    data: dict[str, Any], other: dict[str, Any], rnd: random.Random
) -> None:
    """Whatever an edit touches (a field, an entity, a section, the graph's wiring), the rules
    re-evaluation reuses give exactly what running every rule again gives."""
    engine = _plain_engine()
    profile = load_profile(data)
    base = engine.evaluate(profile, today=TODAY)
    for edit in mixed_edits(data, other, rnd):
        try:
            changed = apply_changes(profile, [edit])
        except ProfileError:
            continue  # an edit the model refuses (a reference to a missing entity, say)
        again = engine.evaluator.reevaluate(base, changed, [edit])
        fresh = engine.evaluate(changed, today=TODAY)
        assert again.findings == fresh.findings, edit
        assert again.scores == fresh.scores, edit
        assert again.failures == fresh.failures, edit
        assert again.asked == fresh.asked, edit


@functools.cache
def _plain_engine() -> Engine:
    return Engine(load_entrypoints=False)


def _patched(data: dict[str, Any], edit: Change) -> dict[str, Any]:
    """`data` with `edit` applied to the raw mapping, as an author would edit the file."""
    out = copy.deepcopy(data)
    *parents, last = pointer_parts(edit.path)
    node = out
    for part in parents:
        node = node.setdefault(part, {})
    if edit.op == "remove":
        node.pop(last, None)
    else:
        node[last] = copy.deepcopy(edit.value)
    return out


@settings(max_examples=25, deadline=None)
@given(profile_dicts(max_roles=5, max_processes=5), profile_dicts(), st.randoms())
def test_patching_validates_as_loading_the_edited_file_would(
    data: dict[str, Any], other: dict[str, Any], rnd: random.Random
) -> None:
    """A patched profile (validated only where it changed) equals the edited file loaded anew,
    stated facts included, and is refused exactly when that file would be."""
    profile = load_profile(data)
    for edit in mixed_edits(data, other, rnd):
        try:
            expected = load_profile(_patched(data, edit))
        except ProfileError:
            with pytest.raises(ProfileError):
                apply_changes(profile, [edit])
            continue
        changed = apply_changes(profile, [edit])
        assert changed == expected, edit
        assert changed.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)


@settings(max_examples=25, deadline=None)
@given(profile_dicts(max_roles=5, max_processes=5), profile_dicts(), st.randoms())
def test_a_batch_of_changes_validates_as_the_file_with_all_of_them(
    data: dict[str, Any], other: dict[str, Any], rnd: random.Random
) -> None:
    """Several changes applied together (drafted per section, validated once) give the file
    with every edit made loaded anew, and are refused exactly when that file would be."""
    profile = load_profile(data)
    edits = mixed_edits(data, other, rnd)
    edited = data
    for edit in edits:
        edited = _patched(edited, edit)
    try:
        expected = load_profile(edited)
    except ProfileError:
        with pytest.raises(ProfileError):
            apply_changes(profile, edits)
        return
    changed = apply_changes(profile, edits)
    assert changed == expected
    assert changed.model_dump(exclude_unset=True) == expected.model_dump(exclude_unset=True)


class SponsorPresence(Rule[RuleSettings]):
    """A plugin rule that only checks whether a sponsor is stated, reading none of its fields."""

    id = "LIE002"
    slug = "sponsor-presence"
    title = "No sponsor"
    pillar = "people"
    severity = "high"
    checks = "Whether the profile names a sponsor at all."
    why = "Test rule."
    fix = "Test rule."
    risky_example = "sponsor: false"
    healthy_example = "sponsor: {engagement: champion}"

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if isinstance(ctx.profile.sponsor, Sponsor):
            return
        yield self.finding("No sponsor is stated.", likelihood=0.5, impact=0.5)


class PresencePlugin:
    riskengine_plugin_name = "presence"

    @hookimpl
    def register_rules(self, register: object) -> None:
        register(SponsorPresence)  # type: ignore[operator]


def test_removing_a_section_reruns_a_rule_that_only_checked_it_was_there() -> None:
    engine = Engine([PresencePlugin()], load_entrypoints=False)
    profile = as_profile(profile_data("healthy-rollout"))
    base = engine.evaluate(profile, today=TODAY)
    assert not base.runs["LIE002"].findings
    changes = [remove("/sponsor")]
    changed = apply_changes(profile, changes)
    again = engine.evaluator.reevaluate(base, changed, changes)
    assert again.runs["LIE002"].findings, "the sponsor is gone, so the rule must run again"
    assert again.findings == engine.evaluate(changed, today=TODAY).findings


def test_a_fact_is_taken_over_only_where_no_change_reaches_it() -> None:
    facts = {
        p: (p[1:], True, p, True)
        for p in (
            "/sponsor",
            "/sponsor/engagement",
            "/roles/rep/count",
            "/roles/rep_lead/count",
            "/roles",
            "/departments/sales/value",
        )
    }
    inherited = Inherited(facts, ChangeSet([["roles", "rep"], ["sponsor", "engagement"]]))
    assert inherited.get("/roles/rep/count") is None  # below a change
    assert inherited.get("/roles") is None  # above one
    assert inherited.get("/sponsor") is None
    assert inherited.get("/sponsor/engagement") is None  # at one
    assert inherited.get("/roles/rep_lead/count") == facts["/roles/rep_lead/count"]
    assert inherited.get("/departments/sales/value") == facts["/departments/sales/value"]
    assert inherited.get("/departments/sales/burden") is None  # never asked before
