"""Decide the CRS of bureau data: use the file's, check it against the coordinates, guess when missing.

Chinese county data come as CGCS2000 (or WGS84) longitude/latitude, or as Gauss-Krüger
coordinates in metres: 3-degree (surveying, county scale) or 6-degree zones, with the zone
number in front of the easting (``39 512 345`` m) or without it (``512 345`` m, the zone must
then come from elsewhere), on the CGCS2000, Xi'an 80, Beijing 54 or New Beijing datum. EPSG
codes are looked up by name in PROJ's database, never computed from remembered ranges.

Every decision that was not read from the file comes with a :class:`Note` saying what was
assumed, so the user can correct it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer
from pyproj.database import query_crs_info
from pyproj.enums import PJType
from pyproj.exceptions import CRSError

from geo.core.crs import CHINA_LAT, CHINA_LON, STORAGE_EPSG, gk3_central_meridian
from geo.text.i18n import LANGS, ByLang, both, t, term

# Datum names as PROJ/EPSG spell them in projected CRS names (how users call them: ``crs.datum.<key>``).
DATUMS: dict[str, str] = {
    "cgcs2000": "CGCS2000",
    "xian80": "Xian 1980",
    "beijing54": "Beijing 1954",
    "newbeijing54": "New Beijing",
}
# EPSG datum codes of the legacy datums (Xi'an 80, Beijing 54, New Beijing): no nationwide
# public transformation to CGCS2000 exists in PROJ, so conversion is "ballpark" (no shift).
_LEGACY_DATUM_NAMES = ("Xian 1980", "Beijing 1954", "New Beijing")
# Plausible northings (m) of China in a Gauss-Krüger zone: 3°N … 54°N.
_NORTHING = (300_000.0, 6_100_000.0)
# Half-width (m) of a 3-degree zone at China's southernmost latitudes plus a margin; beyond it
# a projected easting without zone number is more likely a 6-degree zone.
_GK3_HALF_WIDTH = 175_000.0
_GK6_HALF_WIDTH = 345_000.0
# Eastings (after the zone number) a prefixed file may hold: a city's survey often keeps one zone
# for counties beyond it (沁水县 at 112°E in zone 38, CM 114°E), so the prefix is followed as far
# as the coordinates still land in China.
_PREFIXED_INNER = (100_000.0, 900_000.0)


@dataclass(frozen=True)
class Note:
    """Something that was guessed or changed while reading, shown to the user (Chinese and English)."""

    zh: str
    en: str


class CrsGuessError(ValueError):
    """The coordinates fit no CRS we can recognize (or need information the caller did not give)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class CrsDecision:
    """The CRS to use for some coordinates, whether it was guessed, and what to tell the user."""

    crs: CRS
    guessed: bool
    notes: tuple[Note, ...] = ()
    swap_xy: bool = False  # the columns hold (northing, easting) or (lat, lon): swap before use


@functools.lru_cache(maxsize=1)
def _gk_codes() -> dict[str, int]:
    """Name → EPSG code of every Chinese Gauss-Krüger projected CRS in PROJ's database."""
    names = tuple(f"{name} /" for name in DATUMS.values())
    return {
        info.name: int(info.code)
        for info in query_crs_info(auth_name="EPSG", pj_types=[PJType.PROJECTED_CRS])
        if info.name.startswith(names) and "Gauss-Kruger" in info.name
    }


def gk_codes() -> dict[str, int]:
    """Name → EPSG code of every Chinese Gauss-Krüger projected CRS (all datums, 3° and 6°, with and without prefix)."""
    return dict(_gk_codes())


def gk_epsg(central_meridian: int, *, width: int = 3, zone_prefix: bool = False, datum: str = "cgcs2000") -> int:
    """EPSG code of a Gauss-Krüger CRS, looked up by its EPSG name.

    ``width`` is 3 or 6 degrees; ``zone_prefix`` selects the variant whose eastings carry the
    zone number; ``datum`` is a key of :data:`DATUMS`. Raises ``ValueError`` when EPSG has no
    such CRS (e.g. a central meridian that is not a zone's).
    """
    if datum not in DATUMS:
        raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")
    if width not in (3, 6):
        raise ValueError("Gauss-Krüger zones are 3 or 6 degrees wide")
    prefix = DATUMS[datum]
    kind = "3-degree Gauss-Kruger" if width == 3 else "Gauss-Kruger"
    zone = central_meridian // 3 if width == 3 else (central_meridian + 3) // 6
    name = f"{prefix} / {kind} zone {zone}" if zone_prefix else f"{prefix} / {kind} CM {central_meridian}E"
    try:
        return _gk_codes()[name]
    except KeyError:
        raise ValueError(f"EPSG has no CRS named {name!r}") from None


def gk6_central_meridian(lon: float) -> int:
    """Central meridian of the 6-degree zone containing ``lon`` (zone n covers 6(n−1)…6n °E, CM 6n − 3)."""
    if not np.isfinite(lon) or not 72.0 <= lon < 138.0:
        raise ValueError(f"longitude {lon:.3f} is outside China's 6-degree Gauss-Krüger zones (72–138°E)")
    return int(np.floor(lon / 6.0)) * 6 + 3


def describe_crs(crs: CRS | None) -> str | None:
    """Short label for a CRS, e.g. ``EPSG:4527 CGCS2000 / 3-degree Gauss-Kruger zone 39``."""
    if crs is None:
        return None
    code = crs.to_epsg()
    return f"EPSG:{code} {crs.name}" if code else crs.name


def parse_user_crs(value: str | int) -> CRS:
    """A CRS the user typed: an EPSG number, ``EPSG:4527``, WKT or a PROJ string."""
    try:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        return CRS.from_epsg(value) if isinstance(value, int) else CRS.from_user_input(value.strip())
    except (CRSError, TypeError, ValueError) as exc:
        raise CrsGuessError(
            *both("crs.cannot_understand_crs_give", value=value),
        ) from exc


def legacy_datum_note(crs: CRS) -> Note | None:
    """Warn that Xi'an 80 / Beijing 54 data are converted to CGCS2000 without a datum shift."""
    geodetic = crs.geodetic_crs
    datum = geodetic.datum.name if geodetic is not None and geodetic.datum is not None else ""
    if not any(datum.startswith(name) for name in _LEGACY_DATUM_NAMES):
        return None
    return Note(
        *both("crs.data_use_legacy_datum", name=crs.name),
    )


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Which longitude/latitude pairs fall in China's bounding box."""
    with np.errstate(invalid="ignore"):
        return (lon >= CHINA_LON[0]) & (lon <= CHINA_LON[1]) & (lat >= CHINA_LAT[0]) & (lat <= CHINA_LAT[1])


def _finite_bounds(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float] | None:
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return None
    return float(x[ok].min()), float(y[ok].min()), float(x[ok].max()), float(y[ok].max())


def _geographic(bounds: tuple[float, float, float, float]) -> bool:
    minx, miny, maxx, maxy = bounds
    return CHINA_LON[0] <= minx and maxx <= CHINA_LON[1] and CHINA_LAT[0] <= miny and maxy <= CHINA_LAT[1]


def _prefixed_zone(bounds: tuple[float, float, float, float]) -> int | None:
    """The zone number carried by 8-digit eastings (13–23: 6-degree, 25–45: 3-degree), if they all share one."""
    minx, miny, maxx, maxy = bounds
    if not (_NORTHING[0] <= miny and maxy <= _NORTHING[1] and minx >= 10_000_000 and maxx < 100_000_000):
        return None
    zone = int(minx // 1_000_000)
    if int(maxx // 1_000_000) != zone or not (13 <= zone <= 23 or 25 <= zone <= 45):
        return None
    inner = (minx - zone * 1_000_000, maxx - zone * 1_000_000)
    return zone if _PREFIXED_INNER[0] <= inner[0] and inner[1] <= _PREFIXED_INNER[1] else None


def _zone_code(zone: int) -> int:
    """CGCS2000 EPSG code of a prefixed zone (13–23: 6-degree, 25–45: 3-degree)."""
    return (
        gk_epsg(zone * 3, width=3, zone_prefix=True) if zone >= 25 else gk_epsg(zone * 6 - 3, width=6, zone_prefix=True)
    )


def likely_codes(bounds: tuple[float, float, float, float], near_lon: float | None) -> list[int]:
    """EPSG codes the coordinates may be in, to name when a guess fails (CGCS2000 first, then Xi'an 80).

    Eastings of 8 digits: the zones their leading digits name. Plain eastings around 500 km: the
    3-degree zones at and beside ``near_lon`` and its 6-degree zone; without ``near_lon``, none
    (the message then names the families).
    """
    minx, _, maxx, _ = bounds
    codes: list[int] = []
    if minx >= 10_000_000 and maxx < 100_000_000:
        for zone in sorted({int(minx // 1_000_000), int(maxx // 1_000_000)}):
            width, cm = (3, zone * 3) if 25 <= zone <= 45 else (6, zone * 6 - 3)
            for datum in ("cgcs2000", "xian80"):
                try:
                    codes.append(gk_epsg(cm, width=width, zone_prefix=True, datum=datum))
                except ValueError:
                    continue
    elif minx > 0 and maxx < 1_000_000 and near_lon is not None:
        try:
            cm = gk3_central_meridian(near_lon)
            cms = [(c, 3) for c in (cm, cm - 3, cm + 3)] + [(gk6_central_meridian(near_lon), 6)]
        except ValueError:
            return []
        for c, width in cms:
            try:
                codes.append(gk_epsg(c, width=width, zone_prefix=False))
            except ValueError:
                continue
    return codes


def likely_hint(bounds: tuple[float, float, float, float], near_lon: float | None, *, swap: bool) -> ByLang:
    """'likely: EPSG:4526 CGCS2000 / 3-degree Gauss-Kruger zone 38, …' (or the EPSG families) for a failed guess."""
    codes = likely_codes(bounds, near_lon)
    if swap and not codes:
        codes = likely_codes((bounds[1], bounds[0], bounds[3], bounds[2]), near_lon)
    if not codes:
        return ByLang(*both("crs.likely_families"))
    listed = [describe_crs(CRS.from_epsg(code)) or str(code) for code in codes]
    return ByLang(*both("crs.likely_codes", codes=ByLang(*(t("sep.list", lang).join(listed) for lang in LANGS))))


def _unprefixed(bounds: tuple[float, float, float, float]) -> int | None:
    """3 or 6 (zone width) when eastings are plain metres around the 500 km false easting, else None."""
    minx, miny, maxx, maxy = bounds
    if not (_NORTHING[0] <= miny and maxy <= _NORTHING[1]):
        return None
    if minx >= 500_000 - _GK3_HALF_WIDTH and maxx <= 500_000 + _GK3_HALF_WIDTH:
        return 3
    if minx >= 500_000 - _GK6_HALF_WIDTH and maxx <= 500_000 + _GK6_HALF_WIDTH:
        return 6
    return None


def _legacy_hint(cm: int, width: int, prefix: bool) -> tuple[str, str]:
    """' (Xi'an 80: EPSG:…, Beijing 54: EPSG:…)' for the same zone, to tell the user what to pick instead."""
    codes = []
    for key in ("xian80", "beijing54"):
        try:
            codes.append((key, gk_epsg(cm, width=width, zone_prefix=prefix, datum=key)))
        except ValueError:
            continue
    if not codes:
        return "", ""
    zh, en = (
        t(
            "crs.legacy_hint",
            lang,
            items=t("crs.legacy_hint.or", lang).join(
                t("crs.legacy_hint.item", lang, datum=term(f"crs.datum.{key}"), code=code) for key, code in codes
            ),
        )
        for lang in LANGS
    )
    return zh, en


def guess_crs(x: np.ndarray, y: np.ndarray, *, near_lon: float | None = None, allow_swap: bool = False) -> CrsDecision:
    """Guess the CRS of coordinates from their ranges (all finite values must agree).

    * longitude/latitude inside China → CGCS2000 geographic (EPSG:4490; WGS84 is the same at
      map precision);
    * 8-digit eastings starting with a zone number → that Gauss-Krüger zone (13–23: 6-degree,
      25–45: 3-degree), CGCS2000;
    * 6-digit eastings around 500 000 m → Gauss-Krüger without zone number; the zone comes from
      ``near_lon`` (e.g. the county's longitude), 3-degree unless the eastings are too wide for it.

    ``allow_swap`` also tries (y, x): table columns often hold latitude before longitude, and
    surveyors call the northing X. Raises :class:`CrsGuessError` when nothing fits.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    bounds = _finite_bounds(x, y)
    if bounds is None:
        raise CrsGuessError(*both("crs.there_no_valid_coordinates"))
    for swapped in (False, True) if allow_swap else (False,):
        b = (bounds[1], bounds[0], bounds[3], bounds[2]) if swapped else bounds
        decision = _guess_ordered(b, near_lon)
        if decision is not None:
            if not swapped:
                return decision
            note = Note(
                *both("crs.two_coordinate_columns_reverse"),
            )
            return CrsDecision(decision.crs, decision.guessed, (*decision.notes, note), swap_xy=True)
    minx, miny, maxx, maxy = bounds
    hint = likely_hint(bounds, near_lon, swap=allow_swap)
    if _unprefixed(bounds) is not None or (allow_swap and _unprefixed((miny, minx, maxy, maxx)) is not None):
        raise CrsGuessError(*both("crs.with_likely", message=ByLang(*both("crs.coordinates_gauss_kr_ger")), hint=hint))
    message = ByLang(*both("crs.cannot_tell_crs_from", minx=minx, maxx=maxx, miny=miny, maxy=maxy))
    raise CrsGuessError(*both("crs.with_likely", message=message, hint=hint))


def _corners_in_china(bounds: tuple[float, float, float, float], code: int) -> bool:
    minx, miny, maxx, maxy = bounds
    return fits_crs(np.array([minx, maxx, minx, maxx]), np.array([miny, miny, maxy, maxy]), CRS.from_epsg(code))


def _guess_ordered(bounds: tuple[float, float, float, float], near_lon: float | None) -> CrsDecision | None:
    if _geographic(bounds):
        return CrsDecision(
            CRS.from_epsg(STORAGE_EPSG),
            True,
            (
                Note(
                    *both("crs.file_states_no_crs"),
                ),
            ),
        )
    zone = _prefixed_zone(bounds)
    if zone is not None:
        width = 3 if zone >= 25 else 6
        cm = zone * 3 if width == 3 else zone * 6 - 3
        code = _zone_code(zone)
        if not _corners_in_china(bounds, code):
            return None
        hint_zh, hint_en = _legacy_hint(cm, width, True)
        return CrsDecision(
            CRS.from_epsg(code),
            True,
            (
                Note(
                    *both(
                        "crs.guessed_zone_prefixed",
                        zone=zone,
                        width=width,
                        cm=cm,
                        code=code,
                        hint=ByLang(hint_zh, hint_en),
                    )
                ),
            ),
        )
    plain_width = _unprefixed(bounds)
    if plain_width is None or near_lon is None:
        return None
    width = plain_width
    try:
        cm = gk3_central_meridian(near_lon) if width == 3 else gk6_central_meridian(near_lon)
    except ValueError:
        return None
    code = gk_epsg(cm, width=width, zone_prefix=False)
    hint_zh, hint_en = _legacy_hint(cm, width, False)
    return CrsDecision(
        CRS.from_epsg(code),
        True,
        (
            Note(
                *both(
                    "crs.guessed_zone_from_longitude",
                    near_lon=near_lon,
                    width=width,
                    cm=cm,
                    code=code,
                    hint=ByLang(hint_zh, hint_en),
                )
            ),
        ),
    )


def fits_crs(x: np.ndarray, y: np.ndarray, crs: CRS) -> bool:
    """Whether coordinates in ``crs`` land in China once converted to longitude/latitude (all finite points)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return True
    if crs.is_geographic:
        lon, lat = x[ok], y[ok]
    else:
        with np.errstate(all="ignore"):
            lon, lat = Transformer.from_crs(crs, STORAGE_EPSG, always_xy=True).transform(x[ok], y[ok], errcheck=False)
    return bool(in_china(np.asarray(lon), np.asarray(lat)).all())


def decide_crs(
    x: np.ndarray,
    y: np.ndarray,
    *,
    file_crs: CRS | None,
    user_crs: str | int | None = None,
    near_lon: float | None = None,
    allow_swap: bool = False,
) -> CrsDecision:
    """The CRS to use: the user's if given, else the file's if the coordinates fit it, else a guess.

    A file CRS the coordinates contradict (a .prj saying WGS84 over Gauss-Krüger metres, a
    zone without prefix over prefixed eastings) is replaced by the guess, with a note; a
    user CRS the coordinates contradict is an error (the user must be told, not overruled).
    """
    if user_crs is not None:
        crs = parse_user_crs(user_crs)
        if not fits_crs(x, y, crs):
            bounds = _finite_bounds(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
            message = ByLang(*both("crs.chosen_crs_coordinates_do", crs=describe_crs(crs)))
            hint = likely_hint(bounds, near_lon, swap=allow_swap) if bounds else ByLang("", "")
            raise CrsGuessError(*both("crs.with_likely", message=message, hint=hint))
        notes = []
        if file_crs is not None and not file_crs.equals(crs):
            notes.append(
                Note(
                    *both("crs.file_says_used_chosen", file_crs=describe_crs(file_crs), crs=describe_crs(crs)),
                )
            )
        legacy = legacy_datum_note(crs)
        return CrsDecision(crs, False, (*notes, *([legacy] if legacy else [])))
    if file_crs is not None:
        if fits_crs(x, y, file_crs):
            legacy = legacy_datum_note(file_crs)
            return CrsDecision(file_crs, False, (legacy,) if legacy else ())
        try:
            guess = guess_crs(x, y, near_lon=near_lon, allow_swap=allow_swap)
        except CrsGuessError as exc:
            raise CrsGuessError(
                *both("crs.file_crs_outside", file_crs=describe_crs(file_crs), reason=ByLang(exc.zh, exc.en)),
            ) from exc
        note = Note(
            *both("crs.file_s_crs_does", file_crs=describe_crs(file_crs), crs=describe_crs(guess.crs)),
        )
        return CrsDecision(guess.crs, True, (note, *guess.notes), swap_xy=guess.swap_xy)
    return guess_crs(x, y, near_lon=near_lon, allow_swap=allow_swap)
