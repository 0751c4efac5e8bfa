"""`riskengine score --format`: every built-in format, files written safely, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.engine import Engine
from riskengine.plugins.builtin_formats import BUILTIN_FORMATS
from tests.output.helpers import HEALTHY, ROOT, TROUBLED

FORMATS = ("table", "json", "markdown", "sarif", "junit", "html", "github")
PROFILES = [str(ROOT / TROUBLED), str(ROOT / HEALTHY)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_format_is_registered_by_the_builtin_plugin() -> None:
    assert set(FORMATS) <= set(BUILTIN_FORMATS)
    registry = Engine(load_entrypoints=False).registry
    for name in FORMATS:
        assert registry.formats[name].plugin == "builtin-formats"


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_writes_a_combined_report_to_a_file(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    code, stdout, err = run("score", *PROFILES, "--select", "CRM001", "-f", fmt, "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "troubled.yaml" in text and "healthy.yaml" in text
    if fmt in ("json", "sarif"):
        json.loads(text)
    elif fmt == "junit":
        assert len(ET.fromstring(text.encode()).findall("testsuite")) == 2
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and text.count('<svg class="graph"') == 2


def test_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run("score", PROFILES[0], "-f", "markdown", "-o", str(out))
    assert code == 2 and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run("score", PROFILES[0], "-f", "markdown", "-o", str(out), "--force")
    assert code == 0
    assert out.read_text(encoding="utf-8").startswith(("🔴", "🟠", "🟢"))
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"], "no temporary files left"


def test_choosing_a_format_imports_only_that_format() -> None:
    code = f"""
import sys
from click.testing import CliRunner
from riskengine.cli import main
result = CliRunner().invoke(main, ["score", {PROFILES[0]!r}, "-f", "markdown", "--no-rank"])
assert result.exit_code == 0, result.output
print(sorted(m for m in sys.modules if m.startswith("riskengine.output")))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    loaded = set(json.loads(out.strip().replace("'", '"')))
    assert "riskengine.output.markdown" in loaded
    assert not loaded & {
        "riskengine.output.html",
        "riskengine.output.svg_graph",
        "riskengine.output.sarif",
        "riskengine.output.junit",
        "riskengine.output.table",
        "riskengine.output.github",
    }
