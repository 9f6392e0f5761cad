"""Charts drawn on the server: Vega-Lite specifications rendered to SVG by vl-convert.

vl-convert runs Vega's own renderer in an embedded JavaScript engine, so a chart needs no
browser, no JavaScript on the reader's side and no network (``allowed_base_urls=[]``: a
specification can only draw the data it carries). Vega measures its labels, so axes get
round ticks and labels that are never clipped, which hand-placed SVG did not manage.

Numbers and dates are written as the reader's language writes them, from Django's own
formats and month names, so that a chart agrees with the table printed beside it.

The SVG carries presentation attributes only (``fill=``, ``stroke=``, ``font-size=``),
never a ``style`` attribute or block, so a Content-Security-Policy without
``'unsafe-inline'`` styles shows it as drawn; ``render_svg`` refuses anything else.

A rendering costs a tenth of a second or more (seconds for a process's first), so it is kept
in the cache under a digest of the specification and the language: the same figures are never
drawn twice, whatever else changes in the portal.
"""

import hashlib
import json
import logging
import re
from importlib.metadata import version

import vl_convert
from django.core.cache import cache
from django.utils import dates, formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

#: How long a rendered chart is kept: its key names everything it shows, so it never goes
#: stale; the limit only lets charts nobody asks for any more leave the cache.
SVG_TTL = 7 * 24 * 3600
#: The portal's colours (static/css/portal.css) for what Vega draws itself.
INK, MUTED, ACCENT, LINE = "#1b1f24", "#4a5560", "#00558c", "#ccd5de"
FONT = "sans-serif"
#: Look shared by every chart: no background (the page's shows), the portal's ink, no
#: ARIA of Vega's own (the figure is one image named by ``render_svg``'s title and
#: description, the numbers are in the table beside it).
BASE_CONFIG = {
    "background": None,
    "font": FONT,
    "aria": False,
    "view": {"stroke": None},
    "axis": {
        "labelColor": MUTED,
        "labelFontSize": 12,
        "titleColor": INK,
        "domainColor": MUTED,
        "tickColor": MUTED,
        "gridColor": "#e3e8ee",
    },
    "text": {"color": INK, "fontSize": 12},
}

#: Part of every key: another renderer may draw the same specification differently.
VL_CONVERT = version("vl-convert-python")
#: The ARIA roles Vega gives its mark groups even with ``aria: false``: inside one image
#: they are graphics without a name, which axe reports (svg-img-alt).
_ROLES = re.compile(r' (?:role|aria-roledescription)="[^"]*"')
_SIZE = re.compile(r'^(<svg\b[^>]*?) width="[\d.]+" height="[\d.]+"')


def number_locale() -> dict:
    """d3-format's locale for the active language, from Django's number formats."""
    grouping = formats.get_format("NUMBER_GROUPING")
    thousands = formats.get_format("THOUSAND_SEPARATOR") if grouping else ""
    return {
        "decimal": formats.get_format("DECIMAL_SEPARATOR"),
        "thousands": thousands,
        "grouping": [grouping or 3],
        "currency": ["", ""],
    }


def time_locale() -> dict:
    """d3-time-format's locale for the active language, from Django's month and day names
    (d3 counts days from Sunday, Django from Monday)."""
    days = [str(dates.WEEKDAYS[(i + 6) % 7]) for i in range(7)]
    short_days = [str(dates.WEEKDAYS_ABBR[(i + 6) % 7]) for i in range(7)]
    return {
        "dateTime": "%x %X",
        "date": "%x",
        "time": "%X",
        "periods": ["AM", "PM"],
        "days": days,
        "shortDays": short_days,
        "months": [str(dates.MONTHS[i]) for i in range(1, 13)],
        "shortMonths": [str(dates.MONTHS_3[i]).capitalize() for i in range(1, 13)],
    }


def _render(spec: dict) -> str:
    numbers, times = number_locale(), time_locale()
    inputs = json.dumps([spec, numbers, times, VL_CONVERT], sort_keys=True, default=str)
    key = "vega-svg:" + hashlib.sha256(inputs.encode()).hexdigest()[:40]
    try:
        svg = cache.get(key)
    except Exception:  # a chart must not fail because the cache is down
        logger.warning("cache unreachable; drawing the chart again", exc_info=True)
        svg = None
    if svg is not None:
        return svg
    svg = vl_convert.vegalite_to_svg(
        spec,
        config=BASE_CONFIG,
        allowed_base_urls=[],
        format_locale=numbers,
        time_format_locale=times,
    )
    if "style=" in svg or "<style" in svg:
        # Vega never writes one today; should a new version start, the page's CSP would
        # silently undo it: better to fail where the tests see it.
        raise ValueError("Vega's SVG carries inline styles, which the CSP refuses")
    try:
        cache.set(key, svg, SVG_TTL)
    except Exception:
        logger.warning("cache unreachable; chart not kept", exc_info=True)
    return svg


def render_svg(spec: dict, *, element_id: str, title: str, description: str = "") -> SafeString:
    """The Vega-Lite ``spec`` as an SVG element for inline use: one image (``role="img"``)
    named by ``title`` and described by ``description`` (escaped here), with ids derived
    from ``element_id``; its size set by the page's CSS (the ``viewBox`` keeps the shape)."""
    svg = _SIZE.sub(r"\1", _ROLES.sub("", _render(spec)), count=1)
    labelled = f"{element_id}-title" + (f" {element_id}-desc" if description else "")
    head = (
        # Drawn left to right whatever the page's direction: an Arabic page's right-to-left
        # would move every label to the other side of the point Vega anchored it at.
        f' id="{element_id}" direction="ltr" role="img" aria-labelledby="{labelled}">'
        f'<title id="{element_id}-title">{escape(title)}</title>'
    )
    if description:
        head += f'<desc id="{element_id}-desc">{escape(description)}</desc>'
    return mark_safe(svg.replace(">", head, 1))  # noqa: S308 - Vega's SVG, our text escaped


#: How many shades a choropleth or heat map uses (classes ``band-1`` … ``band-5`` of the
#: static CSS, ``band-0`` for none).
BANDS = 5


def bands(counts) -> list[int]:
    """The lower bounds of up to ``BANDS`` bands of counts, each as round as it can be (one
    or two significant digits), splitting what is counted (countries, cells) into groups of
    similar size."""
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
    """1 for the lowest band … len(bounds) for the highest; 0 for none."""
    return sum(1 for bound in bounds if n >= bound)
