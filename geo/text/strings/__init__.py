"""Page-specific UI strings: one module per page or area, each with ``STRINGS = {key: (zh, en)}``.

``geo.text.i18n`` merges them; keep keys prefixed with the page name (``water.*``, ``gaps.*``).
"""
