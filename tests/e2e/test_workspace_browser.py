"""A facilitator's day in a real browser: sign in, edit, history, conflicts, refusals."""

import re
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"  # screenshots stay out of the repo
SHOTS.mkdir(exist_ok=True)


@pytest.fixture
def editors(transactional_db, line, facilitator, other_facilitator, admin_user):
    return {"facilitator": facilitator, "other": other_facilitator, "admin": admin_user}


def test_facilitator_edits_line_and_sees_revision(live_server, page, sign_in, line, editors):
    from playwright.sync_api import expect

    sign_in(page, "facilitator")
    page.goto(f"{live_server.url}{line.get_absolute_url()}")
    page.screenshot(path=f"{SHOTS}/line-before.png", full_page=True)
    page.get_by_role("link", name="Edit page").click()
    page.get_by_label("Page content (Markdown)").fill(
        "## Libraries for all\n\nPublic **libraries** connect everyone."
    )
    page.get_by_label("Summary of your change").fill("First page")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview (not saved yet)")).to_be_visible()
    expect(page.locator(".preview strong")).to_have_text("libraries")
    page.screenshot(path=f"{SHOTS}/edit-preview.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"{line.get_absolute_url()}$"))
    expect(page.get_by_role("heading", name="Libraries for all")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/line-after.png", full_page=True)

    page.get_by_role("link", name="History").click()
    row = page.get_by_role("row").filter(has_text="First page")
    expect(row).to_contain_text("facilitator")
    expect(row).to_contain_text("1")
    page.screenshot(path=f"{SHOTS}/history.png", full_page=True)

    # Signed out, the public page shows the new text too.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}{line.get_absolute_url()}")
    expect(page.get_by_text("Public libraries connect everyone.")).to_be_visible()
    expect(page.get_by_role("link", name="Edit page")).to_have_count(0)


def test_two_editors_second_gets_conflict_with_text_kept(
    live_server, new_page, sign_in, line, editors
):
    from playwright.sync_api import expect

    first, second = new_page(), new_page(viewport={"width": 390, "height": 844})
    sign_in(first, "facilitator")
    sign_in(second, "admin")
    edit_url = f"{live_server.url}/action-lines/{line.slug}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Page content (Markdown)").fill("Text from the first editor.")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Page saved.")).to_be_visible()

    second.get_by_label("Page content (Markdown)").fill("Text from the second editor.")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Someone else changed this page")
    expect(second.locator("pre.source").first).to_have_text("Text from the first editor.")
    expect(second.get_by_label("Page content (Markdown)")).to_have_value(
        "Text from the second editor."
    )
    second.screenshot(path=f"{SHOTS}/conflict-phone.png", full_page=True)

    line.refresh_from_db()
    assert line.page_content == "Text from the first editor."

    second.get_by_label("Page content (Markdown)").fill(
        "Text from the first editor.\n\nText from the second editor."
    )
    second.get_by_role("button", name=re.compile("Save on top of version")).click()
    expect(second.get_by_text("Page saved.")).to_be_visible()
    line.refresh_from_db()
    assert line.page_version == 2 and "second editor" in line.page_content


def test_facilitator_of_another_line_cannot_edit(live_server, page, sign_in, line, editors):
    from playwright.sync_api import expect

    sign_in(page, "other-facilitator")
    page.goto(f"{live_server.url}{line.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(line.title)
    expect(page.get_by_role("link", name="Edit page")).to_have_count(0)
    response = page.goto(f"{live_server.url}/action-lines/{line.slug}/edit/")
    assert response.status == 403


def test_screens_of_the_workspace(live_server, page, sign_in, line, editors):
    """Screenshots of the main pages for a visual check (saved under /tmp)."""
    import datetime
    from decimal import Decimal

    from actionlines.models import Measurement
    from actionlines.services import save_page
    from tests.support.factories import IndicatorFactory, MandateFactory, RoadmapTargetFactory

    save_page(line, "Intro *text*.", base_version=0, by=editors["facilitator"], summary="One")
    target = RoadmapTargetFactory(action_line=line, title="Universal access to libraries")
    indicator = IndicatorFactory(
        target=target,
        name="Public libraries online",
        unit="%",
        baseline_value=Decimal(20),
        target_value=Decimal(75),
        baseline_year=2024,
        target_year=2030,
    )
    for month, value in [(1, 22), (6, 31), (12, 40)]:
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date(2025, month, 1), value=value
        )
    mandate = MandateFactory(title="Report on the road map", deadline=datetime.date(2026, 1, 1))
    mandate.parties.create(
        organization=editors["facilitator"].organizations.get(), role="addressee"
    )
    sign_in(page, "facilitator")
    for name, path in [
        ("home", "/"),
        ("line-full", line.get_absolute_url()),
        ("roadmap", f"/action-lines/{line.slug}/roadmap/"),
        (
            "measurement-error",
            f"/action-lines/{line.slug}/roadmap/indicators/{indicator.pk}/measurements/new/",
        ),
        ("mandates", "/mandates/"),
        ("my-lines", "/action-lines/mine/"),
        ("matrix", "/sdg-matrix/"),
        ("meeting-new", "/meetings/new/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        if name == "measurement-error":
            page.get_by_label("Date measured").fill("2026-01-01")
            page.get_by_label("Value").fill("lots")
            page.get_by_role("button", name="Save").click()
            assert page.locator("#id_value_error").is_visible()
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
