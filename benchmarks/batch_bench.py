"""Batch, start-up, loading and memory figures for bench.py, each as a ratio to a floor.

- ``--jobs 2`` against ``--jobs 1`` on one batch of profiles through the command line;
- ``riskengine score x.yaml`` in a fresh interpreter against importing the libraries it needs;
- loading a 50,000-node profile from JSON against pydantic validating the same text;
- memory kept per profile while a long ``-f jsonl`` batch streams (tracemalloc).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from large_profile import large_profile

from riskengine.engine import Engine
from riskengine.loading import load_profile_text
from riskengine.output.jsonl import line
from riskengine.output.options import FormatOptions
from riskengine.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "profiles").glob("*.yaml"))
FLOOR_IMPORTS = "import click, networkx, pluggy, pydantic, yaml"
"""The libraries riskengine depends on: the floor of its cold start, as the target states it."""
LOADED_IMPORTS = "import click, pluggy, pydantic, yaml"
"""The libraries ``riskengine score`` loads: networkx only when something asks for the networkx
graph (exports, plugins), which scoring never does. Shown beside the stated floor, so the ratio
is not read as faster work when it is partly a library left unloaded."""


def wall(command: Sequence[str], repeat: int) -> tuple[float, float]:
    """Best wall time in seconds of `command` in a fresh process, over `repeat` runs, and the
    processor time (user + system, worker processes included) of that run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    runs = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        runs.append((elapsed, cpu))
    return min(runs)


def batch_speedup(profiles: int, repeat: int) -> dict[str, Any]:
    """``riskengine score DIR -f jsonl`` with two worker processes against one.

    The processor time of each run shows what the machine allowed: on a machine busy with
    other work, two processes cannot run twice as fast, yet their total processor time stays
    close to one process's (the cost of spreading the work).
    """
    with tempfile.TemporaryDirectory() as folder:
        for i in range(profiles):
            source = EXAMPLES[i % len(EXAMPLES)]
            shutil.copy(source, Path(folder) / f"{i:05}-{source.name}")
        base = [sys.executable, "-m", "riskengine", "score", folder, "-f", "jsonl"]
        one, one_cpu = wall([*base, "--jobs", "1"], repeat)
        two, two_cpu = wall([*base, "--jobs", "2"], repeat)
    return {
        "profiles": profiles,
        "jobs1_s": round(one, 2),
        "jobs2_s": round(two, 2),
        "speedup": round(one / two, 2),
        "jobs1_cpu_s": round(one_cpu, 2),
        "jobs2_cpu_s": round(two_cpu, 2),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
    }


def cold_start(repeat: int) -> dict[str, Any]:
    """Scoring one profile in a fresh interpreter against importing what it needs.

    The two commands run in turn and the ratio is the median of each pair's ratio, so a stretch
    of slow runs on a shared machine moves both sides of a pair rather than one figure.
    """
    profile = str(ROOT / "profiles" / "no-pilot.yaml")
    score_command = [sys.executable, "-m", "riskengine", "score", profile, "--no-rank"]
    floor_command = [sys.executable, "-c", FLOOR_IMPORTS]
    loaded_command = [sys.executable, "-c", LOADED_IMPORTS]
    wall(score_command, 1)  # the first run writes bytecode; no pair should pay for it
    runs = [
        (wall(score_command, 1)[0], wall(floor_command, 1)[0], wall(loaded_command, 1)[0])
        for _ in range(repeat)
    ]
    return {
        "score_ms": round(statistics.median(s for s, _, _ in runs) * 1e3, 1),
        "floor_ms": round(statistics.median(f for _, f, _ in runs) * 1e3, 1),
        "ratio": round(statistics.median(s / f for s, f, _ in runs), 2),
        "loaded_ms": round(statistics.median(x for _, _, x in runs) * 1e3, 1),
        "loaded_ratio": round(statistics.median(s / x for s, _, x in runs), 2),
    }


def json_load(nodes: int, repeat: int) -> dict[str, Any]:
    """Loading a profile of about `nodes` entities from JSON against validating its text."""
    half = nodes // 2
    text = json.dumps(large_profile(roles=half, processes=nodes - half))
    floor = best_time(lambda: Profile.model_validate_json(text), repeat)
    load = best_time(lambda: load_profile_text(text, label="large.json", fmt="json"), repeat)
    half_text = json.dumps(large_profile(roles=half // 2, processes=(nodes - half) // 2))
    load_half = best_time(
        lambda: load_profile_text(half_text, label="half.json", fmt="json"), repeat
    )
    return {
        "nodes": nodes,
        "floor_ms": round(floor * 1e3, 1),
        "load_ms": round(load * 1e3, 1),
        "ratio": round(load / floor, 2),
        "doubling": round(load / load_half, 2),
    }


def memory_per_profile(profiles: int) -> dict[str, Any]:
    """Memory still held per profile while `profiles` stream as JSON lines (unranked)."""
    engine = Engine(load_entrypoints=False)
    options = FormatOptions()
    sources = [str(EXAMPLES[i % len(EXAMPLES)]) for i in range(profiles)]
    settle = max(10, profiles // 10)  # caches and first-use imports fill during the first tenth
    # measure from and to the same example, so the profile in flight weighs the same both times
    laps = max(1, (profiles - 1 - settle) // len(EXAMPLES))
    settle = profiles - 1 - laps * len(EXAMPLES)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        tracemalloc.start()
        try:
            for result in engine.assess_many(sources, rank=False, today=dt.date(2026, 1, 1)):
                sink.write(line(result.unwrap(), options))
                if result.index == settle:
                    gc.collect()  # held memory, not cycles waiting for the collector
                    start = tracemalloc.get_traced_memory()[0]
            gc.collect()
            end = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
    growth = (end - start) / (profiles - 1 - settle)
    return {"profiles": profiles, "growth_kib_per_profile": round(growth / 1024, 2)}


def best_time(func: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` timed calls of `func`, in seconds.

    Each call starts after a full collection, so none pays for garbage an earlier one left:
    with one repeat (the quick mode) a collection owed by the 50,000-node load otherwise
    lands in the next measurement and halves the doubling figure.
    """
    return min(per_call(func, 1) for _ in range(repeat))


def paired(
    target: Callable[[], object],
    floor: Callable[[], object],
    rounds: int,
    *,
    target_calls: int = 1,
    floor_calls: int = 20,
) -> tuple[float, float, float]:
    """Time `floor` and `target` back to back, `rounds` times: the median of the rounds'
    ratios target / floor, and the fastest per-call time of each (seconds).

    On a shared machine one process's speed drifts by half within seconds; a ratio of two
    figures taken at different moments carries that drift, a ratio taken within one round
    does not.
    """
    ratios, targets, floors = [], [], []
    for _ in range(rounds):
        floors.append(per_call(floor, floor_calls))
        targets.append(per_call(target, target_calls))
        ratios.append(targets[-1] / floors[-1])
    return statistics.median(ratios), min(targets), min(floors)


def per_call(func: Callable[[], object], calls: int) -> float:
    """Seconds per call of `func` over `calls` calls, started after a full collection."""
    gc.collect()
    start = time.perf_counter()
    for _ in range(calls):
        func()
    return (time.perf_counter() - start) / calls


def measure_all(quick: bool) -> dict[str, Any]:
    """Every figure of this module; quick mode uses smaller batches and fewer repeats."""
    return {
        "batch": batch_speedup(120 if quick else 1000, 1 if quick else 2),
        "cold_start": cold_start(5 if quick else 15),
        "json_load": json_load(50_000, 1 if quick else 3),
        "memory": memory_per_profile(120 if quick else 1000),
    }


def print_figures(figures: dict[str, Any]) -> None:
    """The figures, each beside its target."""
    b, c, j, m = figures["batch"], figures["cold_start"], figures["json_load"], figures["memory"]
    rows = [
        (
            f"batch of {b['profiles']}, --jobs 2 vs 1 ({b['cores']} cores)",
            f"{b['jobs1_s']} s / {b['jobs2_s']} s = {b['speedup']}x",
            ">= 1.6x on 2 idle cores",
        ),
        (
            "  processor time of those runs (jobs 1, jobs 2)",
            f"{b['jobs1_cpu_s']} s, {b['jobs2_cpu_s']} s",
            "close: the work is not repeated",
        ),
        (
            "cold start: score x.yaml / importing its libraries",
            f"{c['score_ms']} / {c['floor_ms']} ms = {c['ratio']}x",
            "<= 2x",
        ),
        (
            "  score / the libraries it loads (no networkx)",
            f"{c['score_ms']} / {c['loaded_ms']} ms = {c['loaded_ratio']}x",
            "(shown for comparison)",
        ),
        (
            f"JSON load, {j['nodes']:,} nodes / validation",
            f"{j['load_ms']} / {j['floor_ms']} ms = {j['ratio']}x",
            "<= 3x",
        ),
        (
            f"JSON load, {j['nodes']:,} nodes / {j['nodes'] // 2:,} nodes",
            f"{j['doubling']}x",
            "linear: ~2x",
        ),
        (
            f"memory kept per profile, {m['profiles']}-profile jsonl",
            f"{m['growth_kib_per_profile']} KiB",
            "flat (~0)",
        ),
    ]
    print(f"{'measure':<54}{'figure':<44}target")
    for name, figure, target in rows:
        print(f"{name:<54}{figure:<44}{target}")
