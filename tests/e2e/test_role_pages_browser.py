"""What each role meets in the browser (issue 18): the moderation queue's filters and the words
after a decision, restoring a page revision, the public road map and report PDF, the sign-in
page's wording, the header, and the small things a reader notices. Screenshots at desktop and
phone widths go to /tmp/wsis-shots/roles-*.png."""

import tempfile
from pathlib import Path

import pytest

from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from tests.support.browser import assert_accessible
from tests.support.reference import load_reference

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def shots(page, name):
    """Full-page screenshots at desktop and phone widths; returns the page's width at each
    (a page wider than the window scrolls sideways as a whole)."""
    widths = {}
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=f"{SHOTS}/roles-{name}-{size['width']}.png", full_page=True)
        widths[size["width"]] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return widths


def test_moderation_queue_filters_by_action_line_and_says_what_a_decision_did(
    live_server,
    new_page,
    sign_in,
    catalog,  # noqa: F811
    moderator,
    stakeholder,
):
    from playwright.sync_api import expect

    health = make_entry(stakeholder, "submitted", catalog=catalog, title="Telemedicine hubs")
    make_entry(stakeholder, "submitted", title="Community radio archives")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "moderator")
    page.goto(f"{live_server.url}/stocktaking/moderation/")

    lines = page.get_by_label("Action lines")
    expect(lines.locator("option")).to_have_count(3)  # C3, C7, C7-e-health
    expect(page.get_by_text("anonymous: published")).to_have_count(0)
    expect(page.get_by_text("repeatable")).to_have_count(0)
    widths = shots(page, "queue")
    assert widths == {1280: 1280, 390: 390}  # the table scrolls in its own box on a phone

    lines.select_option("C7")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Telemedicine hubs")).to_be_visible()
    expect(page.get_by_role("link", name="Community radio archives")).to_have_count(0)
    expect(page.get_by_label("Action lines")).to_have_values(["C7"])

    page.get_by_role("link", name="Telemedicine hubs").click()
    page.get_by_label("Request changes").check()
    page.get_by_label("Comment").fill("Please add the project's dates.")
    page.get_by_role("button", name="Record decision").click()
    done = "Changes requested on “Telemedicine hubs”: the submitter sees your comment."
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.get_by_text("request_changes")).to_have_count(0)
    health.refresh_from_db()
    assert health.state == "changes_requested"


def test_restoring_a_page_revision_asks_first_and_refuses_the_current_text(
    live_server, new_page, sign_in, line, facilitator
):
    from playwright.sync_api import expect

    from actionlines.services import save_page

    save_page(line, "# About\n\nFirst text.", base_version=0, by=facilitator, summary="First")
    save_page(line, "# About\n\nSecond text.", base_version=1, by=facilitator, summary="Second")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "facilitator")
    page.goto(f"{live_server.url}/action-lines/{line.slug}/history/")
    page.get_by_role("link", name="Restore version 1…").click()

    # A confirmation step showing what restoring changes; nothing is written yet.
    expect(page.get_by_role("heading", name="Restore version 1?")).to_be_visible()
    # Word by word (5c3e431): only the changed word is marked, with its spoken label.
    expect(page.locator("table.diff del")).to_have_text("Removed: Second")
    expect(page.locator("table.diff ins")).to_have_text("Added: First")
    assert max(shots(page, "restore-confirm").values()) <= DESKTOP["width"]
    line.refresh_from_db()
    assert line.page_version == 2
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_text("Version 1 restored as version 3.")).to_be_visible()
    line.refresh_from_db()
    assert (line.page_version, line.page_content) == (3, "# About\n\nFirst text.")

    # Version 1's text is now the page's: restoring it again is refused, nothing is written.
    page.goto(f"{live_server.url}/action-lines/{line.slug}/history/1/restore/")
    expect(page.get_by_text("there is nothing to restore")).to_be_visible()
    expect(page.get_by_role("button", name="Restore version 1")).to_have_count(0)
    shots(page, "restore-nothing")
    line.refresh_from_db()
    assert line.page_version == 3


def test_the_public_opens_the_road_map_and_downloads_the_report_pdf(
    live_server, new_page, line, settings, tmp_path
):
    import datetime

    from playwright.sync_api import expect

    from actionlines.models import Measurement
    from tests.support.factories import IndicatorFactory, RoadmapTargetFactory

    settings.MEDIA_ROOT = tmp_path
    target = RoadmapTargetFactory(action_line=line, title="Open access in every library")
    indicator = IndicatorFactory(
        target=target, name="Libraries with open access", baseline_value=20, target_value=80
    )
    Measurement.objects.create(indicator=indicator, measured_on=datetime.date(2026, 3, 1), value=35)

    page = new_page(viewport=DESKTOP)  # anonymous
    page.goto(f"{live_server.url}/action-lines/{line.slug}/")
    page.get_by_role("link", name="The road map with every measurement").click()
    expect(page.get_by_role("heading", name=f"Road map of {line.code}")).to_be_visible()
    expect(page.get_by_role("heading", name="Open access in every library")).to_be_visible()
    expect(page.get_by_role("cell", name="35")).to_be_visible()
    expect(page.get_by_role("link", name="New target")).to_have_count(0)
    expect(page.get_by_role("link", name="Delete", exact=False)).to_have_count(0)
    assert max(shots(page, "roadmap-public").values()) <= DESKTOP["width"]

    page.goto(f"{live_server.url}/action-lines/{line.slug}/report/?from=2026-01-01&to=2026-12-31")
    page.get_by_role("button", name="Build PDF").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=20000)
    shots(page, "report-pdf-public")
    with page.expect_download() as download:
        download_link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")


def rows(locator):
    """How many rows the elements ``locator`` finds take: their vertical centres, those less
    than 10 px apart counted as one row."""
    boxes = (item.bounding_box() for item in locator.all())
    centres = sorted(box["y"] + box["height"] / 2 for box in boxes)
    return [centres[0], *(b for a, b in zip(centres, centres[1:], strict=False) if b - a >= 10)]


@pytest.mark.parametrize("who", [None, "facilitator", "moderator"])
def test_the_header_keeps_one_row_each_for_the_account_and_the_main_navigation(
    live_server, new_page, sign_in, facilitator, moderator, who
):
    from playwright.sync_api import expect

    if who == "moderator":  # a moderator who is also a facilitator: the longest account row
        from actionlines.models import Membership, Organization

        Membership.objects.create(user=moderator, organization=Organization.objects.get())
    page = new_page(viewport=DESKTOP)
    if who:
        sign_in(page, who)
    page.goto(f"{live_server.url}/action-lines/")
    header = page.locator(".site-header")
    main_row = header.locator(".main-bar .brand, .main-bar nav li")
    expect(main_row.first).to_be_visible()
    assert len(rows(main_row)) == 1, "brand and main navigation on one row"
    assert len(rows(header.locator("nav.account li"))) == 1, "account links on one row"
    widths = shots(page, f"header-{who or 'anonymous'}")
    assert widths[390] == 390


def test_the_sign_in_page_speaks_to_everyone_who_has_an_account(live_server, new_page):
    from playwright.sync_api import expect

    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    lede = page.locator(".lede")
    expect(lede).to_contain_text("Sign in to submit your projects to the stocktaking database")
    expect(lede).to_contain_text("moderators review submissions")
    expect(lede).not_to_contain_text("Facilitators sign in")


def test_the_browsable_api_titles_its_pages_in_words(live_server, new_page, catalog):  # noqa: F811
    from playwright.sync_api import expect

    from tests.support.factories import UserFactory

    entry = make_entry(UserFactory(), "published", catalog=catalog)
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/api/v1/?format=api")
    expect(page.locator("h1")).to_have_text("WSIS Action Line Coordination Portal API")
    expect(page.get_by_text("The default basic root view")).to_have_count(0)
    expect(page.get_by_text("Anyone may read what is published")).to_be_visible()
    for path, title in [
        ("stocktaking/", "Stocktaking entries"),
        (f"stocktaking/{entry.pk}/", "Stocktaking entry"),
        ("stats/stocktaking/", "Stocktaking statistics"),
        ("action-lines/", "Action lines"),
        ("mandate-updates/", "Mandate updates"),
    ]:
        page.goto(f"{live_server.url}/api/v1/{path}?format=api")
        expect(page.locator("h1")).to_have_text(title)
    shots(page, "api-title")


@pytest.fixture
def reference(transactional_db):

    load_reference()


def test_the_small_things_a_reader_notices(live_server, new_page, reference):
    """Issue 18, item 9, as a reader meets them."""
    from playwright.sync_api import expect

    from mandates.models import Mandate

    base = live_server.url
    page = new_page(viewport=DESKTOP)
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)

    # Home: no favicon 404, no " · " after the last facilitator, card titles underlined
    # without the code or the space before them.
    page.goto(f"{base}/")
    expect(page.locator("link[rel=icon]")).to_have_count(1)
    assert page.request.get(f"{base}/favicon.ico").ok
    for text in page.locator(".facilitators").all_inner_texts():
        assert not text.strip().endswith("·"), text
    link = page.locator(".card-link").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert (
        link.locator(".card-title").evaluate("t => getComputedStyle(t).textDecorationLine")
        == "underline"
    )

    # C7's Plan of Action text ends "…the following sectors:": the sectors follow.
    page.goto(f"{base}/action-lines/c7/")
    sectors = page.locator(".poa-sectors li")
    expect(sectors).to_have_count(8)
    expect(sectors.first).to_contain_text("E-government")

    # A deadline due at an event names the event and its year, never a guessed 31 December.
    mandate = Mandate.objects.filter(reporting_target__endswith="(2027)").first()
    page.goto(f"{base}{mandate.get_absolute_url()}")
    deadline = page.locator("dt", has_text="Deadline / reporting target").locator("+ dd")
    expect(deadline).to_have_text(f"{mandate.event.name}2027 (date not yet set)")

    # Search boxes in the page's text size, not the browser's 13 px.
    page.goto(f"{base}/stocktaking/")
    assert page.locator("#id_q").evaluate("i => getComputedStyle(i).fontSize") == "16px"

    # The compare page's error spans the form instead of pushing both selects aside.
    page.goto(f"{base}/documents/compare/?from=a-res-80-173&to=a-res-80-173")
    error = page.locator(".compare-form .form-errors")
    expect(error).to_be_visible()
    selects = [page.locator(".compare-form select").nth(i).bounding_box() for i in (0, 1)]
    assert error.bounding_box()["y"] + error.bounding_box()["height"] <= selects[0]["y"]
    assert selects[0]["y"] == selects[1]["y"] and selects[0]["x"] < 200
    shots(page, "compare-error")

    # Wide tables scroll in their own box: on a phone the page is as wide as the phone.
    for path in ("/mandates/", "/sdg-matrix/", "/action-lines/"):
        page.goto(f"{base}{path}")
        assert shots(page, path.strip("/"))[390] == 390, path
    assert not missing, missing


def test_the_pages_changed_for_issue_18_pass_axe(
    live_server,
    new_page,
    sign_in,
    line,
    facilitator,
    moderator,
    stakeholder,
    catalog,  # noqa: F811
):
    from actionlines.services import save_page

    save_page(line, "First text.", base_version=0, by=facilitator)
    save_page(line, "Second text.", base_version=1, by=facilitator)
    entry = make_entry(stakeholder, "submitted", catalog=catalog, title="Telemedicine hubs")
    base = live_server.url
    public = [
        "/",
        f"/action-lines/{line.slug}/roadmap/",
        f"/action-lines/{line.slug}/report/",
        "/accounts/login/",
        "/stocktaking/?ordering=bogus",
        "/mandates/",
    ]
    page = new_page(viewport=DESKTOP)
    for path in public:
        page.goto(f"{base}{path}")
        assert_accessible(page)
    sign_in(page, "moderator")
    for path in ("/stocktaking/moderation/", f"/stocktaking/moderation/{entry.pk}/"):
        page.goto(f"{base}{path}")
        assert_accessible(page)
    page = new_page(viewport=PHONE)
    sign_in(page, "facilitator")
    for path in (
        f"/action-lines/{line.slug}/history/",
        f"/action-lines/{line.slug}/history/1/restore/",
    ):
        page.goto(f"{base}{path}")
        assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_entry_with_a_long_address_fits_a_phone(
    live_server,
    new_page,
    catalog,  # noqa: F811
    stakeholder,
    language,
):
    """The facts of an entry stand one above the other on a phone; a long web address wraps
    instead of pushing the page sideways (it did, in both directions of writing)."""
    entry = make_entry(
        stakeholder,
        "published",
        catalog=catalog,
        title="Rural connectivity",
        website="https://an-organisation-with-a-long-name.example.org/projects/rural/1",
    )
    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}{prefix}/stocktaking/{entry.pk}/")
    widths = shots(page, f"entry-{language}")
    assert widths == {1280: 1280, 390: 390}
