"""The HTML report in headless Chromium: visible, quiet, offline, inert to hostile names, and
readable by a committee at desktop and narrow widths.

Screenshots are saved in each test's temporary directory for a person to look at. Without
Chromium the tests are skipped, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from riskengine import __version__
from riskengine.engine import Engine
from riskengine.output import html as html_format
from tests.output.browser import Browser, find_chromium
from tests.output.helpers import (
    HEALTHY,
    HOSTILE,
    ROOT,
    TODAY,
    TROUBLED,
    ChainPlugin,
    assess,
    crm001_engine,
    options,
)
from tests.output.hostile_text import hostile_assessment


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
    browser.screenshot(tmp_path / "html-report.png")

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
        browser.screenshot(tmp_path / "html-report-hostile.png")

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


@pytest.fixture(scope="module")
def committee_page(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two example profiles and the hostile corpus, every rule, one report."""
    examples = ROOT / "profiles"
    assessments = [
        engine.assess(engine.load(examples / name), label=f"profiles/{name}", today=TODAY)
        for name in ("healthy-rollout.yaml", "troubled-rollout.yaml")
    ]
    assessments.append(hostile_assessment(engine, tmp_path_factory.mktemp("hostile")))
    return html_format.render(assessments, options(date=TODAY))


@pytest.mark.parametrize("width", [1400, 800])
def test_committee_report_reads_at_desktop_and_narrow_widths(
    browser: Browser, committee_page: str, tmp_path: Path, width: int
) -> None:
    report = tmp_path / "committee.html"
    report.write_text(committee_page, encoding="utf-8")
    browser.events.clear()
    browser.open(report, width=width, height=900)
    browser.screenshot(tmp_path / f"committee-{width}.png")

    assert browser.evaluate("document.documentElement.scrollWidth") <= width
    header = browser.evaluate("document.querySelector('header.page').textContent")
    assert f"Assessed on {TODAY.isoformat()} by riskengine {__version__}" in header

    overall = browser.evaluate(
        "[...document.querySelectorAll('.overview tbody tr td:nth-child(2)')]"
        ".map(td => parseFloat(td.textContent))"
    )
    assert len(overall) == 3 and overall == sorted(overall, reverse=True)

    # each profile answers how bad, what first, what is unknown, then why in detail
    headings = browser.evaluate(
        "[...document.querySelectorAll('#profile-1 h3')].map(h => h.textContent.split(' (')[0])"
    )
    assert headings[:4] == ["What to do first", "Open questions", "Findings", "Dependency picture"]
    if width == 1400:
        top = browser.evaluate(
            "document.querySelector('#profile-1 table.recommendations')"
            ".getBoundingClientRect().top + window.scrollY"
        )
        assert top < 900, "the first profile's actions are on the first screen"
    assert browser.evaluate(_visible("#profile-1 tr.recommendation")) >= 3
    assert browser.evaluate(_visible("#profile-1 ul.changes")) == 0, "patches sit folded away"
    assert browser.evaluate(_visible("#profile-1 details.changes summary")) >= 1
    assert browser.evaluate(_visible("#profile-1 .removes")) >= 3

    # the healthy example's graph (last: the least risky): every label whole, in 11 px type
    assert browser.evaluate(_visible("#profile-3 svg.graph g.node")) >= 40
    labels = browser.evaluate(
        "[...document.querySelectorAll('#profile-3 svg.graph g.node')].map(g => {"
        " const box = g.querySelector('svg');"
        " const room = box.width.baseVal.value;"
        " const text = g.querySelector('text.label');"
        " const lines = [...text.querySelectorAll('tspan')];"
        " const scale = g.ownerSVGElement.getBoundingClientRect().width"
        "   / g.ownerSVGElement.width.baseVal.value;"
        " return {label: lines.map(t => t.textContent).join(' '),"
        "  widest: Math.max(...lines.map(t => t.getComputedTextLength())), room,"
        "  size: parseFloat(getComputedStyle(text).fontSize) * scale,"
        "  bottom: lines.length * 13 + 8 <= box.height.baseVal.value}; })"
    )
    names = set(_node_labels(committee_page, "profile-3"))
    for label in labels:
        assert label["widest"] <= label["room"], f"{label['label']!r} is clipped"
        assert label["size"] >= 11, f"{label['label']!r} is drawn below 11 px"
        assert label["bottom"], f"{label['label']!r} runs out of its box"
        assert "…" not in label["label"] and label["label"] in names
    assert browser.console_problems() == []
    assert browser.requested_urls() == [report.resolve().as_uri()]


def test_hostile_corpus_is_inert_in_the_browser(
    browser: Browser, committee_page: str, tmp_path: Path
) -> None:
    report = tmp_path / "hostile-corpus.html"
    _open(browser, committee_page, report)
    browser.screenshot(tmp_path / "hostile-corpus.png")
    text = browser.evaluate("document.getElementById('profile-2').textContent")
    assert "[bold]" in text and "[/]" in text and "@here" in text
    for raw in ("\x1b", "\u202e", "\x00", "\u2066"):
        assert raw not in text
    links = browser.evaluate("document.querySelectorAll('a[href^=\"http\"]').length")
    assert links == 0
    assert browser.console_problems() == []
    assert browser.requested_urls() == [report.resolve().as_uri()]


def _node_labels(page: str, anchor: str) -> list[str]:
    """The labels the page draws in one profile's graph, read back from its markup."""
    import html
    import re

    start = page.index(f'id="{anchor}"')
    section = page[start : page.index("</section>", start)]
    nodes = re.findall(r'<text class="label">(.*?)</text>', section)
    return [html.unescape(" ".join(re.findall(r">([^<]*)</tspan>", n))) for n in nodes]
