"""Assess a batch on a Dask distributed cluster (the optional ``riskengine[dask]`` extra)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from riskengine.batch.ordered import Pending, in_order
from riskengine.batch.work import BatchResult, BatchSettings, ProfileText, Source, assess_source
from riskengine.errors import ProfileError, RiskEngineError

if TYPE_CHECKING:
    from riskengine.engine import Engine

IN_FLIGHT_PER_THREAD = 2
"""Sources handed to the cluster per worker thread ahead of the consumer."""

DASK_MISSING = (
    "running on a Dask cluster needs the dask extra: pip install 'riskengine[dask]' "
    "(and riskengine, with the same plugin packs, on every worker)"
)


class _Done:
    """An already known result, for a source that failed before reaching the cluster."""

    def __init__(self, result: BatchResult) -> None:
        self._result = result

    def result(self) -> BatchResult:
        return self._result


def connect(address: str) -> Any:
    """A Dask client of the scheduler at `address` (``tcp://host:8786``, ``tls://...``).

    Raises:
        RiskEngineError: dask is not installed, or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError:
        raise RiskEngineError(DASK_MISSING) from None
    try:
        return Client(address, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise RiskEngineError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def assess_on_cluster(
    engine: Engine, sources: Iterable[Source], settings: BatchSettings, client: Any
) -> Iterator[BatchResult]:
    """Assess `sources` on the cluster behind `client`, yielding results in input order.

    The engine travels to every worker once; files are read here, since workers need not see
    this machine's disks, and travel as text.
    """
    shared = client.scatter(engine, broadcast=True)
    threads = sum(client.nthreads().values()) or 1

    def submit(index: int, source: Source) -> Pending[BatchResult]:
        if isinstance(source, (str, os.PathLike)):
            try:
                source = ProfileText.read(source)
            except ProfileError as exc:
                return _Done(BatchResult(index, str(source), problems=tuple(exc.problems)))
        future: Pending[BatchResult] = client.submit(
            assess_source, shared, index, source, settings, pure=False
        )
        return future

    yield from in_order(submit, sources, window=threads * IN_FLIGHT_PER_THREAD)
