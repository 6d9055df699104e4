"""The road network as a graph: nodes from segment ends, edges weighted by length.

Why a graph and not straight-line distance: the plans count a village as reached when a road
of the required kind *connects* it to the township seat (通硬化路, 通双车道), and a hardened
segment 50 m from a village that ends in a field (an island of cement) does not. So the
indicators ask graph questions: which nodes are connected through hardened segments to a seat
(connected components), and for a village that is not, what is the cheapest way to connect it
(multi-source Dijkstra where hardened segments are free and every other metre must be paved).

Everything is vectorized with numpy, Shapely 2 and ``scipy.sparse.csgraph`` (measured 76×
faster than networkx at province scale, see shared/research/perf-anchors.md). The modules:

* :mod:`~geo.analysis.network.graph`: the graph itself (nodes, snapping, T-junctions, edges)
  and the weighted CSR matrix that Dijkstra runs on;
* :mod:`~geo.analysis.network.attach`: attaching points (villages, seats, facilities) to edges
  at their projection;
* :mod:`~geo.analysis.network.routes`: routes rebuilt from Dijkstra predecessors;
* :mod:`~geo.analysis.network.reach`: which points are connected to their seat through ok
  edges, and the cheapest route for the others;
* :mod:`~geo.analysis.network.facility`: network distance to the nearest facility.

Coordinates must be metric (the Gauss-Krüger analysis CRS); lengths are metres.
"""
