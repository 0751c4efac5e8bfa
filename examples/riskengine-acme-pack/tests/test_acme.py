"""How a vendor tests its rules: riskengine.testing, with only this pack's plugin loaded."""

from __future__ import annotations

from acme_riskpack import plugin
from hypothesis import given, settings
from hypothesis import strategies as st

from riskengine.testing import assess_with, findings_of, profiles


def _profile(edition: str, custom_objects: int) -> dict:
    return {
        "organization": {"name": "Test Co", "crm_seats": 40},
        "data_sources": {"erp": {"kind": "erp", "plan": "integrate"}},
        "processes": {"quoting": {"needs_sources": ["erp"]}},
        "extensions": {
            "acme": {"edition": edition, "custom_objects": custom_objects, "connectors": ["erp"]}
        },
    }


def test_overrun_is_reported_with_the_connected_processes() -> None:
    found = findings_of(_profile("starter", 9), "ACME001", plugins=[plugin])
    assert len(found) == 1
    assert "process:quoting" in found[0].evidence.nodes
    assert found[0].plugin.endswith("plugin")


def test_within_limits_is_quiet() -> None:
    assert not findings_of(_profile("professional", 9), "ACME001", plugins=[plugin])


@settings(max_examples=20, deadline=None)
@given(profiles(max_departments=3, max_processes=4))
def test_never_fires_without_the_extension(profile) -> None:  # type: ignore[no-untyped-def]
    assessment = assess_with(profile, plugins=[plugin])
    assert not [f for f in assessment.findings if f.rule == "ACME001"]


@given(st.integers(0, 40))
def test_more_custom_objects_never_lower_the_risk(n: int) -> None:
    def risk(count: int) -> float:
        return sum(
            f.risk for f in findings_of(_profile("starter", count), "ACME001", plugins=[plugin])
        )

    assert risk(n + 1) >= risk(n)


def test_documented_examples_behave_as_documented() -> None:
    from riskengine.testing import example_problems

    assert example_problems("ACME001", plugins=[plugin]) == []
