"""The footer's language switch: its pick-list is as wide as its longest language name, not
the page, and sits after its label in the reading direction (issue 14, item 2).
SCREENSHOT_DIR=/tmp/… keeps a screenshot of the footer to look at."""

import os

import pytest

from tests.support.browser import DESKTOP, PHONE, assert_fits

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_language_pick_list_is_as_wide_as_its_names(live_server, new_page, viewport):
    shots = os.environ.get("SCREENSHOT_DIR")
    for prefix in ("", "/ar"):
        page = new_page(viewport=viewport)
        page.goto(f"{live_server.url}{prefix}/meetings/")
        select = page.locator("#language-switch").bounding_box()
        label = page.locator(".language-switch label").bounding_box()
        assert select["width"] < 220, (prefix, select)
        if prefix:  # right to left: the label on the right, the list to its left
            assert select["x"] + select["width"] <= label["x"] + 1, (select, label)
        else:
            assert label["x"] + label["width"] <= select["x"] + 1, (select, label)
        assert_fits(page, viewport["width"])
        if shots:
            footer = page.locator(".site-footer")
            name = f"footer{prefix.replace('/', '-')}-{viewport['width']}.png"
            footer.screenshot(path=os.path.join(shots, name))
