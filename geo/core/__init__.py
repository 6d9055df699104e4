"""The foundation: errors and problems, the indicator catalogue, targets, layer schemas, CRS, the store, scope."""
