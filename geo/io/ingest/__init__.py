"""Bringing bureau data in: read every format planners receive, detect encodings and CRS, unpack uploads safely.

``geo.io.ingest.read`` is the reading entry (``read_source``, ``list_sublayers``), one reader per format in
``readers/`` (GeoTIFF: ``readers.raster.read_raster_source``); ``uploads``, ``encoding`` and ``crs_guess``
are its parts. Column/value mapping and ledger matching live in ``mapping`` and ``ledger``; the store import
is planned in ``plan`` (joins to the store in ``joins``), written and undone in ``commit``, and its problem
report made in ``problems``.
"""
