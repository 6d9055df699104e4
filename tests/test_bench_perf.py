"""The province-benchmark speed-ups give the same answers as the plain methods they replace.

* Routes from a point's *own* seat (``geo.analysis.network.reach._own_seat_routes``): private ok components
  are searched on the graph without the seat's shared components. Checked against the same
  function with every part searched on the whole graph (``CUT_SHARED_COMPONENTS = False``,
  identical answers) and against the plain definition — one Dijkstra from all of the seat's
  sources — (same metres), on random grids with many small ok islands and several seats, so
  that many points are nearer another seat's network ("foreign"), some seats are off the ok
  network (joined and linked), and every kind of route end (near, far, bridge) occurs. Every
  route is drawn as exactly its work and touches the point where it starts.
* ``WeightedGraph.without_nodes`` drops exactly the entries that touch the nodes.
* ``member`` (hash membership for object arrays) answers like ``np.isin``.
* gaps.xlsx continues a bureau's gaps on further sheets past Excel's row limit.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from geo.analysis.context import Context, member
from geo.analysis.gap_rows import GAP_COLUMNS, make_gaps
from geo.analysis.gaps import assemble_gaps
from geo.analysis.network import reach as reach_module
from geo.analysis.network.attach import Attachment, attach_within
from geo.analysis.network.ends import route_ends
from geo.analysis.network.graph import WeightedGraph, build_graph
from geo.analysis.network.reach import reach_through
from geo.analysis.network.routes import build_routes
from geo.analysis.network.sources import seat_sources
from geo.analysis.result import IndicatorResult
from geo.analysis.rollup import empty_units
from geo.io.gap_workbook import gaps_xlsx_bytes
from tests import handdrawn as hd
from tests.plans import load_test_targets

# --- own-seat routes -----------------------------------------------------------------------------


def _grid(
    rng: np.random.Generator, size: int, step: float, p_ok: float, p_missing: float
) -> tuple[np.ndarray, np.ndarray]:
    """A size × size street grid (segments of ``step`` m), some segments missing, ok at random."""
    segments = []
    for i in range(size):
        for j in range(size):
            x, y = i * step, j * step
            if i + 1 < size:
                segments.append([(x, y), (x + step, y)])
            if j + 1 < size:
                segments.append([(x, y), (x, y + step)])
    keep = rng.uniform(size=len(segments)) >= p_missing
    lines = np.array([shapely.LineString(s) for s, k in zip(segments, keep, strict=True) if k], dtype=object)
    return lines, rng.uniform(size=len(lines)) < p_ok


def _reference(graph, ok, seat_xy, point_xy, point_seat, access, seat_distance, max_route_m):
    """need_m / new_road_m of every not-reached point by the plain definition: the cheapest
    route from all of its own seat's sources, one whole-graph Dijkstra per seat."""
    ok = np.asarray(ok, dtype=bool)
    base = reach_through(
        graph, ok, seat_xy, point_xy, point_seat, access_distance=access, seat_distance=seat_distance, routes=False
    )
    n = len(point_xy)
    need, new = np.full(n, np.nan), np.zeros(n)
    todo = np.flatnonzero(~base.reached & (point_seat >= 0))
    seat_att = attach_within(graph, seat_xy, seat_distance, edge_mask=ok)
    src = seat_sources(
        graph, ok, seat_xy, base.seat_ok, seat_att, np.unique(point_seat[todo]), seat_distance, max_route_m
    )
    g, rate, weighted = src.graph, src.rate, src.weighted
    near_all = attach_within(g, point_xy[todo], access)
    near_all = Attachment(todo[near_all.point], near_all.edge, near_all.along, near_all.offset)
    links = reach_module._links(src, near_all, point_xy, point_seat, todo)
    for seat in np.unique(point_seat[todo]):
        users = todo[point_seat[todo] == seat]
        dist, pred, _ = weighted.dijkstra(src.nodes(np.array([seat])), limit=max_route_m)
        ends = route_ends(g, users, point_xy, near_all, links, dist, rate, access, src.free_for(point_seat))
        if len(ends):
            built = build_routes(
                g, weighted, pred, ends, src.ok, point_xy, seat=src.link[point_seat[ends.point]], planned=src.planned
            )
            need[ends.point] = built.need_m
            new[ends.point] = built.new_m
    return need, new


def _both(monkeypatch: pytest.MonkeyPatch, *args, **kwargs):
    """reach_through with the cut searches and with every part searched on the whole graph."""
    fast = reach_through(*args, **kwargs)
    monkeypatch.setattr(reach_module, "CUT_SHARED_COMPONENTS", False)
    plain = reach_through(*args, **kwargs)
    monkeypatch.setattr(reach_module, "CUT_SHARED_COMPONENTS", True)
    return fast, plain


def _drawn_where_the_work_is(reach) -> None:
    """Every route is drawn as exactly its work (length = metres to upgrade + new road) and
    touches the point where that work starts."""
    has = np.flatnonzero(np.not_equal(reach.geometry, None))
    assert len(has)
    lengths = shapely.length(reach.geometry[has].astype(object))
    np.testing.assert_allclose(lengths, reach.need_m[has] + reach.new_road_m[has], rtol=1e-9, atol=1e-6)
    gaps = shapely.distance(reach.geometry[has].astype(object), reach.access[has].astype(object))
    assert (gaps < 1e-6).all()


def _same(fast, plain) -> None:
    for name in ("reached", "ok_within", "nearest_ok_m", "need_m", "new_road_m", "seat_ok"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(plain, name), err_msg=name)
    assert [g is None for g in fast.geometry] == [g is None for g in plain.geometry]
    routes = [(a, b) for a, b in zip(fast.geometry, plain.geometry, strict=True) if a is not None]
    assert all(shapely.equals_exact(a, b, 1e-9) for a, b in routes)


@pytest.mark.parametrize("seed", range(6))
def test_own_seat_routes_match_one_search_per_seat(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    lines, ok_rows = _grid(rng, size=14, step=100.0, p_ok=0.45, p_missing=0.15)
    graph = build_graph(lines)
    ok = graph.edge_mask(ok_rows)
    seat_xy = rng.uniform(0, 1300, (5, 2))
    point_xy = rng.uniform(-200, 1500, (160, 2))  # some beyond the grid: new road + fallback edges
    point_seat = rng.integers(-1, 5, len(point_xy))
    access, seat_distance, limit = 60.0, 120.0, 900.0
    reach, plain = _both(
        monkeypatch,
        graph,
        ok,
        seat_xy,
        point_xy,
        point_seat,
        access_distance=access,
        seat_distance=seat_distance,
        max_route_m=limit,
    )
    _same(reach, plain)
    _drawn_where_the_work_is(reach)
    need, new = _reference(graph, ok, seat_xy, point_xy, point_seat, access, seat_distance, limit)
    todo = ~reach.reached & (point_seat >= 0)
    assert todo.sum() > 20  # the picture really has work for the route search
    # The plain definition (one search from all of the seat's sources) may break an exact tie
    # of cost between two parts differently, never the total metres.
    np.testing.assert_allclose(
        reach.need_m[todo] + reach.new_road_m[todo], need[todo] + new[todo], rtol=1e-9, atol=1e-3
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.2, 0.8), st.floats(150.0, 2000.0))
def test_own_seat_routes_match_the_plain_method_on_random_pictures(seed: int, p_ok: float, limit: float) -> None:
    rng = np.random.default_rng(seed)
    lines, ok_rows = _grid(rng, size=8, step=100.0, p_ok=p_ok, p_missing=0.2)
    graph = build_graph(lines)
    ok = graph.edge_mask(ok_rows)
    seat_xy = rng.uniform(0, 700, (4, 2))
    point_xy = rng.uniform(-100, 800, (40, 2))
    point_seat = rng.integers(0, 4, len(point_xy))
    with pytest.MonkeyPatch.context() as monkeypatch:
        reach, plain = _both(
            monkeypatch,
            graph,
            ok,
            seat_xy,
            point_xy,
            point_seat,
            access_distance=50.0,
            seat_distance=100.0,
            max_route_m=limit,
        )
    _same(reach, plain)
    if np.not_equal(reach.geometry, None).any():
        _drawn_where_the_work_is(reach)
    need, new = _reference(graph, ok, seat_xy, point_xy, point_seat, 50.0, 100.0, limit)
    todo = ~reach.reached
    np.testing.assert_allclose(
        reach.need_m[todo] + reach.new_road_m[todo], need[todo] + new[todo], rtol=1e-9, atol=1e-3
    )


def test_without_nodes_drops_exactly_the_entries_touching_them() -> None:
    # Path 0 – 1 – 2 – 3 plus the chord 0 – 3; dropping node 1 leaves 2 – 3 and 0 – 3.
    graph = WeightedGraph.build(
        4, np.array([0, 1, 2, 0]), np.array([1, 2, 3, 3]), np.array([1.0, 2.0, 3.0, 10.0]), np.arange(4)
    )
    cut = graph.without_nodes(np.array([False, True, False, False]))
    dense = cut.matrix.toarray()
    assert dense[0, 1] == dense[1, 0] == dense[1, 2] == 0
    assert dense[2, 3] == dense[3, 2] == 3.0
    assert dense[0, 3] == 10.0
    assert cut.lookup(np.array([3]), np.array([0])).tolist() == [3]
    dist, _, _ = cut.dijkstra(np.array([0]))
    assert dist.tolist() == [0.0, np.inf, 13.0, 10.0]


def test_member_answers_like_isin_with_missing_values() -> None:
    values = np.array(["360222100201", None, "360222100202", "x"], dtype=object)
    pool = np.array(["360222100202", None, "y"], dtype=object)
    assert member(values, pool).tolist() == np.isin(values, pool).tolist() == [False, True, True, False]
    assert member(values, np.array([], dtype=object)).tolist() == [False] * 4
    assert member(pd.Series(["a", pd.NA], dtype="string"), ["a"]).tolist() == [True, False]


# --- gaps.xlsx past the row limit ----------------------------------------------------------------


def test_xlsx_continues_a_bureau_on_further_sheets_past_the_row_limit() -> None:
    ctx = Context(hd.dataset(), as_of=date(2025, 7, 1))
    target = next(iter(load_test_targets().values()))
    n = 7
    rows = {
        "feature_id": [f"F{k}" for k in range(n)],
        "name": [f"名称{k}" for k in range(n)],
        "reason_zh": ["缺"] * n,
        "reason_en": ["gap"] * n,
        "value": np.linspace(0.0, 0.6, n),
        "population_affected": np.arange(n, dtype=float) * 100,
    }
    gaps = make_gaps(
        ctx,
        rows,
        None,
        layer="natural_villages",
        indicator_id=target.indicator,
        target_id=target.id,
        bureau="县水利局",
        target=1.0,
        deadline=2025,
        crs="EPSG:4490",
    )
    table = assemble_gaps([IndicatorResult(empty_units(), gaps)], as_of=date(2025, 7, 1))
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(table, max_rows=3)))
    assert book.sheetnames == ["汇总", "县水利局", "县水利局 (2)", "县水利局 (3)"]
    sizes = [book[name].max_row - 1 for name in book.sheetnames[1:]]
    assert sizes == [3, 3, 1]
    ids = [row[5] for name in book.sheetnames[1:] for row in book[name].iter_rows(min_row=2, values_only=True)]
    assert ids == table["feature_id"].tolist()  # every gap once, highest priority first
    notes = [row for row in book["汇总"].iter_rows(min_row=2, values_only=True) if row[0] == "注 note"]
    assert len(notes) == 1
    assert "县水利局 (3)" in notes[0][1]
    assert "超过 Excel 单表上限 3 行" in notes[0][1]
    whole = load_workbook(io.BytesIO(gaps_xlsx_bytes(table)))
    assert whole.sheetnames == ["汇总", "县水利局"]
    assert not [row for row in whole["汇总"].iter_rows(min_row=2, values_only=True) if row[0] == "注 note"]


def test_xlsx_text_is_escaped_and_numbers_and_missing_values_stay_typed() -> None:
    ctx = Context(hd.dataset(), as_of=date(2025, 7, 1))
    target = next(iter(load_test_targets().values()))
    rows = {
        "feature_id": ["A&B", "<tag>", None],
        "name": ["控制\x01字符", "  spaces  ", "引号\"'"],
        "reason_zh": ["缺"] * 3,
        "reason_en": ["gap"] * 3,
        "value": [0.5, np.nan, 0.123456789],
        "population_affected": [100.0, 0.0, np.nan],
    }
    gaps = make_gaps(
        ctx,
        rows,
        None,
        layer="natural_villages",
        indicator_id=target.indicator,
        target_id=target.id,
        bureau="县水利局 & <局>",
        target=1.0,
        deadline=2025,
        crs="EPSG:4490",
    )
    table = assemble_gaps([IndicatorResult(empty_units(), gaps)], as_of=date(2025, 7, 1))
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(table)))
    assert book.sheetnames == ["汇总", "县水利局 & <局>"]
    sheet = book["县水利局 & <局>"]
    header = [c.value for c in sheet[1]]
    got = {row[header.index("要素编号")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(got) == {"A&B", "<tag>", None}
    assert got["A&B"][header.index("名称")] == "控制字符"  # the control character XML forbids is dropped
    assert got["<tag>"][header.index("名称")] == "  spaces  "
    assert got[None][header.index("名称")] == "引号\"'"
    assert got["A&B"][header.index("现状值")] == 0.5
    assert got["<tag>"][header.index("现状值")] is None
    assert got[None][header.index("现状值")] == 0.123457  # rounded to 6 decimals
    assert got["A&B"][header.index("完成时限")] == 2025
    assert sheet["A1"].font.b


def test_xlsx_never_turns_text_into_formulas_numbers_or_links() -> None:
    table = pd.DataFrame({c: [None] for c in GAP_COLUMNS})
    table = pd.concat([table] * 3, ignore_index=True)
    table["feature_id"] = ["=1+1", "0360222", "https://example.com"]
    table["name"] = ['=HYPERLINK("http://x","点我")', "1e5", "@SUM(A1)"]
    table["bureau"] = "县水利局"
    table["priority"] = [3.0, 2.0, 1.0]
    book = load_workbook(io.BytesIO(gaps_xlsx_bytes(table)))
    sheet = book["县水利局"]
    header = [c.value for c in sheet[1]]
    cells = [(row[header.index("要素编号")], row[header.index("名称")]) for row in sheet.iter_rows(min_row=2)]
    assert [(a.value, b.value) for a, b in cells] == [
        ("=1+1", '=HYPERLINK("http://x","点我")'),
        ("0360222", "1e5"),
        ("https://example.com", "@SUM(A1)"),
    ]
    assert all(a.data_type == "s" and b.data_type == "s" for a, b in cells)  # strings, not formulas or numbers
    assert not sheet._hyperlinks
