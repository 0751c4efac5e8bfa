"""Golden files for the text formats (regenerate with ``UPDATE_GOLDEN=1 pytest tests/output``).

The inputs are the small fixture profiles in tests/output/profiles assessed by CRM001 alone, with
a fixed date, so the reports change only when a format (or CRM001 itself) changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import pytest

from riskengine.assessment import Assessment
from riskengine.output import junit, markdown, sarif, table
from riskengine.output.options import FormatOptions
from tests.output.helpers import HEALTHY, TROUBLED, assess, check_golden, crm001_engine, options

Render = Callable[[Sequence[Assessment], FormatOptions], str]


@pytest.fixture(scope="module")
def both() -> tuple[list[Assessment], dict[str, str]]:
    return assess(crm001_engine(), TROUBLED, HEALTHY)


CASES: list[tuple[str, Render, bool, dict[str, object]]] = [
    ("troubled.md", markdown.render, False, {}),
    ("combined.md", markdown.render, True, {"show_passed": True, "top": 2}),
    ("combined.junit.xml", junit.render, True, {}),
    ("combined-fail-above-40.junit.xml", junit.render, True, {"fail_above": 40.0}),
    ("combined.sarif", sarif.render, True, {}),
    ("combined.txt", table.render, True, {"show_passed": True}),
]


@pytest.mark.parametrize(("name", "render", "combined", "extra"), CASES, ids=[c[0] for c in CASES])
def test_golden(
    both: tuple[list[Assessment], dict[str, str]],
    name: str,
    render: Render,
    combined: bool,
    extra: dict[str, object],
) -> None:
    assessments, _sources = both
    chosen = assessments if combined else assessments[:1]
    text = render(chosen, options(**extra))
    if name.endswith(".sarif"):
        text = _without_rule_docs(text)
    check_golden(name, text)


def _without_rule_docs(text: str) -> str:
    """SARIF with the version and the rules' prose replaced, which change independently."""
    log = json.loads(text)
    driver = log["runs"][0]["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "VERSION"
    for rule in driver["rules"]:
        for key in ("fullDescription", "help"):
            if key in rule:
                rule[key] = {k: "(from the rule's documentation)" for k in rule[key]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def test_output_is_the_same_every_time(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    for _, render, _, extra in CASES:
        assert render(assessments, options(**extra)) == render(assessments, options(**extra))
