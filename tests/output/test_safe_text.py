"""Profile text made harmless: the escaping itself, and every machine-read format given the
hostile corpus or any text at all (XML stays well-formed, JSON holds no raw control character)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.graph.export import export_graph
from riskengine.output import junit, sarif
from riskengine.output.safetext import is_safe, visible, visible_lines
from tests.output.helpers import TROUBLED, assess, crm001_engine, options
from tests.output.hostile_text import (
    HOSTILE,
    assert_no_hostile_raw,
    assert_terminal_safe,
    hostile_assessment,
    write_hostile,
)


@pytest.fixture(scope="module")
def hostile(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    return hostile_assessment(engine, tmp_path_factory.mktemp("hostile"))


def test_visible_escapes_what_acts_and_keeps_the_rest() -> None:
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("\x1b]8;;https://x\x07") == "\\x1b]8;;https://x\\x07"
    assert visible("\u202eexe.txt") == "\\u202eexe.txt"
    assert visible("tab\there\r\nnext\x00") == "tab\\there\\r\\nnext\\x00"
    assert visible("\x9b31m") == "\\x9b31m"
    assert visible("Zoë 東京 [bold] @here $x$") == "Zoë 東京 [bold] @here $x$"
    assert visible_lines("one\x1b\ntwo") == "one\\x1b\ntwo"
    for value in HOSTILE.values():
        assert is_safe(visible(value))
        assert visible(visible(value)) == visible(value), "idempotent"


@given(st.text())
def test_visible_output_is_always_safe(text: str) -> None:
    shown = visible(text)
    assert is_safe(shown) and "\n" not in shown
    shown.encode("utf-8")  # no lone surrogate is left to break the encoding


def test_junit_with_hostile_text_is_well_formed_and_safe(hostile: Assessment) -> None:
    text = junit.render([hostile], options())
    etree.fromstring(text.encode("utf-8"))
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
    assert "Mallory" in text


def test_sarif_with_hostile_text_is_safe(hostile: Assessment) -> None:
    text = sarif.render([hostile], options())
    log = json.loads(text)
    assert_terminal_safe(text)
    assert_no_hostile_raw(json.dumps(log, ensure_ascii=False))
    messages = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert any("\\x1b[2J" in m for m in messages)


@pytest.mark.parametrize("fmt", ["graphml", "dot", "mermaid"])
def test_graph_exports_with_hostile_names_are_safe(
    engine: Engine, tmp_path: Path, fmt: str
) -> None:
    graph = engine.graph(engine.load(write_hostile(tmp_path)))
    text = export_graph(graph, fmt)
    assert_terminal_safe(text)
    assert_no_hostile_raw(text)
    if fmt == "graphml":
        etree.fromstring(text.encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1))
def test_xml_formats_are_well_formed_for_any_text(name: str) -> None:
    base = _troubled()
    finding = base.findings[0].model_copy(update={"message": name})
    odd = base.model_copy(
        update={"profile": name, "organization": name, "findings": (finding, *base.findings[1:])}
    )
    etree.fromstring(junit.render([odd], options()).encode("utf-8"))
    json.loads(sarif.render([odd], options()))
    assert odd.graph is not None
    nodes = tuple(n.model_copy(update={"label": name}) for n in odd.graph.nodes)
    graph = odd.graph.model_copy(update={"name": name, "nodes": nodes})
    etree.fromstring(export_graph(graph, "graphml").encode("utf-8"))


@functools.cache
def _troubled() -> Assessment:
    """The troubled fixture, assessed once for the property test."""
    return assess(crm001_engine(), TROUBLED)[0][0]
