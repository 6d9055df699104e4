"""Files in and out: exports (XLSX/CSV/GPKG), yearly history, and importing bureau files."""
