"""The browsable API in Arabic, as a reader meets it: the page is in Arabic, right to left and
mirrored (the request buttons stand at the left, the title at the right), passes axe-core's
WCAG 2.1 AA rules with its filter dialog open too, and breaks no Content-Security-Policy rule
(``new_page``). Screenshots go to ``SCREENSHOT_DIR`` (or /tmp/wsis-shots)."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.support.browser import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "wsis-shots")
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def reference(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/reference.json", verbosity=0)


def test_the_browsable_api_reads_right_to_left_in_arabic(live_server, new_page, reference):
    from playwright.sync_api import expect

    page = new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    page.goto(f"{live_server.url}/api/v1/action-lines/?format=api")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("خطوط العمل")
    expect(page.get_by_role("link", name="تسجيل الدخول")).to_be_visible()
    # Mirrored: the GET button at the left, the title at the right.
    width = page.viewport_size["width"]
    get_button = page.locator("#get-form").bounding_box()
    title = page.locator("h1").bounding_box()
    assert get_button["x"] + get_button["width"] < width / 2, get_button
    assert title["x"] + title["width"] > width / 2, title
    assert_accessible(page)
    page.screenshot(path=SHOTS / "browsable-api-ar-1280.png")

    page.get_by_role("button", name="المرشحات والترتيب").click()
    dialog = page.locator("#filtersModal")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("خط العمل الأصلي")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS / "browsable-api-ar-filters-1280.png")

    # The language links keep the reader on the same page, in the language chosen.
    page.goto(f"{live_server.url}/api/v1/action-lines/C7-e-health/?format=api")
    page.get_by_role("link", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("行动方面")
