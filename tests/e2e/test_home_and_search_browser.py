"""The home page and the search across everything in a browser (issue 15, items 1 and 4), in
English and Arabic, at desktop and phone widths: what a visitor sees first, searching from the
home page, going on to a kind's own search, no WCAG 2.1 AA violation. Screenshots go to
SHOTS_DIR (default /tmp/wsis-shots/home-*.png)."""

import datetime
import os
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from tests.stocktaking.conftest import make_entry
from tests.support.browser import assert_accessible
from tests.support.factories import CoordinationMeetingFactory, MandateFactory, UserFactory
from tests.support.reference import load_reference

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(os.environ.get("SHOTS_DIR", Path(tempfile.gettempdir()) / "wsis-shots"))
SIZES = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}


@pytest.fixture
def portal(transactional_db):
    """The reference content (action lines, facilitators, documents, mandates) and a few
    published projects, a mandate due soon and a meeting to come."""
    from actionlines.models import ActionLine
    from stocktaking.models import Country

    load_reference()
    today = timezone.localdate()
    owner = UserFactory(username="owner")
    health = ActionLine.objects.get(code="C7-e-health")
    kenya, _ = Country.objects.get_or_create(
        code="KE", defaults={"alpha3": "KEN", "numeric": 404, "name": "Kenya"}
    )
    for title in ("Telemedicine hubs for rural clinics", "Mobile telemedicine vans"):
        entry = make_entry(owner, "published", title=title, organization_name="Rural Health")
        entry.action_lines.set([health])
        entry.countries.set([kenya])
    make_entry(owner, "draft", title="Unpublished telemedicine draft")
    MandateFactory(
        title="Report on telemedicine uptake", deadline=today + datetime.timedelta(days=1)
    )
    CoordinationMeetingFactory(
        title="E-health facilitators' meeting", date=today + datetime.timedelta(days=12)
    )


def shoot(page, name, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-{name}-{width}.png"), full_page=True)
    # Nothing pushes the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_visitor_reads_the_home_page_and_searches_from_it(
    live_server, new_page, portal, language, width
):
    from playwright.sync_api import expect

    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=SIZES[width], locale=language)
    page.goto(f"{live_server.url}{prefix}/")
    figures = page.locator(".figures")
    expect(figures.locator("li")).to_have_count(5)
    expect(figures.locator("li").first.locator(".figure")).to_have_text("2")
    if language == "en":
        coming = page.locator("section[aria-labelledby=upcoming-heading]")
        expect(coming.get_by_role("link", name="Report on telemedicine uptake")).to_be_visible()
        expect(coming.get_by_role("link", name="E-health facilitators' meeting")).to_be_visible()
        expect(
            page.locator(".recent").get_by_role("link", name="Mobile telemedicine vans")
        ).to_be_visible()
    assert_accessible(page)
    shoot(page, f"home-{language}", width)

    page.locator("#home-q").fill("telemedicine")
    page.locator("#home-q").press("Enter")
    page.wait_for_url(f"**{prefix}/search/?q=telemedicine")
    entries = page.locator("#entries")
    expect(entries.locator(".search-results li")).to_have_count(2)
    expect(page.get_by_text("Unpublished telemedicine draft")).to_have_count(0)
    expect(page.locator("#mandates .search-results li")).to_have_count(1)
    assert_accessible(page)
    shoot(page, f"search-{language}", width)

    # The group leads to the kind's own search, with the same words.
    entries.locator("a[href*='/stocktaking/?q=telemedicine']").click()
    page.wait_for_url("**/stocktaking/?q=telemedicine")
    expect(page.locator("#id_q")).to_have_value("telemedicine")


def test_bad_words_are_explained_next_to_the_box(live_server, new_page, portal):
    from playwright.sync_api import expect

    page = new_page(viewport=SIZES[390])
    response = page.goto(f"{live_server.url}/search/?q=" + "x" * 300)
    assert response.status == 400
    box = page.get_by_label("Search the portal")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Ensure this value has at most 200 characters")).to_be_visible()
    assert_accessible(page)
    shoot(page, "search-error", 390)
