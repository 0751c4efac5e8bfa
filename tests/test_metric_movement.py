"""`riskengine compare` shows how the objectives' measured results moved between two profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.comparison import compare_assessments, metric_changes, toward_target
from riskengine.engine import Engine
from riskengine.loading import load_profile
from tests.helpers import PROFILES, overlay, profile_data


def _win_rate(*actuals: float | None) -> dict[str, Any]:
    """An overlay giving the win-rate objective's three metrics these measured values."""
    plan = [
        ("Quote win rate", 22, 28, "%"),
        ("Days from lead to first visit", 14, 7, "days"),
        ("Qualified leads per rep per month", 9, 12, ""),
    ]
    metrics = []
    for (name, baseline, target, unit), actual in zip(plan, actuals, strict=True):
        metric: dict[str, Any] = {
            "name": name,
            "baseline": baseline,
            "target": target,
            "unit": unit,
        }
        if actual is not None:
            metric["actual"] = actual
        metrics.append(metric)
    return {"objectives": {"win_rate": {"metrics": metrics}}}


OLD = overlay(profile_data(), _win_rate(24, 10, None))
NEW = overlay(profile_data(), _win_rate(26, 12, 9))


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("baseline", "target", "before", "after", "expected"),
    [
        (22, 28, 24, 26, True),  # rising target, rising value
        (22, 28, 24, 23, False),  # rising target, falling value
        (14, 7, 10, 9, True),  # falling target, falling value
        (14, 7, 10, 12, False),  # falling target, rising value (still better than baseline)
        (22, 28, None, 25, True),  # first measurement: judged from the baseline
        (22, 28, None, 20, False),
        (22, 28, None, 22, False),  # first measurement equals the baseline: no movement
        (22, 28, 30, 32, True),  # past the target, still in the planned direction
        (22, 28, 25, 25, False),  # unchanged
        (22, None, 24, 26, None),  # no target: cannot tell
        (22, 28, 24, None, None),  # no new value: cannot tell
        (None, 28, None, 25, None),  # nothing to start from
        (None, 28, 20, 25, True),  # no baseline: head from the old value to the target
        (None, 28, 20, 18, False),
        (50, 50, 49, 50, True),  # hold the line: back onto the target
        (50, 50, 50, 49, False),  # hold the line: off the target
    ],
)
def test_toward_target(
    baseline: float | None,
    target: float | None,
    before: float | None,
    after: float | None,
    expected: bool | None,
) -> None:
    assert toward_target(baseline, target, before, after) is expected


def test_metric_changes_lists_moved_metrics_in_profile_order() -> None:
    changes = metric_changes(load_profile(OLD), load_profile(NEW))
    assert [(c.objective, c.metric) for c in changes] == [
        ("win_rate", "Quote win rate"),
        ("win_rate", "Days from lead to first visit"),
        ("win_rate", "Qualified leads per rep per month"),
    ]
    win, days, leads = changes
    assert (win.baseline, win.target, win.old_actual, win.new_actual) == (22, 28, 24, 26)
    assert win.toward_target is True and win.delta == 2 and win.unit == "%"
    assert days.toward_target is False and days.delta == 2
    assert (leads.old_actual, leads.new_actual, leads.toward_target) == (None, 9, False)
    assert leads.delta is None


def test_unchanged_and_unmeasured_metrics_are_not_listed() -> None:
    same = load_profile(OLD)
    assert metric_changes(same, same) == ()
    plain = load_profile(profile_data())
    assert metric_changes(plain, plain) == ()


def test_metric_removed_or_added_counts_as_a_change() -> None:
    metrics = _win_rate(24, 10, None)["objectives"]["win_rate"]["metrics"]
    gone = overlay(profile_data(), {"objectives": {"win_rate": {"metrics": metrics[1:]}}})
    changes = metric_changes(load_profile(OLD), load_profile(gone))
    assert [(c.metric, c.old_actual, c.new_actual, c.toward_target) for c in changes] == [
        ("Quote win rate", 24, None, None)
    ]
    back = metric_changes(load_profile(gone), load_profile(OLD))
    assert [(c.metric, c.old_actual, c.new_actual, c.toward_target) for c in back] == [
        ("Quote win rate", None, 24, True)
    ]


def test_comparison_carries_metrics_only_when_given_the_profiles(engine: Engine) -> None:
    old, new = load_profile(OLD), load_profile(NEW)
    before, after = engine.assess(old, rank=False), engine.assess(new, rank=False)
    assert compare_assessments(before, after).metrics == ()
    full = compare_assessments(before, after, old_profile=old, new_profile=new)
    assert len(full.metrics) == 3
    assert full.metrics == metric_changes(old, new)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_compare_json_includes_metric_movement(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.yaml", OLD), _write(tmp_path, "new.yaml", NEW)
    code, out, err = run("compare", old, new, "-f", "json")
    assert code == 0, err
    metrics = json.loads(out)["metrics"]
    assert metrics[0] == {
        "objective": "win_rate",
        "metric": "Quote win rate",
        "unit": "%",
        "baseline": 22.0,
        "target": 28.0,
        "old_actual": 24.0,
        "new_actual": 26.0,
        "toward_target": True,
    }
    assert [m["toward_target"] for m in metrics] == [True, False, False]


def test_compare_table_shows_metric_movement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # one table row per metric
    old, new = _write(tmp_path, "old.yaml", OLD), _write(tmp_path, "new.yaml", NEW)
    code, out, err = run("compare", old, new, "--color", "never")
    assert code == 0, err
    assert "Metric changes (3)" in out
    lines = {line.split("|")[2].strip(): line for line in out.splitlines() if "| win_rate" in line}
    assert "toward target" in lines["Quote win rate (%)"]
    assert "away from target" in lines["Days from lead to first visit (days)"]
    assert "no movement" in lines["Qualified leads per rep per month"]


def test_compare_table_says_when_nothing_moved() -> None:
    path = str(PROFILES / "healthy-rollout.yaml")
    code, out, _ = run("compare", path, path, "--color", "never")
    assert code == 0
    assert "Metric changes: none" in out


def test_whatif_table_mentions_metrics_only_when_they_moved() -> None:
    path = str(PROFILES / "healthy-rollout.yaml")
    code, out, err = run("whatif", path, "--set", "sponsor.communicates=quarterly")
    assert code == 0, err
    assert "Metric changes" not in out
