"""The mandate tracker at 1280 px (issue 18, defect 1's leftover): every column, "Latest
progress" the last, is on the screen, not cut off at the edge of the table's scroll box."""

import tempfile
from pathlib import Path

import pytest

from tests.support.browser import assert_accessible
from tests.support.reference import load_reference

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)


@pytest.fixture
def reference(transactional_db):
    load_reference()


@pytest.mark.parametrize("language", ["", "/ar"])
def test_the_latest_progress_column_is_within_the_window_at_1280(
    live_server, new_page, reference, language
):
    from actionlines.models import Organization
    from mandates.models import Mandate, MandateUpdate

    mandate = Mandate.objects.get(
        document__slug="a-res-80-173", paragraph__label="113", clause__order=1
    )
    MandateUpdate.objects.create(
        mandate=mandate,
        organization=Organization.objects.get(acronym="UNESCO"),
        status="on_track",
        text="Road map drafted with the other facilitators.",
    )
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{language}/mandates/?document=a-res-80-173")
    page.screenshot(path=f"{SHOTS}/tracker-1280{language.replace('/', '-')}.png", full_page=True)
    header = page.locator(".table-scroll thead th").last  # "Latest progress"
    box = header.bounding_box()
    scroll = page.locator(".table-scroll").first.bounding_box()
    window = page.evaluate("window.innerWidth")
    # the whole column inside the table's box and the window: nothing to scroll to
    assert (
        box["x"] >= scroll["x"] - 1 and box["x"] + box["width"] <= scroll["x"] + scroll["width"] + 1
    )
    assert box["x"] >= 0 and box["x"] + box["width"] <= window
    table_width = page.evaluate("document.querySelector('.table-scroll table').scrollWidth")
    assert table_width <= scroll["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") == 1280


def test_the_filters_leave_the_table_on_the_first_screen(live_server, new_page, reference):
    """Issue 18: at 1280 px the filters took the whole first screen; on a phone (390 px) they
    were never looked at. Four filters show, the rest fold under "More filters"; on a phone
    all fold behind "Filters" and the table comes first; nothing is wider than the window."""
    url = f"{live_server.url}/mandates/?document=a-res-80-173"
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.screenshot(path=f"{SHOTS}/tracker-filters-1280.png")
    assert page.locator("#id_q").is_visible() and page.locator("#id_overdue").is_visible()
    assert not page.locator("#id_recurrence").is_visible()
    assert not page.locator(".tracker-filters > summary").is_visible()
    assert page.locator(".table-scroll tbody tr").first.bounding_box()["y"] < 900
    page.get_by_text("More filters").click()
    page.select_option("#id_recurrence", "annual")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url("**recurrence=annual**")
    assert page.locator("#id_recurrence").is_visible()  # a chosen filter stays in sight
    assert page.get_by_text("More filters (1)").is_visible()
    assert_accessible(page)

    for language in ("", "/ar"):
        phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(f"{live_server.url}{language}/mandates/?document=a-res-80-173")
        phone.screenshot(path=f"{SHOTS}/tracker-filters-390{language.replace('/', '-')}.png")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        summary = phone.locator(".tracker-filters > summary")
        assert summary.is_visible() and not phone.locator("#id_q").is_visible()
        assert phone.locator(".table-scroll tbody tr").first.bounding_box()["y"] < 844
        summary.click()
        assert phone.locator("#id_q").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(phone)
