"""Assess a batch in worker processes, each holding its own copy of the engine, under watch.

Each worker is given one profile at a time, so the pool always knows which profile a worker is
on and since when. A profile that runs past the per-profile time limit (a rule stuck in C code,
one that ignores signals) has its worker killed and replaced, and so has a worker that dies on
its own (a crash, a plugin calling ``os._exit``): that profile is reported as an incomplete
assessment, and every other profile's result is kept, in input order.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from riskengine.batch.stopped import ended_reason, limit_reason, stopped_result
from riskengine.batch.work import BatchResult, BatchSettings, Source, assess_source, finished
from riskengine.errors import RiskEngineError, describe

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from riskengine.engine import Engine

IN_FLIGHT_PER_WORKER = 4
"""Results a worker may run ahead of the consumer before it is given no more work."""

STACK_GRACE = 0.5
"""Seconds a worker past its time limit gets to write its stack before it is killed."""

STACK_QUIET = 0.05
"""Seconds of silence on a worker's stack pipe taken as the end of its stack."""

STACK_SIGNAL: signal.Signals | None = getattr(signal, "SIGUSR2", None)
"""The signal asking a worker for its stack (none on platforms without it)."""

ORPHAN_CHECK = 1.0
"""Seconds between an idle worker's checks that the process that started it still runs."""

STOP_WAIT = 2.0
"""Seconds a worker gets to leave on its own at the end of a batch before it is killed."""


def _serve(tasks: Connection, stacks: Connection, engine: Engine, settings: BatchSettings) -> None:
    """A worker's life: assess each source sent, send the result back, until told to stop.

    On a crash, or when the pool signals that the time limit has passed, `faulthandler` writes
    this process's stack to `stacks` (from the signal handler, even while the main thread is
    stuck in C code), so the pool can name the rule that was running.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pool's to handle
    faulthandler.enable(file=stacks.fileno())
    if STACK_SIGNAL is not None:
        faulthandler.register(STACK_SIGNAL, file=stacks.fileno(), all_threads=False)
    parent = os.getppid()
    while True:
        try:
            while not tasks.poll(ORPHAN_CHECK):
                if os.getppid() != parent:  # the batch died without stopping its workers
                    return
            task = tasks.recv()
        except EOFError:
            return
        if task is None:
            return
        index, source = task
        try:
            reply: tuple[str, Any] = ("done", assess_source(engine, index, source, settings))
        except Exception as exc:  # raised in the parent, as a single assessment would
            reply = ("raised", exc)
        try:
            tasks.send(reply)
        except Exception:  # an exception that cannot be pickled: send its description
            tasks.send(("raised", RiskEngineError(describe(reply[1]))))


@dataclass
class _Worker:
    """One worker process, the ends of its pipes, and the source it is working on."""

    process: BaseProcess
    tasks: Connection
    stacks: Connection
    job: tuple[int, Source] | None = None
    deadline: float = float("inf")

    def give(self, index: int, source: Source, limit: float | None) -> None:
        self.job = (index, source)
        self.deadline = time.monotonic() + limit if limit else float("inf")
        self.tasks.send((index, source))

    def ask_stack(self) -> str:
        """The stack of a worker stuck in its job, when it can still write it."""
        pid = self.process.pid
        if STACK_SIGNAL is None or pid is None:  # pid 0 would signal this whole process group
            return ""
        try:
            os.kill(pid, STACK_SIGNAL)
        except OSError:
            return ""
        if not self.stacks.poll(STACK_GRACE):
            return ""
        return self.stack(quiet=STACK_QUIET)  # the dump comes a line at a time

    def stack(self, quiet: float = 0.0) -> str:
        """What the worker wrote on its stack pipe, read until it has been silent `quiet`
        seconds (empties it)."""
        chunks = []
        while self.stacks.poll(quiet):
            try:
                chunk = os.read(self.stacks.fileno(), 65536)
            except OSError:
                break
            if not chunk:  # the worker has closed its end
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def stop(self, *, kill: bool) -> None:
        """End the process: at once when `kill`, else after asking it to leave."""
        if not kill:
            try:
                self.tasks.send(None)
            except OSError:
                kill = True
        if kill:
            self.process.kill()
        self.process.join(STOP_WAIT)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.stacks.close()


@dataclass
class _Pool:
    """The workers of one batch, and the results not yet handed to the consumer."""

    engine: Engine
    settings: BatchSettings
    limit: float | None
    context: multiprocessing.context.BaseContext
    workers: list[_Worker] = field(default_factory=list)
    finished: dict[int, BatchResult] = field(default_factory=dict)

    def start_worker(self) -> _Worker:
        tasks, their_tasks = self.context.Pipe()
        stacks, their_stacks = self.context.Pipe(duplex=False)
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(their_tasks, their_stacks, self.engine, self.settings),
            daemon=True,
        )
        # objects alive now are left out of the worker's collections, so a forked worker does
        # not copy the memory pages it shares with this process just to scan them
        gc.freeze()
        try:
            process.start()
        finally:
            gc.unfreeze()
        their_tasks.close()
        their_stacks.close()
        worker = _Worker(process, tasks, stacks)
        self.workers.append(worker)
        return worker

    def collect(self) -> None:
        """Wait until at least one busy worker has a result, has died or is past its limit."""
        busy = [w for w in self.workers if w.job is not None]
        if not busy:
            return
        deadline = min(w.deadline for w in busy)
        timeout = None if deadline == float("inf") else max(0.0, deadline - time.monotonic())
        ready = set(wait([w.tasks for w in busy] + [w.process.sentinel for w in busy], timeout))
        for worker in busy:
            if worker.tasks in ready:
                self._receive(worker)
            elif worker.process.sentinel in ready:
                worker.process.join(STOP_WAIT)  # reaped, so its exit status is known
                self._replace(worker, ended_reason(worker.process.exitcode))
            elif time.monotonic() >= worker.deadline and self.limit is not None:
                self._replace(worker, limit_reason(self.limit), worker.ask_stack())

    def _receive(self, worker: _Worker) -> None:
        assert worker.job is not None
        try:
            kind, value = worker.tasks.recv()
        except (EOFError, OSError):  # died while answering
            worker.process.join(STOP_WAIT)
            self._replace(worker, ended_reason(worker.process.exitcode))
            return
        worker.stack()  # a stack written just before it finished means nothing now
        if kind == "raised":
            raise value
        self.finished[worker.job[0]] = value
        worker.job, worker.deadline = None, float("inf")

    def _replace(self, worker: _Worker, reason: str, stack: str = "") -> None:
        """Record the worker's profile as stopped for `reason`, and start a worker in its place."""
        assert worker.job is not None
        index, source = worker.job
        stack = stack or worker.stack()
        worker.stop(kill=True)
        self.workers.remove(worker)
        stopped = stopped_result(self.engine, index, source, reason, stack)
        self.finished[index] = finished(stopped, self.settings)
        self.start_worker()

    def close(self) -> None:
        """Stop every worker: idle ones are asked to leave, busy ones are killed."""
        for worker in self.workers:
            worker.stop(kill=worker.job is not None)
        self.workers.clear()


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
    engine: Engine,
    sources: Iterable[Source],
    settings: BatchSettings,
    jobs: int,
    limit: float | None = None,
) -> Iterator[BatchResult]:
    """Assess `sources` with `jobs` worker processes, yielding results in input order.

    A profile not assessed within `limit` seconds (None: no limit) is stopped and reported as an
    incomplete assessment. At most ``jobs * IN_FLIGHT_PER_WORKER`` sources are taken ahead of
    the consumer, so a slow reader holds the workers back instead of piling up results.
    """
    pool = _Pool(engine, settings, limit, _context())
    pending = enumerate(sources)
    taken = yielded = 0
    exhausted = False
    try:
        for _ in range(jobs):
            pool.start_worker()
        while True:
            for worker in pool.workers:
                if exhausted or taken - yielded >= jobs * IN_FLIGHT_PER_WORKER:
                    break
                if worker.job is None:
                    item = next(pending, None)
                    if item is None:
                        exhausted = True
                        break
                    worker.give(*item, limit)
                    taken += 1
            while yielded in pool.finished:
                yield pool.finished.pop(yielded)
                yielded += 1
            if exhausted and yielded == taken:
                return
            pool.collect()
    finally:
        pool.close()
