"""The portfolio summary and ``riskengine portfolio``: spread, pitfalls, ranks, one's standing."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.portfolio import build_portfolio
from riskengine.scoring import rule_risks
from tests.helpers import PROFILES
from tests.test_cli_batch import BROKEN, run

TODAY = dt.date(2026, 1, 15)
EXAMPLES = sorted(str(p) for p in PROFILES.glob("*.yaml"))


@pytest.fixture(scope="module")
def assessments(engine: Engine) -> list[Assessment]:
    return [r.unwrap() for r in engine.assess_many(EXAMPLES, today=TODAY, rank=False)]


def test_distribution_matches_the_programs(assessments: list[Assessment]) -> None:
    portfolio = build_portfolio(assessments)
    d = portfolio.distribution
    risks = sorted(a.score.overall for a in assessments)
    assert d.programs == len(assessments) == sum(b.programs for b in d.buckets)
    assert (d.minimum, d.maximum) == (risks[0], risks[-1])
    assert d.minimum <= d.q1 <= d.median <= d.q3 <= d.maximum
    assert sum(1 for r in risks if r <= d.median) >= len(risks) / 2
    assert sum(d.statuses.values()) == len(risks)
    assert d.statuses["red"] == sum(1 for a in assessments if a.score.status == "red")
    for bucket in d.buckets:
        inside = [r for r in risks if bucket.low <= r < bucket.high or (bucket.high == 100 == r)]
        assert bucket.programs == len(inside)


def test_programs_ranked_and_pitfalls_counted(assessments: list[Assessment]) -> None:
    portfolio = build_portfolio(assessments)
    overall = [p.overall for p in portfolio.programs]
    assert overall == sorted(overall, reverse=True)
    assert portfolio.programs[0].profile.endswith("troubled-rollout.yaml")
    shares = [(p.programs, p.average_risk) for p in portfolio.pitfalls]
    assert shares == sorted(shares, key=lambda s: (-s[0], -s[1]))
    for pitfall in portfolio.pitfalls[:5]:
        struck = [rule_risks(a.findings).get(pitfall.rule) for a in assessments]
        risks = [r for r in struck if r]
        assert pitfall.programs == len(risks)
        assert pitfall.share == round(len(risks) / len(assessments), 3)
        assert pitfall.average_risk == round(sum(risks) / len(risks), 1)
        assert pitfall.title and pitfall.slug


def test_standing_percentile_among_peers(assessments: list[Assessment]) -> None:
    portfolio = build_portfolio(assessments, focus=EXAMPLES[0])
    me = next(a for a in assessments if a.profile == EXAMPLES[0]).score.overall
    peers = [a.score.overall for a in assessments if a.profile != EXAMPLES[0]]
    assert portfolio.focus is not None
    expected = 100 * (sum(r < me for r in peers) + sum(r == me for r in peers) / 2) / len(peers)
    assert portfolio.focus.percentile == round(expected, 1)
    assert portfolio.focus.rank == 1 + sum(r > me for r in peers)
    worst = portfolio.standing(portfolio.programs[0].profile)
    assert worst is not None and worst.rank == 1 and worst.percentile == 100.0
    spelled_otherwise = os.path.dirname(EXAMPLES[0]) + "/./" + os.path.basename(EXAMPLES[0])
    assert portfolio.standing(spelled_otherwise) == portfolio.focus
    with pytest.raises(ValueError, match="not one of"):
        build_portfolio(assessments, focus="elsewhere.yaml")


def test_portfolio_command_formats(tmp_path: Path) -> None:
    for path in EXAMPLES[:6]:
        shutil.copy(path, tmp_path)
    focus = str(tmp_path / Path(EXAMPLES[2]).name)
    code, out, err = run("portfolio", str(tmp_path), "-f", "json", "--program", focus)
    assert code == 0, err
    data = json.loads(out)
    assert len(data["programs"]) == 6 and data["focus"]["profile"] == focus
    code, table, _ = run("portfolio", str(tmp_path), "--top", "3", "--color", "never")
    assert code == 0
    assert "Distribution of overall risk" in table and "... and 3 more" in table
    code, markdown, _ = run("portfolio", str(tmp_path), "-f", "markdown")
    assert code == 0 and "| # | risk | status |" in markdown
    code, page, _ = run("portfolio", str(tmp_path), "-f", "html", "--program", focus)
    assert code == 0
    assert page.count("<svg") == 2 and "<script" not in page
    assert not re.search(r"(src|href)=\"https?:", page)


def test_portfolio_with_a_broken_profile_reports_the_rest(tmp_path: Path) -> None:
    for path in EXAMPLES[:3]:
        shutil.copy(path, tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    code, out, err = run("portfolio", str(tmp_path), "-f", "json", "--jobs", "2")
    assert code == 2
    assert "broken.yaml:2:23" in err
    assert len(json.loads(out)["programs"]) == 3
    code, _, err = run("portfolio", str(tmp_path), "--program", str(tmp_path / "broken.yaml"))
    assert code == 2 and "is not one of the portfolio's programs" in err
