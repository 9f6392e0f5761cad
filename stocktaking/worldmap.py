"""The world map of published entries: a choropleth of entries per country, drawn on the server.

The shapes are Natural Earth's 1:110m countries, shipped with the project
(``data/countries-110m.json``, see ``data/SOURCE.md``). Vega-Lite (``wsis_portal.vega``'s
renderer) projects them once (Equal Earth) into SVG paths, kept in the process and in the cache
for every later page: projecting costs a fraction of a second, seconds in a new process.

Each page then composes its map from those paths and the counts it already has (the search
page's facet counts): one link per country with entries, to the search filtered by that
country, named with the country and its count; a class per band of counts, coloured by the
static CSS (no inline style, for the CSP). The same figures are in a table beside it, and per
M49 region. Countries too small for the scale to have a shape (many island states, Singapore,
Malta…) are drawn as dots at their coordinates (``data/country-points.csv``), linked the same
way, when they have entries.
"""

import csv
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import vl_convert
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from wsis_portal.vega import VL_CONVERT, band_of, bands

from .models import Country

SHAPES_FILE = Path(__file__).parent / "data" / "countries-110m.json"
#: Where the countries without a shape at 1:110m are (see data/SOURCE.md).
POINTS_FILE = Path(__file__).parent / "data" / "country-points.csv"
#: A dot's radius in the map's units (960 wide): a few pixels at the widths pages give it.
DOT_RADIUS = 4
WIDTH, HEIGHT = 960, 470
#: Shapes without an M49 code of their own: drawn as part of the country M49 counts them in.
#: Kosovo, which M49 does not list, stays a shape without figures.
PART_OF = {"N. Cyprus": 196, "Somaliland": 706}
ANTARCTICA = "010"  # nobody's projects; half the height of the map
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Shape:
    numeric: int | None  # M49 code
    name: str  # Natural Earth's English name (for the shapes without a code), or ISO alpha-2
    path: str  # SVG path data in the map's coordinates; empty for a dot
    point: tuple[float, float] | None = None  # a dot's centre, for a country without a shape


def _points() -> list[dict]:
    with open(POINTS_FILE, encoding="utf-8", newline="") as handle:
        return [
            {
                "key": f"{row['m49']}|{row['alpha2']}",
                "longitude": float(row["longitude"]),
                "latitude": float(row["latitude"]),
            }
            for row in csv.DictReader(handle)
        ]


def _spec() -> dict:
    topology = json.loads(SHAPES_FILE.read_text())
    description = {"description": {"field": "key", "type": "nominal"}}
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "padding": 0,
        "autosize": "none",
        "projection": {"type": "equalEarth"},
        "layer": [
            {
                "data": {
                    "values": topology,
                    "format": {"type": "topojson", "feature": "countries"},
                },
                "transform": [
                    {"filter": f"datum.id !== '{ANTARCTICA}'"},
                    # Every shape named by its code or, without one, its name: the key read
                    # back below.
                    {"calculate": "(datum.id || '') + '|' + datum.properties.name", "as": "key"},
                ],
                "mark": {"type": "geoshape"},
                "encoding": description,
            },
            # The countries without a shape, as points projected the same way.
            {
                "data": {"values": _points()},
                "mark": {"type": "circle"},
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    **description,
                },
            },
        ],
    }


_TRANSLATE = re.compile(r"translate\(([-\d.e]+),([-\d.e]+)\)")


def _project() -> list[Shape]:
    svg = vl_convert.vegalite_to_svg(_spec(), allowed_base_urls=[])
    shapes = []
    # Vega's SVG of the shipped shapes: nothing untrusted to parse.
    for element in ElementTree.fromstring(svg).iter(f"{SVG}path"):  # noqa: S314
        key = element.get("aria-label")
        if not key or "|" not in key:
            continue  # the background
        code, name = key.split("|", 1)
        numeric = int(code) if code else PART_OF.get(name)
        if element.get("aria-roledescription") == "circle":  # a point: its centre only
            x, y = _TRANSLATE.search(element.get("transform")).groups()
            shapes.append(Shape(numeric, name, "", (round(float(x), 1), round(float(y), 1))))
            continue
        path = _compact_path(element.get("d"))
        shapes.append(Shape(numeric, name, path))
    return shapes


def _compact_path(d: str) -> str:
    """Vega's absolute path data (``M x,y L x,y … Z``) as short as the map needs it: whole
    units (a unit of the 960-wide map is about a pixel at the widths pages give it, so the
    error is under half a pixel), a point equal to the one before dropped, each ring as its
    start and then relative steps (``M949,323l1,0 1,1-1,2z``). A ring that shrinks to fewer
    than three points (an islet smaller than a pixel) is left out, unless the shape has no
    other. From 114 KB of path data to 39 KB on every page that shows the map."""
    rings, smallest = [], None
    for ring in re.split(r"(?=M)", d):
        numbers = [round(float(n)) for n in _NUMBER.findall(ring)]
        points = []
        for point in zip(numbers[0::2], numbers[1::2], strict=True):
            if not points or point != points[-1]:
                points.append(point)
        if not points:
            continue
        steps = [(x - px, y - py) for (px, py), (x, y) in zip(points, points[1:], strict=False)]
        text = f"M{points[0][0]},{points[0][1]}"
        if steps:
            text += "l" + "".join(
                ("" if i == 0 or dx < 0 else " ") + f"{dx}" + ("," if dy >= 0 else "") + f"{dy}"
                for i, (dx, dy) in enumerate(steps)
            )
        text += "z" if ring.rstrip().endswith("Z") else ""
        if len(points) >= 3:
            rings.append(text)
        elif smallest is None:
            smallest = text
    return "".join(rings) or smallest or ""


@functools.cache
def shapes() -> tuple[Shape, ...]:
    """The countries' projected shapes, from the process, the cache or Vega-Lite."""
    digest = hashlib.sha256(
        SHAPES_FILE.read_bytes() + POINTS_FILE.read_bytes() + repr(_spec()["projection"]).encode()
    )
    # v2: the compact path data (_compact_path).
    key = f"world-map-shapes:v2:{VL_CONVERT}:{digest.hexdigest()[:24]}"
    found = cache.get(key)
    if found is None:
        found = _project()
        cache.set(key, found, None)
    return tuple(found)


def search_urls(params, name, values, *, dropping=()) -> dict:
    """{value: the search page for ``params`` (GET parameters) with the filter ``name`` set to
    that value instead of any chosen, and the filters ``dropping`` removed}; back to page 1.
    One reverse and one encoding of the other filters for all the values."""
    others = params.copy()
    for other in ("page", name, *dropping):
        others.pop(other, None)
    prefix = f"{reverse('stocktaking:entry-list')}?"
    if others:
        prefix += others.urlencode() + "&"
    return {value: prefix + urlencode({name: value}) for value in values}


def _shapes_markup(counted, bounds, urls) -> SafeString:
    """The map's shapes as SVG: a link per country with entries (named with its count, its
    shapes inside), the other shapes in one group hidden from screen readers. Built here
    rather than in the template: a template loop over 180 countries cost a fifth of a second."""
    numeric = dict(Country.objects.filter(code__in=counted).values_list("numeric", "code"))
    paths, dots, plain = {}, {}, []
    for shape in shapes():
        code = numeric.get(shape.numeric)
        if shape.point is not None:  # drawn for a country with entries only
            if code is not None:
                dots[code] = _dot(shape.point)
        elif code is None:
            plain.append(shape.path)
        else:
            paths.setdefault(code, []).append(shape.path)
    # The dots after (over) the shapes: Singapore's beside Malaysia's, French Guiana's on
    # France's.
    drawn = sorted(
        ((code, _paths(shape_paths)) for code, shape_paths in paths.items()),
        key=lambda item: counted[item[0]][0],
    )
    drawn += sorted(dots.items(), key=lambda item: counted[item[0]][0])
    links = []
    for code, markup in drawn:
        name, n = counted[code]
        label = ngettext(
            "%(name)s: %(count_text)s project", "%(name)s: %(count_text)s projects", n
        ) % {"name": name, "count_text": intcomma(n)}
        links.append(
            format_html(
                '<a href="{}" class="band-{}" aria-label="{}"><title>{}</title>{}</a>',
                urls[code],
                band_of(n, bounds),
                label,
                label,
                markup,
            )
        )
    return mark_safe(  # noqa: S308 - our own path data; every text escaped by format_html
        f'<g class="band-0" aria-hidden="true">{_paths(plain)}</g>' + "".join(links)
    )


def _dot(point) -> SafeString:
    """A country without a shape: a circle at its projected coordinates (numbers only)."""
    x, y = (
        min(max(value, DOT_RADIUS), limit - DOT_RADIUS)
        for value, limit in zip(point, (WIDTH, HEIGHT), strict=True)
    )
    return mark_safe(f'<circle cx="{x}" cy="{y}" r="{DOT_RADIUS}"/>')  # noqa: S308


def _paths(paths) -> SafeString:
    """Path elements of projected shapes: numbers and M, L, Z only (tested), nothing to
    escape."""
    return mark_safe("".join(f'<path d="{path}"/>' for path in paths))  # noqa: S308


def world_map(facets, params) -> dict | None:
    """What the map template draws for these facet counts (``search.facet_counts``) of the
    search ``params``: None while the counts are being made."""
    if facets is None:
        return None
    counted = {code: (name, n) for code, name, n in facets.get("country", []) if n}
    bounds = bands(n for _, n in counted.values())
    urls = search_urls(params, "country", counted)
    regions = facets.get("region", [])
    region_urls = search_urls(
        params, "region", [code for code, _, _ in regions], dropping=["country"]
    )
    legend = [
        (i + 1, low, (bounds[i + 1] - 1) if i + 1 < len(bounds) else None)
        for i, low in enumerate(bounds)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "shapes": _shapes_markup(counted, bounds, urls) if counted else "",
        "legend": legend,
        "table": [
            {"name": name, "count": n, "url": urls[code]}
            for code, (name, n) in sorted(counted.items(), key=lambda i: (-i[1][1], i[1][0]))
        ],
        "regions": [
            {"name": name, "count": n, "url": region_urls[code]} for code, name, n in regions
        ],
    }
