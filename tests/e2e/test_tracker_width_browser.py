"""The mandate tracker at 1280 px (issue 18, defect 1's leftover): every column, "Latest
progress" the last, is on the screen, not cut off at the edge of the table's scroll box."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)


@pytest.fixture
def reference(transactional_db):
    call_command("loaddata", "fixtures/reference.json", verbosity=0)


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
