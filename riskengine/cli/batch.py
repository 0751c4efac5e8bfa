"""What ``score`` and ``portfolio`` share to assess a batch: inputs, --jobs, --dask, progress.

Load problems are printed on stderr as they come (``file:line:col: ...``) and counted; the
profiles that load are still assessed and reported, and the command exits 2 at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from riskengine.cli.common import (
    EXIT_FAIL,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_RULE_ERROR,
    F,
    echo_error,
    fail,
)

if TYPE_CHECKING:
    from riskengine.assessment import Assessment
    from riskengine.batch import BatchResult
    from riskengine.batch.work import Digest, Render
    from riskengine.engine import Engine

PROGRESS_FROM = 21
"""Batches of at least this many profiles show a progress bar (on a terminal's stderr)."""

Echo = Callable[[str], None]


def parse_jobs(ctx: click.Context, param: click.Parameter, value: str) -> int:
    """``--jobs``: a number of worker processes, or ``auto`` for one per available core."""
    if value.strip().lower() == "auto":
        from riskengine.batch import available_cores

        return available_cores()
    try:
        jobs = int(value)
    except ValueError:
        raise click.BadParameter(f"expected a number or 'auto', got {value!r}") from None
    if jobs < 1:
        raise click.BadParameter(f"expected at least 1, got {jobs}")
    return jobs


def batch_options(func: F) -> F:
    """The ``--jobs`` and ``--dask`` options of commands that assess many profiles."""
    jobs = click.option(
        "-j",
        "--jobs",
        metavar="N|auto",
        default="1",
        callback=parse_jobs,
        show_default=True,
        help="Worker processes assessing in parallel ('auto': one per core).",
    )
    dask = click.option(
        "--dask",
        "dask_address",
        metavar="ADDRESS",
        help="Assess on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
        "needs riskengine[dask].",
    )
    return jobs(dask(func))


@dataclass
class Tally:
    """What a batch came to, counted as results pass by (no assessment is kept)."""

    assessed: int = 0
    unreadable: int = 0
    incomplete: int = 0
    fail_above: float | None = None
    """The --fail-above threshold, if any."""
    above: list[tuple[str, float]] = field(default_factory=list)
    """Each profile whose overall risk is above `fail_above`, with that risk, in input order."""

    def count(self, digest: Digest) -> None:
        """Add one assessment (its digest) to the tally."""
        self.assessed += 1
        self.incomplete += digest.incomplete
        if self.fail_above is not None and digest.overall > self.fail_above:
            self.above.append((digest.profile, digest.overall))

    def exit_status(self, *, allow_errors: bool) -> int:
        """Bad input first (the report lacks those profiles), then incomplete assessments
        (unless allowed), then --fail-above."""
        if self.unreadable:
            return EXIT_INPUT
        if self.incomplete and not allow_errors:
            return EXIT_RULE_ERROR
        if self.above:
            return EXIT_FAIL
        return EXIT_OK

    def threshold_failures(self, threshold: str) -> list[str]:
        """One line per profile above the threshold (`threshold` says which option set it),
        and a count when several are."""
        lines = [
            f"riskengine: {profile}: overall risk {_shown(risk, self.fail_above)} "
            f"is above {threshold}"
            for profile, risk in self.above
        ]
        if len(self.above) > 1:
            lines.append(
                f"riskengine: {len(self.above)} of {self.assessed} profiles are above {threshold}"
            )
        return lines


def _shown(risk: float, threshold: float | None) -> str:
    """`risk` to one decimal, or to as many as it takes to show that it exceeds `threshold`."""
    for decimals in range(1, 7):
        text = f"{risk:.{decimals}f}"
        if threshold is None or float(text) > threshold:
            return text
    return repr(risk)


@dataclass
class Batch:
    """The assessments of a running batch, in input order, and their tally."""

    results: Iterable[BatchResult]
    tally: Tally
    echo: Echo

    def assessments(self) -> Iterator[Assessment]:
        """Each assessment as it is ready; load failures and failed rules are printed as they
        come, and counted."""
        from riskengine.batch.work import Digest

        for result in self._assessed():
            assessment = result.unwrap()
            self._note(Digest.of(assessment))
            yield assessment

    def reports(self) -> Iterator[str]:
        """Each report rendered where it was made (a batch run with `render`), as it is ready;
        printed and counted as `assessments` does."""
        for result in self._assessed():
            if result.digest is None:
                raise ValueError("this batch was not asked to render its reports")
            self._note(result.digest)
            yield result.digest.report

    def _assessed(self) -> Iterator[BatchResult]:
        """The results that were assessed; the others' problems are printed and counted."""
        for result in self.results:
            if not result.ok:
                self.tally.unreadable += 1
                for problem in result.problems:
                    self.echo(str(problem))
                continue
            yield result

    def _note(self, digest: Digest) -> None:
        """Count an assessment, and say what failed in it when it is incomplete."""
        self.tally.count(digest)
        for failure in digest.errors:
            where = f" ({failure.plugin})" if failure.plugin else ""
            self.echo(
                f"riskengine: {digest.profile}: incomplete: rule {failure.rule}{where} failed: "
                f"{failure.error}"
            )


@contextlib.contextmanager
def run_batch(
    engine: Engine,
    arguments: Iterable[str],
    *,
    jobs: int,
    dask_address: str | None,
    today: dt.date | None,
    rank: bool,
    fail_above: float | None = None,
    render: Render | None = None,
) -> Iterator[Batch]:
    """Expand `arguments`, then assess them here, in `jobs` processes or on a Dask cluster.

    With `render`, each report is rendered where its assessment is made: read them with
    `Batch.reports`.
    """
    from riskengine.batch import assess_many
    from riskengine.batch.inputs import expand_inputs

    if dask_address and jobs != 1:
        fail("--jobs and --dask exclude each other (the cluster decides how many workers run)")
    inputs = expand_inputs(arguments)
    tally = Tally(unreadable=len(inputs.problems), fail_above=fail_above)
    with contextlib.ExitStack() as stack:
        echo, advance = stack.enter_context(_progress(len(inputs.sources)))
        for problem in inputs.problems:
            echo(str(problem))
        client = stack.enter_context(_cluster(dask_address)) if dask_address else None
        results = assess_many(
            engine, inputs.sources, jobs=jobs, client=client, today=today, rank=rank, render=render
        )
        # a batch left early (a closed pipe, an error) stops its workers now, not at exit
        stack.callback(getattr(results, "close", lambda: None))
        yield Batch(_advancing(results, advance), tally, echo)


def _advancing(
    results: Iterable[BatchResult], advance: Callable[[], None]
) -> Iterator[BatchResult]:
    """Pass the results on, moving the progress bar as each one arrives."""
    for result in results:
        advance()
        yield result


@contextlib.contextmanager
def _cluster(address: str) -> Iterator[Any]:
    """A client of the Dask scheduler at `address`, closed when the batch ends."""
    from riskengine.batch.cluster import connect

    client = connect(address)
    try:
        yield client
    finally:
        client.close()


@contextlib.contextmanager
def _progress(total: int) -> Iterator[tuple[Echo, Callable[[], None]]]:
    """A progress bar on stderr for a long batch on a terminal; how to print beside it."""

    def echo(line: str) -> None:
        echo_error(line)

    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield echo, lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # redrawn on each result rather than by a timer thread, so worker processes can be forked
    with Progress(
        "assessing", *columns, console=console, transient=True, auto_refresh=False
    ) as bar:
        task = bar.add_task("assessing", total=total)

        def print_above(line: str) -> None:
            from riskengine.output.safetext import visible_lines

            console.print(visible_lines(line), markup=False, highlight=False, soft_wrap=True)

        def advance() -> None:
            bar.advance(task)
            bar.refresh()

        yield print_above, advance
