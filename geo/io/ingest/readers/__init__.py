"""One reader per source format (Shapefile, vector files, ledgers, rasters) and what they share (``common``).

:mod:`geo.io.ingest.read` picks the reader by file extension and unpacks archives first.
"""
