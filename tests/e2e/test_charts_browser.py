"""Charts drawn on the server, as a reader meets them in the browser: the road-map chart
(issue 18, defect 3), the world map and the WSIS–SDG matrix with data (issue 15, items 2 and 3).
Screenshots at desktop and phone widths, in English and Arabic, go to /tmp/wsis-shots/charts-*."""

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.stocktaking.conftest import catalog  # noqa: F401 - reference rows
from tests.support.browser import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/charts-{name}.png", full_page=True)


@pytest.fixture
def broadband(transactional_db, line):
    from actionlines.models import Measurement
    from tests.support.factories import IndicatorFactory, RoadmapTargetFactory

    target = RoadmapTargetFactory(action_line=line, title="Broadband for all")
    indicator = IndicatorFactory(
        target=target,
        name="Broadband subscriptions",
        unit="lines",
        baseline_value=Decimal("74999.25"),
        target_value=Decimal("120000"),
        baseline_year=2024,
        target_year=2030,
    )
    for day, value in (
        ("2024-11-15", "74999.25"),
        ("2025-04-01", "80250"),
        ("2025-10-01", "86010.5"),
    ):
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date.fromisoformat(day), value=value
        )
    return indicator


def clipped_labels(page):
    """Texts of the chart that stick out of its drawing (the old chart cut "74,999.25" to
    "4,999.25" on the left)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.chart svg[role=img]')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5);
            }).map(t => t.textContent);
        })"""
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_roadmap_chart_labels_fit_and_future_values_are_refused(
    live_server, new_page, sign_in, line, broadband, facilitator, language
):
    from playwright.sync_api import expect

    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}{prefix}/action-lines/{line.slug}/roadmap/")
    chart = page.locator(f"#indicator-{broadband.pk}-chart")
    expect(chart).to_be_visible()
    labels = chart.locator("text").all_text_contents()
    # Grouped by thousands as the language's other figures are (tests/i18n/test_numbers.py).
    assert {"en": "80,000", "ar": "80\xa0000"}[language] in labels, labels
    assert clipped_labels(page) == []
    assert_accessible(page)
    shot(page, f"roadmap-{language}-1280")
    page.set_viewport_size(PHONE)
    assert clipped_labels(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    shot(page, f"roadmap-{language}-390")
    if language != "en":
        return

    # A value dated 2030 is a target, not a measurement: refused, with the reason.
    sign_in(page, "facilitator")
    page.goto(
        f"{live_server.url}/action-lines/{line.slug}/roadmap/indicators/"
        f"{broadband.pk}/measurements/new/"
    )
    page.get_by_label("Date measured").fill("2030-01-01")
    page.get_by_label("Value").fill("120000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_measured_on_error")).to_contain_text("after today")
    expect(page.get_by_label("Value")).to_have_value("120000")
    shot(page, "measurement-future-390")
    assert not broadband.measurements.filter(measured_on__year=2030).exists()


@pytest.fixture
def mapped(transactional_db, catalog, stakeholder):  # noqa: F811
    from tests.stocktaking.conftest import make_entry

    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine hubs")
    both = make_entry(stakeholder, "published", catalog=catalog, title="Cross-border clinics")
    both.countries.add(catalog["france"])
    libraries = make_entry(stakeholder, "published", title="Libraries online")
    libraries.action_lines.set([catalog["c3"]])
    libraries.countries.set([catalog["france"]])
    return catalog


@pytest.mark.parametrize("language", ["en", "ar"])
def test_clicking_a_country_on_the_map_filters_the_search(live_server, new_page, mapped, language):
    from playwright.sync_api import expect

    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}{prefix}/stocktaking/?action_line=C7")
    world = page.locator(".world-map svg")
    expect(world).to_be_visible()
    assert_accessible(page)
    page.locator(".world-map").scroll_into_view_if_needed()
    shot(page, f"map-search-{language}-1280")
    kenya = world.locator("a").filter(has=page.locator("title", has_text="Kenya"))
    expect(kenya).to_have_count(1)
    kenya.click()
    expect(page).to_have_url(f"{live_server.url}{prefix}/stocktaking/?action_line=C7&country=KE")
    expect(page.get_by_role("link", name="Telemedicine hubs")).to_be_visible()
    expect(page.get_by_role("link", name="Libraries online")).to_have_count(0)

    # Keyboard: France's shape is a link of its own, reached with Tab, followed with Enter.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{prefix}/")
    france = page.locator(".world-map svg a").filter(has=page.locator("title", has_text="France"))
    france.focus()
    expect(france).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.locator(".world-map").screenshot(path=f"{SHOTS}/charts-map-home-{language}-390.png")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{prefix}/stocktaking/?country=FR")
    expect(page.get_by_role("link", name="Libraries online")).to_be_visible()


def test_map_text_alternative_works_without_javascript(browser, live_server, mapped):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live_server.url}/action-lines/c3/")
    page.get_by_text("The figures of the map: 1 country").click()
    table = page.locator(".map-table table")
    expect(table).to_be_visible()
    table.get_by_role("link", name="France").click()
    expect(page).to_have_url(f"{live_server.url}/stocktaking/?action_line=C3&country=FR")
    expect(page.get_by_role("link", name="Libraries online")).to_be_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_matrix_cell_opens_its_search(live_server, new_page, mapped, language):
    from playwright.sync_api import expect

    from tests.support.factories import SDGFactory

    for number in set(range(1, 18)) - {3, 4}:  # all 17 columns, as in the portal
        SDGFactory(number=number, title=f"Goal {number}")
    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}{prefix}/sdg-matrix/")
    heat = page.locator("table.heat")
    expect(heat).to_be_visible()
    assert_accessible(page)
    shot(page, f"matrix-{language}-1280")
    page.set_viewport_size(PHONE)
    # On a phone the matrix scrolls within its own box, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    box = heat.locator("xpath=..")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    heat.scroll_into_view_if_needed()
    shot(page, f"matrix-{language}-390")
    cell = heat.locator('a[href$="action_line=C7-e-health&sdg=3"]')
    expect(cell).to_have_text("2")
    cell.click()
    expect(page).to_have_url(
        f"{live_server.url}{prefix}/stocktaking/?action_line=C7-e-health&sdg=3"
    )
    expect(page.get_by_role("link", name="Telemedicine hubs")).to_be_visible()
    expect(page.get_by_role("link", name="Cross-border clinics")).to_be_visible()
    expect(page.get_by_role("link", name="Libraries online")).to_have_count(0)
