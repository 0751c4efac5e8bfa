"""Results in input order from work finishing in any order, with a bounded number in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
S = TypeVar("S")
R_co = TypeVar("R_co", covariant=True)


class Pending(Protocol[R_co]):
    """The part of a future this module needs (concurrent.futures and Dask futures both have it)."""

    def result(self) -> R_co:
        """Wait for the work and return its value (or raise its exception)."""
        ...


def in_order(
    submit: Callable[[int, S], Pending[T]], items: Iterable[S], window: int
) -> Iterator[T]:
    """Submit ``submit(index, item)`` for each item and yield the results in item order.

    At most `window` items are submitted and not yet yielded: a slow consumer (a pipe, a
    terminal) holds back the workers instead of letting finished results pile up in memory.
    """
    pending: deque[Pending[T]] = deque()
    for index, item in enumerate(items):
        if len(pending) >= window:
            yield pending.popleft().result()
        pending.append(submit(index, item))
    while pending:
        yield pending.popleft().result()
