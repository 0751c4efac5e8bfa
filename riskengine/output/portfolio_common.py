"""What every portfolio report shares: options and the sentences both text formats use."""

from __future__ import annotations

from dataclasses import dataclass

from riskengine.output.common import plural
from riskengine.portfolio import Pitfall, Portfolio, Standing


@dataclass(frozen=True)
class PortfolioOptions:
    """Choices that shape a portfolio report."""

    color: bool = False
    """Whether terminal colour may be used (table only)."""
    top: int = 10
    """Pitfalls and programs listed in human-oriented formats (JSON lists them all)."""


def headline(portfolio: Portfolio) -> str:
    """``22 programs · median risk 34.9 (quartiles 25.7 to 41.2) · 5 green, 15 amber, 2 red``."""
    d = portfolio.distribution
    counts = ", ".join(f"{d.statuses[s]} {s}" for s in ("green", "amber", "red"))
    return (
        f"{plural(d.programs, 'program')} · median risk {d.median:.1f} "
        f"(quartiles {d.q1:.1f} to {d.q3:.1f}, range {d.minimum:.1f} to {d.maximum:.1f}) · "
        f"{counts}"
    )


def pitfall_name(pitfall: Pitfall) -> str:
    """``CRM023 unmeasured-results``, or the bare id."""
    return f"{pitfall.rule} {pitfall.slug}" if pitfall.slug else pitfall.rule


def standing_sentence(standing: Standing) -> str:
    """Where the focus program stands, in one sentence."""
    if not standing.peers:
        return f"{standing.profile} has risk {standing.overall:.1f} and no peers to compare with."
    return (
        f"{standing.profile}: overall risk {standing.overall:.1f}, rank {standing.rank} of "
        f"{standing.peers + 1}; riskier than {standing.percentile:.0f}% of its "
        f"{plural(standing.peers, 'peer')} (percentile {standing.percentile:.1f}; "
        f"peer median {standing.median:.1f})."
    )
