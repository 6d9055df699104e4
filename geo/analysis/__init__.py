"""Measuring: the analysis context, roll-ups, gap rows and priority, the road network, terrain, indicators,
target status, inventory figures, the report."""
