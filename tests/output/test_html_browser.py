"""The HTML report in headless Chromium: visible, quiet, offline, and inert to hostile names.

Screenshots are saved under tests/artifacts/ for a person to look at. Without Chromium the test
is skipped, except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskengine.output import html as html_format
from tests.output.browser import Browser, find_chromium
from tests.output.helpers import (
    ARTIFACTS,
    HEALTHY,
    HOSTILE,
    TROUBLED,
    ChainPlugin,
    assess,
    crm001_engine,
    options,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (Debian package 'chromium')")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    with Browser(executable) as b:
        yield b


def _visible(selector: str) -> str:
    """JavaScript counting the elements matching `selector` that are rendered with a size."""
    return (
        f"[...document.querySelectorAll({selector!r})].filter(e => {{"
        "const r = e.getBoundingClientRect();"
        "const sized = e instanceof SVGPathElement ? r.width + r.height > 0"
        " : r.width > 0 && r.height > 0;"
        "return sized && e.checkVisibility({visibilityProperty: true});"
        "}).length"
    )


def _open(browser: Browser, page: str, path: Path) -> None:
    path.write_text(page, encoding="utf-8")
    browser.events.clear()
    browser.open(path)


def test_report_renders_findings_and_graph(browser: Browser, tmp_path: Path) -> None:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, _sources = assess(engine, TROUBLED, HEALTHY)
    report = tmp_path / "report.html"
    _open(browser, html_format.render(assessments, options(show_passed=True)), report)
    browser.screenshot(ARTIFACTS / "html-report.png")

    findings = sum(len(a.findings) for a in assessments)
    assert browser.evaluate(_visible("tr.finding")) == findings
    assert browser.evaluate(_visible("svg.graph")) == 2
    size = browser.evaluate(
        "(() => { const r = document.querySelector('svg.graph').getBoundingClientRect();"
        " return [r.width, r.height]; })()"
    )
    assert size[0] > 600 and size[1] > 60
    assert browser.evaluate(_visible("#profile-1 svg.graph g.node")) == 5
    assert browser.evaluate(_visible("#profile-1 g.node.risk-red")) >= 1
    assert browser.evaluate(_visible("#profile-1 path.edge.hot")) == 3
    strokes = browser.evaluate(
        "[...document.querySelectorAll('#profile-1 path.edge.hot')]"
        ".map(e => getComputedStyle(e).stroke)"
    )
    assert strokes == ["rgb(201, 42, 42)"] * 3, "highlighted edges are drawn in the risk colour"
    assert browser.evaluate(_visible("tr.recommendation")) >= 1
    assert browser.console_problems() == []
    assert browser.requested_urls() == [report.resolve().as_uri()]


@pytest.mark.parametrize("keep_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_names_run_no_script(browser: Browser, tmp_path: Path, keep_csp: bool) -> None:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, _sources = assess(engine, HOSTILE)
    label = "<script>window.__pwned='label'</script>hostile.yaml"
    hostile = assessments[0].model_copy(update={"profile": label})
    page = html_format.render([hostile], options())
    if not keep_csp:
        start = page.index('<meta http-equiv="Content-Security-Policy"')
        page = page[:start] + page[page.index(">", start) + 1 :]
    report = tmp_path / "hostile.html"
    _open(browser, page, report)
    if keep_csp:
        browser.screenshot(ARTIFACTS / "html-report-hostile.png")

    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.title").startswith("CRM risk report: <script>")
    assert browser.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
    assert (
        browser.evaluate(
            "[...document.querySelectorAll('*')].some(e => [...e.attributes]"
            ".some(a => a.name.startsWith('on')))"
        )
        is False
    )
    assert browser.evaluate(_visible("tr.finding")) == len(hostile.findings)
    assert browser.evaluate(_visible("svg.graph g.node")) == 5
    assert "Mallory Corp" in browser.evaluate("document.querySelector('h1').textContent")
    assert browser.console_problems() == []
    assert browser.requested_urls() == [report.resolve().as_uri()]
