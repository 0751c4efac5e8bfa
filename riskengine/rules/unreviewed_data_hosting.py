"""CRM022 unreviewed-data-hosting: customer data handed to a hosted service unexamined."""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import ramp, recommend, set_


class UnreviewedDataHostingSettings(RuleSettings):
    """Thresholds of CRM022."""

    sensitive_industries: tuple[str, ...] = Field(
        default=("financial_services", "insurance", "healthcare", "public_sector")
    )
    """Industries whose customer data is regulated or especially sensitive."""
    min_records: int = Field(default=5000, ge=0)
    """Below this many customer records in all sources, the rule stays quiet."""


class UnreviewedDataHosting(Rule[UnreviewedDataHostingSettings]):
    id = "CRM022"
    slug = "unreviewed-data-hosting"
    title = "Hosted customer data without a sensitivity review"
    pillar = "technology"
    severity = "medium"
    settings_model = UnreviewedDataHostingSettings
    checks = (
        "Whether a CRM bought as a hosted service has had the sensitivity of the customer data "
        "it will hold reviewed, weighing the industry and the number of records."
    )
    why = (
        "A hosted CRM puts customer data with a third party, often in other jurisdictions. "
        "If nobody checked what that data is, who may hold it and under which terms, the "
        "program can be stopped late by legal or compliance, or expose the company when a "
        "provider is breached."
    )
    fix = (
        "Classify the customer data the CRM will hold, check the provider's terms, location "
        "and security against the rules that apply, and record the decision before loading "
        "real data."
    )
    risky_example = """\
organization: {name: Fairmont Credit Union, industry: financial_services, crm_seats: 120,
               saas: true, data_sensitivity_reviewed: false}
data_sources:
  core_banking: {kind: erp, records: 250000, plan: integrate}
"""
    healthy_example = """\
organization: {name: Fairmont Credit Union, industry: financial_services, crm_seats: 120,
               saas: true, data_sensitivity_reviewed: true}
data_sources:
  core_banking: {kind: erp, records: 250000, plan: integrate}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        org = ctx.profile.organization
        if not org.saas or org.data_sensitivity_reviewed:
            return
        sources = [k for k, d in ctx.profile.data_sources.items() if d.holds_customer_data]
        records = sum(ctx.profile.data_sources[k].records for k in sources)
        if records < self.settings.min_records:
            return
        sensitive = org.industry in self.settings.sensitive_industries
        reach = max((ctx.graph.reach(node_id("data_source", k)) for k in sources), default=0.0)
        yield self.finding(
            f"{records:,} customer records will sit with a hosted provider and nobody has "
            "reviewed how sensitive they are.",
            likelihood=0.7 if sensitive else 0.4,
            impact=0.3 + 0.4 * ramp(math.log10(records), 3, 6) + 0.3 * reach,
            pointers=["/organization/data_sensitivity_reviewed", "/organization/saas"],
            nodes=[node_id("data_source", k) for k in sorted(sources)],
            severity="high" if sensitive else None,
            recommendations=[
                recommend(
                    "Review the sensitivity of the customer data and the provider's terms "
                    "before loading real data.",
                    "low",
                    set_("/organization/data_sensitivity_reviewed", True),
                )
            ],
        )
