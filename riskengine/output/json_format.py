"""JSON report: the assessment as data, stable byte for byte for the same input."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from riskengine.assessment import SCHEMA_VERSION, Assessment
from riskengine.output.options import FormatOptions


def assessment_data(assessment: Assessment, options: FormatOptions) -> dict[str, Any]:
    """The JSON-ready form of one assessment.

    Rule documentation and the graph snapshot travel in the assessment for the other reports;
    the JSON report leaves them out (``riskengine rules`` and ``riskengine graph`` give them).
    """
    data = assessment.model_dump(mode="json", exclude={"rules", "graph"})
    if not options.show_passed:
        data.pop("passed", None)
    return data


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """One object for one profile; ``{"schema_version", "assessments": [...]}`` for several."""
    if len(assessments) == 1:
        payload: Any = assessment_data(assessments[0], options)
    else:
        payload = {
            "schema_version": SCHEMA_VERSION,
            "assessments": [assessment_data(a, options) for a in assessments],
        }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
