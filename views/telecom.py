"""通信网络 (county industry and IT bureau): 4G/5G sites, covered and uncovered villages with their population."""

from views.domain import render

render("telecom")
