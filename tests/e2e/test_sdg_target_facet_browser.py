"""The stocktaking search's SDG-target facet in a real browser (issue 15, item 5): typing
words of a target's title (the whole title, not only the shortened label shown) narrows the
facet, the keyboard ticks a target, the chosen target stands above the results as a chip,
on the desktop and on a phone, with no axe-core violation. Screenshots go to SCREENSHOT_DIR
(default /tmp/wsis-shots)."""

import pytest
from django.utils import timezone

from actionlines.models import SDGTarget
from tests.e2e.test_search_facets_browser import TITLE, shot
from tests.support.browser import DESKTOP, PHONE, assert_accessible, assert_fits, type_to_filter
from tests.support.factories import StocktakingEntryFactory
from tests.support.reference import load_reference

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

# 9.c (access to the Internet) on three entries, 4.4 on two, eleven other targets on one
# each: thirteen values, so the facet shows ten and the other three under "Show all".
TARGETS = ["9.c"] * 3 + ["4.4"] * 2 + ["1.4", "3.8", "4.1", "4.a", "5.b", "8.2", "8.10"]
TARGETS += ["9.1", "9.5", "10.2", "16.10"]


@pytest.fixture
def corpus(transactional_db, stakeholder):
    load_reference()
    for i, code in enumerate(TARGETS):
        entry = StocktakingEntryFactory(
            submitter=stakeholder,
            state="published",
            published_at=timezone.now(),
            title=f"Digital inclusion project {i + 1}",
        )
        entry.sdg_targets.set([SDGTarget.objects.get(code=code)])


def visible_boxes(page):
    return page.locator("#facet-sdg_target input[type=checkbox]:visible")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_type_words_of_a_target_tick_it_and_remove_its_chip(
    live_server, new_page, corpus, viewport
):
    from playwright.sync_api import expect

    page = new_page(viewport=viewport)
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/stocktaking/")
    expect(page).to_have_title(TITLE.format("16 projects"))
    if viewport is PHONE:  # the facets open from the "Filters" control
        page.get_by_text("Filters", exact=True).click()
    expect(visible_boxes(page)).to_have_count(10)
    expect(page.get_by_text("Show all (13)")).to_be_visible()
    # "Internet" is at the end of 9.c's title, past the shortened label the page shows.
    type_to_filter(page, "SDG target", "internet")
    expect(visible_boxes(page)).to_have_count(1)
    target = page.locator("#facet-sdg_target li:visible")
    expect(target).to_contain_text("9.c Significantly increase access")
    expect(target).to_contain_text("3")
    # The values under "Show all" are searched too ("8.10" is one of them), by code.
    type_to_filter(page, "SDG target", "8.10")
    expect(visible_boxes(page)).to_have_count(1)
    type_to_filter(page, "SDG target", "internet")
    assert_accessible(page)
    shot(page, f"sdg-target-typing-{viewport['width']}")
    # Keyboard: Tab reaches 9.c's box, Space ticks it and the page applies it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "9.c"
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).to_have_title(TITLE.format("3 projects"))
    chip = page.get_by_role("link", name="Remove filter: 9.c Significantly increase access")
    expect(chip).to_be_visible()
    assert_fits(page, viewport["width"])
    assert_accessible(page)
    shot(page, f"sdg-target-chip-{viewport['width']}")
    chip.click()
    expect(page).to_have_title(TITLE.format("16 projects"))
    assert "sdg_target" not in page.url


def test_in_arabic(live_server, new_page, corpus):
    from playwright.sync_api import expect

    page = new_page(viewport=DESKTOP, locale="ar")
    page.goto(f"{live_server.url}/ar/stocktaking/?sdg_target=9.c")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    expect(page.locator("a.chip")).to_have_count(1)
    expect(page.locator("#facet-sdg_target input:checked")).to_have_value("9.c")
    assert_accessible(page)
    shot(page, "sdg-target-arabic")
