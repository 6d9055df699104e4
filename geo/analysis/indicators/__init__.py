"""Indicator functions, one module per theme, each declaring its indicators beside their functions.

A module's ``INDICATORS`` tuple holds an :class:`~geo.analysis.result.Indicator` (spec + compute
function) per indicator it measures, ``CHECKS`` a :class:`~geo.analysis.result.CheckRule` per
check; :mod:`geo.analysis.catalog` gathers them. Shared rules live in modules without
declarations: :mod:`~geo.analysis.indicators.road_reach` (the road graph and its gap texts),
:mod:`~geo.analysis.indicators.village_facilities` (a facility of a kind in or near a village) and
:mod:`~geo.analysis.indicators.radio_coverage` (cell-site radius and line of sight).
"""
