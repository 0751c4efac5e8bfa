"""Loading and assessing pause the cyclic garbage collector and always hand it back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from riskengine.engine import Engine
from riskengine.errors import ProfileError
from riskengine.gcpause import collector_paused
from riskengine.loading import load_profile_text


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the inner pause must not turn it back on
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_kept_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_lasting_objects_are_left_out_of_later_collections(collector_on: None) -> None:
    before = gc.get_freeze_count()
    try:
        with collector_paused(lasting=True):
            kept = [[index] for index in range(200)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()


def test_only_the_pause_that_stopped_the_collector_freezes(collector_on: None) -> None:
    before = gc.get_freeze_count()
    try:
        with collector_paused():
            with collector_paused(lasting=True):
                kept = [[index] for index in range(200)]
            assert gc.get_freeze_count() == before
        assert gc.get_freeze_count() == before
        assert len(kept) == 200
    finally:
        gc.unfreeze()


def test_a_failing_load_gives_the_collector_back(collector_on: None) -> None:
    with pytest.raises(ProfileError):
        load_profile_text("organization: {name: X, crm_seats: -3}\n", label="bad.yaml")
    assert gc.isenabled()


def test_assessing_gives_the_collector_back(collector_on: None) -> None:
    engine = Engine(load_entrypoints=False)
    engine.assess({"organization": {"name": "X", "crm_seats": 40}}, rank=False)
    assert gc.isenabled()


def test_repeated_plain_scalars_keep_their_types() -> None:
    """The loader remembers what each plain scalar resolved to; types must not leak between
    different texts that share a first character."""
    text = (
        "organization: {name: 'yes', crm_seats: 12}\n"
        "departments:\n"
        "  a: {side: sales, headcount: 12, customer_facing: yes}\n"
        "  b: {side: sales, headcount: 12, customer_facing: no, name: '12'}\n"
    )
    profile = load_profile_text(text, label="t.yaml")
    assert profile.organization.name == "yes"
    assert profile.departments["a"].customer_facing is True
    assert profile.departments["b"].customer_facing is False
    assert profile.departments["b"].headcount == 12
