"""Deterministic generator of a large, valid profile (about 1,000 roles and processes)."""

from __future__ import annotations

import random
from typing import Any

SIDES = ["sales", "service", "marketing", "operations", "finance", "it"]


def large_profile(roles: int = 500, processes: int = 500, seed: int = 7) -> dict[str, Any]:
    """A profile of a big rollout with every section filled and references kept consistent."""
    rnd = random.Random(seed)
    departments = {
        f"d{i}": {
            "name": f"Department {i}",
            "side": SIDES[i % len(SIDES)],
            "headcount": rnd.randint(10, 200),
            "customer_facing": i % 2 == 0,
            "consulted_on_design": rnd.random() < 0.7,
            "burden": rnd.choice(["none", "low", "medium", "high"]),
            "value": rnd.choice(["none", "low", "medium", "high"]),
        }
        for i in range(24)
    }
    dep_ids = sorted(departments)
    role_table = {
        f"r{i}": {
            "kind": rnd.choice(["end_user", "end_user", "end_user", "sme", "champion", "trainer"]),
            "department": rnd.choice(dep_ids),
            "count": rnd.randint(1, 30),
            "involved_in_planning": rnd.random() < 0.3,
            "trained": rnd.random() < 0.8,
        }
        for i in range(roles)
    }
    role_table["pm"] = {
        "kind": "project_manager",
        "department": "d5",
        "dedication": "full_time",
        "crm_projects_done": 2,
        "involved_in_planning": True,
        "trained": True,
    }
    role_ids = sorted(role_table)
    sources = {
        f"s{i}": {
            "kind": rnd.choice(["erp", "spreadsheet", "sales_database"]),
            "records": rnd.randint(100, 100000),
            "plan": rnd.choice(["none", "migrate", "integrate"]),
            "owner": rnd.choice(role_ids),
        }
        for i in range(60)
    }
    fields = {
        f"f{i}": {
            "critical": rnd.random() < 0.3,
            "status": rnd.choice(["captured"] * 8 + ["dropped", "never_captured"]),
            "source": rnd.choice(sorted(sources)) if rnd.random() < 0.5 else None,
            "entered_by": rnd.choice(dep_ids),
        }
        for i in range(300)
    }
    objectives = {
        f"o{i}": {
            "description": f"Objective {i}",
            "owner": rnd.choice(role_ids),
            "reviewed_in_management": rnd.random() < 0.7,
            "metrics": [
                {"name": f"m{i}.{k}", "baseline": 1.0, "target": 2.0}
                for k in range(rnd.randint(0, 3))
            ],
        }
        for i in range(40)
    }
    process_table = {
        f"p{i}": {
            "area": rnd.choice(["sales", "service", "marketing", "reporting"]),
            "owner": rnd.choice(role_ids),
            "performed_by": rnd.sample(role_ids, 3),
            "needs_fields": rnd.sample(sorted(fields), 4),
            "needs_sources": rnd.sample(sorted(sources), 1),
            "benefits": rnd.sample(dep_ids, 2),
            "burdens": rnd.sample(dep_ids, 1),
            "supports": rnd.sample(sorted(objectives), 1),
            "designed_with_staff": rnd.random() < 0.8,
        }
        for i in range(processes)
    }
    proc_ids = sorted(process_table)
    phases = {
        f"ph{i}": {
            "processes": proc_ids[i * 50 : (i + 1) * 50],
            "features": 12,
            "duration_months": 4,
            "objectives": sorted(objectives)[i * 4 : (i + 1) * 4],
            "success_measures": ["adoption"],
            "pilot": {"roles": rnd.sample(role_ids, 5)},
            "after": [f"ph{i - 1}"] if i else [],
        }
        for i in range(10)
    }
    return {
        "organization": {"name": "Generated Holdings", "employees": 12000, "crm_seats": 6000},
        "sponsor": {"side": "sales", "engagement": "supportive"},
        "steering_committee": {"members": [{"department": d} for d in dep_ids[:8]]},
        "departments": departments,
        "roles": role_table,
        "processes": process_table,
        "data_sources": sources,
        "fields": fields,
        "objectives": objectives,
        "phases": phases,
        "training": {"new_hires": True, "feature_changes": True},
        "environments": {"available": ["development", "test", "production"]},
        "operations": {"support": True, "system_admin": True},
        "scope": {"total_months": 30, "stakeholder_groups": 8},
    }
