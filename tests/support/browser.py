"""Checks the browser tests share: axe-core's WCAG 2.1 AA rules on a page, and a page looked at
in English and Arabic at desktop and phone widths; and the steps they share: another window
on the same signed-in session, typing in a facet's filter box."""

import os

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def assert_accessible(page):
    """No WCAG 2.1 A/AA violation axe-core finds on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = [
        (v["id"], [node["target"] for node in v["nodes"]][:3])
        for v in result.response["violations"]
    ]
    assert not violations, f"{page.url}: {violations}"


def assert_each_layout(new_page, base_url, path, name, also=None):
    """``path`` opened in English and Arabic, at 1280 and 390 px: no axe-core violation and
    nothing wider than the window. With ``SCREENSHOT_DIR`` set, a screenshot of each as
    ``<name>[-ar]-<width>.png``, and of the page ``also`` (another path, same language) as
    ``<name>[-ar]-<width>-also.png``."""
    shots = os.environ.get("SCREENSHOT_DIR")
    for prefix in ("", "/ar"):
        for width in (1280, 390):
            page = new_page(viewport={"width": width, "height": 900})
            page.goto(f"{base_url}{prefix}{path}")
            assert_accessible(page)
            # Nothing pushes the page sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
            if shots:
                shot = f"{name}{prefix.replace('/', '-')}-{width}"
                page.screenshot(path=os.path.join(shots, f"{shot}.png"))
                if also:
                    page.goto(f"{base_url}{prefix}{also}")
                    page.screenshot(path=os.path.join(shots, f"{shot}-also.png"))


def assert_fits(page, width):
    """Nothing pushes the page sideways: it is no wider than a window ``width`` px wide."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (page.url, scroll_width, width)


def same_session(new_page, page, **options):
    """A new page (a context of its own: another window size, another language) with
    ``page``'s cookies, so signed in as the same user without going through the sign-in pages
    again; only the cookies: what the page kept in its local storage stays behind."""
    return new_page(storage_state={"cookies": page.context.cookies(), "origins": []}, **options)


def type_to_filter(page, facet, text):
    """Empty the "Type to filter" box of the facet labelled ``facet`` and type ``text`` in
    it key by key, as a user does (each key filters the facet's values); returns the box."""
    finder = page.get_by_label(f"Type to filter: {facet}")
    finder.fill("")
    finder.focus()
    page.keyboard.type(text)
    return finder
