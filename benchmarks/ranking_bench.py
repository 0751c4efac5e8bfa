"""Ranking figures for bench.py: the median example, and how ranking grows with profile size.

- ranked assessment / validation of the profile's own JSON for every example in ``profiles/``
  (the median and the worst);
- ranked assessment of generated profiles at two sizes: the cost ratio, and the exponent it
  implies (cost grows as nodes ** exponent).
"""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path
from typing import Any

from batch_bench import best_time
from large_profile import large_profile

from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "profiles").glob("*.yaml"))


def examples(engine: Engine, repeat: int) -> dict[str, Any]:
    """Ranked assessment / validation of each example's own JSON: the median and the worst."""
    ratios = {path.stem: _ratio(engine, load_profile(path), repeat) for path in EXAMPLES}
    worst = max(ratios, key=lambda k: ratios[k])
    return {
        "profiles": len(ratios),
        "median": round(statistics.median(ratios.values()), 1),
        "worst": worst,
        "worst_ratio": ratios[worst],
        "ratios": ratios,
    }


def _ratio(engine: Engine, profile: Profile, repeat: int) -> float:
    """Ranked assessment / validation of the profile's own JSON, each the best of `repeat`."""
    text = json.dumps(profile.model_dump(mode="json", exclude_unset=True))
    floor = best_time(lambda: [Profile.model_validate_json(text) for _ in range(20)], repeat) / 20
    engine.assess(profile)  # warm the caches a long-running host would have
    ranked = best_time(lambda: engine.assess(profile), repeat)
    return round(ranked / floor, 1)


def scaling(engine: Engine, small: int, large: int) -> dict[str, Any]:
    """Ranked assessment of generated profiles of about `small` and `large` nodes."""
    seconds: dict[int, float] = {}
    nodes: dict[int, int] = {}
    for size in (small, large):
        profile = load_profile(large_profile(roles=size // 2, processes=size - size // 2))
        nodes[size] = len(profile.roles) + len(profile.processes)
        start = time.perf_counter()
        engine.assess(profile)
        seconds[size] = time.perf_counter() - start
    ratio = seconds[large] / seconds[small]
    return {
        "small_nodes": nodes[small],
        "large_nodes": nodes[large],
        "small_s": round(seconds[small], 2),
        "large_s": round(seconds[large], 2),
        "ratio": round(ratio, 1),
        "exponent": round(math.log(ratio) / math.log(nodes[large] / nodes[small]), 2),
    }


def measure_all(quick: bool) -> dict[str, Any]:
    """Every ranking figure; `quick` measures smaller sizes with fewer repeats."""
    engine = Engine(load_entrypoints=False)
    small, large = (200, 600) if quick else (1000, 10000)
    return {
        "examples": examples(engine, 3 if quick else 7),
        "scaling": scaling(engine, small, large),
    }


def print_figures(figures: dict[str, Any]) -> None:
    """The figures, each beside its target."""
    e, s = figures["examples"], figures["scaling"]
    rows = [
        (
            f"ranked / validation, median of {e['profiles']} examples",
            f"{e['median']}x (worst {e['worst']}: {e['worst_ratio']}x)",
            "<= 20x",
        ),
        (
            f"ranked, generated {s['small_nodes']:,} -> {s['large_nodes']:,} nodes",
            f"{s['small_s']} s -> {s['large_s']} s = {s['ratio']}x, n^{s['exponent']}",
            "<= n^1.2 (1k -> 10k: <= 15x)",
        ),
    ]
    for what, figure, target in rows:
        print(f"{what:<54}{figure:<34}{target}")
