"""Bringing bureau data in: read every format planners receive, detect encodings and CRS, unpack uploads safely.

``geo.io.ingest.sources`` is the public reading API (``read_source``, ``read_raster_source``,
``list_sublayers``, ``unpack_upload``); ``uploads``, ``encoding`` and ``crs_guess`` are its parts.
Column/value mapping, ledger joins and the store import live in ``mapping``, ``ledger`` and ``pipeline``.
"""
