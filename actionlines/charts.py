"""The indicator charts of the road maps: measurements over time against baseline and target.

Drawn by Vega-Lite on the server (``wsis_portal.vega``): SVG in the page, no JavaScript,
printable; the template puts the same numbers in a table beside it for screen readers and for
anyone who prefers numbers.
"""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wsis_portal import vega

WIDTH, HEIGHT = 440, 180  # scaled to the column: 40rem at most, a phone's width
#: The target in the portal's green, the baseline in grey (as the legend of the table says).
TARGET_COLOUR, BASELINE_COLOUR = "#2e7d32", "#6b7785"


def _number(value) -> str:
    """A value as the reader's language writes it, with at most two decimals."""
    return floatformat(value, "-2")


def _measurements(indicator):
    return sorted(indicator.measurements.all(), key=lambda m: m.measured_on)


def indicator_spec(indicator) -> dict | None:
    """The Vega-Lite specification of ``indicator``'s chart; None without measurements.

    Reads ``indicator.measurements.all()`` (prefetch it)."""
    measurements = _measurements(indicator)
    if not measurements:
        return None
    y = {"field": "value", "type": "quantitative", "title": None}
    y_scale = {"zero": False, "nice": True}
    series = {
        "data": {
            "values": [
                {"day": m.measured_on.isoformat(), "value": float(m.value)} for m in measurements
            ]
        },
        "mark": {
            "type": "line",
            "color": vega.ACCENT,
            "strokeWidth": 2.5,
            "point": {"filled": True, "size": 50, "color": vega.ACCENT},
        },
        "encoding": {
            "x": {
                "field": "day",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%b %Y", "labelOverlap": "greedy", "tickCount": 6},
            },
            "y": {**y, "scale": y_scale, "axis": {"tickCount": 5}},
        },
    }
    references = [
        (indicator.baseline_value, _("Baseline"), BASELINE_COLOUR, [6, 4]),
        (indicator.target_value, _("Target"), TARGET_COLOUR, [2, 3]),
    ]
    rules = [
        {"value": float(value), "label": label, "colour": colour, "dash": dash}
        for value, label, colour, dash in references
        if value is not None
    ]
    layers = [series]
    if rules:
        colour = {"field": "colour", "type": "nominal", "scale": None, "legend": None}
        layers.append(
            {
                "data": {"values": rules},
                "encoding": {"y": {**y, "scale": y_scale}},
                "layer": [
                    {
                        "mark": {"type": "rule", "strokeWidth": 1.5},
                        "encoding": {
                            "stroke": colour,
                            "strokeDash": {"field": "dash", "type": "nominal", "scale": None},
                        },
                    },
                    {
                        "mark": {"type": "text", "align": "right", "dy": -6, "x": "width"},
                        "encoding": {"text": {"field": "label"}, "color": colour},
                    },
                ],
            }
        )
    return {"width": WIDTH, "height": HEIGHT, "padding": 8, "layer": layers}


def indicator_chart(indicator) -> str:
    """``indicator``'s chart as inline SVG, named and described for screen readers; "" when
    it has no measurement yet."""
    spec = indicator_spec(indicator)
    if spec is None:
        return ""
    measurements = _measurements(indicator)
    latest = measurements[-1]
    title = _("%(name)s (%(unit)s) over time") % {"name": indicator.name, "unit": indicator.unit}
    count = len(measurements)
    # The sentence the chart's figure had before it was drawn by Vega, in the same words.
    description = ngettext("%(counter)s measurement", "%(counter)s measurements", count) % {
        "counter": count
    }
    if indicator.baseline_value is not None:
        description += _(", baseline %(value)s") % {"value": _number(indicator.baseline_value)}
    if indicator.target_value is not None:
        description += _(", target %(value)s") % {"value": _number(indicator.target_value)}
    description += _(", latest %(value)s on %(date)s") % {
        "value": _number(latest.value),
        "date": date_format(latest.measured_on, "DATE_FORMAT"),
    }
    description += ". " + _("The table below gives every value.")
    return vega.render_svg(
        spec, element_id=f"indicator-{indicator.pk}-chart", title=title, description=description
    )


def progress_percent(indicator) -> int | None:
    """How far the latest measurement has come from the baseline towards the target, 0–100.

    ``None`` when there is no measurement, baseline or target, or they coincide.
    """
    measurements = _measurements(indicator)
    if not measurements or indicator.baseline_value is None or indicator.target_value is None:
        return None
    span = float(indicator.target_value) - float(indicator.baseline_value)
    if span == 0:
        return None
    done = (float(measurements[-1].value) - float(indicator.baseline_value)) / span
    return max(0, min(100, round(done * 100)))
