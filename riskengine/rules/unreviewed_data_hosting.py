"""CRM022 unreviewed-data-hosting: customer data handed to a hosted service unexamined."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import pointer, ramp, recommend, set_

DOUBT = 0.5
"""Likelihood factor for each fact the finding rests on that nobody has stated (at most half)."""

UNKNOWN_SIZE = 0.5
"""The least weight the number of records carries when some counts are not stated."""


class UnreviewedDataHostingSettings(RuleSettings):
    """Thresholds of CRM022."""

    sensitive_industries: tuple[str, ...] = Field(
        default=("financial_services", "insurance", "healthcare", "public_sector")
    )
    """Industries whose customer data is regulated or especially sensitive."""
    min_records: int = Field(default=5000, ge=0)
    """Below this many customer records in all sources, the rule stays quiet; when some counts
    are not stated, a smaller known total is reported at half the likelihood."""
    many_records: int = Field(default=100_000, ge=1)
    """From this many known customer records on (or in a sensitive industry), an unstated review
    is itself reported, at half the likelihood."""


class UnreviewedDataHosting(Rule[UnreviewedDataHostingSettings]):
    id = "CRM022"
    slug = "unreviewed-data-hosting"
    title = "Hosted customer data without a sensitivity review"
    pillar = "technology"
    severity = "medium"
    area = "security"
    settings_model = UnreviewedDataHostingSettings
    checks = (
        "Whether a CRM bought as a hosted service has had the sensitivity of the customer data "
        "it will hold reviewed, weighing the industry and the number of records.\n\n"
        "Unknowns: when it is not stated whether the CRM is hosted there is no finding (an open "
        "question). When the review is not stated, the rule reports at half the likelihood, and "
        "only for a sensitive industry or a large known number of records; otherwise it is an "
        "open question. Record counts that are not stated (or data sources not listed at all) "
        "do not silence the rule: the known records are counted, and when they alone stay below "
        "the threshold the finding comes at half the likelihood, saying the count is not known. "
        "An unstated industry counts as not sensitive. Once live, the advice is to review the "
        "data the provider already holds."
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
    effort = (
        "Reviewing the sensitivity of the customer data and the hosting provider's terms is "
        "**low**: a session with whoever handles data protection, going through the contract and "
        "the kinds of customer data the CRM will hold."
    )
    risky_example = """\
organization: {name: Fairmont Credit Union, industry: financial_services, crm_seats: 120,
               saas: true, data_sensitivity_reviewed: false}
data_sources:
  core_banking: {kind: erp, holds_customer_data: true, records: 250000, plan: integrate}
"""
    healthy_example = """\
organization: {name: Fairmont Credit Union, industry: financial_services, crm_seats: 120,
               saas: true, data_sensitivity_reviewed: true}
data_sources:
  core_banking: {kind: erp, holds_customer_data: true, records: 250000, plan: integrate}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        s = self.settings
        # everything is asked before anything is set aside, so answering one question never
        # changes what else the rule wants to know
        saas = ctx.ask("/organization/saas")
        reviewed = ctx.ask("/organization/data_sensitivity_reviewed")
        industry = ctx.ask("/organization/industry")
        stage = ctx.stage
        count = _count(ctx)
        if saas is not True or reviewed is True:
            return  # not hosted, reviewed, or whether it is hosted is an open question
        sensitive = industry in s.sensitive_industries
        if count.known < s.min_records and not count.unsure:
            return
        doubt = 1.0
        if count.known < s.min_records:
            doubt *= DOUBT  # only the records nobody counted could make it matter
        if reviewed is None:
            if not (sensitive or count.known >= s.many_records):
                return  # an unstated review of ordinary data is an open question
            doubt *= DOUBT
        yield self._finding(ctx, count, reviewed, sensitive, doubt, stage)

    def _finding(
        self,
        ctx: Context,
        count: _Count,
        reviewed: bool | None,
        sensitive: bool,
        doubt: float,
        stage: str | None,
    ) -> Finding:
        size = ramp(math.log10(max(count.known, 1)), 3, 6)
        if count.unsure:
            size = max(size, UNKNOWN_SIZE)
        reach = max(
            (ctx.graph.reach(node_id("data_source", k)) for k in count.sources), default=0.0
        )
        amount = f"{count.known:,}" + (" or more" if count.unsure else "")
        if count.known == 0 and count.unsure:
            amount = "An unknown number of"
        sit = "sit" if stage == "live" else "will sit"
        if reviewed is None:
            message = (
                f"{amount} customer records {sit} with a hosted provider and nobody has stated "
                "whether anyone reviewed how sensitive they are."
            )
        else:
            message = (
                f"{amount} customer records {sit} with a hosted provider and nobody has "
                "reviewed how sensitive they are."
            )
        if count.unsure:
            message += " Not every source's customer-record count is stated."
        when = (
            "for the data the provider already holds, and record the decision"
            if stage == "live"
            else "before loading real data"
        )
        return self.finding(
            message,
            likelihood=(0.7 if sensitive else 0.4) * doubt,
            impact=0.3 + 0.4 * size + 0.3 * reach,
            pointers=["/organization/data_sensitivity_reviewed", "/organization/saas"],
            nodes=[node_id("data_source", k) for k in sorted(count.sources)],
            severity="high" if sensitive else None,
            recommendations=[
                recommend(
                    f"Review the sensitivity of the customer data and the provider's terms {when}.",
                    "low",
                    set_("/organization/data_sensitivity_reviewed", True),
                )
            ],
        )


@dataclass(frozen=True)
class _Count:
    """Customer records the profile accounts for, and whether some were never counted."""

    known: int
    unsure: bool
    sources: list[str]


def _count(ctx: Context) -> _Count:
    """Sum the stated record counts of the sources known (or possibly known) to hold customer data.

    The count is unsure when the data sources are not listed at all, when a source's record
    count is not stated, or when it is not stated whether a source holds customer data.
    """
    if ctx.ask("/data_sources") is None:
        return _Count(0, True, [])
    known, unsure, sources = 0, False, []
    for key in sorted(ctx.profile.data_sources):
        holds = ctx.ask(pointer("data_sources", key, "holds_customer_data"))
        records = ctx.ask(pointer("data_sources", key, "records"))
        if holds is False:
            continue
        if holds is None:
            unsure = unsure or bool(records is None or records > 0)
            continue
        sources.append(key)
        if records is None:
            unsure = True
        else:
            known += records
    return _Count(known, unsure, sources)
