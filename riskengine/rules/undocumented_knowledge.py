"""CRM018 undocumented-knowledge: how the system works lives in heads that will leave."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from riskengine.context import Context
from riskengine.findings import Finding
from riskengine.graph import node_id
from riskengine.rule import Rule, RuleSettings
from riskengine.rulekit import is_small, pointer, recommend, set_

EXTERNAL = frozenset({"freelancer", "integrator", "vendor"})
EXPERT_KINDS = frozenset(
    {"consultant", "sme", "it_representative", "system_admin", "project_manager"}
)
WHO = {"freelancer": "a freelancer", "integrator": "the integrator", "vendor": "the vendor"}


class UndocumentedKnowledgeSettings(RuleSettings):
    """Thresholds of CRM018."""

    min_seats: int = Field(default=10, ge=0)
    """Below this many seats knowledge is shared by working side by side."""


class UndocumentedKnowledge(Rule[UndocumentedKnowledgeSettings]):
    id = "CRM018"
    slug = "undocumented-knowledge"
    title = "Knowledge held by people who will leave"
    pillar = "people"
    severity = "medium"
    area = "knowledge"
    settings_model = UndocumentedKnowledgeSettings
    checks = (
        "Roles that build or run the CRM (consultants, freelancers, integrators, vendor staff, "
        "and busy in-house experts) whose knowledge is stated as not written down, weighted by "
        "the processes, data sources and objectives they own, maintain or carry out. Unknowns: "
        "a role whose documentation is not stated is an open question, not a finding; a role "
        "whose kind and sourcing are both unknown is asked about but not judged; when only the "
        "sourcing is unknown, an expert is judged as in-house staff (the mildest case). An "
        "unknown size counts as not small. Once the program is live, the advice is to write "
        "things down now, while the people who know are still there."
    )
    why = (
        "Consultants and freelancers leave when the contract ends, and in-house experts are "
        "pulled back into daily operations. If the configuration, the integrations and the "
        "reasons behind design decisions exist only in their heads, the operation phase "
        "starts by rediscovering the system, and every change becomes risky and slow."
    )
    fix = (
        "Make documentation part of each deliverable, not an afterthought: configuration, "
        "integrations, data mappings and decisions. Pair external people with in-house staff "
        "and plan a handover before anyone leaves."
    )
    effort = (
        "Having an expert document configuration, integrations and decisions and hand over to "
        "in-house staff is **medium**: days of the expert's time and of the people taking over, "
        "spread across the deliverables while the program runs or, once live, found while the "
        "expert can still be reached."
    )
    risky_example = """\
organization: {name: Grey Heron Publishing, crm_seats: 90}
roles:
  contractor: {kind: consultant, sourcing: freelancer, documents_knowledge: false}
processes:
  subscriptions: {owner: contractor}
"""
    healthy_example = """\
organization: {name: Grey Heron Publishing, crm_seats: 90}
roles:
  contractor: {kind: consultant, sourcing: freelancer, documents_knowledge: true}
processes:
  subscriptions: {owner: contractor}
"""

    def evaluate(self, ctx: Context) -> Iterator[Finding]:
        if is_small(ctx.seats, self.settings.min_seats):
            return
        live = ctx.stage == "live"
        for key in sorted(ctx.profile.roles):
            sourcing: str | None = ctx.ask(pointer("roles", key, "sourcing"))
            kind: str | None = ctx.ask(pointer("roles", key, "kind"))
            external = sourcing in EXTERNAL or kind == "consultant"
            expert = kind in EXPERT_KINDS
            if not (external or expert or sourcing is None or kind is None):
                continue  # known not to build or run the system: nothing to ask
            documents: bool | None = ctx.ask(pointer("roles", key, "documents_knowledge"))
            if documents is not False or not (external or expert):
                continue  # documented, not stated, or not known to hold such knowledge
            yield self._finding(ctx, key, sourcing, external, live)

    def _finding(
        self, ctx: Context, key: str, sourcing: str | None, external: bool, live: bool
    ) -> Finding:
        node = node_id("role", key)
        held = sorted(
            {
                n
                for relation in ("owns", "maintains", "accountable_for", "performs")
                for n in ctx.graph.successors(node, relation)
            }
        )
        reach = max([ctx.graph.reach(node), *(ctx.graph.reach(n) for n in held)])
        name = ctx.profile.roles[key].name or key
        who = "sourcing not stated" if sourcing is None else WHO.get(sourcing, "in-house staff")
        system = "the live system" if live else "the system"
        return self.finding(
            f"{name} ({who}) holds knowledge of {system} that is not documented"
            + (f"; they own or maintain {len(held)} parts of it." if held else "."),
            likelihood=(0.8 if sourcing == "freelancer" else 0.7) if external else 0.45,
            impact=0.3 + 0.7 * reach,
            pointers=[pointer("roles", key, "documents_knowledge")],
            nodes=[node, *held],
            severity="high" if external and held else None,
            recommendations=[
                recommend(
                    f"Have {name} write down configuration, integrations and decisions now, "
                    "while they are still available, and hand over to the people who run the "
                    "system."
                    if live
                    else f"Have {name} document configuration, integrations and decisions as "
                    "part of each deliverable, and hand over to in-house staff before leaving.",
                    "medium",
                    set_(pointer("roles", key, "documents_knowledge"), True),
                )
            ],
        )
