"""The browsable API docs work in a real browser from the portal's own static files, under
the portal's Content-Security-Policy (the page fixture fails on any violation)."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/docs/", lambda page: page.get_by_text("/api/v1/stocktaking/").first),
        # Redoc's bundle, as the portal serves it, no longer asks for its vendor's logo from
        # the vendor's site, which the policy blocked on every visit (wsis_portal.api.docs):
        # the page fixture fails on any violation.
        (
            "/api/docs/redoc/",
            lambda page: page.get_by_role("heading", name="List stocktaking entries"),
        ),
    ],
    ids=["swagger-ui", "redoc"],
)
def test_docs_render_the_schema_without_any_outside_request(live_server, page, path, rendered):
    from playwright.sync_api import expect

    outside = []

    def note_outside(request):
        if not request.url.startswith((live_server.url, "blob:", "data:")):
            outside.append(request)

    page.on("request", note_outside)
    page.goto(f"{live_server.url}{path}")

    expect(rendered(page)).to_be_visible(timeout=15_000)
    expect(page).to_have_title(re.compile("WSIS Action Line Coordination Portal API"))
    page.wait_for_load_state("networkidle")
    # Chromium names a request the Content-Security-Policy stopped as failed with "csp".
    assert [request.url for request in outside] == [], "the docs page asked outside the portal"


def test_the_browsable_api_works_under_the_policy(live_server, page, sign_in, stakeholder):
    """DRF's pages keep their layout (their fixed style attributes are allowed by hash), their
    filter dialog and, signed in, their forms for writing; any violation fails the test."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/api/v1/action-lines/")
    expect(page.get_by_role("heading", name="Action lines")).to_be_visible()
    page.get_by_role("button", name="Filters").click()
    expect(page.locator("#filtersModal")).to_be_visible()

    sign_in(page, "stakeholder")
    page.goto(f"{live_server.url}/api/v1/stocktaking/")
    # Only the raw-data form: its JSON body is the one the schema documents.
    expect(page.get_by_role("link", name="Raw data")).to_have_count(0)
    expect(page.get_by_role("button", name="POST")).to_be_visible()
