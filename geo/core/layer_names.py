"""The names of the data contract's layers and rasters, declared once.

The store's tables, the layer registry (``layers/``), the indicators, the maps and the pages all
name layers by these constants, so a layer's name is typed in one place. What each layer holds
(columns, geometry, aliases, style) is declared in its module under ``layers/``.
"""

from __future__ import annotations

# Vector layers (see docs/architecture.md, "Layers").
TOWNSHIPS = "townships"
ADMIN_VILLAGES = "admin_villages"
NATURAL_VILLAGES = "natural_villages"
RELOCATION_SITES = "relocation_sites"
ROADS = "roads"
WATER_WORKS = "water_works"
WATER_SERVICE_AREAS = "water_service_areas"
CELL_SITES = "cell_sites"
PV_STATIONS = "pv_stations"
FARM_PLOTS = "farm_plots"
FACILITIES = "facilities"

# Rasters.
DEM = "dem"
POPULATION_GRID = "population"
