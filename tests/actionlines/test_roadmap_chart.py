"""The road-map charts (issue 18, defect 3): axes drawn by Vega-Lite with round ticks in the
reader's language, an SVG that needs no inline style, and no measurement dated in the future
(it counted as progress made: a 2030 value put an indicator at 100 %)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actionlines.models import Measurement
from actionlines.services import record_measurement
from tests.support.factories import IndicatorFactory, RoadmapTargetFactory

pytestmark = pytest.mark.django_db

LABEL = re.compile(r'<text text-anchor="end" transform="translate\(-[^>]*>([^<]*)</text>')


@pytest.fixture
def broadband(line):
    """The indicator of the defect: values around 75,000, which the old chart labelled
    74,999.25 and clipped to "4,999.25"."""
    target = RoadmapTargetFactory(action_line=line, title="Broadband for all")
    indicator = IndicatorFactory(
        target=target,
        name="Subscriptions",
        unit="lines",
        baseline_value=Decimal("74999.25"),
        target_value=Decimal("120000"),
    )
    for day, value in (("2025-01-15", "74999.25"), ("2025-09-01", "86010.5")):
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date.fromisoformat(day), value=value
        )
    return indicator


def chart_of(text, indicator):
    start = text.index('<svg xmlns="http://www.w3.org/2000/svg"')
    svg = text[start : text.index("</svg>", start) + len("</svg>")]
    assert f'id="indicator-{indicator.pk}-chart"' in svg
    return svg


def y_labels(svg):
    """The y axis's tick labels: right-aligned, left of the plot."""
    return [label for label in LABEL.findall(svg) if label]


def test_axis_ticks_are_round_numbers_and_values_stay_in_the_table(client, line, broadband):
    text = client.get(reverse("actionlines:roadmap", args=[line.slug])).text
    svg = chart_of(text, broadband)
    labels = y_labels(svg)
    assert len(labels) >= 3
    numbers = [int(label.replace(",", "")) for label in labels]  # no decimals
    steps = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() % 10_000 == 0, labels
    assert "74,999.25" not in svg  # a value, not a tick: it is in the table
    assert "74999.25" in text or "74,999.25" in text
    # The chart is one image named for screen readers.
    assert 'role="img"' in svg and "Subscriptions (lines) over time" in svg
    assert "2 measurements, baseline" in svg


def test_chart_svg_has_no_inline_style(client, line, broadband):
    svg = chart_of(client.get(reverse("actionlines:roadmap", args=[line.slug])).text, broadband)
    assert "style=" not in svg and "<style" not in svg


def test_chart_in_the_readers_language(client, line, broadband):
    text = client.get(f"/fr{reverse('actionlines:roadmap', args=[line.slug])}").text
    svg = chart_of(text, broadband)
    assert "80\xa0000" in y_labels(svg) or "80 000" in y_labels(svg)
    assert "Cible" in svg and "Référence" in svg  # the target and baseline lines' labels
    assert re.search(r">(Janv?|Sept?|Oct|Mai|Juil)\.? 2025<", svg), "months in French"


def test_future_measurement_refused_in_the_form(client, line, facilitator, broadband):
    client.force_login(facilitator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("actionlines:measurement-create", args=[line.slug, broadband.pk])
    response = client.post(url, {"measured_on": "2030-01-01", "value": "120000", "note": "plan"})
    assert response.status_code == 200
    assert "A measurement records a value already observed" in response.text
    assert 'id="id_measured_on_error"' in response.text or "id_measured_on" in response.text
    assert 'value="120000"' in response.text  # what was typed stays
    response = client.post(url, {"measured_on": tomorrow.isoformat(), "value": "99000"})
    assert response.status_code == 200
    assert not broadband.measurements.filter(measured_on__gt=timezone.localdate()).exists()
    # Today is not the future.
    response = client.post(url, {"measured_on": timezone.localdate().isoformat(), "value": "9"})
    assert response.status_code == 302
    assert broadband.measurements.filter(measured_on=timezone.localdate()).exists()


def test_future_measurement_refused_by_the_service(broadband, facilitator):
    with pytest.raises(ValidationError) as error:
        record_measurement(
            broadband, measured_on=datetime.date(2030, 1, 1), value=Decimal(1), by=facilitator
        )
    assert "measured_on" in error.value.message_dict
    assert broadband.measurements.count() == 2


def test_progress_counts_observed_values_only(client, line, broadband):
    """With the 2030 value refused, progress is where the latest real value puts it."""
    text = client.get(reverse("actionlines:roadmap", args=[line.slug])).text
    assert "24% of the way from baseline to target" in text
