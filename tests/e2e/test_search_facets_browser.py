"""The stocktaking search's facets in a real browser (issue 15, item 5): typing in the country
facet narrows it, the chosen filters stand above the results as chips that remove one filter
each, keyboard only; on a phone the results come before the facets, which open from a
"Filters" control, with and without JavaScript; Arabic mirrors. Screenshots go to
SCREENSHOT_DIR (default /tmp/wsis-shots)."""

import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from stocktaking.models import Country
from tests.support.browser import assert_accessible
from tests.support.factories import StocktakingEntryFactory
from tests.support.reference import load_reference

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "wsis-shots"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Kenya on three entries, France on two, twelve other countries on one each: 14 values, so
# the country facet shows its ten most frequent and the other four under "Show all".
COUNTRIES = ["KE"] * 3 + ["FR"] * 2 + ["BR", "CN", "DE", "EG", "IN", "JP"]
COUNTRIES += ["MX", "NG", "PE", "RU", "SN", "TZ"]
TITLE = "{} — Stocktaking search · WSIS Action Line Coordination Portal"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"search-facets-{name}.png"), full_page=True)


@pytest.fixture
def corpus(transactional_db, stakeholder):
    load_reference()
    for i, code in enumerate(COUNTRIES):
        entry = StocktakingEntryFactory(
            submitter=stakeholder,
            state="published",
            published_at=timezone.now(),
            title=f"Community network {i + 1} in {Country.objects.get(code=code).name}",
            project_status="completed" if i % 2 else "ongoing",
        )
        entry.countries.set([code])


def visible_boxes(page, facet):
    return page.locator(f"#facet-{facet} input[type=checkbox]:visible")


def test_type_to_filter_then_tick_and_remove_filters_by_keyboard(live_server, new_page, corpus):
    from playwright.sync_api import expect

    page = new_page(viewport=DESKTOP)
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/stocktaking/")
    expect(page).to_have_title(TITLE.format("17 projects"))
    assert visible_boxes(page, "country").count() == 10
    finder = page.get_by_label("Type to filter: Country")
    finder.focus()
    page.keyboard.type("ken")
    expect(visible_boxes(page, "country")).to_have_count(1)
    expect(page.locator(".facet-find .filter-status").first).to_have_text("Values shown: 1")
    # Accents and case are ignored, and the values hidden under "Show all" are searched too.
    finder.fill("")
    page.keyboard.type("SENE")
    expect(visible_boxes(page, "country")).to_have_count(1)
    expect(page.get_by_role("checkbox", name="Senegal")).to_be_visible()
    finder.fill("")
    page.keyboard.type("ken")
    page.keyboard.press("Enter")  # does not send the form
    assert "country" not in page.url
    shot(page, "desktop-typing")
    # Keyboard: Tab reaches Kenya's box, Space ticks it and the page applies it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "KE"
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).to_have_title(TITLE.format("3 projects"))
    kenya = page.get_by_role("link", name="Remove filter: Kenya")
    expect(kenya).to_be_visible()
    # A second filter, by its link in the facet.
    page.locator("#facet-status").get_by_role("link", name="Completed").click()
    expect(page.get_by_role("link", name="Remove filter: Completed")).to_be_visible()
    expect(page).to_have_title(TITLE.format("1 project"))
    assert_accessible(page)
    shot(page, "desktop-chips")
    # Removing Kenya keeps "Completed".
    page.get_by_role("link", name="Remove filter: Kenya").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "country=" not in page.url and "status=completed" in page.url
    expect(page.get_by_role("link", name="Remove filter: Kenya")).to_have_count(0)
    expect(page.get_by_role("link", name="Remove filter: Completed")).to_be_visible()
    expect(page).to_have_title(TITLE.format("8 projects"))


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_results_come_first_and_the_facets_open_from_filters(
    live_server, new_page, corpus, javascript
):
    from playwright.sync_api import expect

    page = new_page(viewport=PHONE, java_script_enabled=javascript)
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/stocktaking/?q=community")
    first = page.locator(".result").first.bounding_box()
    control = page.get_by_text("Filters (1)")
    facets = page.locator(".st-facets")
    # The first result is on the first screen; the facets are folded away until asked for.
    assert first["y"] + 40 < PHONE["height"], first  # at least its title
    expect(facets).to_be_hidden()
    assert control.bounding_box()["y"] < first["y"]
    expect(page.get_by_role("link", name="Remove filter: “community”")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, f"phone{'' if javascript else '-nojs'}")
    control.click()
    expect(facets).to_be_visible()
    # The countries after the ten most frequent: under "Show all", which needs no script.
    expect(page.get_by_role("checkbox", name="Tanzania")).to_be_hidden()
    page.get_by_text("Show all (14)").click()
    expect(page.get_by_role("checkbox", name="Tanzania")).to_be_visible()
    # The filter box comes with the script only.
    finder = page.get_by_label("Type to filter: Country")
    if javascript:
        expect(finder).to_be_visible()
    else:
        expect(finder).to_be_hidden()
    if javascript:  # axe runs as a script in the page
        assert_accessible(page)
    shot(page, f"phone-open{'' if javascript else '-nojs'}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_in_arabic(live_server, new_page, corpus, viewport):
    from playwright.sync_api import expect

    page = new_page(viewport=viewport, locale="ar")
    page.goto(f"{live_server.url}/ar/stocktaking/?country=KE")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator("a.chip")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    shot(page, f"arabic-{viewport['width']}")
