"""Fixtures shared by every test: a fresh engine without installed plugins, isolated environment.

Under CI (``CI`` set, as .ci/run does) a skipped test fails: tests skip when the machine lacks
something (Chromium, a schema file, the example pack installed), and CI must have it all, so a
green run means every test ran. A test that may legitimately skip even in CI says so with
``@pytest.mark.skip_ok_in_ci``.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from riskengine.engine import Engine
from riskengine.plugins.manager import DISABLE_AUTOLOAD_ENV

# read once at start-up, so a test that edits the environment cannot switch it off
UNDER_CI = bool(os.environ.get("CI"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "skip_ok_in_ci: the test may skip under CI too (not for a missing tool)"
    )


def _fail_skip_under_ci(report: pytest.CollectReport | pytest.TestReport, where: str) -> None:
    if not (UNDER_CI and report.skipped) or hasattr(report, "wasxfail"):
        return
    longrepr: Any = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    report.outcome = "failed"
    report.longrepr = f"{where} skipped under CI, which must provide what it needs: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    if item.get_closest_marker("skip_ok_in_ci") is None:
        _fail_skip_under_ci(outcome.get_result(), item.nodeid)


SKIPPED_MODULES: list[str] = []


def pytest_collectreport(report: pytest.CollectReport) -> None:
    # a whole module skipped at import (pytest.importorskip, allow_module_level=True): turning
    # that into a collection error would stop the session, so it fails the run at the end
    if UNDER_CI and report.skipped:
        longrepr: Any = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        SKIPPED_MODULES.append(f"{report.nodeid}: {reason}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in SKIPPED_MODULES:
        terminalreporter.write_line(f"FAILED (skipped under CI) {line}", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if SKIPPED_MODULES and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _no_autoload(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Installed plugin packages (such as the example vendor pack) stay out unless a test asks."""
    monkeypatch.setenv(DISABLE_AUTOLOAD_ENV, "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine with only the built-in plugins (read-only, so one per session is safe)."""
    return Engine(load_entrypoints=False)
