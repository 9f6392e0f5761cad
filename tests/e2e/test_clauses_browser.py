"""A document's clause table in a real browser (issue 13, item 5): the review at a glance."""

import os

import pytest

from tests.support.reference import load_reference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference(transactional_db):
    load_reference()


def test_the_clause_table_reads_and_passes_axe_on_desktop_and_phone(
    live_server, new_page, reference
):
    """A/RES/80/173: every clause a row, every mandate a link to its page, each row a link to
    the clause in the reader; WCAG 2.1 AA (axe) at 1280 and 390 pixels, in English and in
    Arabic; the page itself never scrolls sideways (the table scrolls in its own region).
    SCREENSHOT_DIR=/tmp/… keeps a screenshot of each to look at."""
    from playwright.sync_api import expect

    from tests.e2e.test_role_pages_browser import assert_accessible

    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/documents/a-res-80-173/clauses/")
    table = page.locator("table.clause-review")
    expect(table.locator("thead th")).to_have_count(6)
    expect(table.get_by_role("link", name="Mandate", exact=True)).to_have_count(12)
    row = table.locator("tr", has_text="We further request that the work be completed")
    expect(row).to_contain_text("CSTD")
    expect(row).to_contain_text("2027")
    row.get_by_role("link", name="¶67.2").click()
    assert page.url.endswith("/documents/a-res-80-173/#para-67-c2")
    expect(page.locator("#para-67-c2")).to_be_in_viewport()

    for prefix in ("", "/ar"):
        for width in (1280, 390):
            page = new_page(viewport={"width": width, "height": 900})
            page.goto(f"{live_server.url}{prefix}/documents/a-res-80-173/clauses/")
            expect(page.locator("table.clause-review tbody tr")).to_have_count(19)
            assert_accessible(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            if os.environ.get("SCREENSHOT_DIR"):
                name = f"clauses{prefix.replace('/', '-')}-{width}"
                page.screenshot(
                    path=os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}.png"), full_page=False
                )
