"""A profile whose assessment never returns, or ends its worker, cannot hang or sink a batch."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from riskengine.batch.stopped import WHOLE_PROFILE
from riskengine.config import Config
from riskengine.engine import Engine
from tests.helpers import PROFILES
from tests.plugins import stalling

TODAY = dt.date(2026, 1, 15)
ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.0


def _engine(**config: object) -> Engine:
    return Engine([stalling], load_entrypoints=False, config=Config(**config))  # type: ignore[arg-type]


def _profile(name: str) -> dict[str, object]:
    return {"organization": {"name": name, "crm_seats": 40}}


def test_a_stuck_profile_is_stopped_at_its_limit_and_the_others_kept() -> None:
    # --timeout cannot stop this rule (it swallows the signal's exception); the profile limit can
    engine = _engine(profile_timeout=LIMIT, timeout=0.2)
    sources = [_profile("Alpha"), _profile("Stall Co"), _profile("Beta"), _profile("Gamma")]
    start = time.monotonic()
    results = list(engine.assess_many(sources, jobs=2, today=TODAY, rank=False))
    assert time.monotonic() - start < 30  # generous: the point is that it returns at all
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.label for r in results] == ["Alpha", "Stall Co", "Beta", "Gamma"]
    stuck = results[1].unwrap()
    assert stuck.incomplete and stuck.status == "incomplete" and not stuck.findings
    [failure] = stuck.errors
    assert (failure.rule, failure.plugin) == ("STL001", "stalling")
    assert f"per-profile time limit of {LIMIT:g} s" in failure.error
    for result, source in zip(results, sources, strict=True):
        if result.index != 1:
            assert result.unwrap() == engine.assess(source, today=TODAY, rank=False)
    assert not multiprocessing.active_children()  # every worker, the stopped one too, is gone


def test_a_time_limit_with_one_job_still_runs_in_a_worker() -> None:
    engine = _engine(profile_timeout=LIMIT)
    results = list(engine.assess_many([_profile("Stall"), _profile("Fine")], today=TODAY))
    assert results[0].unwrap().incomplete
    assert results[1].unwrap() == engine.assess(_profile("Fine"), today=TODAY)


def test_a_worker_that_ends_is_replaced_and_its_profile_reported() -> None:
    engine = _engine()
    sources = [_profile("One"), _profile("Crash Co"), _profile("Two"), _profile("Three")]
    results = list(engine.assess_many(sources, jobs=2, today=TODAY, rank=False))
    crashed = results[1].unwrap()
    [failure] = crashed.errors
    assert failure.rule == WHOLE_PROFILE and "exit status 7" in failure.error
    assert [r.unwrap().incomplete for r in results] == [False, True, False, False]


def test_leaving_a_batch_early_stops_a_stuck_worker_at_once() -> None:
    engine = _engine(profile_timeout=60)
    results = engine.assess_many([_profile("Fine"), _profile("Stall")], jobs=2, rank=False)
    assert next(results).ok
    start = time.monotonic()
    results.close()  # type: ignore[attr-defined]
    assert time.monotonic() - start < 10
    assert not multiprocessing.active_children()


def _score(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "riskengine", "-p", "tests.plugins.stalling", "score", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120)


@pytest.mark.parametrize(("extra", "status"), [((), 3), (("--allow-errors",), 0)])
def test_the_command_line_reports_the_stopped_profile(
    tmp_path: Path, extra: tuple[str, ...], status: int
) -> None:
    (tmp_path / "stuck.yaml").write_text("organization: {name: Stall here}\n", encoding="utf-8")
    healthy = str(PROFILES / "small-firm.yaml")
    done = _score(
        healthy, "stuck.yaml", "--jobs", "2", "--profile-timeout", "1", "-f", "jsonl",
        "--no-rank", *extra, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert "stuck.yaml: incomplete: rule STL001" in done.stderr
    assert "per-profile time limit of 1 s" in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and '"incomplete":false' in lines[0].replace(" ", "")
    assert '"incomplete":true' in lines[1].replace(" ", "")
