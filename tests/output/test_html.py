"""HTML report without a browser: self-contained, escaped, with a coloured dependency picture."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from riskengine.assessment import Assessment
from riskengine.output import html as html_format
from riskengine.output.options import FormatOptions
from riskengine.output.svg_graph import hot_edges, layout, node_height, node_risks, wrap_label
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
    assessments, _sources = chain
    page = html_format.render(assessments, options())
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
    assessments, _sources = chain
    page = html_format.render(assessments, options(top=2))
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
    assessments, _sources = chain
    troubled = assessments[0]
    graph = troubled.graph
    assert graph is not None
    risks = node_risks(troubled.findings)
    chain_finding = next(f for f in troubled.findings if f.rule == "TST900")
    for node in chain_finding.evidence.nodes:
        assert risks[node] >= chain_finding.risk
    assert risks["sponsor"] > 0
    hot = hot_edges(graph, troubled.findings)
    assert ("department:sales", "role:account_manager") in hot
    assert ("role:account_manager", "process:account_planning") in hot
    assert ("process:account_planning", "objective:grow_accounts") in hot
    page = html_format.render([troubled], options())
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
    graph = chain[0][0].graph
    assert graph is not None
    columns = layout(graph)
    kind_of = {n.id: n.kind for n in graph.nodes}
    kinds = [{kind_of[n] for n in col} for col in columns]
    assert kinds == [
        {"sponsor"},
        {"department"},
        {"role"},
        {"process"},
        {"objective"},
    ]
    assert sorted(n for col in columns for n in col) == sorted(kind_of)


def test_no_picture_without_a_graph(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _ = chain
    page = html_format.render(assessments, FormatOptions())
    assert page.count('<svg class="graph"') == 2, (
        "each assessment carries the graph the engine built"
    )
    bare = [a.model_copy(update={"graph": None}) for a in assessments]
    page = html_format.render(bare, FormatOptions())
    assert "<svg" not in page
    assert "No picture" in page


def test_every_profile_string_is_escaped() -> None:
    engine = crm001_engine(ChainPlugin(), select=("CRM001", "TST900"))
    assessments, _sources = assess(engine, HOSTILE)
    label = "<script>window.__pwned='label'</script>.yaml"
    hostile = assessments[0].model_copy(update={"profile": label})
    page = html_format.render([hostile], options(show_passed=True))
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
    assert wrap_label("Shipment enquiries and claims for depots") == [
        "Shipment enquiries and",
        "claims for depots",
    ]
    text = "Grow consumables revenue from the installed base in every region we serve"
    long = wrap_label(text)
    assert len(long) == 4 and " ".join(long) == text, "the whole label, never cut"
    assert node_height([text]) > node_height(["Short"]) == node_height(["a", "b"])


def test_the_picture_shows_what_plugins_added_to_the_graph() -> None:
    from riskengine.hookspecs import hookimpl

    class Hub:
        riskengine_plugin_name = "test-hub"

        @hookimpl
        def enrich_graph(self, builder: object, profile: object) -> None:
            node = builder.add_node("vendor_hub", "hub", label="Partner hub")  # type: ignore[attr-defined]
            builder.add_edge(node, "department:sales", "serves")  # type: ignore[attr-defined]

    engine = crm001_engine(Hub())
    assessments, _ = assess(engine, TROUBLED)
    page = html_format.render(assessments, options())
    assert 'data-node="vendor_hub:hub"' in page
    assert "Partner hub" in page
    assert ">Vendor hubs</text>" in page, "a plugin's kind gets a column of its own"


def test_large_graphs_are_described_not_drawn(
    chain: tuple[list[Assessment], dict[str, str]],
) -> None:
    from riskengine.graph.snapshot import GraphNode, GraphSnapshot

    a = chain[0][0]
    assert a.graph is not None
    many = tuple(
        GraphNode(id=f"role:r{i}", kind="role", ref=f"r{i}", label=f"R{i}") for i in range(401)
    )
    big = a.model_copy(update={"graph": GraphSnapshot(name="x", kinds=a.graph.kinds, nodes=many)})
    page = html_format.render([big], options())
    assert '<svg class="graph"' not in page
    assert "401 nodes" in page and "riskengine graph" in page
