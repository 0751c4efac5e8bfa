"""Terminal portfolio report: the distribution as a text histogram, pitfalls, ranked programs."""

from __future__ import annotations

from collections.abc import Callable

from riskengine.output.portfolio_common import (
    PortfolioOptions,
    failure_note,
    headline,
    pitfall_name,
    standing_sentence,
)
from riskengine.output.safetext import visible
from riskengine.portfolio import Portfolio, Program

BAR_WIDTH = 40
STATUS_SGR = {"green": "32", "amber": "33", "red": "31", "incomplete": "35"}

Paint = Callable[[str, str], str]
"""Colours a text by a status (or leaves it alone)."""


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The whole report as plain text (ANSI colours only when `options.color`); text from
    profiles is shown with its control characters escaped."""

    def paint(text: str, status: str) -> str:
        return f"\x1b[{STATUS_SGR[status]}m{text}\x1b[0m" if options.color else text

    lines = [f"Portfolio: {headline(portfolio)}", ""]
    if portfolio.focus is not None:
        lines += [visible(standing_sentence(portfolio.focus)), ""]
    lines += _distribution(portfolio)
    lines += [
        "",
        "Most common pitfalls",
        f"  {'rule':<36}{'programs':>9}{'share':>7}{'avg risk':>10}{'highest':>9}",
    ]
    for p in portfolio.pitfalls[: options.top]:
        lines.append(
            f"  {visible(pitfall_name(p))[:35]:<36}{p.programs:>9}{p.share:>7.0%}"
            f"{p.average_risk:>10.1f}{p.highest_risk:>9.1f}"
        )
    if not portfolio.pitfalls:
        lines.append("  none: no complete program has a counted finding")
    ranked = portfolio.ranked
    lines += ["", "Programs by risk"]
    for rank, program in enumerate(ranked[: options.top], start=1):
        status = paint(f"{program.status:<6}", program.status)
        lines.append(
            f"  {rank:>3}. {program.overall:>5.1f} {status} {visible(program.profile)} "
            f"({visible(program.organization)}, {program.findings} findings)"
        )
    if not ranked:
        lines.append("  none: no program is complete")
    lines += _more(len(ranked) - options.top)
    lines += _incomplete(portfolio, options, paint)
    return "\n".join(lines) + "\n"


def _incomplete(portfolio: Portfolio, options: PortfolioOptions, paint: Paint) -> list[str]:
    """The incomplete programs, apart from the ranked ones and unranked."""
    incomplete = portfolio.incomplete
    if not incomplete:
        return []
    lines = ["", "Incomplete programs (left out of the figures above)"]
    for program in incomplete[: options.top]:
        lines.append(
            f"  {'-':>4} {'?':>5} {paint('incomplete', 'incomplete')} {visible(program.profile)} "
            f"({_organization_of(program)}{visible(failure_note(program))})"
        )
    return lines + _more(len(incomplete) - options.top)


def _organization_of(program: Program) -> str:
    """``Kestrel Logistics, `` before the failure note; nothing when it only repeats the label
    (a stopped assessment knows no organization)."""
    if program.organization == program.profile:
        return ""
    return f"{visible(program.organization)}, "


def _more(hidden: int) -> list[str]:
    """The line saying how many programs `--top` left out, if any."""
    return [f"  ... and {hidden} more (--top, or -f json for all)"] if hidden > 0 else []


def _distribution(portfolio: Portfolio) -> list[str]:
    """One row per ten-point bucket, its bar scaled to the fullest bucket."""
    d = portfolio.distribution
    most = max(b.programs for b in d.buckets) or 1
    lines = ["Distribution of overall risk"]
    for bucket in d.buckets:
        bar = "#" * round(BAR_WIDTH * bucket.programs / most)
        lines.append(f"  {bucket.low:>3}-{bucket.high:<4}{bar:<{BAR_WIDTH}} {bucket.programs}")
    return lines
