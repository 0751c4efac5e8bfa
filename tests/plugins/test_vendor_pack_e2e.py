"""The example vendor pack in examples/, installed as a package, end to end through the CLI."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from riskengine.plugins.manager import DISABLE_AUTOLOAD_ENV

PACK = Path(__file__).resolve().parents[2] / "examples" / "riskengine-acme-pack"
INSTALLED = importlib.util.find_spec("acme_riskpack") is not None

pytestmark = pytest.mark.skipif(
    not INSTALLED and not os.environ.get("CI"),
    reason="needs pip install ./examples/riskengine-acme-pack (CI installs it)",
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != DISABLE_AUTOLOAD_ENV}
    return subprocess.run(
        [sys.executable, "-m", "riskengine", *args], capture_output=True, text=True, env=env
    )


def test_pack_is_installed() -> None:
    assert INSTALLED, "CI must install examples/riskengine-acme-pack"


def test_rule_is_listed_and_documented() -> None:
    listed = cli("rules", "list")
    assert "ACME001" in listed.stdout and "[acme]" in listed.stdout
    shown = cli("rules", "show", "ACME001")
    assert shown.returncode == 0 and "## Why it is risky" in shown.stdout
    assert "## Effort of its actions\nLicensing the next edition is **medium**" in shown.stdout


def test_plugins_shows_the_pack_with_its_version() -> None:
    out = cli("plugins").stdout
    assert "acme 1.2.0" in out
    assert "rules: ACME001" in out and "extensions: acme" in out and "graph-enrichment" in out


def test_rule_fires_on_the_demo_profile() -> None:
    import json

    result = cli("score", str(PACK / "profiles" / "acme-demo.yaml"), "-f", "json")
    assert result.returncode == 0, result.stderr
    finding = next(f for f in json.loads(result.stdout)["findings"] if f["rule"] == "ACME001")
    assert finding["plugin"] == "acme"
    assert "acme_connector:erp" in finding["evidence"]["nodes"]
    assert "process:quoting" in finding["evidence"]["nodes"]


def test_invalid_extension_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "organization: {name: X}\nextensions:\n  acme: {edition: platinum}\n", encoding="utf-8"
    )
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert (
        "extensions.acme.edition: 'platinum' is not one of "
        "'starter', 'professional' or 'enterprise'" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_blocking_the_pack(tmp_path: Path) -> None:
    assert "ACME001" not in cli("-p", "no:acme", "rules", "list").stdout
    assert "ACME001" not in cli("--no-plugin-autoload", "rules", "list").stdout
