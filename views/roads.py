"""农村公路 (county transport bureau): roads by surface and lanes, unconnected larger villages with the route to harden and its cost."""

from views.domain import render

render("roads")
