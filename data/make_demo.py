"""Make the demo county: ``python -m data.make_demo [--out PATH] [--scale S] [--seed N]``.

Writes ``data/demo/fuliang_demo.gpkg`` (浮梁县: real boundary, townships, villages and codes;
synthetic terrain and infrastructure with realistic gaps), validated against the layer
contract by ``layers.registry.save_dataset``. The same seed and scale give the same bytes:
GeoPackage timestamps are pinned with GDAL's ``OGR_CURRENT_DATE`` and no date depends on the
clock. The file carries its "data as of" date (``config.REFERENCE_DATE``, the day its
inspections are counted from), so reports on it do not change from one day to the next.
``--scale`` below 1 coarsens the grid and thins the features, for fast tests (0.15 at least).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyogrio
import rasterio

from data.demo_gen import config
from data.demo_gen.build import build_demo
from data.demo_gen.summary import summary_lines
from geo.core.store import Dataset
from layers.registry import save_dataset


@contextmanager
def pinned_gdal_clock() -> Iterator[None]:
    """Make GDAL stamp GeoPackages with the fixed reference date, for rasterio and pyogrio
    alike (each wheel carries its own GDAL, so both are told)."""
    option = {"OGR_CURRENT_DATE": config.GDAL_TIMESTAMP}
    pyogrio.set_gdal_config_options(option)
    try:
        with rasterio.Env(**option):
            yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def write_demo(dataset: Dataset, out: Path) -> Path:
    """Validate and write ``dataset`` to ``out`` reproducibly, replacing it atomically.

    The file is first saved into an empty temporary folder beside ``out`` (so the store keeps
    no ``.versions`` copy of a generated file) and then renamed over ``out``.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".make_demo.") as folder, pinned_gdal_clock():
        tmp = Path(folder) / out.name
        save_dataset(tmp, dataset)
        tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m data.make_demo", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=config.DEFAULT_OUT, help=f"output GeoPackage (default {config.DEFAULT_OUT})"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = 100 m cells and ~2,000 natural villages; 0.25 = 400 m, ~500"
    )
    parser.add_argument("--seed", type=int, default=config.SEED)
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    dataset = build_demo(seed=args.seed, scale=args.scale)
    path = write_demo(dataset, args.out)
    if not args.quiet:
        lines = [
            f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f} s",
            *summary_lines(dataset),
        ]
        sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
