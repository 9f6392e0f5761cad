"""Server-side geometry of the indicator charts on action-line pages.

A chart is inline SVG drawn by a template from the numbers computed here, so it needs no
JavaScript and prints; the template puts the same data in a table next to it for screen
readers and for anyone who prefers numbers.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: list = field(default_factory=list)  # (x, y, measurement)
    polyline: str = ""
    baseline_y: float | None = None
    target_y: float | None = None
    y_ticks: list = field(default_factory=list)  # (y, label)
    x_labels: list = field(default_factory=list)  # (x, label, text-anchor)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def is_empty(self) -> bool:
        return not self.points


def _fmt(value) -> str:
    text = f"{float(value):,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def indicator_chart(indicator) -> Chart:
    """Measurements of ``indicator`` over time against its baseline and target value.

    Reads ``indicator.measurements.all()`` (prefetch it) in date order.
    """
    chart = Chart()
    measurements = sorted(indicator.measurements.all(), key=lambda m: m.measured_on)
    values = [float(m.value) for m in measurements]
    for ref in (indicator.baseline_value, indicator.target_value):
        if ref is not None:
            values.append(float(ref))
    if not measurements:
        return chart
    low, high = min(values + [0.0]), max(values)
    if high == low:
        high = low + 1
    span_y = chart.plot_bottom - chart.plot_top

    def y_of(value):
        return round(chart.plot_bottom - (float(value) - low) / (high - low) * span_y, 1)

    first, last = measurements[0].measured_on, measurements[-1].measured_on
    days = max((last - first).days, 1)
    span_x = chart.plot_right - chart.plot_left

    def x_of(day):
        if first == last:
            return chart.plot_left + span_x / 2
        return round(chart.plot_left + (day - first).days / days * span_x, 1)

    chart.points = [(x_of(m.measured_on), y_of(m.value), m) for m in measurements]
    chart.polyline = " ".join(f"{x},{y}" for x, y, _ in chart.points)
    if indicator.baseline_value is not None:
        chart.baseline_y = y_of(indicator.baseline_value)
    if indicator.target_value is not None:
        chart.target_y = y_of(indicator.target_value)
    chart.y_ticks = [
        (y_of(low + (high - low) * i / 4), _fmt(low + (high - low) * i / 4)) for i in range(5)
    ]
    if first == last:
        chart.x_labels = [(x_of(first), f"{first:%d %b %Y}", "middle")]
    else:  # the ends anchored inwards, so that no label runs off the drawing
        chart.x_labels = [
            (x_of(first), f"{first:%b %Y}", "start"),
            (x_of(last), f"{last:%b %Y}", "end"),
        ]
    return chart


def progress_percent(indicator) -> int | None:
    """How far the latest measurement has come from the baseline towards the target, 0–100.

    ``None`` when there is no measurement, baseline or target, or they coincide.
    """
    measurements = sorted(indicator.measurements.all(), key=lambda m: m.measured_on)
    if not measurements or indicator.baseline_value is None or indicator.target_value is None:
        return None
    span = float(indicator.target_value) - float(indicator.baseline_value)
    if span == 0:
        return None
    done = (float(measurements[-1].value) - float(indicator.baseline_value)) / span
    return max(0, min(100, round(done * 100)))
