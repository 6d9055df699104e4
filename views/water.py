"""饮水安全 (county water bureau): supply rates, works and their load, service areas, ledger discrepancies."""

from views.domain import render

render("water")
