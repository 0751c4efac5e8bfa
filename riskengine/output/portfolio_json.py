"""JSON portfolio report: the whole summary as data, every program and pitfall included."""

from __future__ import annotations

import json

from riskengine.assessment import SCHEMA_VERSION
from riskengine.output.portfolio_common import PortfolioOptions
from riskengine.portfolio import Portfolio


def render(portfolio: Portfolio, options: PortfolioOptions) -> str:
    """The portfolio as indented JSON, stable byte for byte for the same programs."""
    data = {"schema_version": SCHEMA_VERSION, **portfolio.model_dump(mode="json")}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
