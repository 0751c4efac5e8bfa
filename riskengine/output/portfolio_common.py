"""What every portfolio report shares: options and the sentences the human formats use."""

from __future__ import annotations

from dataclasses import dataclass

from riskengine.output.common import plural
from riskengine.portfolio import Distribution, Pitfall, Portfolio, Program, Standing

WHOLE_ASSESSMENT = "*"
"""The failed-rule id of a stopped assessment that no single rule can be blamed for."""


@dataclass(frozen=True)
class PortfolioOptions:
    """Choices that shape a portfolio report."""

    color: bool = False
    """Whether terminal colour may be used (table only)."""
    top: int = 10
    """Pitfalls and programs listed in human-oriented formats (JSON lists them all)."""


def headline(portfolio: Portfolio) -> str:
    """``22 programs · median risk 34.9 (quartiles 25.7 to 41.2, range ...) · 5 green, 15 amber,
    2 red``, and how many incomplete programs these figures leave out."""
    d = portfolio.distribution
    spread = d.spread()
    if spread is None:
        return (
            f"{plural(d.incomplete, 'program')}, none complete · no risk to summarise: "
            "every assessment is incomplete"
        )
    counts = ", ".join(f"{d.statuses[s]} {s}" for s in ("green", "amber", "red"))
    counted = "complete program" if d.incomplete else "program"
    text = (
        f"{plural(d.programs, counted)} · median risk {spread.median:.1f} "
        f"(quartiles {spread.q1:.1f} to {spread.q3:.1f}, range {spread.minimum:.1f} to "
        f"{spread.maximum:.1f}) · {counts}"
    )
    return text + (f" · {left_out(d)}" if d.incomplete else "")


def left_out(d: Distribution) -> str:
    """``2 incomplete programs left out``."""
    return f"{plural(d.incomplete, 'incomplete program')} left out"


def spread_sentence(d: Distribution) -> str:
    """``Mean 34.1; quartiles 25.7 / 34.9 / 41.2.``, or why there is none."""
    spread = d.spread()
    if spread is None:
        return "No complete program, so no mean or quartiles."
    text = (
        f"Mean {spread.mean:.1f}; quartiles {spread.q1:.1f} / {spread.median:.1f} / {spread.q3:.1f}"
    )
    if d.incomplete:
        text += f", over {plural(d.programs, 'complete program')} ({left_out(d)})"
    return text + "."


def pitfall_name(pitfall: Pitfall) -> str:
    """``CRM023 unmeasured-results``, or the bare id."""
    return f"{pitfall.rule} {pitfall.slug}" if pitfall.slug else pitfall.rule


def failure_note(program: Program) -> str:
    """``rule STL001 failed``: why an incomplete program is left out."""
    rules = [r for r in program.failed_rules if r != WHOLE_ASSESSMENT]
    parts = []
    if rules:
        parts.append(f"{'rule' if len(rules) == 1 else 'rules'} {', '.join(rules)} failed")
    if WHOLE_ASSESSMENT in program.failed_rules:
        parts.append("the assessment was stopped")
    return "; ".join(parts) or "marked incomplete"


def standing_sentence(standing: Standing) -> str:
    """Where the focus program stands, in one sentence."""
    if standing.incomplete:
        return (
            f"{standing.profile} is incomplete, so its standing among "
            f"{plural(standing.peers, 'complete program')} cannot be placed: its risk leaves out "
            "what the failed rules would have found."
        )
    if not standing.peers or standing.percentile is None:
        return f"{standing.profile} has risk {standing.overall:.1f} and no peers to compare with."
    median = f"; peer median {standing.median:.1f}" if standing.median is not None else ""
    return (
        f"{standing.profile}: overall risk {standing.overall:.1f}, rank {standing.rank} of "
        f"{standing.peers + 1}; riskier than {standing.percentile:.0f}% of its "
        f"{plural(standing.peers, 'peer')} (percentile {standing.percentile:.1f}{median})."
    )
