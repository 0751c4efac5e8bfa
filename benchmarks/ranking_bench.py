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

from batch_bench import paired
from large_profile import large_profile

from riskengine.assessment import Assessment
from riskengine.engine import Engine
from riskengine.loading import load_profile
from riskengine.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "profiles").glob("*.yaml"))


def examples(engine: Engine, rounds: int) -> dict[str, Any]:
    """Assessment, with and without ranking, / validation of each example's own JSON: the
    median and the worst of each."""
    ratios = {path.stem: _ratios(engine, load_profile(path), rounds) for path in EXAMPLES}
    out: dict[str, Any] = {"profiles": len(ratios)}
    for name, at in (("assess", 0), ("ranked", 1)):
        figures = {stem: pair[at] for stem, pair in ratios.items()}
        worst = max(figures, key=lambda k: figures[k])
        out[name] = {
            "median": round(statistics.median(figures.values()), 1),
            "worst": worst,
            "worst_ratio": figures[worst],
            "ratios": figures,
        }
    return out


def _ratios(engine: Engine, profile: Profile, rounds: int) -> tuple[float, float]:
    """Assessment without and with ranking / validation of the profile's own JSON."""
    figures, _ = against_validation(engine, profile, rounds)
    return round(figures["assess_ratio"], 1), round(figures["ranked_ratio"], 1)


def against_validation(
    engine: Engine, profile: Profile, rounds: int, *, floor_calls: int = 20, plain_calls: int = 3
) -> tuple[dict[str, float], Assessment]:
    """Assessment without and with ranking, each timed against validation of the profile's
    own JSON in the same rounds (see `paired`): the median ratios, the fastest times in
    seconds, and the last ranked assessment."""
    text = own_json(profile)

    def floor() -> object:
        return Profile.model_validate_json(text)

    ranked = [engine.assess(profile)]  # warm the caches a long-running host would have
    plain_ratio, plain, validate = paired(
        lambda: engine.assess(profile, rank=False),
        floor,
        rounds,
        target_calls=plain_calls,
        floor_calls=floor_calls,
    )
    ranked_ratio, full, _ = paired(
        lambda: ranked.append(engine.assess(profile)), floor, rounds, floor_calls=floor_calls
    )
    figures = {
        "validate_s": validate,
        "assess_s": plain,
        "ranked_s": full,
        "assess_ratio": plain_ratio,
        "ranked_ratio": ranked_ratio,
    }
    return figures, ranked[-1]


def own_json(profile: Profile) -> str:
    """The profile as its author wrote it, in JSON: only the fields the file states.

    The floor validates this text, not ``model_dump_json()``, whose every defaulted field
    would make validation (and so every ratio) look slower than real input.
    """
    return json.dumps(profile.model_dump(mode="json", exclude_unset=True))


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
        "examples": examples(engine, 5 if quick else 9),
        "scaling": scaling(engine, small, large),
    }


def print_figures(figures: dict[str, Any]) -> None:
    """The figures, each beside its target."""
    e, s = figures["examples"], figures["scaling"]
    a, r = e["assess"], e["ranked"]
    rows = [
        (
            f"assess / validation, {e['profiles']} examples",
            f"median {a['median']}x, worst {a['worst']} {a['worst_ratio']}x",
            "<= 5x on every example",
        ),
        (
            f"ranked / validation, {e['profiles']} examples",
            f"median {r['median']}x, worst {r['worst']} {r['worst_ratio']}x",
            "median <= 20x; troubled-rollout <= 100x",
        ),
        (
            "  ranked troubled-rollout / validation",
            f"{r['ratios'].get('troubled-rollout')}x",
            "<= 100x",
        ),
        (
            f"ranked, generated {s['small_nodes']:,} -> {s['large_nodes']:,} nodes",
            f"{s['small_s']} s -> {s['large_s']} s = {s['ratio']}x, n^{s['exponent']}",
            "<= n^1.2 (1k -> 10k: <= 15x)",
        ),
    ]
    for what, figure, target in rows:
        print(f"{what:<54}{figure:<44}{target}")
