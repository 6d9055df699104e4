"""Time the radio coverage (radius + line of sight over the DEM) of the telecom indicators.

Usage::

    .venv/bin/python bench/los_bench.py [DATA.gpkg] [--code CHECKOUT] [--repeat N]

Prints, for the 4G site set (4G and 5G sites) and for the 5G one, the wall and CPU seconds
(best of ``--repeat``) of :func:`geo.analysis.indicators.radio_coverage.coverage` for the admin
village seats and for every natural village, the number of receivers covered, and the 4G
county figure. ``--code`` imports ``geo`` from another checkout (e.g. ``/work/main``) so the
same script measures the code before a change. The DEM surface and the reprojected layers are
prepared before the clock starts; only the coverage itself is timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "demo" / "fuliang_demo.gpkg"


def say(text: str) -> None:
    """One line of the report, flushed (the bench prints figures, it is not a test)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose geo/ is measured (default: this one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))

    import numpy as np
    import shapely

    import geo
    from geo.analysis.context import Context
    from geo.analysis.indicators.radio_coverage import DEFAULT_RECEIVER_HEIGHT_M, coverage, dem_surface
    from geo.analysis.indicators.telecom import _sites
    from geo.core.store import read_dataset

    say(f"code: {Path(geo.__file__).resolve().parent.parent}")
    ctx = Context(read_dataset(args.data))
    surface = dem_surface(ctx)
    say(
        f"data: {args.data.name}, DEM cell {surface.cell_size:.1f} m, {surface.values.shape[0]}×{surface.values.shape[1]}"
    )
    villages = ctx.villages.reset_index(drop=True)
    seats = shapely.get_coordinates(
        ctx.village_seats.reindex(villages["village_code"].astype("string").to_numpy()).to_numpy()
    )
    natural = shapely.get_coordinates(ctx.metric("natural_villages").geometry.to_numpy())
    total_wall = total_cpu = 0.0
    for label, techs in (("4G (4G+5G sites)", ("4G", "5G")), ("5G", ("5G",))):
        sites = _sites(ctx, techs)
        for what, xy in (("admin village seats", seats), ("natural villages", natural)):
            best = (np.inf, np.inf)
            for _ in range(args.repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                cov = coverage(xy, DEFAULT_RECEIVER_HEIGHT_M, sites.xy, sites.height, sites.radius, surface)
                best = min(best, (time.perf_counter() - wall, time.process_time() - cpu))
            total_wall += best[0]
            total_cpu += best[1]
            say(
                f"  {best[0]:7.3f} s  {best[1]:7.3f} s cpu  {label:17s} {what:20s} "
                f"{int(cov.covered.sum()):5d} / {len(xy)} covered, {int(cov.blocked.sum())} blocked by terrain"
            )
    say(f"  {total_wall:7.3f} s  {total_cpu:7.3f} s cpu  all four")


if __name__ == "__main__":
    main()
