"""Turn road edges between grid cells into LineString segments that meet at junctions.

A segment runs between two break nodes: junctions and dead ends (degree ≠ 2) and nodes where
the attributes change. Segments therefore share their end points exactly, so the network's
topology can be rebuilt from end points alone (connected components, routing).
"""

from __future__ import annotations

import numpy as np
import shapely

from data.demo_gen.grid import Grid


def _break_nodes(size: int, a: np.ndarray, b: np.ndarray, attr: np.ndarray) -> np.ndarray:
    nodes = np.concatenate([a, b])
    degree = np.bincount(nodes, minlength=size)
    low = np.full(size, np.iinfo(np.int64).max)
    high = np.full(size, -1)
    np.minimum.at(low, nodes, np.concatenate([attr, attr]))
    np.maximum.at(high, nodes, np.concatenate([attr, attr]))
    return (degree > 0) & ((degree != 2) | (low != high))


def chains(size: int, a: np.ndarray, b: np.ndarray, attr: np.ndarray) -> list[tuple[list[int], int]]:
    """Node sequences between break nodes, each with its attribute id."""
    is_break = _break_nodes(size, a, b, attr)
    nodes = np.concatenate([a, b])
    edge_of = np.concatenate([np.arange(len(a)), np.arange(len(a))])
    order = np.argsort(nodes, kind="stable")
    sorted_nodes, sorted_edges = nodes[order], edge_of[order]
    used = np.zeros(len(a), dtype=bool)

    def incident(node: int) -> np.ndarray:
        lo, hi = np.searchsorted(sorted_nodes, [node, node + 1])
        return sorted_edges[lo:hi]

    def walk(start: int, edge: int) -> list[int]:
        sequence, current = [start], start
        while True:
            used[edge] = True
            current = int(b[edge] if a[edge] == current else a[edge])
            sequence.append(current)
            if is_break[current]:
                return sequence
            following = [e for e in incident(current) if e != edge and not used[e]]
            if not following:  # back at the start of a closed loop
                return sequence
            edge = int(following[0])

    result: list[tuple[list[int], int]] = []
    starts = [*np.flatnonzero(is_break).tolist()]
    for start in starts:
        for edge in incident(start):
            if not used[edge]:
                result.append((walk(start, int(edge)), int(attr[edge])))
    for edge in np.flatnonzero(~used):  # loops with no junction at all
        if not used[edge]:
            result.append((walk(int(a[edge]), int(edge)), int(attr[edge])))
    split: list[tuple[list[int], int]] = []
    for sequence, attribute in result:
        if sequence[0] == sequence[-1]:  # a closed loop: cut it in two at its middle node
            middle = len(sequence) // 2
            split += [(sequence[: middle + 1], attribute), (sequence[middle:], attribute)]
        else:
            split.append((sequence, attribute))
    return split


def edges_to_lines(grid: Grid, a: np.ndarray, b: np.ndarray, attr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LineStrings (grid CRS, lightly simplified, end points kept) and their attribute ids."""
    found = chains(grid.size, a, b, attr)
    sequences = [np.asarray(s) for s, _ in found]
    x, y = grid.flat_xy(np.concatenate(sequences))
    index = np.repeat(np.arange(len(sequences)), [len(s) for s in sequences])
    lines = shapely.linestrings(x, y, indices=index)
    lines = shapely.simplify(lines, 0.5 * grid.cell, preserve_topology=False)
    return lines, np.array([attribute for _, attribute in found])
