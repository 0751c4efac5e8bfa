"""JUnit XML: parsed back with the standard library; one test case per rule per profile."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from riskengine.assessment import Assessment, RuleFailure
from riskengine.output import junit
from tests.output.helpers import HEALTHY, TROUBLED, assess, crm001_engine, options


@pytest.fixture(scope="module")
def both() -> tuple[list[Assessment], dict[str, str]]:
    return assess(crm001_engine(), TROUBLED, HEALTHY)


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_one_suite_per_profile_and_one_case_per_rule(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    root = parse(junit.render(assessments, options()))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [TROUBLED, HEALTHY]
    for suite, a in zip(suites, assessments, strict=True):
        names = [c.get("name") for c in suite.findall("testcase")]
        assert names == ["CRM001 weak-sponsorship"]
        assert suite.get("tests") == "1"
        assert {c.get("classname") for c in suite.findall("testcase")} == {
            junit.classname(a.profile)
        }
    assert root.get("tests") == "2"


def test_default_threshold_fails_high_and_critical(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    root = parse(junit.render(assessments, options()))
    troubled, healthy = root.findall("testsuite")
    failure = troubled.find("testcase/failure")
    assert failure is not None
    assert failure.get("type") == "high"
    assert failure.text is not None
    assert failure.text.count("\n") == 1, "two high findings fail"
    assert "(line 10)" in failure.text
    assert healthy.find("testcase/failure") is None
    assert (troubled.get("failures"), healthy.get("failures")) == ("1", "0")
    assert root.get("failures") == "1"


def test_fail_above_decides_by_risk(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    strict = parse(junit.render(assessments[:1], options(fail_above=20.0)))
    failure = strict.find("testsuite/testcase/failure")
    assert failure is not None and failure.text is not None
    assert failure.text.count("\n") == 2, "three counted findings above 20; the accepted one never"
    lenient = parse(junit.render(assessments[:1], options(fail_above=90.0)))
    assert lenient.find("testsuite/testcase/failure") is None
    out = lenient.find("testsuite/testcase/system-out")
    assert out is not None and out.text is not None and "accepted by" in out.text


def test_passed_rules_and_rule_errors_are_cases(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    assessments, _sources = both
    a = assessments[1].model_copy(
        update={
            "passed": ("CRM001", "CRM002"),
            "errors": (RuleFailure(rule="VND100", plugin="vendor", error="bad <input>\x00"),),
        }
    )
    root = parse(junit.render([a], options()))
    cases = {c.get("name"): c for c in root.iter("testcase")}
    # CRM002 did not run on this engine, so the assessment carries no metadata to name it by
    assert set(cases) == {"CRM001 weak-sponsorship", "CRM002", "VND100"}
    error = cases["VND100"].find("error")
    assert error is not None and error.get("message") == "bad <input>\\x00"
    assert root.get("errors") == "1"


def test_hostile_text_round_trips(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _sources = both
    root = parse(junit.render(assessments[:1], options()))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert props["organization"] == "Kestrel & Sons <Logistics>"


def test_classname() -> None:
    assert junit.classname("profiles/troubled-rollout.yaml") == "profiles.troubled-rollout"
    assert junit.classname("/abs/dir/x.v2.yaml") == "abs.dir.x_v2"
    assert junit.classname("C:\\p\\x.json") == "C:.p.x"


JUNIT_XSD_ENV = "RISKENGINE_JUNIT_XSD"


@pytest.mark.skipif(not os.environ.get(JUNIT_XSD_ENV), reason=f"{JUNIT_XSD_ENV} is not set")
def test_reports_validate_against_the_jenkins_xunit_schema(
    both: tuple[list[Assessment], dict[str, str]],
) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(os.environ[JUNIT_XSD_ENV]))
    assessments, _ = both
    broken = assessments[1].model_copy(
        update={"errors": (RuleFailure(rule="VND100", plugin="vendor", error="x\x01<y>"),)}
    )
    for chosen in ([assessments[0]], [*assessments, broken]):
        for fail_above in (None, 40.0):
            text = junit.render(chosen, options(fail_above=fail_above))
            document = etree.fromstring(text.encode("utf-8"))
            assert schema.validate(document), schema.error_log


def test_cases_have_stable_names_and_times(both: tuple[list[Assessment], dict[str, str]]) -> None:
    assessments, _ = both
    first = junit.render(assessments, options())
    assert first == junit.render(assessments, options())
    root = parse(first)
    for case in root.iter("testcase"):
        assert case.get("time") == "0" and case.get("file") is None
    assert all(s.get("file") for s in root.iter("testsuite"))
