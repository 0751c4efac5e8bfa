"""A recommendation that edits a plugin's ``extensions`` section invalidly is the plugin's fault.

Ranking measures each recommendation by applying its changes and assessing again; when a change
leaves a plugin's section invalid, that recommendation fails, named after its rule and plugin,
and the assessment goes on: the profile itself was valid and is not blamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

import riskengine
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.findings import Change, Finding, Recommendation
from riskengine.rule import Rule
from tests.helpers import profile_data
from tests.plugins.test_plugins import rule_class


class TierSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tier: int = Field(default=1, ge=1, le=5)


def _tier_plugin(*changes: Change) -> object:
    """A plugin whose rule flags a tier above 2 and proposes `changes` (and a valid fix)."""

    def flags_tier(ctx: Context) -> Iterator[Finding]:
        section = ctx.extension("tiers")
        if isinstance(section, TierSection) and section.tier > 2:
            yield rule.finding(
                f"Tier {section.tier}.",
                likelihood=1,
                impact=1,
                pointers=["/extensions/tiers/tier"],
                recommendations=[
                    Recommendation(action="Break the tier section", changes=changes),
                    Recommendation(
                        action="Drop to tier 1",
                        changes=(Change(path="/extensions/tiers/tier", value=1),),
                    ),
                ],
            )

    rule = rule_class("TIR001", flags_tier)()

    class TierPlugin:
        riskengine_plugin_name = "tiers"

        @riskengine.hookimpl
        def register_profile_extensions(
            self, register: Callable[[str, type[BaseModel]], None]
        ) -> None:
            register("tiers", TierSection)

        @riskengine.hookimpl
        def register_rules(self, register: Callable[[type[Rule[Any]]], None]) -> None:
            register(type(rule))

    return TierPlugin()


def _profile() -> dict[str, Any]:
    data = profile_data("small-firm")
    data["extensions"] = {"tiers": {"tier": 4}}
    return data


@pytest.mark.parametrize(
    "change",
    [
        Change(path="/extensions/tiers/tier", value=99),  # out of the model's range
        Change(path="/extensions/tiers/tier", value="gold"),  # wrong type
        Change(path="/extensions/tiers/colour", value="red"),  # a field the model forbids
    ],
    ids=["out-of-range", "wrong-type", "unknown-field"],
)
def test_an_invalid_extension_change_is_a_failure_of_its_rule(change: Change) -> None:
    engine = Engine([_tier_plugin(change)], load_entrypoints=False)
    assessment = engine.assess(engine.load(_profile()))
    assert assessment.incomplete
    [failure] = assessment.errors
    assert failure.rule == "TIR001"
    assert "Break the tier section" in failure.error and "invalid change" in failure.error
    assert "extensions" in failure.error
    # the rule's finding stands, and its valid recommendation is still measured and shown
    assert [f.rule for f in assessment.findings if f.rule == "TIR001"] == ["TIR001"]
    actions = [r.action for r in assessment.recommendations]
    assert "Drop to tier 1" in actions and "Break the tier section" not in actions


def test_the_failure_names_the_plugin_and_does_not_point_at_the_profile() -> None:
    change = Change(path="/extensions/tiers/tier", value=99)
    engine = Engine([_tier_plugin(change)], load_entrypoints=False)
    [failure] = engine.assess(engine.load(_profile())).errors
    assert failure.plugin == "tiers"
    assert "<profile>" not in failure.error
