"""What each bureau's domain page shows, taken from the report and the dataset (no Streamlit).

One page per domain — water (水利局), roads (交通运输局), telecom (工信局), sanitation (农业农村局 /
住建局), relocation (乡村振兴局), PV stations (乡村振兴局) and tea / specialty crops (农业农村局),
one module each, which declares its page as a :class:`geo.present.domains.base.Domain` (icon,
titles, indicators, map layers, required layers, builder); :mod:`geo.present.domains.base` holds
what they share. :data:`DOMAINS` lists the pages in navigation order. :func:`domain_view` gathers,
for one domain and the sidebar's township filter, the figures, tables and overlays of
:class:`geo.present.domains.base.DomainView`; :func:`domain_map` draws its map.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from geo.analysis.inventory import metric_crs
from geo.analysis.report import Report
from geo.core.scope import for_townships
from geo.core.store import Dataset
from geo.core.targets import Target
from geo.map.content import MapContent, compose, overlay_layer
from geo.present.domains.base import Domain, DomainView, Scope, layer_of
from geo.present.domains.industry import INDUSTRY
from geo.present.domains.pv import PV
from geo.present.domains.relocation import RELOCATION
from geo.present.domains.roads import ROADS
from geo.present.domains.sanitation import SANITATION
from geo.present.domains.telecom import TELECOM
from geo.present.domains.water import WATER

DOMAINS: Mapping[str, Domain] = {
    domain.key: domain for domain in (WATER, ROADS, TELECOM, SANITATION, RELOCATION, PV, INDUSTRY)
}


def domain_view(
    domain: str,
    report: Report,
    dataset: Dataset,
    *,
    targets: Mapping[str, Target],
    towns: Collection[str] = (),
    lang: str = "zh",
) -> DomainView:
    """Figures, tables and map layers of ``domain`` for the townships ``towns`` (empty = whole county).

    ``report`` is the whole county's (:func:`geo.analysis.report.run_report`), ``dataset`` the whole
    county's data: the filter is applied here, by township code.
    """
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; choose from {', '.join(DOMAINS)}")
    page = DOMAINS[domain]
    scope = Scope.of(dataset, towns)
    scoped = for_townships(dataset, sorted(scope.towns)) if not scope.county else dataset
    view = page.build(report, scoped, targets, scope, lang)
    missing = tuple(name for name in page.required if layer_of(dataset, name) is None)
    return replace(view, missing=missing) if missing else view


def domain_map(view: DomainView, base: MapContent, dataset: Dataset) -> MapContent:
    """The domain's map: ``base`` (every contract layer) with the domain's layers on and its overlays added."""
    crs = metric_crs(dataset)
    overlays = [
        overlay_layer(
            o.frame,
            name=o.name,
            title=o.title,
            style=o.style,
            metric_crs=crs,
            popup=o.popup,
            tooltip=o.tooltip,
            category_column=o.category_column,
            categories=o.categories,
            shown=o.shown,
            lang=base.lang,
        )
        for o in view.overlays
        if crs is not None and (o.frame.geometry.notna() & ~o.frame.geometry.is_empty).any()
    ]
    return compose(base, shown=view.shown, overlays=overlays)
