"""Markdown portfolio report: summary, distribution, common pitfalls and ranked programs."""

from __future__ import annotations

from riskengine.output.markdown import STATUS_MARK, code, md
from riskengine.output.portfolio_common import (
    PortfolioOptions,
    failure_note,
    headline,
    pitfall_name,
    spread_sentence,
    standing_sentence,
)
from riskengine.portfolio import Portfolio

INCOMPLETE_MARK = "⚠️"


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The whole document."""
    d = portfolio.distribution
    lines = ["## Portfolio risk", "", md(headline(portfolio)), ""]
    if portfolio.focus is not None:
        lines += [f"**{md(standing_sentence(portfolio.focus))}**", ""]
    lines += ["### Distribution of overall risk", "", "| risk | programs |", "|---|---:|"]
    lines += [f"| {b.low}-{b.high} | {b.programs} |" for b in d.buckets]
    lines += ["", md(spread_sentence(d)), "", "### Most common pitfalls", ""]
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
        lines.append("No complete program has a counted finding.")
    return "\n".join(lines + _programs(portfolio, options)) + "\n"


def _programs(portfolio: Portfolio, options: PortfolioOptions) -> list[str]:
    """The complete programs ranked, then the incomplete ones, unranked and marked."""
    ranked, incomplete = portfolio.ranked, portfolio.incomplete
    lines = ["", "### Programs by risk", ""]
    if ranked:
        lines += [
            "| # | risk | status | program | organization | findings |",
            "|---:|---:|---|---|---|---:|",
        ]
        lines += [
            f"| {rank} | {p.overall:.1f} | {STATUS_MARK[p.status]} {p.status} "
            f"| {code(p.profile)} | {md(p.organization)} | {p.findings} |"
            for rank, p in enumerate(ranked[: options.top], start=1)
        ]
    else:
        lines.append("No program is complete.")
    lines += _more(len(ranked) - options.top)
    if incomplete:
        lines += [
            "",
            "### Incomplete programs",
            "",
            "Left out of the figures above: their risk misses what the failed rules would have "
            "found.",
            "",
            "| status | program | organization | why |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {INCOMPLETE_MARK} incomplete | {code(p.profile)} | {md(p.organization)} "
            f"| {md(failure_note(p))} |"
            for p in incomplete[: options.top]
        ]
        lines += _more(len(incomplete) - options.top)
    return lines


def _more(hidden: int) -> list[str]:
    """The line saying how many programs were not listed, if any."""
    return ["", f"... and {hidden} more."] if hidden > 0 else []
