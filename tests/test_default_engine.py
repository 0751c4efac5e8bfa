"""The one-call `riskengine.assess` reuses one engine, and engines are safe to share by threads."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

import riskengine
from riskengine.api import _engine_for, default_engine
from riskengine.assessment import Assessment
from riskengine.config import Config
from riskengine.engine import Engine
from riskengine.plugins.manager import DISABLE_AUTOLOAD_ENV
from tests.helpers import PROFILES

TODAY = dt.date(2026, 1, 15)
EXAMPLES = sorted(PROFILES.glob("*.yaml"))


def test_assess_builds_the_default_engine_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _engine_for.cache_clear()
    built: list[Engine] = []
    original = Engine.__init__

    def counting(self: Engine, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "__init__", counting)
    first = riskengine.assess(EXAMPLES[0], today=TODAY, rank=False)
    second = riskengine.assess(EXAMPLES[0], today=TODAY, rank=False)
    riskengine.assess(EXAMPLES[1], today=TODAY, rank=False)
    assert len(built) == 1
    assert first == second
    assert default_engine() is built[0]


def test_the_default_engine_follows_what_decides_its_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = default_engine()
    assert default_engine() is engine
    narrow = Config(select=("CRM001",))
    assert default_engine(narrow) is default_engine(Config(select=("CRM001",)))
    assert default_engine(narrow).active_rule_ids == ("CRM001",)
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "0")  # installed plugin packs may now load
    assert default_engine() is not engine
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    assert default_engine() is engine


def test_an_engine_shared_by_threads_gives_the_serial_results(engine: Engine) -> None:
    # every example but the slowest to rank, which adds time and no new kind of work
    profiles = [engine.load(p) for p in EXAMPLES if p.stem != "troubled-rollout"]
    serial = [engine.assess(p, today=TODAY) for p in profiles]
    with ThreadPoolExecutor(max_workers=3) as pool:
        # every thread assesses every profile, in a different order, at the same time
        def assess_from(k: int) -> list[Assessment]:
            return [engine.assess(p, today=TODAY) for p in profiles[k:] + profiles[:k]]

        rounds = [pool.submit(assess_from, k) for k in range(3)]
        results = [r.result() for r in rounds]
    for k, got in enumerate(results):
        assert got == serial[k:] + serial[:k]
