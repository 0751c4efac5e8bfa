"""Applying changes to immutable profiles: validation, structural sharing, clear errors."""

from __future__ import annotations

import pytest

from riskengine.errors import ProfileError
from riskengine.findings import Change
from riskengine.loading import load_profile
from riskengine.patching import apply_changes, pointer, pointer_parts
from tests.helpers import PROFILES


@pytest.fixture(scope="module")
def profile():  # type: ignore[no-untyped-def]
    return load_profile(PROFILES / "healthy-rollout.yaml")


def test_set_shares_untouched_parts(profile) -> None:  # type: ignore[no-untyped-def]
    changed = apply_changes(profile, [Change(path="/sponsor/engagement", value="passive")])
    assert changed.sponsor is not None and changed.sponsor.engagement == "passive"
    assert profile.sponsor is not None and profile.sponsor.engagement == "champion"
    assert all(changed.roles[k] is role for k, role in profile.roles.items())
    assert changed.organization is profile.organization


def test_set_creates_missing_parents() -> None:
    bare = load_profile({"organization": {"name": "A"}})
    changed = apply_changes(bare, [Change(path="/sponsor/engagement", value="champion")])
    assert changed.sponsor is not None and changed.sponsor.engagement == "champion"


def test_add_and_remove_in_lists(profile) -> None:  # type: ignore[no-untyped-def]
    add = Change(op="add", path="/processes/campaigns/performed_by", value="sales_rep")
    changed = apply_changes(profile, [add, add])
    assert changed.processes["campaigns"].performed_by == ["marketer", "sales_rep"]
    back = apply_changes(
        changed, [Change(op="remove", path="/processes/campaigns/performed_by", value="marketer")]
    )
    assert back.processes["campaigns"].performed_by == ["sales_rep"]


def test_new_entities_are_validated(profile) -> None:  # type: ignore[no-untyped-def]
    changed = apply_changes(
        profile, [Change(path="/roles/coach", value={"kind": "trainer", "department": "sales"})]
    )
    assert changed.roles["coach"].kind == "trainer"
    with pytest.raises(ProfileError, match="unknown department 'nowhere'"):
        apply_changes(profile, [Change(path="/roles/coach", value={"department": "nowhere"})])


def test_remove_a_key(profile) -> None:  # type: ignore[no-untyped-def]
    changed = apply_changes(profile, [Change(op="remove", path="/sponsor")])
    assert changed.sponsor is None


def test_bad_paths_and_values_are_clear(profile) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ProfileError, match="Sponsor has no field 'mood'"):
        apply_changes(profile, [Change(path="/sponsor/mood", value=1)])
    with pytest.raises(ProfileError, match="'sleepy' is not one of"):
        apply_changes(profile, [Change(path="/sponsor/engagement", value="sleepy")])


def test_pointer_round_trip() -> None:
    assert pointer("fields", "a/b", "x~y") == "/fields/a~1b/x~0y"
    assert pointer_parts("/fields/a~1b/x~0y") == ["fields", "a/b", "x~y"]
