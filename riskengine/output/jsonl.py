"""JSON Lines report: one assessment per line, written as each profile is assessed.

Each line holds what the JSON report gives for one profile, on one line, so a batch of any
size can be streamed, split, or loaded line by line (``jq -c``, ``pandas.read_json(lines=True)``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from riskengine.assessment import Assessment
from riskengine.output.json_format import assessment_data
from riskengine.output.options import FormatOptions


def line(assessment: Assessment, options: FormatOptions) -> str:
    """One assessment as one line of JSON, newline included."""
    return json.dumps(assessment_data(assessment, options), ensure_ascii=False) + "\n"


def render(assessments: Sequence[Assessment], options: FormatOptions) -> str:
    """Every assessment, one per line, in order."""
    return "".join(line(a, options) for a in assessments)
