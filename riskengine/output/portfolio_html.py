"""HTML portfolio report: one self-contained page (no scripts, nothing fetched) with charts."""

from __future__ import annotations

from riskengine import __version__
from riskengine.output.html import CSP, esc
from riskengine.output.html_style import CSS
from riskengine.output.portfolio_common import (
    PortfolioOptions,
    headline,
    pitfall_name,
    standing_sentence,
)
from riskengine.output.portfolio_svg import histogram, pitfall_shares
from riskengine.portfolio import Portfolio

EXTRA_CSS = """
.chart { width: 100%; max-width: 760px; height: auto; display: block; margin: 8px 0 4px; }
.focus { border-left: 4px solid var(--accent); padding: 6px 12px; background: #edf2ff; }
"""


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The whole page."""
    title = f"CRM portfolio risk: {portfolio.distribution.programs} programs"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="riskengine {esc(__version__)}">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}{EXTRA_CSS}</style>",
            "</head>",
            "<body>",
            f'<header class="page"><h1>{esc(title)}</h1><p>{esc(headline(portfolio))}</p></header>',
            "<main>",
            _distribution(portfolio),
            _pitfalls(portfolio, options),
            _programs(portfolio, options),
            "</main>",
            f"<footer>riskengine {esc(__version__)}</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _distribution(portfolio: Portfolio) -> str:
    """The histogram, quartiles and, when asked, the focus program's standing."""
    d = portfolio.distribution
    focus = (
        f'<p class="focus">{esc(standing_sentence(portfolio.focus))}</p>'
        if portfolio.focus is not None
        else ""
    )
    return (
        '<section class="profile"><h2>Distribution of overall risk</h2>'
        f"{focus}{histogram(d, portfolio.focus)}"
        f"<p>Mean {d.mean:.1f}; quartiles {d.q1:.1f} / {d.median:.1f} / {d.q3:.1f}; "
        f"{d.statuses['green']} green, {d.statuses['amber']} amber, {d.statuses['red']} red."
        "</p></section>"
    )


def _pitfalls(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The most widespread pitfalls: a chart of their shares and a table of their risks."""
    shown = portfolio.pitfalls[: options.top]
    if not shown:
        return '<section class="profile"><h2>Most common pitfalls</h2><p>None.</p></section>'
    rows = "".join(
        f'<tr><td><span class="rule">{esc(pitfall_name(p))}</span><br>{esc(p.title)}</td>'
        f'<td class="num">{p.programs}</td><td class="num">{p.share:.0%}</td>'
        f'<td class="num">{p.average_risk:.1f}</td><td class="num">{p.highest_risk:.1f}</td></tr>'
        for p in shown
    )
    return (
        '<section class="profile"><h2>Most common pitfalls</h2>'
        f"{pitfall_shares(shown)}"
        '<table class="report"><thead><tr><th>Pitfall</th><th class="num">Programs</th>'
        '<th class="num">Share</th><th class="num">Avg risk</th><th class="num">Highest</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _programs(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The programs, the riskiest first."""
    rows = "".join(
        f'<tr><td class="num">{rank}</td><td>{esc(p.organization)}<br>'
        f'<span class="rule">{esc(p.profile)}</span></td>'
        f'<td class="num">{p.overall:.1f}</td>'
        f'<td><span class="pill {p.status}">{p.status}</span></td>'
        f'<td class="num">{p.findings}</td><td class="num">{p.assessed:.0%}</td></tr>'
        for rank, p in enumerate(portfolio.programs[: options.top], start=1)
    )
    hidden = len(portfolio.programs) - options.top
    more = f"<p>... and {hidden} more.</p>" if hidden > 0 else ""
    return (
        '<section class="profile"><h2>Programs by risk</h2>'
        '<table class="report"><thead><tr><th class="num">#</th><th>Program</th>'
        '<th class="num">Overall</th><th>Status</th><th class="num">Findings</th>'
        f'<th class="num">Assessed</th></tr></thead><tbody>{rows}</tbody></table>{more}'
        "</section>"
    )
