"""HTML portfolio report: one self-contained page (no scripts, nothing fetched) with charts."""

from __future__ import annotations

from riskengine import __version__
from riskengine.output.common import plural
from riskengine.output.html import esc, page
from riskengine.output.html_style import CSS
from riskengine.output.portfolio_common import (
    PortfolioOptions,
    failure_note,
    headline,
    pitfall_name,
    spread_sentence,
    standing_sentence,
)
from riskengine.output.portfolio_svg import histogram, pitfall_shares
from riskengine.portfolio import Portfolio

EXTRA_CSS = """
.chart { width: 100%; max-width: 760px; height: auto; display: block; margin: 8px 0 4px; }
.focus { border-left: 4px solid var(--accent); padding: 6px 12px; background: #edf2ff; }
.pill.incomplete { background: #5f3dc4; }
"""


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The whole page."""
    title = f"CRM portfolio risk: {plural(len(portfolio.programs), 'program')}"
    body = [
        f'<header class="page"><h1>{esc(title)}</h1><p>{esc(headline(portfolio))}</p></header>',
        "<main>",
        _distribution(portfolio),
        _pitfalls(portfolio, options),
        _programs(portfolio, options),
        _incomplete(portfolio, options),
        "</main>",
        f"<footer>riskengine {esc(__version__)}</footer>",
    ]
    return page(title, CSS + EXTRA_CSS, body)


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
        f"<p>{esc(spread_sentence(d))} {d.statuses['green']} green, "
        f"{d.statuses['amber']} amber, {d.statuses['red']} red.</p></section>"
    )


def _pitfalls(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The most widespread pitfalls: a chart of their shares and a table of their risks."""
    shown = portfolio.pitfalls[: options.top]
    if not shown:
        return (
            '<section class="profile"><h2>Most common pitfalls</h2>'
            "<p>None: no complete program has a counted finding.</p></section>"
        )
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
    """The complete programs, the riskiest first."""
    ranked = portfolio.ranked
    if not ranked:
        return (
            '<section class="profile"><h2>Programs by risk</h2>'
            "<p>None: no program is complete.</p></section>"
        )
    rows = "".join(
        f'<tr><td class="num">{rank}</td><td>{esc(p.organization)}<br>'
        f'<span class="rule">{esc(p.profile)}</span></td>'
        f'<td class="num">{p.overall:.1f}</td>'
        f'<td><span class="pill {p.status}">{p.status}</span></td>'
        f'<td class="num">{p.findings}</td><td class="num">{p.assessed:.0%}</td></tr>'
        for rank, p in enumerate(ranked[: options.top], start=1)
    )
    return (
        '<section class="profile"><h2>Programs by risk</h2>'
        '<table class="report"><thead><tr><th class="num">#</th><th>Program</th>'
        '<th class="num">Overall</th><th>Status</th><th class="num">Findings</th>'
        f'<th class="num">Assessed</th></tr></thead><tbody>{rows}</tbody></table>'
        f"{_more(len(ranked) - options.top)}</section>"
    )


def _incomplete(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The incomplete programs, unranked, with what failed in each."""
    incomplete = portfolio.incomplete
    if not incomplete:
        return ""
    rows = "".join(
        f'<tr><td><span class="pill incomplete">incomplete</span></td>'
        f'<td>{esc(p.organization)}<br><span class="rule">{esc(p.profile)}</span></td>'
        f"<td>{esc(failure_note(p))}</td></tr>"
        for p in incomplete[: options.top]
    )
    return (
        '<section class="profile"><h2>Incomplete programs</h2>'
        "<p>Left out of the distribution, the pitfalls and the ranking: their risk misses what "
        "the failed rules would have found.</p>"
        '<table class="report"><thead><tr><th>Status</th><th>Program</th><th>Why</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>{_more(len(incomplete) - options.top)}</section>"
    )


def _more(hidden: int) -> str:
    """The note saying how many programs were not listed, if any."""
    return f"<p>... and {hidden} more.</p>" if hidden > 0 else ""
