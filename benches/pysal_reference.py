#!/usr/bin/env python3
"""Checks maillage's floating catchment against PySAL `access` on the same instance, and times
PySAL. Not run by CI (it needs a Python venv with `access`):

    python3 -m venv /work/venv-access && /work/venv-access/bin/pip install access
    MAILLAGE_CATCHMENT_DUMP=/tmp/catchment cargo bench --bench catchment
    /work/venv-access/bin/python benches/pysal_reference.py /tmp/catchment

The dump holds demand.csv (id, population), supply.csv (id, supply), pairs.csv (origin, dest,
cost in km: every commune-site pair within 30 km) and results.csv (maillage's 2SFCA, E2SFCA and
gravity scores computed on those very costs).

PySAL is configured to match maillage's formulas:
- 2SFCA: `two_stage_fca(max_cost=30)` (pairs with cost <= 30 count, weight 1);
- E2SFCA: `enhanced_two_stage_fca(max_cost=30)`, whose default weight is
  `step_fn({10: 1, 20: 0.68, 30: 0.22})` (a cost on a bound takes the nearer zone's weight),
  applied in both steps like maillage;
- gravity: `two_stage_fca(max_cost=30, weight_fn=gravity(scale=1, alpha=-1, min_dist=1))`,
  i.e. max(d, 1 km)^-1 in both steps, like `CatchmentParams::gravity(30, 1, 1)`.
No normalisation on either side. PySAL leaves communes with no site in reach out of its result
(NaN after the join): they count as 0 here, maillage's value.
"""

import sys
import time

import numpy as np
import pandas as pd
from access import Access, weights

RTOL = 1e-9


def main(directory: str) -> int:
    demand = pd.read_csv(f"{directory}/demand.csv", dtype={"id": str})
    supply = pd.read_csv(f"{directory}/supply.csv", dtype={"id": str})
    pairs = pd.read_csv(f"{directory}/pairs.csv", dtype={"origin": str, "dest": str})
    ours = pd.read_csv(f"{directory}/results.csv", dtype={"id": str}).set_index("id")
    print(f"{len(demand)} communes, {len(supply)} sites, {len(pairs)} pairs")

    acc = Access(
        demand_df=demand,
        demand_index="id",
        demand_value="population",
        supply_df=supply,
        supply_index="id",
        supply_value="supply",
        cost_df=pairs,
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    acc.log.setLevel("WARNING")  # not the "Overwriting" notes of the timing reruns
    runs = {
        "2sfca": lambda: acc.two_stage_fca(name="2sfca", max_cost=30),
        "e2sfca": lambda: acc.enhanced_two_stage_fca(name="e2sfca", max_cost=30),
        "gravity": lambda: acc.two_stage_fca(
            name="gravity",
            max_cost=30,
            weight_fn=weights.gravity(scale=1, alpha=-1, min_dist=1),
        ),
    }
    failed = False
    for name, run in runs.items():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - start)
        theirs = result[f"{name}_supply"].reindex(ours.index)
        missing = int(theirs.isna().sum())
        theirs = theirs.fillna(0.0).to_numpy()
        mine = ours[name].to_numpy()
        scale = np.maximum(np.abs(theirs), np.abs(mine))
        rel = np.where(scale > 0, np.abs(theirs - mine) / np.where(scale > 0, scale, 1), 0.0)
        worst = int(np.argmax(rel))
        ok = rel.max() <= RTOL
        failed |= not ok
        print(
            f"{name}: PySAL best of 3 {min(times) * 1000:.0f} ms (runs: "
            + ", ".join(f"{t * 1000:.0f}" for t in times)
            + f" ms); {missing} communes without a site in reach (NaN in PySAL, 0 here); "
            f"max relative difference {rel.max():.3g} at {ours.index[worst]} "
            f"({float(mine[worst])!r} here, {float(theirs[worst])!r} PySAL); "
            f"{'OK' if ok else 'DIFFERENT'} at {RTOL:g}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/catchment"))
