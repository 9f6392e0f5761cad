"""The resolution reader in a real browser: paragraph links copied to the clipboard."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference(transactional_db):
    call_command("loaddata", "fixtures/reference.json", verbosity=0)


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
