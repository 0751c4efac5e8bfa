"""SARIF 2.1.0 report: one result per finding, placed on the line of its evidence in the profile."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from riskengine import __version__
from riskengine.assessment import Assessment, RuleInfo
from riskengine.findings import Finding
from riskengine.output.common import (
    acceptance_note,
    is_failing,
    ordered,
    rule_infos,
)
from riskengine.output.options import FormatOptions
from riskengine.output.safetext import visible

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "riskengine/identity/v1"
SEVERITY_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """One SARIF log with one run covering every profile."""
    rules = rule_infos(assessments)
    index = {rid: i for i, rid in enumerate(rules)}
    # what comes from profiles (not the rules' documentation) has control characters made
    # visible, so a viewer or a log that shows the text cannot be steered by it
    from_profiles: dict[str, Any] = {
        "invocations": [_invocation(assessments)],
        "artifacts": [_artifact(a, options) for a in assessments],
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, a, i, index, options)
            for i, a in enumerate(assessments)
            for f in ordered(a.findings)
        ],
        "properties": {"profiles": [_profile_summary(a) for a in assessments]},
    }
    run = {"tool": {"driver": _driver(rules.values())}, **_visible(from_profiles)}
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _visible(value: Any) -> Any:
    """`value` with `visible` applied to every string in it, keys included."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {visible(k): _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value


def artifact_uri(label: str) -> str:
    """A URI for a profile path: relative paths stay relative, absolute ones become file URIs."""
    if PureWindowsPath(label).drive or label.startswith("/"):
        posix = label.replace("\\", "/")
        return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")
    return quote(label.replace("\\", "/"), safe="/")


def _driver(rules: Iterable[RuleInfo]) -> dict[str, Any]:
    """The tool description with every rule the results refer to."""
    return {
        "name": "riskengine",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(r) for r in rules],
    }


def _rule(r: RuleInfo) -> dict[str, Any]:
    """A reporting descriptor: the rule's metadata and help."""
    desc: dict[str, Any] = {"id": r.id}
    if r.slug:
        desc["name"] = r.slug
    if r.title:
        desc["shortDescription"] = {"text": r.title}
    if r.checks:
        desc["fullDescription"] = {"text": r.checks}
    help_text = _help(r)
    if help_text:
        desc["help"] = {"text": help_text, "markdown": _help(r, markdown=True)}
    if r.severity:
        desc["defaultConfiguration"] = {"level": SEVERITY_LEVEL[r.severity]}
    if r.pillar:
        desc["properties"] = {"pillar": r.pillar, "tags": ["crm", r.pillar]}
    return desc


def _help(r: RuleInfo, *, markdown: bool = False) -> str:
    """Why the rule matters, what to do and what that costs, as plain text or Markdown."""
    sections = (
        ("Why it is risky", r.why),
        ("What to do", r.fix),
        ("Effort of its actions", r.effort),
    )
    parts = [(h, body) for h, body in sections if body]
    if markdown:
        return "\n\n".join(f"**{h}**\n\n{body}" for h, body in parts)
    return "\n\n".join(f"{h}: {body}" for h, body in parts)


def _invocation(assessments: Sequence[Assessment]) -> dict[str, Any]:
    """Whether every rule ran, with a notification for each rule that failed."""
    notes = [
        {
            "level": "error",
            "message": {"text": f"{e.rule} ({e.plugin}) failed on {a.profile}: {e.error}"},
            "descriptor": {"id": e.rule},
        }
        for a in assessments
        for e in a.errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _artifact(a: Assessment, options: FormatOptions) -> dict[str, Any]:
    """The profile file an assessment read."""
    artifact: dict[str, Any] = {"location": _artifact_location(a.profile, None)}
    suffix = PurePosixPath(a.profile.replace("\\", "/")).suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        artifact["mimeType"] = "application/json" if suffix == ".json" else "application/yaml"
    return artifact


def _artifact_location(label: str, index: int | None) -> dict[str, Any]:
    """Where a profile lives; relative paths are relative to the source root."""
    loc: dict[str, Any] = {"uri": artifact_uri(label)}
    if not loc["uri"].startswith("file:"):
        loc["uriBaseId"] = "%SRCROOT%"
    if index is not None:
        loc["index"] = index
    return loc


def _result(
    f: Finding, a: Assessment, artifact: int, index: dict[str, int], options: FormatOptions
) -> dict[str, Any]:
    """One SARIF result for one finding."""
    pointers = f.evidence.pointers
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "kind": "fail",
        "level": _level(f, options),
        "message": {"text": f.message},
        "rank": f.risk,
        "locations": [_location(a, artifact, pointers[0] if pointers else None)],
        "partialFingerprints": {FINGERPRINT: f.identity},
        "properties": _result_properties(f),
    }
    related = [
        {**_location(a, artifact, p), "id": i, "message": {"text": p}}
        for i, p in enumerate(pointers[1:], start=1)
    ]
    if related:
        result["relatedLocations"] = related
    if f.acceptance is not None and not f.acceptance.expired:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": acceptance_note(f)}
        ]
    return result


def _level(f: Finding, options: FormatOptions) -> str:
    """``error`` when the finding fails the check, else by severity, at most ``warning``."""
    if is_failing(f, options):
        return "error"
    return "note" if f.severity == "low" else "warning"


def _location(a: Assessment, artifact: int, pointer: str | None) -> dict[str, Any]:
    """A physical location (file, line, column) plus the JSON pointer as a logical location."""
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(a.profile, artifact)}
    pos = a.position(pointer) if pointer else None
    if pos is not None:
        physical["region"] = {"startLine": pos[0], "startColumn": pos[1]}
    loc: dict[str, Any] = {"physicalLocation": physical}
    if pointer:
        name = PurePosixPath(pointer).name or pointer
        loc["logicalLocations"] = [{"name": name, "fullyQualifiedName": pointer, "kind": "member"}]
    return loc


def _result_properties(f: Finding) -> dict[str, Any]:
    """Risk arithmetic, evidence and proposed actions of a finding."""
    props: dict[str, Any] = {
        "pillar": f.pillar,
        "severity": f.severity,
        "risk": f.risk,
        "likelihood": f.likelihood,
        "impact": f.impact,
        "pointers": list(f.evidence.pointers),
        "nodes": list(f.evidence.nodes),
        "recommendations": [r.action for r in f.recommendations],
    }
    if f.acceptance is not None:
        props["acceptance"] = acceptance_note(f)
    return props


def _profile_summary(a: Assessment) -> dict[str, Any]:
    """Scores of one profile, kept alongside the results."""
    return {
        "profile": a.profile,
        "organization": a.organization,
        "overall": a.score.overall,
        "status": a.score.status,
        "pillars": {p: s.risk for p, s in a.score.pillars.items()},
        "incomplete": a.incomplete,
        "configuration": a.config,
    }
