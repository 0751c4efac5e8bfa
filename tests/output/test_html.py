"""HTML report without a browser: self-contained, escaped, with a coloured dependency picture."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from riskengine.assessment import Assessment
from riskengine.formats import FormatOptions
from riskengine.graph import build_graph
from riskengine.loading import load_profile_text
from riskengine.output import html as html_format
from riskengine.output.svg_graph import hot_edges, layout, node_risks, wrap_label
from tests.output.helpers import (
    HEALTHY,
    HOSTILE,
    TROUBLED,
    ChainPlugin,
    assess,
    crm001_engine,
    options,
)


class Page(HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def chain() -> tuple[list[Assessment], dict[str, str]]:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    return assess(engine, TROUBLED, HEALTHY)


def test_self_contained(chain: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, sources = chain
    page = html_format.render(assessments, options(sources))
    parsed = parse(page)
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for _, attrs in parsed.tags:
        for name in ("src", "href", "srcset", "action", "xlink:href"):
            if name not in attrs:
                continue
            value = attrs[name] or ""
            assert not value.startswith(("http:", "https:", "//")), (name, value)
            assert name == "href" and value.startswith("#"), (name, value)
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(http" not in page
    csp = next(a for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")


def test_scores_findings_recommendations_and_graph(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, sources = chain
    page = html_format.render(assessments, options(sources, top=2))
    troubled = assessments[0]
    assert page.count('class="finding') == sum(len(a.findings) for a in assessments)
    assert f"{troubled.score.overall:.1f}" in page
    assert page.count('<svg class="graph"') == 2
    assert 'id="profile-1"' in page and 'href="#profile-2"' in page
    assert page.count('class="recommendation"') == len(troubled.recommendations)
    assert "more recommendation" in page, "recommendations beyond --top are folded away"
    assert "line 10" in page


def test_nodes_coloured_by_risk_and_edges_highlighted(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, sources = chain
    troubled = assessments[0]
    profile = load_profile_text(sources[TROUBLED])
    graph = build_graph(profile)
    risks = node_risks(troubled.findings)
    chain_finding = next(f for f in troubled.findings if f.rule == "TST900")
    for node in chain_finding.evidence.nodes:
        assert risks[node] >= chain_finding.risk
    assert risks["sponsor"] > 0
    hot = hot_edges(graph, troubled.findings)
    assert ("department:sales", "role:account_manager") in hot
    assert ("role:account_manager", "process:account_planning") in hot
    assert ("process:account_planning", "objective:grow_accounts") in hot
    page = html_format.render([troubled], options(sources))
    assert page.count('class="edge hot"') == len(hot)
    assert re.search(r'class="node risk-red" data-node="sponsor"', page)
    assert re.search(r'class="node risk-none" data-node="sponsor"', page) is None


def test_accepted_findings_do_not_colour_the_graph(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    troubled = chain[0][0]
    accepted = [f for f in troubled.findings if f.accepted]
    assert accepted
    assert node_risks(accepted) == {}


def test_layout_puts_kinds_in_columns_left_to_right(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    graph = build_graph(load_profile_text(chain[1][TROUBLED]))
    columns = layout(graph)
    kinds = [{str(graph.nx.nodes[n]["kind"]) for n in col} for col in columns]
    assert kinds == [
        {"sponsor"},
        {"department"},
        {"role"},
        {"process"},
        {"objective"},
    ]
    assert sorted(n for col in columns for n in col) == sorted(graph.nx.nodes)


def test_no_picture_without_the_profile_text(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _ = chain
    page = html_format.render(assessments, FormatOptions())
    assert "<svg" not in page
    assert "No picture" in page
    broken = html_format.render(assessments[:1], options({TROUBLED: "organization: ["}))
    assert "<svg" not in broken and "No picture" in broken


def test_every_profile_string_is_escaped() -> None:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, sources = assess(engine, HOSTILE)
    label = "<script>window.__pwned='label'</script>.yaml"
    hostile = assessments[0].model_copy(update={"profile": label})
    page = html_format.render([hostile], options({label: sources[HOSTILE]}, show_passed=True))
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    text = "".join(parsed.text)
    assert "<script>document.title='pwned'" in text, "names are shown, as text"
    process = "<iframe src=\"javascript:window.__pwned='proc'\"></iframe>Selling & <b>closing</b>"
    assert process in text


def test_wrap_label() -> None:
    assert wrap_label("Account management") == ["Account management"]
    assert wrap_label("Shipment enquiries and claims") == ["Shipment enquiries", "and claims"]
    long = wrap_label("a b c d e f g h i j k l m n o p q r s t u v w x y z " * 2)
    assert len(long) == 2 and long[-1].endswith("…")
