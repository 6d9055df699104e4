"""How much one import may hold, checked up front so a small hostile file cannot exhaust memory or time.

Workbooks (.xlsx) and KMZ files are zip containers: their declared expansion is checked like a
zip upload's before anything is parsed, with a lower ceiling because their XML is parsed in
memory. Ledgers are capped in columns, cells and characters per cell while they are read (a
sheet may declare a small size and hold more), rasters by their declared size before a byte of
pixels is read. The figures are far above any county's or province's real files.
"""

from __future__ import annotations

# Zip containers whose XML is parsed in memory: the sum of their members' declared sizes.
MAX_WORKBOOK_UNPACKED_BYTES = 256 * 1024 * 1024  # a 300,000-row ledger's sheet XML is ~100 MB
MAX_KMZ_UNPACKED_BYTES = 256 * 1024 * 1024
# Ledgers (CSV, Excel).
MAX_LEDGER_BYTES = 200 * 1024 * 1024  # the upload limit: the command line gets no more than the page
MAX_LEDGER_COLUMNS = 500  # real ledgers have a few dozen
MAX_LEDGER_CELLS = 6_000_000  # 300,000 natural villages × 20 columns; empty cells inside the table count
MAX_CELL_CHARS = 32_767  # what Excel itself holds in one cell
# Rasters: cells and the bytes band 1 takes in memory once read (both from the header).
MAX_RASTER_CELLS = 200_000_000
MAX_RASTER_BYTES = 800 * 1024 * 1024  # 200 M cells of float32; float64 grids must be smaller
# A declared grid this many times larger than the file is mostly empty tiles (a "sparse bomb").
MAX_RASTER_EXPANSION = 2_000
RASTER_EXPANSION_MIN_BYTES = 64 * 1024 * 1024
