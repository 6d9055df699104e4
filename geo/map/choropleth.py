"""Target status of units for the overview: cards, township table, village choropleth and details.

Everything here reads the indicator table of a report (:data:`geo.analysis.indicators.base.UNIT_COLUMNS`)
and the targets; nothing is measured again. Each admin village gets one status for a target:

* ``met``  — the report says the village meets the target (where the report leaves ``met``
  open, :meth:`geo.core.targets.Target.is_met` of its value decides);
* ``near`` — not met, but the shortfall ``|threshold − value|`` is at most :data:`NEAR_FRACTION`
  of the threshold (10 %: a share target of 95 % is "near" from 85.5 %, a 100 % target from 90 %,
  an income target of 150,000 yuan from 135,000 yuan). A threshold of 0 has no "near" band;
* ``far``  — not met and further away;
* ``unjudged`` — a value, but the report gives no verdict at this level (a province-wide sum
  shown per village, a per-village income averaged for a township);
* ``none`` — the village has no value for the target (nothing measured there, e.g. no PV station).

"Near" is a module constant, not a key of ``data/targets.toml``, because the targets loader
(:mod:`geo.core.targets`) refuses unknown keys; change :data:`NEAR_FRACTION` to move the band.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from geo.analysis.indicators.base import COUNTY_CODE
from geo.core.catalog import INDICATORS
from geo.core.targets import Target
from geo.map.content import Category, LayerContent, escape, simplify_for_web
from geo.map.style import LayerStyle
from geo.text.i18n import DEFAULT_LANG, format_number, t

NEAR_FRACTION = 0.10
STATUSES = ("met", "near", "far", "unjudged", "none")
STATUS_COLORS: Mapping[str, str] = {
    "met": "#1a9850",
    "near": "#f4a93b",
    "far": "#d73027",
    "unjudged": "#9db4cc",
    "none": "#bdbdbd",
}
# Cell backgrounds of the township table (lighter, so the numbers stay readable).
STATUS_BACKGROUNDS: Mapping[str, str] = {
    "met": "#d9f0d3",
    "near": "#fde6c4",
    "far": "#f9d0cc",
    "unjudged": "",
    "none": "",
}
CHOROPLETH_LAYER = "target_status"
CHOROPLETH_STYLE = LayerStyle(
    color="#5a5a5a",
    fill_color="#bdbdbd",
    fill_opacity=0.55,
    weight=0.8,
    category_column="status",
    category_colors=dict(STATUS_COLORS),
    order=5,
)
COMPARISON_TEXT = {">=": "≥", ">": ">", "<=": "≤"}


def unit_of(target: Target) -> str:
    """The unit of a target's indicator: ``share``, ``yuan`` or ``count``."""
    spec = INDICATORS.get(target.indicator)
    return spec.unit if spec is not None else "count"


def format_value(value: object, unit: str, *, lang: str = DEFAULT_LANG) -> str:
    """A measured or target value for display: ``87.3%``, ``15.0万元`` / ``150,000 yuan``, ``12``; ``—`` when missing."""
    number = pd.to_numeric(pd.Series([value]), errors="coerce").astype(float).iloc[0]
    if not np.isfinite(number):
        return "—"
    if unit == "share":
        return f"{number * 100:.1f}%"
    if unit == "yuan":
        if lang == "en":
            return f"{number:,.0f} {t('unit.yuan', lang)}"
        return f"{number / 10_000:,.1f}{t('unit.yuan_10k', lang)}"
    return format_number(number, decimals=0 if float(number).is_integer() else 1)


def _compact(value: float, unit: str, *, lang: str) -> str:
    """A threshold without needless decimals: ``95%``, ``92.5%``, ``15万元``."""
    return re.sub(r"\.0(?=\D*$)", "", format_value(value, unit, lang=lang))


def target_text(target: Target, *, lang: str = DEFAULT_LANG, compact: bool = False) -> str:
    """The target as a short text, e.g. ``≥ 95.0% (±1.0%)``; ``compact`` drops needless decimals (``≥ 95% (±1%)``)."""
    unit = unit_of(target)
    number = _compact if compact else format_value
    text = f"{COMPARISON_TEXT.get(target.comparison, target.comparison)} {number(target.threshold, unit, lang=lang)}"
    if target.tolerance:
        text += f" (±{number(target.tolerance, unit, lang=lang)})"
    return text


def classify(
    values: pd.Series, met: pd.Series | None, target: Target, *, near_fraction: float = NEAR_FRACTION
) -> pd.Series:
    """Status of each value against ``target``: met / near / far / unjudged / none (see the module docstring).

    ``met`` is the report's verdict per row (nullable: missing = not judged at this level);
    without it (``None``) the target judges every value.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    decided = pd.Series(target.is_met(numbers), index=values.index).astype(bool)
    if met is None:
        verdict, unjudged = decided, pd.Series(False, index=values.index)
    else:
        given = pd.Series(met, index=values.index).astype("boolean")
        verdict, unjudged = given.fillna(False).astype(bool), given.isna()
    shortfall = (target.threshold - numbers) if target.comparison in (">=", ">") else (numbers - target.threshold)
    band = near_fraction * abs(target.threshold)
    near = ~verdict & (shortfall <= band * (1 + 1e-9)) & (band > 0)  # the band's edge counts as near despite rounding
    status = np.select(
        [numbers.isna().to_numpy(), unjudged.to_numpy(), verdict.to_numpy(), near.to_numpy()],
        ["none", "unjudged", "met", "near"],
        default="far",
    )
    return pd.Series(status, index=values.index, dtype=object)


def status_label(status: str, *, lang: str = DEFAULT_LANG) -> str:
    """The legend / table label of a status."""
    return t(f"overview.status.{status}", lang)


# --- target cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetCard:
    """One target on the overview: the value for the scope, the target, the deadline, the verdict.

    ``met`` is None when the target is not judged at this level (e.g. a per-village income target
    summed for the county) or the value is unknown.
    """

    target_id: str
    title: str
    value: float
    value_text: str
    target_text: str
    deadline: int
    met: bool | None
    bureau: str
    scope: str  # "county" or "township"


def scope_rows(indicators: pd.DataFrame, target_id: str, town_codes: Collection[str] = ()) -> pd.DataFrame:
    """The rows of one target for the scope: the county row, or the rows of the chosen townships."""
    rows = indicators[indicators["target_id"] == target_id]
    if not town_codes:
        return rows[rows["level"] == "county"]
    return rows[(rows["level"] == "township") & rows["unit_code"].astype(str).isin(list(town_codes))]


def scope_value(rows: pd.DataFrame, target: Target) -> tuple[float, bool | None]:
    """One value and verdict for the rows of a scope.

    One row: its value and the report's verdict. Several townships: the pooled share
    Σ numerator / Σ denominator where every row is such a ratio (water, roads, telecom …),
    judged by the target; otherwise (sums, averages of money) no pooled value (NaN, None).
    """
    if len(rows) == 0:
        return float("nan"), None
    if len(rows) == 1:
        row = rows.iloc[0]
        value = float(pd.to_numeric(pd.Series([row["value"]]), errors="coerce").iloc[0])
        met = row["met"]
        return value, (None if pd.isna(met) else bool(met))
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float)
    numerator = pd.to_numeric(rows["numerator"], errors="coerce").astype(float)
    denominator = pd.to_numeric(rows["denominator"], errors="coerce").astype(float)
    ratio = (denominator > 0) & np.isclose(value, numerator / denominator.where(denominator > 0), rtol=1e-6, atol=1e-9)
    if not ratio.all() or rows["met"].isna().all():
        return float("nan"), None
    pooled = float(numerator.sum() / denominator.sum())
    return pooled, bool(target.is_met(pooled))


def target_cards(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    *,
    town_codes: Collection[str] = (),
    lang: str = DEFAULT_LANG,
) -> list[TargetCard]:
    """A card per target that the report measured, in the order of the targets file."""
    measured = set(indicators["target_id"].astype(str))
    cards = []
    for target in targets.values():
        if target.id not in measured:
            continue
        value, met = scope_value(scope_rows(indicators, target.id, town_codes), target)
        unit = unit_of(target)
        cards.append(
            TargetCard(
                target.id,
                target.title(lang),
                value,
                format_value(value, unit, lang=lang),
                target_text(target, lang=lang, compact=True),
                target.deadline,
                met,
                target.bureau,
                "township" if town_codes else "county",
            )
        )
    return cards


# --- township table -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTable:
    """A table of values (shares in percent) with a status per cell, for a coloured display.

    ``values`` has a name column first, then one column per target (its title); ``status`` has the
    same shape with a status per target cell (``""`` in the name columns); ``units`` maps each
    target column to its unit.
    """

    values: pd.DataFrame
    status: pd.DataFrame
    units: dict[str, str]

    def styles(self) -> pd.DataFrame:
        """CSS per cell (background by status) for ``DataFrame.style.apply(..., axis=None)``."""
        return self.status.apply(
            lambda column: column.map(
                lambda s: f"background-color: {STATUS_BACKGROUNDS[s]}" if STATUS_BACKGROUNDS.get(s) else ""
            )
        )


def township_table(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    *,
    town_codes: Collection[str] = (),
    lang: str = DEFAULT_LANG,
) -> StatusTable:
    """Every township (or the chosen ones) × every target with township values; shares in percent.

    The first columns are the township's name and how many of its judged targets it meets
    (``3/12``); a cell's status is :func:`classify` of the township value.
    """
    rows = indicators[indicators["level"] == "township"]
    if town_codes:
        rows = rows[rows["unit_code"].astype(str).isin(list(town_codes))]
    towns = rows.drop_duplicates("unit_code")[["unit_code", "unit_name"]].sort_values("unit_code", kind="stable")
    name_column, met_column = t("overview.township", lang), t("overview.met_count", lang)
    values = pd.DataFrame(
        {name_column: towns["unit_name"].astype(str).to_numpy()}, index=towns["unit_code"].astype(str).to_numpy()
    )
    status = pd.DataFrame({name_column: ""}, index=values.index)
    units: dict[str, str] = {}
    met_count = pd.Series(0, index=values.index)
    judged = pd.Series(0, index=values.index)
    for target in targets.values():
        part = rows[rows["target_id"] == target.id]
        if len(part) == 0 or part["met"].isna().all():  # not judged per township: nothing to colour
            continue
        part = part.set_index(part["unit_code"].astype(str))
        part = part[~part.index.duplicated()]
        column = target.title(lang)
        unit = unit_of(target)
        raw = pd.to_numeric(part["value"], errors="coerce").astype(float).reindex(values.index)
        values[column] = raw * 100 if unit == "share" else raw
        classes = classify(raw, part["met"].reindex(values.index), target)
        status[column] = classes.to_numpy()
        units[column] = unit
        has_verdict = part["met"].reindex(values.index).notna()
        judged += has_verdict.astype(int)
        met_count += ((classes == "met") & has_verdict).astype(int)
    values.insert(1, met_column, [f"{m}/{j}" for m, j in zip(met_count, judged, strict=True)])
    status.insert(1, met_column, "")
    return StatusTable(values.reset_index(drop=True), status.reset_index(drop=True), units)


# --- village choropleth ---------------------------------------------------------------------


def choropleth_targets(indicators: pd.DataFrame, targets: Mapping[str, Target]) -> list[str]:
    """Targets judged per admin village (the ones a village map can show), in file order."""
    rows = indicators[(indicators["level"] == "admin_village") & indicators["met"].notna()]
    with_villages = set(rows["target_id"].astype(str))
    return [target_id for target_id in targets if target_id in with_villages]


def village_status(indicators: pd.DataFrame, villages: pd.DataFrame, target: Target) -> pd.DataFrame:
    """Per admin village of ``villages`` (in its order): village_code, name, value, met and status for ``target``."""
    rows = indicators[(indicators["target_id"] == target.id) & (indicators["level"] == "admin_village")]
    rows = rows.set_index(rows["unit_code"].astype(str))
    rows = rows[~rows.index.duplicated()]
    codes = villages["village_code"].astype(str)
    value = pd.to_numeric(rows["value"], errors="coerce").astype(float).reindex(codes.to_numpy())
    met = rows["met"].astype("boolean").reindex(codes.to_numpy())
    out = pd.DataFrame(
        {
            "village_code": codes.to_numpy(),
            "name": villages["name"].astype(str).to_numpy(),
            "value": value.to_numpy(),
            "met": met.to_numpy(),
        },
        index=villages.index,
    )
    out["status"] = classify(out["value"], out["met"], target).to_numpy()
    return out


def legend_title(target: Target, *, lang: str = DEFAULT_LANG) -> str:
    """The choropleth's legend heading: the target's title, its threshold and deadline."""
    return t(
        "overview.legend_title",
        lang,
        title=target.title(lang),
        target=target_text(target, lang=lang),
        deadline=target.deadline,
    )


def choropleth_layer(
    villages: gpd.GeoDataFrame,
    indicators: pd.DataFrame,
    target: Target,
    *,
    metric_crs: CRS,
    town_names: Mapping[str, str] | None = None,
    lang: str = DEFAULT_LANG,
) -> LayerContent:
    """The admin villages coloured by their status for ``target``, as a web-map layer.

    Geometry is simplified like every map layer (:func:`geo.map.content.simplify_for_web`); each
    category's legend label carries the number of villages, and the legend heading the target.
    Popups show the village, its township, value, target and status, every text escaped.
    """
    status = village_status(indicators, villages, target)
    unit = unit_of(target)
    towns = (
        villages["town_code"].astype(str).map(dict(town_names or {}))
        if "town_code" in villages
        else pd.Series("", index=villages.index)
    )
    geoms = simplify_for_web(villages, metric_crs=metric_crs, coverage=True)
    goal = target_text(target, lang=lang)
    props = [
        [
            escape(name),
            escape(name),
            escape("" if pd.isna(town) else town),
            escape(format_value(value, unit, lang=lang)),
            escape(goal),
            escape(status_label(state, lang=lang)),
        ]
        for name, town, value, state in zip(status["name"], towns, status["value"], status["status"], strict=True)
    ]
    categories = []
    for state in STATUSES:
        mask = (status["status"] == state).to_numpy()
        if not mask.any():
            continue
        features = [
            {"type": "Feature", "geometry": shapely.geometry.mapping(geom), "properties": prop}
            for geom, prop, keep in zip(geoms.values, props, mask, strict=True)
            if keep and geom is not None and not geom.is_empty
        ]
        label = f"{status_label(state, lang=lang)} ({int(mask.sum())})"
        categories.append(Category(label, STATUS_COLORS[state], {"type": "FeatureCollection", "features": features}))
    aliases = [
        escape(t(key, lang))
        for key in ("overview.village", "overview.township", "overview.value", "overview.target", "overview.status")
    ]
    title = t("overview.choropleth", lang)
    return LayerContent(
        CHOROPLETH_LAYER,
        title,
        legend_title(target, lang=lang),
        "Polygon",
        CHOROPLETH_STYLE,
        categories,
        aliases,
        has_tooltip=True,
        shown=True,
    )


def village_at(villages: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """The code of the admin village containing the point (lat, lon in EPSG:4490), or None outside them all."""
    if villages.empty or not (np.isfinite(lat) and np.isfinite(lon)):
        return None
    frame = villages.to_crs(4490) if villages.crs is not None and villages.crs.to_epsg() != 4490 else villages
    hits = frame.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    return str(frame["village_code"].iloc[int(np.sort(hits)[0])])


def village_detail(
    indicators: pd.DataFrame,
    targets: Mapping[str, Target],
    village_code: str,
    *,
    gaps: pd.DataFrame | None = None,
    lang: str = DEFAULT_LANG,
) -> pd.DataFrame:
    """Every target measured for one admin village: its value, the township's and county's, the target and status.

    ``gaps`` (the report's gap list) adds how many gap rows of each target lie in the village.
    Values are display texts; the status column holds the status label.
    """
    rows = indicators[
        (indicators["level"] == "admin_village") & (indicators["unit_code"].astype(str) == str(village_code))
    ]
    county = indicators[(indicators["level"] == "county") & (indicators["unit_code"].astype(str) == COUNTY_CODE)]
    county_value = dict(zip(county["target_id"], county["value"], strict=True))
    gap_counts: dict[str, int] = {}
    if gaps is not None and len(gaps):
        in_village = gaps[gaps["village_code"].astype(str) == str(village_code)]
        gap_counts = in_village["target_id"].astype(str).value_counts().to_dict()
    records = []
    for target in targets.values():
        row = rows[rows["target_id"] == target.id]
        if len(row) == 0:
            continue
        row = row.iloc[:1]
        unit = unit_of(target)
        state = classify(pd.to_numeric(row["value"], errors="coerce"), row["met"], target).iloc[0]
        records.append(
            {
                t("overview.indicator", lang): target.title(lang),
                t("overview.village_value", lang): format_value(row["value"].iloc[0], unit, lang=lang),
                t("overview.county_value", lang): format_value(county_value.get(target.id), unit, lang=lang),
                t("overview.target", lang): target_text(target, lang=lang),
                t("overview.deadline", lang): int(target.deadline),
                t("overview.status", lang): status_label(state, lang=lang),
                t("overview.gap_rows", lang): int(gap_counts.get(target.id, 0)),
                t("overview.bureau", lang): target.bureau,
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            t(k, lang)
            for k in (
                "overview.indicator",
                "overview.village_value",
                "overview.county_value",
                "overview.target",
                "overview.deadline",
                "overview.status",
                "overview.gap_rows",
                "overview.bureau",
            )
        ],
    )


def with_layer(
    layers: Sequence[LayerContent], extra: LayerContent, *, hide: Collection[str] = (), drop: Collection[str] = ()
) -> list[LayerContent]:
    """``layers`` with ``extra`` inserted after the last polygon layer (lines and points stay on top).

    Layers named in ``hide`` are kept in the legend but switched off; those in ``drop`` are left
    out (e.g. the plain village outlines the coloured villages replace: a smaller page).
    """
    out: list[LayerContent] = []
    for layer in layers:
        if layer.name in drop:
            continue
        if layer.name in hide and layer.shown:
            layer = LayerContent(
                layer.name,
                layer.title,
                layer.legend_title,
                layer.geometry,
                layer.style,
                layer.categories,
                layer.aliases,
                layer.has_tooltip,
                False,
            )
        out.append(layer)
    position = max((i + 1 for i, layer in enumerate(out) if layer.geometry == "Polygon"), default=0)
    out.insert(position, extra)
    return out
