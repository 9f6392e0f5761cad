"""The Django admin keeps working under the portal's Content-Security-Policy (issue 16, layer
14): its sign-in (the portal's, with the two-factor step), lists, forms with their widgets
(date pickers, two-box selects, autocomplete) and search run without one violation (the page
fixture fails the test on any)."""

import pytest

from tests.support.factories import PASSWORD, ActionLineFactory, OrganizationFactory, UserFactory
from tests.support.two_factor import code_for, give_authenticator

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]


def test_staff_sign_in_browse_and_fill_forms_in_the_admin(live_server, page):
    from playwright.sync_api import expect

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    ActionLineFactory(code="C3", slug="c3", title="Access to information and knowledge")
    OrganizationFactory(acronym="UNESCO", name="UNESCO")

    # The admin signs in through the portal's sign-in and its two-factor step.
    device = give_authenticator(root)
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("textbox", name="Code").fill(code_for(device))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto(f"{live_server.url}/admin/actionlines/actionline/?q=C3")
    expect(page.get_by_role("link", name="C3", exact=False).first).to_be_visible()

    # A meeting: a date picker and a two-box select of action lines.
    page.goto(f"{live_server.url}/admin/actionlines/coordinationmeeting/add/")
    page.get_by_role("link", name="Today").first.click()
    page.locator("#id_action_lines_from").select_option(index=0)
    page.locator("#id_action_lines_add").click()  # the "Choose" arrow
    expect(page.locator("#id_action_lines_to option")).to_have_count(1)

    # A membership: select2's autocomplete of organisations asks the admin as one types.
    page.goto(f"{live_server.url}/admin/actionlines/membership/add/")
    page.locator("#id_organization + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("UNE")
    expect(page.locator(".select2-results__option", has_text="UNESCO")).to_be_visible()
