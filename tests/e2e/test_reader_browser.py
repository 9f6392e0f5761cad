"""The resolution reader in a real browser: paragraph links copied to the clipboard."""

import pytest

from tests.support.browser import assert_each_layout
from tests.support.reference import load_reference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference(transactional_db):
    load_reference()


def test_copy_link_puts_the_paragraph_address_on_the_clipboard(live_server, new_page, reference):
    from playwright.sync_api import expect

    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/documents/a-res-80-173/")
    address = f"{live_server.url}/documents/a-res-80-173/#para-113"

    copy = page.get_by_role("link", name="Copy link to paragraph 113", exact=True)
    copy.focus()
    page.keyboard.press("Enter")  # keyboard users reach it like any link

    expect(page.locator("#copy-status")).to_have_text(f"Link copied: {address}")
    assert page.evaluate("navigator.clipboard.readText()") == address
    # The link itself still goes to the anchor, as it does without JavaScript.
    assert page.url == address
    expect(page.locator("#para-113")).to_be_in_viewport()


def test_the_copy_announcement_speaks_the_pages_language(live_server, new_page, reference):
    from playwright.sync_api import expect

    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/fr/documents/a-res-80-173/")
    address = f"{live_server.url}/fr/documents/a-res-80-173/#para-113"
    page.locator("a[data-copy-link][href$='#para-113']").click()
    expect(page.locator("#copy-status")).to_have_text(f"Lien copié : {address}")


def test_footnotes_are_reached_from_their_marker_and_back(live_server, new_page, reference):
    """E/RES/2025/18: a marker leads to its footnote at the end and the footnote's back link to
    the marker, by keyboard; the page passes axe at desktop and phone widths, in English and in
    Arabic. SCREENSHOT_DIR=/tmp/… keeps a screenshot of each to look at."""

    from playwright.sync_api import expect

    page = new_page(viewport={"width": 1280, "height": 900})
    url = f"{live_server.url}/documents/e-res-2025-18/"
    page.goto(url)
    marker = page.locator("#para-5").get_by_role("link", name="Footnote 6", exact=True)
    marker.focus()
    page.keyboard.press("Enter")
    assert page.url == f"{url}#fn-6"
    expect(page.locator("#fn-6")).to_be_in_viewport()
    expect(page.locator("#fn-6")).to_contain_text("See A/60/687.")
    back = page.get_by_role("link", name="Back to the reference to footnote 6", exact=True)
    back.focus()
    page.keyboard.press("Enter")
    assert page.url == f"{url}#fnref-6"
    expect(page.locator("#fnref-6")).to_be_in_viewport()

    assert_each_layout(
        new_page,
        live_server.url,
        "/documents/e-res-2025-18/#para-5",
        "footnotes",
        also="/documents/e-res-2025-18/#fn-6",
    )


def test_a_link_by_the_drafts_old_number_finds_its_paragraph(live_server, new_page, reference):
    """The co-facilitators' ¶129 is ¶140 after UNESCO's edits; inserted paragraphs say so in
    words; the corrections list and the accepted reading pass axe, in English and Arabic."""

    from playwright.sync_api import expect

    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/documents/wsis20-zero-draft-unesco/#old-129")
    expect(page.locator("#para-140")).to_be_in_viewport()
    expect(page.locator("#para-16 .inserted-label")).to_have_text("inserted")
    summary = page.locator("#para-22 summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#para-22 details .para-text")).to_contain_text(
        "new technology infrastructure"
    )
    assert_each_layout(
        new_page,
        live_server.url,
        "/documents/wsis20-zero-draft-unesco/#para-16",
        "draft",
        also="/documents/e-res-2025-18/#corrections-heading",
    )
