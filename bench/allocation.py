"""Benchmark the allocation engine: time each mechanism at growing sizes.

    .venv/bin/python bench/allocation.py [--sizes 2000,20000,200000] [--programs 1000]

Each size gets a synthetic but realistic call: 5 ranked choices per applicant over 1,000
programs with a skewed popularity (a few destinations everyone wants), about 1 choice in 10
the applicant is not eligible for, scores with two decimals (so some ties, more as the size
grows), about 1% of programs without seats, and seats for three quarters of the applicants.
Times are end-to-end `allocate()` calls (validation, ranking, matching, waitlists and every
explanation), the best of --repeat runs for sizes up to 20,000 and a single run above. Not a
test: it prints a table and the growth factor between sizes.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import json
import os
import platform
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exchange.selection.engine import (  # noqa: E402 - the path above makes the repo importable
    Applicant,
    Mechanism,
    ProgramSeats,
    TieRule,
    allocate,
    result_to_dict,
)

CHOICES = 5
INELIGIBLE = 0.1  # share of listed choices the applicant is not eligible for
SEAT_SHARE = 0.75  # seats in all programs together, per applicant
PRIORITY_SHARE = 0.3  # share of programs ranking by their own criteria (DA with priorities)


def popularity(programs: int) -> list[float]:
    """Zipf-like weights: the 10 most popular programs draw about a quarter of all choices."""
    return [1.0 / (rank + 1) ** 0.8 for rank in range(programs)]


def generate(size: int, programs: int, seed: int):
    """(applicants, programs, programs with own priorities) for one benchmark size."""
    rng = random.Random(seed)
    weights = popularity(programs)
    cumulative = list(itertools.accumulate(weights))
    total_weight = cumulative[-1]
    program_ids = list(range(1, programs + 1))

    applicants = []
    for aid in range(1, size + 1):
        choices: list[int] = []
        while len(choices) < CHOICES:
            pid = program_ids[bisect.bisect(cumulative, rng.random() * total_weight)]
            if pid not in choices:
                choices.append(pid)
        eligible = frozenset(pid for pid in choices if rng.random() >= INELIGIBLE)
        score = round(min(100.0, max(0.0, rng.gauss(70.0, 12.0))), 2)
        submitted = 1_767_225_600.0 + rng.randrange(30 * 86_400)
        applicants.append(Applicant(aid, score, tuple(choices), eligible, submitted))

    total_seats = SEAT_SHARE * size
    plain = []
    for pid, weight in zip(program_ids, weights, strict=True):
        # Half of the seats follow demand, half are spread evenly: popular places stay scarce.
        share = 0.5 * weight / total_weight + 0.5 / programs
        seats = 0 if rng.random() < 0.01 else max(1, round(total_seats * share))
        plain.append(ProgramSeats(pid, seats))

    listers: dict[int, list[int]] = {}
    for applicant in applicants:
        for pid in applicant.choices:
            listers.setdefault(pid, []).append(applicant.id)
    with_priority = [
        ProgramSeats(
            p.id,
            p.seats,
            {aid: round(rng.uniform(0, 10), 1) for aid in listers.get(p.id, [])},
        )
        if rng.random() < PRIORITY_SHARE
        else p
        for p in plain
    ]
    return applicants, plain, with_priority


def timed(repeat: int, *args, **kwargs):
    """Best wall and CPU times of `repeat` allocate() calls, and the last result.

    CPU time (this process only) is printed beside wall time because the benchmark machine is
    shared: other processes stretch wall time but not the work done.
    """
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        # Free the previous result and collect garbage first, so a run is not charged for
        # cleaning up after the one before it.
        result = None
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = allocate(*args, **kwargs)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size up to 20,000")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    print(
        f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start"
    )
    print(f"{args.programs} programs, {CHOICES} choices each, seed {args.seed}\n")
    cases = [
        ("serial dictatorship", Mechanism.SERIAL_DICTATORSHIP, False),
        ("deferred acceptance", Mechanism.DEFERRED_ACCEPTANCE, False),
        ("DA, 30% own priority", Mechanism.DEFERRED_ACCEPTANCE, True),
        ("lottery", Mechanism.LOTTERY, False),
    ]
    header = f"{'applicants':>10}  {'mechanism':<22}{'wall s':>8}{'cpu s':>8}{'us/app':>8}"
    print(header + f"{'placed':>8}{'1st':>7}{'tied':>7}{'JSON MB':>9}")
    times: dict[str, list[tuple[int, float]]] = {name: [] for name, _, _ in cases}
    for size in sizes:
        applicants, plain, with_priority = generate(size, args.programs, args.seed)
        counts = Counter(a.score for a in applicants)
        tied = sum(1 for a in applicants if counts[a.score] > 1)
        repeat = args.repeat if size <= 20_000 else 1
        for name, mechanism, priority in cases:
            seconds, cpu, result = timed(
                repeat,
                applicants,
                with_priority if priority else plain,
                mechanism=mechanism,
                seed=args.seed,
                tie_rule=TieRule.LOTTERY,
            )
            stats = result.stats
            stored = len(json.dumps(result_to_dict(result))) / 1e6
            result = None
            times[name].append((size, cpu))
            print(
                f"{size:>10,}  {name:<22}{seconds:>8.3f}{cpu:>8.3f}{cpu / size * 1e6:>8.1f}"
                f"{stats.placed / size:>8.0%}{stats.first_choice_rate:>7.0%}"
                f"{tied / size:>7.0%}{stored:>9.1f}"
            )
    print(f"\nLoad average {os.getloadavg()[0]:.1f} at the end.")
    if len(sizes) > 1:
        print("Growth in CPU time (time ratio / size ratio; 1.0 = linear):")
        for name, points in times.items():
            steps = [
                f"{a:,}->{b:,}: x{tb / ta:.1f} time for x{b / a:.0f} size ({tb / ta / (b / a):.2f})"
                for (a, ta), (b, tb) in itertools.pairwise(points)
            ]
            print(f"  {name:<22}" + "; ".join(steps))


if __name__ == "__main__":
    main()
