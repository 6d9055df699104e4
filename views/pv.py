"""光伏电站 (rural revitalization bureau): PV stations' ownership, status, inspections and revenue."""

from views.domain import render

render("pv")
