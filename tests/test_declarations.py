"""Entity kinds and references are declared once on the model; everything else derives from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.loading import load_profile, load_profile_text
from riskengine.profile import Profile
from riskengine.profile.entities import (
    edges,
    entity_kinds,
    label,
    may_change_graph,
    may_change_references,
    references,
)
from tests.helpers import as_profile, profile_data


def test_kinds_follow_the_sections_of_the_model() -> None:
    kinds = entity_kinds(Profile)
    assert list(kinds) == [
        "sponsor",
        "steering_committee",
        "department",
        "role",
        "data_source",
        "field",
        "process",
        "objective",
        "phase",
        "risk",
        "test_cycle",
        "integration",
    ]
    assert kinds["data_source"].section == "data_sources"
    assert kinds["data_source"].title == "Data source"
    assert kinds["sponsor"].singleton and kinds["sponsor"].group == "Governance"


def test_references_and_edges_come_from_the_annotations() -> None:
    profile = load_profile(
        {
            "organization": {"name": "A"},
            "sponsor": {},
            "steering_committee": {
                "chaired_by_sponsor": True,
                "members": [{"department": "sales", "role": "rep"}],
            },
            "departments": {"sales": {"tools": ["cal"]}},
            "roles": {"rep": {"department": "sales", "involved_in_planning": True}},
            "data_sources": {"cal": {"owner": "rep"}},
            "phases": {"p1": {"pilot": {"roles": ["rep"]}}, "p2": {"after": ["p1"]}},
        }
    )
    refs = {(loc, kind, ref) for loc, kind, ref in references(profile)}
    assert (("steering_committee", "members", 0, "role"), "role", "rep") in refs
    assert (("phases", "p1", "pilot", "roles", 0), "role", "rep") in refs
    assert set(edges(profile)) == {
        ("sponsor", "steering_committee", "chairs"),
        ("steering_committee", "department:sales", "represents"),
        ("data_source:cal", "department:sales", "serves"),
        ("department:sales", "role:rep", "staffs"),
        ("role:rep", "department:sales", "represents"),
        ("role:rep", "data_source:cal", "maintains"),
        ("role:rep", "phase:p1", "pilots"),
        ("phase:p1", "phase:p2", "precedes"),
    }


def test_a_new_reference_field_needs_only_its_annotation() -> None:
    """The graph and the checks follow a declaration they have never seen."""
    from typing import Annotated, ClassVar

    from pydantic import Field

    from riskengine.profile.base import Id, ProfileModel
    from riskengine.profile.declare import Ref

    class Vendor(ProfileModel):
        entity_kind: ClassVar[str | None] = "vendor"
        supplies: Annotated[list[Id], Ref("department", "supplies", inward=False)] = Field(
            default_factory=list
        )

    class Extended(ProfileModel):
        departments: dict[Id, Any] = Field(default_factory=dict)
        vendors: dict[Id, Vendor] = Field(default_factory=dict)

    extended = Extended.model_validate({"vendors": {"acme": {"supplies": ["sales"]}}})
    assert "vendor" in entity_kinds(Extended)
    assert list(references(extended)) == [
        (("vendors", "acme", "supplies", 0), "department", "sales")
    ]
    assert may_change_references(extended, ["vendors", "acme", "supplies"])
    assert not may_change_references(extended, ["vendors", "acme", "name"])


def test_unknown_reference_suggests_or_lists_the_known_ids() -> None:
    with pytest.raises(ProfileError) as err:
        load_profile_text(
            "organization: {name: A}\ndepartments: {sales: {}}\nroles: {r: {department: salez}}\n",
            label="p.yaml",
        )
    assert str(err.value) == (
        "p.yaml:3:25: roles.r.department: unknown department 'salez' (did you mean 'sales'?)"
    )
    with pytest.raises(ProfileError) as err:
        load_profile_text(
            "organization: {name: A}\ndepartments: {sales: {}}\nroles: {r: {department: it}}\n",
            label="p.yaml",
        )
    assert str(err.value).endswith("unknown department 'it' (known: sales)")


def test_patcher_and_graph_checks_derive_from_the_declarations() -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    role = sorted(profile.roles)[0]
    assert may_change_references(profile, ["roles", role, "department"])
    assert not may_change_references(profile, ["roles", role, "trained"])
    assert may_change_graph(profile, ["roles", role, "involved_in_planning"])
    assert not may_change_graph(profile, ["roles", role, "trained"])
    assert may_change_graph(profile, ["roles", "brand_new"])
    assert may_change_graph(profile, ["steering_committee", "chaired_by_sponsor"])
    assert not may_change_graph(profile, ["training", "new_hires"])


def test_labels_use_the_declared_field() -> None:
    profile = as_profile(profile_data("healthy-rollout"))
    objective = sorted(profile.objectives)[0]
    assert label(profile, "objective", objective) == profile.objectives[objective].description
    assert label(profile, "steering_committee", "steering_committee") == "Steering committee"
    assert label(profile, "vendor_system", "erp") == "erp"


@pytest.mark.parametrize(
    ("phases", "where", "chain"),
    [
        ("{a: {after: [a]}}", ":3:22: phases.a.after[0]", "a -> a"),
        ("{a: {after: [b]}, b: {after: [a]}}", ":3:22: phases.a.after[0]", "a -> b -> a"),
    ],
    ids=["self", "cycle"],
)
def test_phase_order_cycles_are_rejected_with_their_line(
    tmp_path: Path, phases: str, where: str, chain: str
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"organization: {{name: A}}\n\nphases: {phases}\n", encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    first = str(err.value).splitlines()[0]
    assert first.startswith(str(path) + where)
    assert f"cannot come after itself ({chain})" in first
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def _committee(members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "organization": {"name": "A", "crm_seats": 400},
        "sponsor": {},
        "departments": {"it": {"side": "it"}, "sales": {"side": "sales"}},
        "steering_committee": {"members": members},
        "accepted_risks": [
            {
                "rule": "CRM014",
                "pointer": "/steering_committee/members/[sales]/hours_per_month",
                "reason": "seasonal",
                "owner": "COO",
                "expires": "2999-01-01",
            }
        ],
    }


def test_identities_use_entity_keys_not_list_positions() -> None:
    engine = Engine(load_entrypoints=False)
    slack = {"department": "sales", "hours_per_month": 0.5}
    first = engine.assess(load_profile(_committee([{"department": "it"}, slack])), rank=False)
    second = engine.assess(load_profile(_committee([slack, {"department": "it"}])), rank=False)
    ids = {f.identity for f in first.findings if f.rule == "CRM014"}
    assert ids == {f.identity for f in second.findings if f.rule == "CRM014"}
    assert "CRM014/steering_committee/members/[sales]/hours_per_month" in ids
    accepted = [f for f in second.findings if f.accepted]
    assert [f.identity for f in accepted] == [
        "CRM014/steering_committee/members/[sales]/hours_per_month"
    ]
