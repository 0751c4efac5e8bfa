"""Assess many profiles at once: here, in worker processes, or on a Dask cluster.

Every way gives the same results in the same (input) order, so a report is byte for byte the
same whichever way it was produced. A source that cannot be loaded does not stop the batch: its
`BatchResult` carries the problems instead of an assessment.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from riskengine.batch.work import (
    BatchResult,
    BatchSettings,
    ProfileText,
    Render,
    Source,
    assess_source,
)

if TYPE_CHECKING:
    from riskengine.engine import Engine

__all__ = ["BatchResult", "ProfileText", "Source", "assess_many", "available_cores"]


def available_cores() -> int:
    """Cores this process may run on (what ``--jobs auto`` uses)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def assess_many(
    engine: Engine,
    sources: Iterable[Source],
    *,
    jobs: int = 1,
    client: Any = None,
    today: dt.date | None = None,
    rank: bool = True,
    render: Render | None = None,
) -> Iterator[BatchResult]:
    """Assess `sources`, yielding one `BatchResult` per source, in input order.

    See `Engine.assess_many`, which is the public entry point. With `render`, each assessment
    is rendered where it is made and only its `Digest` comes back (what a streamed report
    needs), so neither a worker nor this process spends time on the whole assessment's trip.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if client is not None and jobs != 1:
        raise ValueError("give either jobs (worker processes here) or client (a Dask cluster)")
    settings = BatchSettings(today=today or dt.date.today(), rank=rank, render=render)
    if client is not None:
        from riskengine.batch.cluster import assess_on_cluster

        return assess_on_cluster(engine, sources, settings, client)
    limit = engine.config.profile_timeout
    if jobs > 1 or limit is not None:  # only a worker process can be stopped whatever it runs
        from riskengine.batch.pool import assess_in_pool

        return assess_in_pool(engine, sources, settings, jobs, limit)
    return (assess_source(engine, i, s, settings) for i, s in enumerate(sources))
