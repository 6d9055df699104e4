"""饮水安全 (county water bureau): supply rates, works and their load, service areas, ledger discrepancies."""

from pages._domain import render

render("water")
