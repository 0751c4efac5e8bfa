"""Terminal report of a comparison (``compare``, ``whatif``): score deltas and finding changes.

It follows the table report's rules: lines fit the width it is given, colour and Unicode box
lines only when colour is on (plain ASCII otherwise), and profile text is shown as it is written,
never read as rich markup (``[bold]`` in a file name stays ``[bold]``), with control characters
made visible.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from riskengine.output.safetext import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from riskengine.comparison import Comparison, FindingChange, MetricChange
    from riskengine.findings import Change

DEFAULT_WIDTH = 80
_NUMERIC = ("baseline", "target", "old", "new")


def render_comparison(
    comparison: Comparison, *, color: bool, width: int | None = None, metrics: bool = False
) -> str:
    """The comparison as a terminal report.

    Metric movement is shown when there is some, or always with `metrics` (``compare``, which
    compares the profiles themselves, says so when no measured value moved).
    """
    buffer = io.StringIO()
    console = _console(buffer, color, width or DEFAULT_WIDTH)
    o = comparison.overall
    console.print(_text(f"{comparison.old_profile} -> {comparison.new_profile}:"))
    console.print(_text(f"overall risk {o.old:.1f} -> {o.new:.1f} ({_signed(o.delta)})"))
    scores = _table("Pillars", ("pillar", "old", "new", "change"), ("pillar",), color)
    for pillar, d in comparison.pillars.items():
        scores.add_row(*_cells(pillar, f"{d.old:.1f}", f"{d.new:.1f}", _signed(d.delta)))
    console.print(scores)
    for title, rows in (
        ("Resolved", comparison.resolved),
        ("New", comparison.new),
        ("Persisting", comparison.persisting),
    ):
        if rows:
            console.print(_finding_table(title, rows, color))
        else:
            console.print(_text(f"{title} findings: none"))
    if comparison.metrics:
        console.print(_metric_table(comparison.metrics, color))
    elif metrics:
        console.print(_text("Metric changes: none"))
    return buffer.getvalue()


def change_lines(changes: Sequence[Change]) -> str:
    """``changes: set /sponsor/side = 'sales'``, one line per change, profile text made visible."""
    lines = []
    for c in changes:
        value = "" if c.op == "remove" and c.value is None else f" = {c.value!r}"
        lines.append(visible(f"changes: {c.op} {c.path}{value}"))
    return "".join(line + "\n" for line in lines)


def movement(row: MetricChange) -> str:
    """How a metric moved, in words: toward or away from its target, not at all, or unknown."""
    if row.toward_target is None:
        return "unknown"
    if row.toward_target:
        return "toward target"
    start = row.old_actual if row.old_actual is not None else row.baseline
    return "no movement" if row.new_actual == start else "away from target"


def _console(buffer: io.StringIO, color: bool, width: int) -> Console:
    """A console writing into `buffer` that never reads markup, emoji codes or highlights."""
    from rich.console import Console

    return Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        safe_box=True,
    )


def _text(text: str) -> Text:
    """Profile text as rich text: shown literally, control characters made visible."""
    from rich.text import Text

    return Text(visible(text))


def _cells(*values: str) -> list[Text]:
    """A table row of literal texts."""
    return [_text(v) for v in values]


def _table(title: str, columns: Sequence[str], left: Sequence[str], color: bool) -> Table:
    """A table with Unicode lines when colour is on, plain ASCII otherwise."""
    from rich import box
    from rich.table import Table

    table = Table(
        title=_text(title),
        title_justify="left",
        box=box.HEAVY_HEAD if color else box.ASCII,
    )
    for col in columns:
        # "fold" breaks a word too long for its column instead of ending it with an ellipsis
        table.add_column(
            col,
            justify="left" if col in left else "right",
            overflow="ellipsis" if color else "fold",
        )
    return table


def _finding_table(title: str, rows: tuple[FindingChange, ...], color: bool) -> Table:
    """Findings that were resolved, are new or persist."""
    table = _table(
        f"{title} findings ({len(rows)})",
        ("rule", "old", "new", "finding"),
        ("rule", "finding"),
        color,
    )
    for row in rows:
        table.add_row(*_cells(row.rule, _risk(row.old_risk), _risk(row.new_risk), row.message))
    return table


def _metric_table(rows: tuple[MetricChange, ...], color: bool) -> Table:
    """Metrics whose measured value moved."""
    columns = ("objective", "metric", "baseline", "target", "old", "new", "movement")
    left = [c for c in columns if c not in _NUMERIC]
    table = _table(f"Metric changes ({len(rows)})", columns, left, color)
    for row in rows:
        table.add_row(
            *_cells(
                row.objective,
                row.metric + (f" ({row.unit})" if row.unit else ""),
                _number(row.baseline),
                _number(row.target),
                _number(row.old_actual),
                _number(row.new_actual),
                movement(row),
            )
        )
    return table


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _risk(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _signed(value: float) -> str:
    return f"{value:+.1f}"
