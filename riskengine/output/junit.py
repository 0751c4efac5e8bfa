"""JUnit XML report: a suite per profile, a test case per rule, failures above the threshold."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import PurePosixPath

from riskengine.assessment import Assessment, RuleInfo
from riskengine.findings import Finding
from riskengine.output.common import (
    acceptance_note,
    first_line,
    is_failing,
    ordered,
    plural,
    rule_infos,
    rules_run,
    run_properties,
)
from riskengine.output.options import FormatOptions
from riskengine.output.safetext import visible, visible_lines


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """The ``<testsuites>`` document for every assessment."""
    infos = rule_infos(assessments)
    # rules are not timed one by one; "0" keeps reports byte-for-byte stable between runs
    root = ET.Element("testsuites", {"name": "riskengine", "time": "0"})
    suites = [_suite(a, infos, options) for a in assessments]
    _count(root, suites)
    root.extend(suites)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def classname(label: str) -> str:
    """A dotted class name for a profile path (``profiles/a.yaml`` -> ``profiles.a``)."""
    path = PurePosixPath(label.replace("\\", "/"))
    stem = path.with_suffix("") if path.name else path  # "/" or "." have no name to strip
    parts = [p for p in stem.parts if p not in ("/", ".", "..")]
    return ".".join(p.replace(".", "_") for p in parts) or "profile"


def _clean(text: str) -> str:
    """One line with control and bidi characters (all XML 1.0 cannot carry) made visible."""
    return visible(text)


def _suite(a: Assessment, infos: dict[str, RuleInfo], options: FormatOptions) -> ET.Element:
    """One profile as a test suite."""
    suite = ET.Element(
        "testsuite", {"name": _clean(a.profile), "file": _clean(a.profile), "time": "0"}
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("organization", a.organization),
        ("overall_risk", f"{a.score.overall:.1f}"),
        ("status", a.score.status),
        *((f"{p}_risk", f"{s.risk:.1f}") for p, s in a.score.pillars.items()),
        ("fail_above", "" if options.fail_above is None else f"{options.fail_above:g}"),
        *run_properties(a).items(),
    ):
        ET.SubElement(props, "property", {"name": name, "value": _clean(value)})
    cases = [_case(a, infos[rid], options) for rid in rules_run(a)]
    _count(suite, cases)
    suite.extend(cases)
    return suite


def _case(a: Assessment, info: RuleInfo, options: FormatOptions) -> ET.Element:
    """One rule on one profile: failure, error, or pass with notes."""
    case = ET.Element(
        "testcase",
        {"classname": _clean(classname(a.profile)), "name": _clean(info.label), "time": "0"},
    )
    findings = ordered(f for f in a.findings if f.rule == info.id)
    failing = [f for f in findings if is_failing(f, options)]
    error = next((e for e in a.errors if e.rule == info.id), None)
    if error is not None:
        node = ET.SubElement(case, "error", {"message": _clean(error.error), "type": "RuleError"})
        node.text = visible_lines(f"{info.id} ({error.plugin}) failed: {error.error}")
    if failing:
        top = failing[0]
        message = f"{plural(len(failing), 'finding')} failing; highest risk {top.risk:.1f}: "
        node = ET.SubElement(
            case, "failure", {"message": _clean(message + top.message), "type": top.severity}
        )
        node.text = "\n".join(_clean(_line(a, f)) for f in failing)
    others = [f for f in findings if f not in failing]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_clean(_line(a, f)) for f in others)
    return case


def _line(a: Assessment, f: Finding) -> str:
    """A finding as one readable line: risk, severity, message, where, acceptance."""
    where = ""
    if f.evidence.pointers:
        line = first_line(a, f)
        where = f" at {f.evidence.pointers[0]}" + (f" (line {line})" if line else "")
    note = acceptance_note(f)
    return f"[{f.severity} {f.risk:.1f}] {f.message}{where}" + (f" [{note}]" if note else "")


def _count(parent: ET.Element, children: Sequence[ET.Element]) -> None:
    """Set tests/failures/errors/skipped on a suite from its cases or child suites."""
    if parent.tag == "testsuites":
        totals = {
            k: sum(int(c.get(k, "0")) for c in children) for k in ("tests", "failures", "errors")
        }
    else:
        totals = {
            "tests": len(children),
            "failures": sum(1 for c in children if c.find("failure") is not None),
            "errors": sum(1 for c in children if c.find("error") is not None),
        }
    for key, value in totals.items():
        parent.set(key, str(value))
    if parent.tag == "testsuite":
        parent.set("skipped", "0")
