"""Batches on a Dask cluster give the same results, byte for byte, as batches run here.

Skipped only where the ``dask`` extra is not installed; under CI (which installs it through the
``test`` extra) a missing dask fails the run instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from riskengine.engine import Engine
from tests.helpers import PROFILES
from tests.test_cli_batch import BROKEN, run

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

TODAY = dt.date(2026, 1, 15)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two single-threaded workers in this process: quick, and enough to spread the work."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as local:
        yield local


def test_cluster_results_equal_local_results(cluster: Any, engine: Engine) -> None:
    sources = [*sorted(PROFILES.glob("*.yaml"))[:6], Path("missing.yaml")]
    with distributed.Client(cluster, set_as_default=False) as client:
        remote = list(engine.assess_many(sources, client=client, today=TODAY))
    assert remote == list(engine.assess_many(sources, today=TODAY))
    assert [r.ok for r in remote] == [True] * 6 + [False]
    assert "cannot read profile" in str(remote[-1].error)


def test_score_dask_output_is_byte_identical(cluster: Any, tmp_path: Path) -> None:
    for path in sorted(PROFILES.glob("*.yaml"))[:5]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c-broken.yaml").write_text(BROKEN, encoding="utf-8")
    for fmt in ("jsonl", "json", "table"):
        args = ("score", str(tmp_path), "-f", fmt, "--today", "2026-01-15", "--color", "never")
        local = run(*args)
        remote = run(*args, "--dask", cluster.scheduler_address)
        assert remote == local
        assert local[0] == 2 and "c-broken.yaml:2:23" in local[2]
        assert len(local[1]) > 1000


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    import dask

    # the time a real cluster is given to answer (30 s) is configuration; the test waits less
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, out, err = run("score", str(PROFILES), "--dask", "tcp://127.0.0.1:9")
    assert code == 2 and out == ""
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
