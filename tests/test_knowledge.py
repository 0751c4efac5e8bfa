"""Unknown is not no: open questions, the assessed share, and answers that move risk honestly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.findings import Change
from riskengine.loading import load_profile, load_profile_text
from riskengine.patching import apply_changes, pointer_parts
from riskengine.profile import Profile
from riskengine.profile.declare import Ref
from riskengine.profile.entities import entity_kinds
from riskengine.profile.facts import fact_marker, field_info
from riskengine.profile.template import starter_profile
from riskengine.testing import profiles
from tests.helpers import PROFILES

ENGINE = Engine(load_entrypoints=False)


def test_a_name_and_a_size_is_mostly_unassessed_not_red() -> None:
    a = ENGINE.assess(load_profile({"organization": {"name": "X", "crm_seats": 200}}))
    assert a.score.status != "red", [f.message for f in a.findings]
    assert a.score.assessed < 0.5
    assert len(a.questions) >= 10
    for q in a.questions:
        assert q.pointer.startswith("/") and q.rules and q.question
    pointers = {q.pointer for q in a.questions}
    assert "/sponsor" in pointers, "an unstated sponsor is a question, not a missing sponsor"
    revealed = [q.reveals for q in a.questions if q.reveals is not None]
    assert revealed == sorted(revealed, reverse=True), "the most revealing question comes first"


def test_the_starter_profile_validates_and_is_not_red(tmp_path: Path) -> None:
    profile = load_profile_text(starter_profile(), label="starter.yaml")
    stated = profile.model_dump(exclude_none=True, exclude_defaults=True)
    assert stated == {"organization": {"name": "Your organization"}}, "the rest is unknown"
    a = ENGINE.assess(profile)
    assert a.score.status != "red"
    assert a.score.assessed < 1 and a.questions
    path = tmp_path / "p.yaml"
    assert CliRunner().invoke(main, ["init", str(path)]).exit_code == 0
    assert path.read_text(encoding="utf-8") == starter_profile()


def test_every_model_field_is_in_the_starter_profile() -> None:
    text = starter_profile()
    for name, info in Profile.model_fields.items():
        if name not in ("schema_version", "extensions"):
            assert f"\n{name}:" in text, name
            assert (info.description or "").split()[0] in text


def test_answering_every_question_assesses_everything() -> None:
    # one role, so that questions asking for a role (who owns the change?) can be answered
    profile = load_profile(
        {"organization": {"name": "X", "crm_seats": 200}, "roles": {"lead": {"kind": "sme"}}}
    )
    for _ in range(6):  # each answer may lead rules to ask about what it made possible
        a = ENGINE.assess(profile, rank=False)
        answers = [_answer(profile, q.pointer) for q in a.questions]
        changes = [c for c in answers if c is not None]
        if not changes:
            break
        profile = apply_changes(profile, changes)
    a = ENGINE.assess(profile, rank=False)
    assert not a.questions, [q.pointer for q in a.questions]
    assert a.score.assessed == 1.0


def _answer(profile: Profile, at: str) -> Change | None:
    """A healthy, valid answer to a question, made from what its field declares."""
    parts = pointer_parts(at)
    marker = fact_marker(Profile, parts)
    if marker is not None:
        return Change(op="set", path=at, value=marker.healthy)
    info = field_info(Profile, parts)
    if info is None:
        return None
    ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
    if ref is not None:  # an id must name an entity that exists
        kind = entity_kinds(Profile)[ref.kind]
        known = sorted(getattr(profile, kind.section) or {})
        if not known:
            return None
        return Change(op="set", path=at, value=[known[0]] if _is_list(info) else known[0])
    value = _sample(info.annotation)
    if value is _NONE:
        default = info.get_default(call_default_factory=True)
        value = default if isinstance(default, list | dict) else {}
    return Change(op="set", path=at, value=value)


_NONE = object()


def _is_list(info: Any) -> bool:
    import typing

    return typing.get_origin(info.annotation) is list


def _sample(annotation: Any) -> Any:
    """A valid value of a simple annotation (choices, flags, numbers, text, dates)."""
    import datetime as dt
    import typing

    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _sample(args[0])
    if origin is typing.Literal:
        return args[0]
    if origin in (typing.Union, __import__("types").UnionType):
        for arg in args:
            value = _sample(arg)
            if value is not _NONE and value is not False:
                return value
        return _NONE
    simple = {bool: True, int: 1, float: 1.0, str: "stated", dt.date: "2026-01-01"}
    return simple.get(annotation, _NONE)


def _open_leaves(engine: Engine, profile: Profile) -> list[tuple[str, Any, Any]]:
    """Facts rules asked for and did not get, with the answers their fields declare."""
    evaluation = engine.evaluate(profile)
    out = []
    for at, (known, _) in evaluation.asked.items():
        marker = fact_marker(Profile, pointer_parts(at))
        if not known and marker is not None:
            out.append((at, marker.healthy, marker.risky))
    return out


def _risk(engine: Engine, profile: Profile) -> tuple[float, float, float]:
    a = engine.assess(profile, rank=False)
    return a.score.overall, a.score.total, a.score.assessed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(), st.randoms(use_true_random=False))
def test_answers_move_risk_the_way_their_fields_declare(profile: Profile, rnd: Any) -> None:
    overall, total, assessed = _risk(ENGINE, profile)
    leaves = _open_leaves(ENGINE, profile)
    for at, healthy, risky in rnd.sample(leaves, min(4, len(leaves))):
        try:
            better = apply_changes(profile, [Change(op="set", path=at, value=healthy)])
            worse = apply_changes(profile, [Change(op="set", path=at, value=risky)])
        except Exception:
            continue
        b_overall, b_total, b_assessed = _risk(ENGINE, better)
        w_overall, w_total, w_assessed = _risk(ENGINE, worse)
        assert b_overall <= overall + 0.05 and b_total <= total + 0.05, f"healthy {at} raised risk"
        assert w_overall >= overall - 0.05 and w_total >= total - 0.05, f"risky {at} lowered risk"
        assert b_assessed >= assessed and w_assessed >= assessed, f"answering {at} lost knowledge"


@pytest.mark.parametrize("path", sorted(PROFILES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_report_what_they_know(path: Path) -> None:
    a = ENGINE.assess(load_profile(path), rank=False)
    assert 0 < a.score.assessed <= 1
    assert a.score.assessed == 1 or a.questions
