"""Checks the browser tests share: axe-core's WCAG 2.1 AA rules on a page, and a page looked at
in English and Arabic at desktop and phone widths."""

import os

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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
