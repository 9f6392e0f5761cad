"""Arabic pages mirror: the layout runs right to left through CSS logical properties, on a
desktop and a phone width. SCREENSHOT_DIR=/tmp/… keeps a screenshot of each page to look at."""

import os

import pytest

from tests.support.reference import load_reference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = ["/ar/", "/ar/action-lines/", "/ar/action-lines/c3/", "/ar/sdg-matrix/", "/ar/meetings/"]


@pytest.fixture
def reference(transactional_db):
    load_reference()


@pytest.mark.parametrize("width", [1280, 390])
def test_arabic_pages_run_right_to_left(live_server, new_page, reference, width):
    page = new_page(viewport={"width": width, "height": 900}, locale="ar")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        # The brand, first in the header, starts at the right edge.
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] + brand["width"] > width * 0.6, (path, brand)
        # Table cells start on the right, as the text does (never pinned to the left).
        if page.locator("td").count():
            align = page.evaluate("getComputedStyle(document.querySelector('td')).textAlign")
            assert align != "left", (path, align)
        if os.environ.get("SCREENSHOT_DIR"):
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}-{width}.png"))


def test_the_switch_takes_a_french_reader_to_arabic_on_the_same_page(
    live_server, new_page, reference
):
    page = new_page(locale="fr-FR")
    page.goto(f"{live_server.url}/action-lines/c3/")
    assert page.url == f"{live_server.url}/fr/action-lines/c3/"  # Accept-Language: fr
    assert page.locator("html").get_attribute("lang") == "fr"
    page.select_option("#language-switch", "ar")
    page.get_by_role("button", name="Changer de langue").click()
    assert page.url == f"{live_server.url}/ar/action-lines/c3/"
    assert page.locator("html").get_attribute("dir") == "rtl"
