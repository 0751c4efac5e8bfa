"""Markdown portfolio report: summary, distribution, common pitfalls and ranked programs."""

from __future__ import annotations

from riskengine.output.markdown import STATUS_MARK, code, md
from riskengine.output.portfolio_common import (
    PortfolioOptions,
    headline,
    pitfall_name,
    standing_sentence,
)
from riskengine.portfolio import Portfolio


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The whole document."""
    d = portfolio.distribution
    lines = ["## Portfolio risk", "", md(headline(portfolio)), ""]
    if portfolio.focus is not None:
        lines += [f"**{md(standing_sentence(portfolio.focus))}**", ""]
    lines += ["### Distribution of overall risk", "", "| risk | programs |", "|---|---:|"]
    lines += [f"| {b.low}-{b.high} | {b.programs} |" for b in d.buckets]
    lines += [
        "",
        f"Mean {d.mean:.1f}; quartiles {d.q1:.1f} / {d.median:.1f} / {d.q3:.1f}.",
        "",
        "### Most common pitfalls",
        "",
    ]
    if portfolio.pitfalls:
        lines += [
            "| rule | title | programs | share | avg risk | highest |",
            "|---|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {code(pitfall_name(p))} | {md(p.title)} | {p.programs} | {p.share:.0%} "
            f"| {p.average_risk:.1f} | {p.highest_risk:.1f} |"
            for p in portfolio.pitfalls[: options.top]
        ]
    else:
        lines.append("No program has a counted finding.")
    lines += [
        "",
        "### Programs by risk",
        "",
        "| # | risk | status | program | organization | findings |",
        "|---:|---:|---|---|---|---:|",
    ]
    lines += [
        f"| {rank} | {p.overall:.1f} | {STATUS_MARK[p.status]} {p.status} | {code(p.profile)} "
        f"| {md(p.organization)} | {p.findings} |"
        for rank, p in enumerate(portfolio.programs[: options.top], start=1)
    ]
    hidden = len(portfolio.programs) - options.top
    if hidden > 0:
        lines += ["", f"... and {hidden} more."]
    return "\n".join(lines) + "\n"
