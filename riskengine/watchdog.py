"""A time limit on one call, for rules that might never return.

A thread cannot be stopped from outside, so the limit is an interval timer whose signal raises
in the running code: available in the main thread of a POSIX process, which is where the
command line (and a worker process of a batch run) evaluates rules. Elsewhere the call runs
without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitReached(BaseException):
    """Raised inside code that ran past its time limit.

    A BaseException, like KeyboardInterrupt, so a rule's ``except Exception`` cannot swallow it.
    """


def can_limit_time() -> bool:
    """Whether a time limit can be enforced here (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `TimeLimitReached` in the body if it runs longer than `seconds` (None: no limit).

    Any timer and handler already installed (by a test runner, say) are put back afterwards.
    """
    if seconds is None or not can_limit_time():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitReached

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, outer)
