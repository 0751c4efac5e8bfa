"""Incomplete programs in a portfolio: listed as incomplete, never counted as a real score."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from riskengine.assessment import Assessment
from riskengine.batch.stopped import stopped_result
from riskengine.context import Context
from riskengine.engine import Engine
from riskengine.output.portfolio_common import PortfolioOptions, standing_sentence
from riskengine.portfolio import Portfolio, build_portfolio
from tests.helpers import PROFILES
from tests.plugins.test_plugins import plugin_of, rule_class

TODAY = dt.date(2026, 1, 15)
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(str(p) for p in PROFILES.glob("*.yaml"))
FAILING = str(PROFILES / "troubled-rollout.yaml")
"""The riskiest example: counted, it would top the ranking and lift every statistic."""
STOPPED = "stuck-program"
RENDERERS = {
    fmt: f"riskengine.output.portfolio_{fmt}" for fmt in ("table", "json", "markdown", "html")
}


def _fails_on_kestrel_logistics(ctx: Context) -> Any:
    if ctx.profile.organization.name == "Kestrel Logistics":
        raise ZeroDivisionError("float division by zero")
    return iter(())


@pytest.fixture(scope="module")
def shaky() -> Engine:
    rule = rule_class("PLG030", _fails_on_kestrel_logistics)
    return Engine([plugin_of("shaky", rule)], load_entrypoints=False)


@pytest.fixture(scope="module")
def complete(shaky: Engine) -> list[Assessment]:
    sources = [p for p in EXAMPLES if p != FAILING]
    return [r.unwrap() for r in shaky.assess_many(sources, today=TODAY, rank=False)]


@pytest.fixture(scope="module")
def incomplete(shaky: Engine) -> list[Assessment]:
    """One program whose rule failed, one whose assessment was stopped at its time limit."""
    failing = shaky.assess(FAILING, today=TODAY, rank=False)
    source = {"organization": {"name": STOPPED, "crm_seats": 40}}
    stopped = stopped_result(shaky, 0, source, "did not finish in time").unwrap()
    return [failing, stopped]


def _render(portfolio: Portfolio, fmt: str, top: int = 10) -> str:
    renderer = importlib.import_module(RENDERERS[fmt])
    text: str = renderer.render(portfolio, PortfolioOptions(top=top))
    return text


def test_the_inputs_are_what_the_tests_need(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    assert not any(a.incomplete for a in complete)
    failing, stopped = incomplete
    assert (
        failing.incomplete
        and failing.findings
        and failing.score.overall > max(a.score.overall for a in complete)
    )
    assert stopped.incomplete and not stopped.findings and stopped.score.overall == 0.0
    assert stopped.score.status == "green"  # what would be counted if nothing were done


def test_statistics_are_those_of_the_complete_programs_exactly(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    alone = build_portfolio(complete)
    mixed = build_portfolio([incomplete[0], *complete[:3], incomplete[1], *complete[3:]])
    assert mixed.distribution == alone.distribution.model_copy(update={"incomplete": 2})
    assert mixed.distribution.programs == len(complete)
    assert (mixed.distribution.median, mixed.distribution.q1, mixed.distribution.q3) == (
        alone.distribution.median,
        alone.distribution.q1,
        alone.distribution.q3,
    )
    assert mixed.pitfalls == alone.pitfalls
    for pitfall in mixed.pitfalls:
        assert pitfall.share == round(pitfall.programs / len(complete), 3)
    assert mixed.ranked == alone.programs


def test_incomplete_programs_come_after_the_ranked_ones_marked(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    portfolio = build_portfolio([*incomplete, *complete])
    assert portfolio.programs[: len(complete)] == portfolio.ranked
    failing, stopped = portfolio.programs[len(complete) :]
    assert portfolio.incomplete == (failing, stopped)
    assert failing.profile == FAILING and stopped.profile == STOPPED
    for program in (failing, stopped):
        assert program.incomplete and program.status == "incomplete"
    assert failing.failed_rules == ("PLG030",)
    assert stopped.failed_rules == ("*",)


def test_a_complete_programs_peers_are_the_complete_ones(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    focus = complete[0].profile
    alone = build_portfolio(complete, focus=focus)
    mixed = build_portfolio([*complete, *incomplete], focus=focus)
    assert mixed.focus == alone.focus
    assert mixed.focus is not None and mixed.focus.peers == len(complete) - 1


def test_an_incomplete_focus_cannot_be_placed(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    portfolio = build_portfolio([*complete, *incomplete], focus=FAILING)
    standing = portfolio.focus
    assert standing is not None and standing.incomplete
    assert (standing.rank, standing.percentile) == (None, None)
    assert standing.peers == len(complete)
    assert "cannot be placed" in standing_sentence(standing)
    for fmt in RENDERERS:
        text = _render(portfolio, fmt)
        assert "cannot be placed" in text or '"rank": null' in text, fmt


def _section(text: str, start: str, end: str) -> str:
    """The part of `text` from `start` up to `end` (or to the end)."""
    head = text.index(start)
    tail = text.find(end, head)
    return text[head : tail if tail >= 0 else len(text)]


@pytest.mark.parametrize(
    ("fmt", "ranked_heading", "marker"),
    [
        ("table", "Programs by risk", "incomplete {label} ("),
        ("markdown", "### Programs by risk", "| ⚠️ incomplete | `{label}` |"),
        ("html", "<h2>Programs by risk</h2>", '<span class="pill incomplete">incomplete</span>'),
    ],
)
def test_every_human_format_lists_incomplete_programs_apart(
    complete: list[Assessment],
    incomplete: list[Assessment],
    fmt: str,
    ranked_heading: str,
    marker: str,
) -> None:
    portfolio = build_portfolio([*incomplete, *complete])
    text = _render(portfolio, fmt, top=len(complete))
    ranked = _section(text, ranked_heading, "Incomplete programs")
    apart = _section(text, "Incomplete programs", "\0")
    for label in (FAILING, STOPPED):
        assert label not in ranked
        assert marker.format(label=label) in apart
        assert label in apart
    assert "rule PLG030 failed" in apart and "the assessment was stopped" in apart
    assert "2 incomplete programs left out" in text


def test_json_marks_incomplete_programs_and_counts_them(
    complete: list[Assessment], incomplete: list[Assessment]
) -> None:
    data = json.loads(_render(build_portfolio([*incomplete, *complete]), "json"))
    statuses = {p["profile"]: (p["status"], p["incomplete"]) for p in data["programs"]}
    assert statuses[FAILING] == statuses[STOPPED] == ("incomplete", True)
    assert [p["incomplete"] for p in data["programs"]][-2:] == [True, True]
    assert (data["distribution"]["programs"], data["distribution"]["incomplete"]) == (
        len(complete),
        2,
    )


def test_a_portfolio_of_incomplete_programs_only(incomplete: list[Assessment]) -> None:
    portfolio = build_portfolio(incomplete, focus=STOPPED)
    d = portfolio.distribution
    assert (d.programs, d.incomplete, d.spread(), d.median) == (0, 2, None, None)
    assert sum(b.programs for b in d.buckets) == 0 and sum(d.statuses.values()) == 0
    assert portfolio.pitfalls == () and portfolio.ranked == ()
    assert portfolio.focus is not None and portfolio.focus.incomplete
    assert portfolio.focus.peers == 0 and portfolio.focus.median is None
    for fmt in ("table", "markdown", "html"):
        text = _render(portfolio, fmt)
        assert "none complete" in text and "no program is complete" in text.lower(), fmt
        assert STOPPED in _section(text, "Incomplete programs", "\0")
    data = json.loads(_render(portfolio, "json"))
    assert data["distribution"]["median"] is None and data["focus"]["rank"] is None


def _portfolio_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    command = [sys.executable, "-m", "riskengine", "-p", "tests.plugins.stalling", "portfolio"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize(("extra", "status"), [((), 3), (("--allow-errors",), 0)])
def test_the_command_reports_a_stopped_program_as_incomplete(
    tmp_path: Path, extra: tuple[str, ...], status: int
) -> None:
    (tmp_path / "stuck.yaml").write_text("organization: {name: Stall here}\n", encoding="utf-8")
    done = _portfolio_command(
        str(PROFILES / "small-firm.yaml"), str(PROFILES / "troubled-rollout.yaml"),
        "stuck.yaml", "--jobs", "2", "--profile-timeout", "1", "-f", "json",
        "--program", "stuck.yaml", "--today", "2026-01-15", *extra, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert "stuck.yaml: incomplete: rule STL001" in done.stderr
    assert "1 program incomplete, left out of the portfolio's figures: stuck.yaml" in done.stderr
    data = json.loads(done.stdout)
    assert [p["status"] for p in data["programs"]] == ["red", "green", "incomplete"]
    assert data["distribution"]["programs"] == 2 and data["distribution"]["incomplete"] == 1
    assert data["focus"]["incomplete"] and data["focus"]["rank"] is None
