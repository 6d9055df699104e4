"""Bringing bureau data in: read every format planners receive, detect encodings and CRS, unpack uploads safely.

``geo.io.ingest.read`` is the reading entry (``read_source``, ``list_sublayers``), one reader per format in
``readers/`` (GeoTIFF: ``readers.raster.read_raster_source``); ``uploads``, ``encoding`` and ``crs_guess``
are its parts. Column/value mapping, ledger joins and the store import live in ``mapping``, ``ledger`` and
``pipeline``.
"""
