"""The world map of published entries: a choropleth of entries per country, drawn on the server.

The shapes are Natural Earth's 1:110m countries, shipped with the project
(``data/countries-110m.json``, see ``data/SOURCE.md``). Vega-Lite (``wsis_portal.vega``'s
renderer) projects them once (Equal Earth) into SVG paths, kept in the process and in the cache
for every later page: projecting costs a fraction of a second, seconds in a new process.

Each page then composes its map from those paths and the counts it already has (the search
page's facet counts): one link per country with entries, to the search filtered by that
country, named with the country and its count; a class per band of counts, coloured by the
static CSS (no inline style, for the CSP). The same figures are in a table beside it, and per
M49 region. Countries too small for the scale (many island states) are in the table only.
"""

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import vl_convert
from django.core.cache import cache
from django.urls import reverse

from wsis_portal.vega import VL_CONVERT

from .models import Country

SHAPES_FILE = Path(__file__).parent / "data" / "countries-110m.json"
WIDTH, HEIGHT = 960, 470
#: Shapes without an M49 code of their own: drawn as part of the country M49 counts them in.
#: Kosovo, which M49 does not list, stays a shape without figures.
PART_OF = {"N. Cyprus": 196, "Somaliland": 706}
ANTARCTICA = "010"  # nobody's projects; half the height of the map
BANDS = 5
_NUMBER = re.compile(r"\d+\.\d+")
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Shape:
    numeric: int | None  # M49 code
    name: str  # Natural Earth's English name, for the shapes without one
    path: str  # SVG path data in the map's coordinates


def _spec() -> dict:
    topology = json.loads(SHAPES_FILE.read_text())
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "padding": 0,
        "autosize": "none",
        "data": {"values": topology, "format": {"type": "topojson", "feature": "countries"}},
        "transform": [
            {"filter": f"datum.id !== '{ANTARCTICA}'"},
            # Every shape named by its code or, without one, its name: the key read back below.
            {"calculate": "(datum.id || '') + '|' + datum.properties.name", "as": "key"},
        ],
        "projection": {"type": "equalEarth"},
        "mark": {"type": "geoshape"},
        "encoding": {"description": {"field": "key", "type": "nominal"}},
    }


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
        # A tenth of a unit is finer than a pixel at any width the page gives the map.
        path = _NUMBER.sub(lambda m: f"{float(m.group()):.1f}", element.get("d"))
        shapes.append(Shape(numeric, name, path))
    return shapes


@functools.cache
def shapes() -> tuple[Shape, ...]:
    """The countries' projected shapes, from the process, the cache or Vega-Lite."""
    digest = hashlib.sha256(SHAPES_FILE.read_bytes() + repr(_spec()["projection"]).encode())
    key = f"world-map-shapes:{VL_CONVERT}:{digest.hexdigest()[:24]}"
    found = cache.get(key)
    if found is None:
        found = _project()
        cache.set(key, found, None)
    return tuple(found)


def bands(counts) -> list[int]:
    """The lower bounds of up to ``BANDS`` bands of counts, each as round as it can be (one
    or two significant digits), splitting the countries into groups of similar size."""
    values = sorted(n for n in counts if n)
    if not values:
        return []
    bounds = []
    for i in range(BANDS):
        value = values[len(values) * i // BANDS]
        digits = len(str(value)) - 2
        if digits > 0:
            value = value // 10**digits * 10**digits
        if not bounds or value > bounds[-1]:
            bounds.append(value)
    bounds[0] = 1
    return bounds


def band_of(n: int, bounds) -> int:
    """1 for the lowest band … len(bounds) for the highest; 0 for no entry."""
    return sum(1 for bound in bounds if n >= bound)


def search_url(params, **chosen) -> str:
    """The search page for ``params`` (GET parameters) with ``chosen`` filters set instead of
    any of the same name; back to page 1."""
    params = params.copy()
    params.pop("page", None)
    for name, value in chosen.items():
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [value])
    return f"{reverse('stocktaking:entry-list')}?{params.urlencode()}"


def world_map(facets, params) -> dict | None:
    """What the map template draws for these facet counts (``search.facet_counts``) of the
    search ``params``: None while the counts are being made."""
    if facets is None:
        return None
    counted = {code: (name, n) for code, name, n in facets.get("country", []) if n}
    bounds = bands(n for _, n in counted.values())
    numeric = dict(Country.objects.filter(code__in=counted).values_list("numeric", "code"))
    linked, plain = {}, []
    for shape in shapes():
        code = numeric.get(shape.numeric)
        if code is None:
            plain.append(shape.path)
            continue
        name, n = counted[code]
        country = linked.setdefault(
            code,
            {
                "name": name,
                "count": n,
                "band": band_of(n, bounds),
                "url": search_url(params, country=code),
                "paths": [],
            },
        )
        country["paths"].append(shape.path)
    legend = [
        (i + 1, low, (bounds[i + 1] - 1) if i + 1 < len(bounds) else None)
        for i, low in enumerate(bounds)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "countries": sorted(linked.values(), key=lambda c: c["name"]),
        "plain": plain,
        "legend": legend,
        "table": [
            {"name": name, "count": n, "url": search_url(params, country=code)}
            for code, (name, n) in sorted(counted.items(), key=lambda i: (-i[1][1], i[1][0]))
        ],
        "regions": [
            {"name": name, "count": n, "url": search_url(params, region=code, country=None)}
            for code, name, n in facets.get("region", [])
        ],
    }
