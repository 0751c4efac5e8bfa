"""Assess a batch in a pool of worker processes, each holding its own copy of the engine."""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from riskengine.batch.ordered import in_order
from riskengine.batch.work import BatchResult, BatchSettings, Source, assess_source

if TYPE_CHECKING:
    from riskengine.engine import Engine

IN_FLIGHT_PER_WORKER = 4
"""Sources handed out per worker ahead of the consumer: enough to keep every worker busy."""


@dataclass
class _WorkerEngine:
    """The engine of this worker process, set once by the pool's initializer."""

    engine: Engine | None = None


# Filled only inside worker processes, once, by `_install`: a pool passes initializer
# arguments once per process, so the engine is unpickled once per worker rather than per task.
_WORKER = _WorkerEngine()


def _install(engine: Engine) -> None:
    """Pool initializer: keep the engine this worker assesses with."""
    _WORKER.engine = engine


def _assess_in_worker(index: int, source: Source, settings: BatchSettings) -> BatchResult:
    """Task run in a worker process, with the engine `_install` kept."""
    engine = _WORKER.engine
    if engine is None:  # pragma: no cover - only if the pool was built without the initializer
        raise RuntimeError("worker started without an engine")
    return assess_source(engine, index, source, settings)


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from this process when that is safe, else from a fork server.

    A fork copies the modules already imported, so workers start at once; it is used only on
    Linux and while this process runs no other thread (a thread's locks would be copied
    mid-use). Otherwise workers fork from a clean server process that has imported the engine
    once, or are spawned where the platform has no fork server.
    """
    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["riskengine.engine", "riskengine.batch.pool"])
        return context
    return multiprocessing.get_context("spawn")


def assess_in_pool(
    engine: Engine, sources: Iterable[Source], settings: BatchSettings, jobs: int
) -> Iterator[BatchResult]:
    """Assess `sources` with `jobs` worker processes, yielding results in input order."""
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_install, initargs=(engine,)
    ) as pool:

        def submit(index: int, source: Source) -> Future[BatchResult]:
            return pool.submit(_assess_in_worker, index, source, settings)

        yield from in_order(submit, sources, window=jobs * IN_FLIGHT_PER_WORKER)
