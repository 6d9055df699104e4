"""The road graph: nodes, snapping, T-junctions, components, attachment, routes and facility distances.

Small pictures in plain metres (the functions work in any metric CRS); answers in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.analysis.network import reach as reach_module
from geo.analysis.network.attach import attach_nearest, attach_within
from geo.analysis.network.facility import nearest_facility
from geo.analysis.network.graph import build_graph
from geo.analysis.network.lines import substrings
from geo.analysis.network.reach import reach_through
from geo.analysis.network.routes import trace_paths


def lines(*coords: list[tuple[float, float]]) -> np.ndarray:
    return np.array([shapely.LineString(c) for c in coords], dtype=object)


def test_ends_rounded_to_half_a_metre_and_snapped_within_a_metre_share_a_node() -> None:
    # (100, 0) and (100.2, 0.1) round to the same 0.5 m cell; (200.6, 0) is 0.6 m from (200, 0):
    # not the same cell, but within the 1 m snap tolerance. (400, 0) vs (401.5, 0): 1.5 m apart,
    # too far, so the last segment stays separate.
    g = build_graph(
        lines(
            [(0, 0), (100, 0)],
            [(100.2, 0.1), (200, 0)],
            [(200.6, 0), (300, 0)],
            [(401.5, 0), (500, 0)],
            [(300, 0), (400, 0)],
        )
    )
    assert g.n_edges == 5
    labels = g.components()
    assert len(set(labels[g.edge_u[:3]]) | set(labels[g.edge_v[:3]]) | {labels[g.edge_u[4]]}) == 1
    assert labels[g.edge_u[3]] != labels[g.edge_u[0]]
    # Nodes: 0 | 100 = 100.2 | 200 = 200.6 | 300 | 400 | 401.5 | 500 → 7.
    assert g.n_nodes == 7


def test_a_dangling_end_on_the_interior_of_another_segment_splits_it() -> None:
    # A 1000 m segment and a spur starting 0.4 m off its middle: the long one is split at 500 m,
    # giving 3 edges (500 + 500 + 300) and one component.
    g = build_graph(lines([(0, 0), (1000, 0)], [(500, 0.4), (500, 300)]))
    assert g.n_edges == 3
    assert sorted(np.round(g.edge_length, 3)) == [299.6, 500.0, 500.0]
    assert sorted(g.edge_row.tolist()) == [0, 0, 1]
    assert len(np.unique(g.components()[np.r_[g.edge_u, g.edge_v]])) == 1
    # Crossing without a dangling end (an overpass) is not a junction.
    g2 = build_graph(lines([(0, 0), (1000, 0)], [(500, -300), (500, 300)]))
    assert g2.n_edges == 2
    assert len(np.unique(g2.components()[np.r_[g2.edge_u, g2.edge_v]])) == 2


def test_multilinestrings_give_one_edge_per_part_and_empty_rows_are_skipped() -> None:
    geoms = np.array(
        [shapely.MultiLineString([[(0, 0), (10, 0)], [(20, 0), (30, 0)]]), shapely.LineString(), None], dtype=object
    )
    g = build_graph(geoms)
    assert g.n_edges == 2
    assert g.edge_row.tolist() == [0, 0]
    assert g.n_rows == 3


def test_substrings_follow_the_vertices() -> None:
    line = shapely.LineString([(0, 0), (100, 0), (100, 100)])
    out = substrings(np.array([line, line, line]), np.array([50.0, 0.0, 120.0]), np.array([150.0, 100.0, 200.0]))
    assert shapely.equals(out[0], shapely.LineString([(50, 0), (100, 0), (100, 50)]))
    assert shapely.equals(out[1], shapely.LineString([(0, 0), (100, 0)]))
    assert shapely.equals(out[2], shapely.LineString([(100, 20), (100, 100)]))


def test_attach_nearest_and_within() -> None:
    g = build_graph(lines([(0, 0), (1000, 0)], [(0, 500), (1000, 500)]))
    near = attach_nearest(g, np.array([[300, 100], [700, 450]]))
    assert near.point.tolist() == [0, 1]
    assert np.allclose(near.offset, [100, 50])
    assert np.allclose(near.along, [300, 700])
    within = attach_within(g, np.array([[300, 250]]), 260.0)
    assert within.point.tolist() == [0, 0]  # 250 m from both roads
    assert attach_nearest(g, np.array([[300, 100]]), max_distance=50).point.size == 0


def test_trace_paths_walks_all_routes_back_to_their_source() -> None:
    pred = np.array([-9999, 0, 1, 2, -9999, 4])  # 3 → 2 → 1 → 0 and 5 → 4
    route, node = trace_paths(pred, np.array([3, 5, 0]))
    assert node[route == 0].tolist() == [3, 2, 1, 0]
    assert node[route == 1].tolist() == [5, 4]
    assert node[route == 2].tolist() == [0]


# --- reach_through: the hardened-road rule on a small network -----------------------------------
#
#   seat S (0,0) ━━━━ A hardened ━━━━ (1000,0) ──── B earth ──── (2000,0) ━━━ C hardened ━━━ (3000,0)
#                                                                                 island
#   village V1 (500, 100): 100 m from A (connected) → reached
#   village V2 (2500, 100): 100 m from C, an island → not reached; harden B: 1000 m
#   village V3 (1500, 250): 250 m from B (earth), no hardened within 300 m; route: harden B from
#              (1000,0) to its projection (1500,0): 500 m
#   village V4 (-2000, 0): 2000 m from the network's end at S; new road 2000 m, nothing to harden
#   Every route is drawn up to its village: its work starts (``access``) where V2's island meets B
#   (2000, 0), at V3's projection (1500, 0), and at V4 itself (the new road reaches it).

NET = lines([(0, 0), (1000, 0)], [(1000, 0), (2000, 0)], [(2000, 0), (3000, 0)])
HARD = np.array([True, False, True])
VILLAGES = np.array([[500, 100], [2500, 100], [1500, 250], [-2000, 0]])


def test_reach_through_hardened_island_and_routes() -> None:
    g = build_graph(NET)
    r = reach_through(
        g, g.edge_mask(HARD), np.array([[0.0, 0.0]]), VILLAGES, np.zeros(4, dtype=int), access_distance=300
    )
    assert r.reached.tolist() == [True, False, False, False]
    assert r.ok_within.tolist() == [True, True, False, False]
    assert np.allclose(r.need_m, [0, 1000, 500, 0])
    assert np.allclose(r.new_road_m, [0, 0, 0, 2000])
    assert np.allclose(r.nearest_ok_m, [100, 100, np.hypot(500, 250), 2000])  # V3: to the end of A at (1000, 0)
    assert r.geometry[0] is None
    assert shapely.equals(r.geometry[1], shapely.MultiLineString([[(1000, 0), (2000, 0)]]))
    assert shapely.equals(r.geometry[2], shapely.MultiLineString([[(1000, 0), (1500, 0)]]))
    assert shapely.equals(r.geometry[3], shapely.MultiLineString([[(-2000, 0), (0, 0)]]))
    assert r.access[0] is None
    assert [tuple(shapely.get_coordinates(p)[0]) for p in r.access[1:]] == [(2000, 0), (1500, 0), (-2000, 0)]


def test_a_village_is_judged_against_its_own_seat() -> None:
    # Two seats: S0 on the left network, S1 beside the island C. V2 (seat 0) is not reached
    # although C connects to S1; its route is still from its own seat: harden B (1000 m), not 0.
    g = build_graph(NET)
    seats = np.array([[0.0, 0.0], [3000.0, 50.0]])
    r = reach_through(g, g.edge_mask(HARD), seats, VILLAGES[:2], np.array([0, 0]), access_distance=300)
    assert r.reached.tolist() == [True, False]
    assert np.allclose(r.need_m, [0, 1000])
    r1 = reach_through(g, g.edge_mask(HARD), seats, VILLAGES[:2], np.array([0, 1]), access_distance=300)
    assert r1.reached.tolist() == [True, True]


# Seats A (0, 0), B (3000, 0), C (0, 2000). The hardened road S runs past A and C (shared by
# them), PA is hardened and near A only; each picture adds B's own hardened road near the village,
# so that the first search (from every seat) ends on B's network and the village, judged against
# its own seat A, is searched again from A's components S and PA.
SEATS_ABC = np.array([[0.0, 0.0], [3000.0, 0.0], [0.0, 2000.0]])
ROAD_S = [(0, 50), (0, 1950)]


@pytest.mark.parametrize("cut", [True, False])
def test_an_own_seat_route_to_a_nearby_road_beats_a_free_road_far_away(
    cut: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PA (60, 0) → (400, 0) → (400, 880) then the 120 m earth road N up to (400, 1000), where
    # B's road PB ends. V (420, 1020) is 28 m from N and 20 m from PB (access 50 m), 420 m
    # from S. From PA: pave all of N (120 m ≤ the 150 m limit). From S no nearby road is
    # reachable, only S itself, free but 420 m away: a plan that builds 420 m of new road
    # instead of paving the 120 m that lead to the village is not the cheapest route.
    monkeypatch.setattr(reach_module, "CUT_SHARED_COMPONENTS", cut)
    net = lines(
        ROAD_S, [(60, 0), (400, 0), (400, 880)], [(400, 880), (400, 1000)], [(2940, 0), (2940, 1000), (400, 1000)]
    )
    g = build_graph(net)
    ok = g.edge_mask(np.array([True, True, False, True]))
    r = reach_through(
        g,
        ok,
        SEATS_ABC,
        np.array([[420.0, 1020.0]]),
        np.array([0]),
        access_distance=50,
        seat_distance=100,
        max_route_m=150,
    )
    assert r.ok_within.tolist() == [True]
    assert r.reached.tolist() == [False]
    assert np.allclose(r.need_m, [120])
    assert np.allclose(r.new_road_m, [0])
    assert shapely.equals(r.geometry[0], shapely.MultiLineString([[(400, 880), (400, 1000)]]))


@pytest.mark.parametrize("cut", [True, False])
def test_an_own_seat_route_without_a_nearby_road_ends_on_the_nearest_reachable_road(
    cut: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PA (60, 0) → (1000, 0) then the 100 m earth road M to (1100, 0); B's road PB ends at
    # (1300, 300). V (1100, 300) has no road within 50 m. Every road A reaches is a candidate,
    # costed with the new road to it: M's end, 300 m away, costs 100 (pave M) + 300 = 400; PA's
    # end (1000, 0), √(100² + 300²) = 316.2 m away, costs 316.2 of new road and nothing to pave;
    # S, free but 1100 m away, 1100. So: a 316 m new road from PA's end (not PB, 200 m away,
    # which only B reaches).
    monkeypatch.setattr(reach_module, "CUT_SHARED_COMPONENTS", cut)
    net = lines(ROAD_S, [(60, 0), (1000, 0)], [(1000, 0), (1100, 0)], [(2940, 0), (2940, 300), (1300, 300)])
    g = build_graph(net)
    ok = g.edge_mask(np.array([True, True, False, True]))
    r = reach_through(
        g,
        ok,
        SEATS_ABC,
        np.array([[1100.0, 300.0]]),
        np.array([0]),
        access_distance=50,
        seat_distance=100,
        max_route_m=150,
    )
    assert r.ok_within.tolist() == [False]
    assert r.reached.tolist() == [False]
    assert np.allclose(r.need_m, [0])
    assert np.allclose(r.new_road_m, [np.hypot(100, 300)])
    assert shapely.equals(r.geometry[0], shapely.MultiLineString([[(1100, 300), (1000, 0)]]))


def test_a_seat_far_from_every_road_joins_its_nearest_road_by_new_road() -> None:
    # The seat (0, 5000) is 5000 m from the network, nearest at S (0, 0): nothing is reached, but
    # every village gets the route it would have from S plus the seat's 5000 m of new road
    # (drawn from S to the seat): V1 0 + 5000, V2 1000 + 5000, V3 500 + 5000, V4 0 + 7000.
    g = build_graph(NET)
    seat = np.array([[0.0, 5000.0]])
    r = reach_through(g, g.edge_mask(HARD), seat, VILLAGES, np.zeros(4, dtype=int), access_distance=300)
    assert not r.reached.any()
    assert not r.seat_ok[0]
    assert np.allclose(r.need_m, [0, 1000, 500, 0])
    assert np.allclose(r.new_road_m, [5000, 5000, 5000, 7000])
    assert shapely.equals(r.geometry[0], shapely.MultiLineString([[(0, 0), (0, 5000)]]))
    assert shapely.equals(r.geometry[1], shapely.MultiLineString([[(1000, 0), (2000, 0)], [(0, 0), (0, 5000)]]))


def test_a_seat_within_the_seat_distance_of_an_earth_road_starts_there() -> None:
    # The seat (1500, 400) has no hardened road within 500 m, but earth road B passes 400 m
    # away: it joins B at (1500, 0) (B split there) with no new road. V2 (2500, 100) beside the
    # island C: harden B from (1500, 0) to (2000, 0), 500 m (not 1000 m from A's end).
    g = build_graph(NET)
    r = reach_through(
        g,
        g.edge_mask(HARD),
        np.array([[1500.0, 400.0]]),
        VILLAGES[1:2],
        np.array([0]),
        access_distance=300,
        seat_distance=500,
    )
    assert not r.seat_ok[0]
    assert np.allclose(r.need_m, [500])
    assert np.allclose(r.new_road_m, [0])
    assert shapely.equals(r.geometry[0], shapely.MultiLineString([[(1500, 0), (2000, 0)]]))


def test_another_seat_joining_the_network_leaves_a_seat_on_its_ok_road_alone() -> None:
    # Seat 0 (3000, 0) is on the hardened C; seat 1 (1500, 250) has no hardened road within
    # 300 m (A's end is 559 m away) and joins the earth road B at (1500, 0), splitting it. V3
    # (1500, 250) of seat 0 still routes from C: harden B from (2000, 0) back to (1500, 0),
    # 500 m, not 0 m from seat 1's join point; V1 (500, 100) of seat 1 gets seat 1's link to the
    # hardened network of the seats: harden B from (1500, 0) to (2000, 0) (500 m), then its own
    # route from that network back west along B and A: B's other 500 m, A free.
    g = build_graph(NET)
    seats = np.array([[3000.0, 0.0], [1500.0, 250.0]])
    r = reach_through(
        g, g.edge_mask(HARD), seats, VILLAGES[[2, 0]], np.array([0, 1]), access_distance=300, seat_distance=300
    )
    assert r.seat_ok.tolist() == [True, False]
    assert np.allclose(r.need_m, [500, 1000])
    assert np.allclose(r.new_road_m, [0, 0])


@settings(max_examples=40)
@given(st.permutations(range(4)), st.permutations(range(3)))
def test_reach_does_not_depend_on_row_order(village_order: list[int], road_order: list[int]) -> None:
    g = build_graph(NET[road_order])
    r = reach_through(
        g,
        g.edge_mask(HARD[road_order]),
        np.array([[0.0, 0.0]]),
        VILLAGES[village_order],
        np.zeros(4, dtype=int),
        access_distance=300,
    )
    inverse = np.argsort(village_order)
    assert r.reached[inverse].tolist() == [True, False, False, False]
    assert np.allclose(r.need_m[inverse], [0, 1000, 500, 0])


@settings(max_examples=40)
@given(st.floats(-3000, 6000), st.floats(-3000, 3000), st.floats(-3000, 6000), st.floats(-3000, 3000))
def test_an_extra_unhardened_segment_never_reaches_more_villages(x0: float, y0: float, x1: float, y1: float) -> None:
    g = build_graph(NET)
    base = reach_through(
        g, g.edge_mask(HARD), np.array([[0.0, 0.0]]), VILLAGES, np.zeros(4, dtype=int), access_distance=300
    )
    extra = np.append(NET, shapely.LineString([(x0, y0), (x1, y1)]))
    g2 = build_graph(extra)
    more = reach_through(
        g2,
        g2.edge_mask(np.append(HARD, False)),
        np.array([[0.0, 0.0]]),
        VILLAGES,
        np.zeros(4, dtype=int),
        access_distance=300,
    )
    assert more.reached.sum() <= base.reached.sum()
    # A new track can only make the cheapest route cheaper or equal, never dearer.
    finite = np.isfinite(base.need_m) & (base.new_road_m == 0)
    assert np.all(more.need_m[finite] + more.new_road_m[finite] <= base.need_m[finite] + 1e-6)


# --- distances to facilities ----------------------------------------------------------------------


def test_nearest_facility_along_the_network() -> None:
    #  (0,0) ──── 1000 ──── (1000,0) ──── 1000 ──── (2000,0)
    #                          │ 500
    #                       (1000,-500)
    g = build_graph(lines([(0, 0), (1000, 0)], [(1000, 0), (2000, 0)], [(1000, 0), (1000, -500)]))
    facilities = np.array([[1000, -600], [1900, 10]])  # a school 100 m beyond the spur's end; a clinic by the road
    points = np.array([[100, 50], [1800, -30], [1010, -400]])
    d = nearest_facility(g, points, facilities)
    # P0: 50 + 900 + 500 + 100 = 1550 to the school; 50 + 1800 + 10 = 1860 to the clinic → school.
    # P1: same edge as the clinic: |1800 − 1900| + 30 + 10 = 140.
    # P2: on the spur 400 m below the junction: |400 − 500| + 10 + 100 = 210 to the school.
    assert d.facility.tolist() == [0, 1, 0]
    assert np.allclose(d.distance, [1550, 140, 210])


def test_nearest_facility_unreachable_is_infinite() -> None:
    g = build_graph(lines([(0, 0), (100, 0)], [(1000, 0), (1100, 0)]))
    d = nearest_facility(g, np.array([[0, 10]]), np.array([[1100, 10]]))
    assert d.distance[0] == np.inf
    assert d.facility[0] == -1


@pytest.mark.parametrize("n", [0, 1])
def test_empty_inputs(n: int) -> None:
    g = build_graph(lines([(0, 0), (100, 0)])[:n])
    r = reach_through(
        g,
        np.ones(g.n_edges, dtype=bool),
        np.array([[0.0, 0.0]]),
        np.array([[50.0, 10.0]]),
        np.array([0]),
        access_distance=300,
    )
    assert r.reached.tolist() == [n == 1]
    assert nearest_facility(g, np.empty((0, 2)), np.array([[0, 0]])).distance.size == 0
