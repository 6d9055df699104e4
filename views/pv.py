"""光伏电站 (rural revitalization bureau): PV stations' ownership, status, inspections and revenue."""

from views._domain import render

render("pv")
