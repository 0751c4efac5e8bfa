"""Terminal portfolio report: the distribution as a text histogram, pitfalls, ranked programs."""

from __future__ import annotations

from riskengine.output.portfolio_common import (
    PortfolioOptions,
    headline,
    pitfall_name,
    standing_sentence,
)
from riskengine.output.safetext import visible
from riskengine.portfolio import Portfolio

BAR_WIDTH = 40
STATUS_SGR = {"green": "32", "amber": "33", "red": "31"}


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
        lines.append("  none: no program has a counted finding")
    lines += ["", "Programs by risk"]
    for rank, program in enumerate(portfolio.programs[: options.top], start=1):
        status = paint(f"{program.status:<6}", program.status)
        lines.append(
            f"  {rank:>3}. {program.overall:>5.1f} {status} {visible(program.profile)} "
            f"({visible(program.organization)}, {program.findings} findings)"
        )
    hidden = len(portfolio.programs) - options.top
    if hidden > 0:
        lines.append(f"  ... and {hidden} more (--top, or -f json for all)")
    return "\n".join(lines) + "\n"


def _distribution(portfolio: Portfolio) -> list[str]:
    """One row per ten-point bucket, its bar scaled to the fullest bucket."""
    d = portfolio.distribution
    most = max(b.programs for b in d.buckets) or 1
    lines = ["Distribution of overall risk"]
    for bucket in d.buckets:
        bar = "#" * round(BAR_WIDTH * bucket.programs / most)
        lines.append(f"  {bucket.low:>3}-{bucket.high:<4}{bar:<{BAR_WIDTH}} {bucket.programs}")
    return lines
