"""Who sits on the steering committee and who could (CRM014): departments, members, seats."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from riskengine.context import Context
from riskengine.profile.people import SteeringMember
from riskengine.rulekit import names, pointer


@dataclass(frozen=True)
class Group:
    """What the profile states about one department (None: not stated)."""

    name: str
    uses_crm: bool | None
    customer_facing: bool | None
    side: str | None


def read_groups(ctx: Context) -> dict[str, Group]:
    """Ask what the rule judges about every department (any of them might hold a seat)."""
    ctx.ask("/departments")  # which groups use the CRM is itself a question
    out = {}
    for key, dep in ctx.profile.departments.items():
        at = ("departments", key)
        out[key] = Group(
            name=dep.name or key,
            uses_crm=ctx.ask(pointer(*at, "uses_crm")),
            customer_facing=ctx.ask(pointer(*at, "customer_facing")),
            side=ctx.ask(pointer(*at, "side")),
        )
    return out


def read_member_facts(ctx: Context, members: list[SteeringMember] | None) -> list[tuple[Any, Any]]:
    """Each member's time and weight, as stated (None where not)."""
    facts = []
    for i in range(len(members or ())):
        at = ("steering_committee", "members", i)
        facts.append(
            (ctx.ask(pointer(*at, "hours_per_month")), ctx.ask(pointer(*at, "influential")))
        )
    return facts


def proposed_committee(sponsor: Any, groups: Mapping[str, Group]) -> dict[str, Any]:
    """A committee chaired by the sponsor (if there is one) with a seat for every using group."""
    return {
        "chaired_by_sponsor": sponsor is not False,
        "meets": "monthly",
        "members": [{"department": k} for k in sorted(groups) if groups[k].uses_crm],
    }


def left_out_groups(members: list[SteeringMember], groups: Mapping[str, Group]) -> list[str]:
    """Groups stated to use the CRM and to face customers that have no seat, sorted."""
    seated = {m.department for m in members}
    # only a group stated to use the CRM and to face customers is missed
    return sorted(
        k for k, g in groups.items() if k not in seated and g.uses_crm and g.customer_facing
    )


def one_it_seat(
    members: list[SteeringMember], is_it: list[bool], groups: Mapping[str, Group]
) -> tuple[list[dict[str, Any]], list[str]] | None:
    """The members left when IT keeps one seat, and the business groups using the CRM to seat.

    The IT seat kept is chosen by department and role id, never by position, so reordering the
    list changes nothing. None when the proposal would leave the members as they are.
    """
    current = [_as_stated(m) for m in members]
    it_members = [m for m, it in zip(members, is_it, strict=True) if it]
    keep = min(it_members, key=_member_order)
    kept = [_as_stated(m) for m, it in zip(members, is_it, strict=True) if not it or m is keep]
    seated = {m.department for m in members}
    missing = sorted(
        k for k, g in groups.items() if g.uses_crm and g.side != "it" and k not in seated
    )
    if _same_members(kept + [{"department": k} for k in missing], current):
        return None
    return kept, missing


def composition_message(it_part: tuple[str, float] | None, left_out: list[str]) -> str:
    """What is wrong with who sits on the committee, in one sentence."""
    if not left_out:
        assert it_part is not None
        return f"{it_part[0]}."
    verb = "uses" if len(left_out) == 1 else "use"
    have = "has" if len(left_out) == 1 else "have"
    if it_part is None:
        return f"{names(left_out)} {verb} the CRM with customers but {have} no steering seat."
    return (
        f"{it_part[0]}, while {names(left_out)} {verb} the CRM with customers and {have} no seat."
    )


def _as_stated(member: SteeringMember) -> dict[str, Any]:
    """A member as the profile states it."""
    return member.model_dump(exclude_unset=True, exclude_none=True)


def _member_order(member: SteeringMember) -> tuple[str, bool, str, str]:
    """A stable order of members: department id, then role id (a named role first)."""
    return (
        member.department,
        member.role is None,
        member.role or "",
        json.dumps(_as_stated(member), sort_keys=True),
    )


def _same_members(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """Whether two member lists hold the same seats, in whatever order."""

    def canonical(items: list[dict[str, Any]]) -> list[str]:
        """The seats as sorted JSON texts."""
        return sorted(json.dumps(i, sort_keys=True) for i in items)

    return canonical(a) == canonical(b)
