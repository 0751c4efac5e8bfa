"""Fixtures shared by every test: a fresh engine without installed plugins, isolated environment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from riskengine.engine import Engine
from riskengine.plugins.manager import DISABLE_AUTOLOAD_ENV


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
