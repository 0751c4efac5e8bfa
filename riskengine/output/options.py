"""The formatter interface that every output format implements, built-in or from a plugin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from riskengine.assessment import Assessment


@dataclass(frozen=True)
class FormatOptions:
    """Choices that shape a report; formatters ignore what does not apply to them."""

    color: bool = False
    """Whether terminal colour may be used."""
    width: int | None = None
    """Terminal width for table output; None lets the formatter decide."""
    show_passed: bool = False
    """Whether to list the rules a profile passes."""
    fail_above: float | None = None
    """Risk above which a finding counts as failing (JUnit, SARIF levels)."""
    top: int = 5
    """How many recommendations to show in human-oriented formats."""
    date: dt.date | None = None
    """The day the assessments were made (the date acceptances expired against), shown in
    reports meant to be filed; None leaves it out, so a report never depends on the clock."""


class Formatter(Protocol):
    """Renders one or more assessments as a report."""

    def __call__(self, assessments: Sequence[Assessment], options: FormatOptions) -> str:
        """Return the whole report as text."""
        ...
