"""The road map's actions as a facilitator meets them (issue 18, gap 4): a row of compact
buttons per target and indicator, each named for what it acts on, reachable by keyboard."""

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest

from tests.e2e.test_role_pages_browser import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)


def test_road_map_actions_are_compact_buttons_named_for_their_item(
    live_server, page, sign_in, line, facilitator
):
    from playwright.sync_api import expect

    from tests.support.factories import IndicatorFactory, RoadmapTargetFactory

    target = RoadmapTargetFactory(action_line=line, title="Every library connected")
    IndicatorFactory(target=target, name="Libraries online", unit="%", target_value=Decimal(90))
    sign_in(page, "facilitator")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/action-lines/{line.slug}/roadmap/")

    names = {
        "Edit target “Every library connected”": "Edit",
        "Add indicator to “Every library connected”": "Add indicator",
        "Delete target “Every library connected”": "Delete",
        "Record measurement of “Libraries online”": "Record measurement",
        "Edit indicator “Libraries online”": "Edit",
        "Delete indicator “Libraries online”": "Delete",
    }
    for name, text in names.items():
        link = page.get_by_role("link", name=name, exact=True)
        expect(link).to_have_text(text)
        expect(link).to_have_class(
            "button secondary small" + (" danger" if text == "Delete" else "")
        )
    # Each item's actions fit on one row of buttons, at desktop and phone widths.
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for row in page.locator("ul.item-actions").all():
            tops = row.locator("a").evaluate_all("links => links.map(l => l.offsetTop)")
            assert len(set(tops)) == 1, (width, tops)
        page.screenshot(path=f"{SHOTS}/roadmap-actions-{width}.png", full_page=True)
    assert_accessible(page)

    # By keyboard: the first button after the target's heading opens its edit form.
    page.get_by_role("link", name="Edit target “Every library connected”").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Every library connected")
