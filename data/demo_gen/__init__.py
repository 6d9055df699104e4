"""Generator of the demo county (浮梁县, Fuliang): real boundary and codes, synthetic features.

One module per concern: ``sources`` (the real inputs), ``terrain`` (DEM), ``admin``
(township and village polygons), ``settlements`` (natural villages, population raster),
``network`` and ``roads`` (the road network), then one module per infrastructure domain.
``build.build_demo`` puts them together; ``data/make_demo.py`` is the command line.
"""
