"""Issue 16, layer 14: what an injection would add to a page does not run under the portal's
Content-Security-Policy, and the browser reports it to the portal, which logs it."""

import logging

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: What a stored XSS would put in a page: an inline script, an event handler, a style
#: attribute and an image from elsewhere (a tracking pixel).
INJECTED = (
    '<script>document.body.dataset.injected = "script ran";</script>'
    '<img id="handler" src="/static/img/favicon.svg" '
    'onload="document.body.dataset.handler = &quot;handler ran&quot;">'
    '<p id="styled" style="color: rgb(255, 0, 0)">styled</p>'
    '<img id="tracker" src="https://tracker.example/pixel.gif">'
)


def test_an_injected_script_handler_style_and_pixel_are_blocked_and_reported(
    live_server, browser, caplog
):
    # A context of its own, not the page fixture, which fails a test on any violation.
    context = browser.new_context()
    page = context.new_page()

    def inject(route):
        response = route.fetch()
        body = response.text().replace("</main>", INJECTED + "</main>")
        route.fulfill(response=response, body=body)

    page.route(f"{live_server.url}/action-lines/", inject)
    with caplog.at_level(logging.WARNING, logger="wsis_portal.csp"):
        page.goto(f"{live_server.url}/action-lines/")
        page.wait_for_load_state("networkidle")
        injected = page.evaluate("({...document.body.dataset})")
        color = page.eval_on_selector("#styled", "e => getComputedStyle(e).color")
    context.close()

    assert injected == {}, "an injected script or handler ran"
    assert color != "rgb(255, 0, 0)", "an injected style attribute applied"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "wsis_portal.csp")
    for directive in ("script-src-elem", "script-src-attr", "style-src-attr", "img-src"):
        assert f'"directive": "{directive}"' in logged, directive
    assert "https://tracker.example/pixel.gif" in logged


def test_error_pages_and_the_sign_in_page_are_clean(live_server, page):
    """The portal's error pages and its sign-in page render under the policy without one
    violation (the page fixture fails the test on any)."""
    from playwright.sync_api import expect

    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(f"{live_server.url}/ar/no-such-page/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
