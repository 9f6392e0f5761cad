"""The browsable API docs work in a real browser from the portal's own static files."""

import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOADED_RESOURCES = {"script", "stylesheet", "font", "fetch", "xhr", "document"}


@pytest.mark.parametrize(
    ("path", "rendered"),
    [
        ("/api/docs/", lambda page: page.get_by_text("/api/v1/stocktaking/").first),
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
        # Redoc's bundle links its vendor's logo image; code, styles and fonts must be ours.
        if request.resource_type in LOADED_RESOURCES and not request.url.startswith(
            (live_server.url, "blob:")
        ):
            outside.append(request.url)

    page.on("request", note_outside)
    page.goto(f"{live_server.url}{path}")

    expect(rendered(page)).to_be_visible(timeout=15_000)
    expect(page).to_have_title(re.compile("WSIS Action Line Coordination Portal API"))
    assert outside == [], f"the docs page fetched from outside the portal: {outside}"
