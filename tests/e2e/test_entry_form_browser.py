"""Issue 18, gap 2, from the stakeholder's chair: the long entry form never loses work.

They type, leave (the browser asks first), come back: the text is there, and they may
discard it. A form they saved is not offered back. A refused submission opens with the error
summary focused; its links move focus to the field. Screenshots (desktop, phone, Arabic) go to
/work/wt/shots/h18s/ when it exists, else the temporary directory.
"""

import tempfile
from pathlib import Path

import pytest

from tests.stocktaking.conftest import catalog  # noqa: F401 - the reference rows fixture
from tests.support.browser import DESKTOP, PHONE, assert_accessible, assert_fits, same_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

_shared = Path("/work/wt/shots/h18s")
SHOTS = _shared if _shared.is_dir() else Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)
DESCRIPTION = "Video consultations linking rural clinics with district hospitals."


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_typed_text_survives_leaving_and_coming_back(
    live_server,
    new_page,
    sign_in,
    stakeholder,
    catalog,  # noqa: F811
):
    from playwright.sync_api import expect

    base = live_server.url
    page = new_page(viewport=DESKTOP)
    page.set_default_timeout(10000)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()  # "Leave"

    page.on("dialog", answer)
    sign_in(page, "stakeholder")

    # An untouched form lets the user go without a question.
    page.goto(f"{base}/stocktaking/new/")
    page.get_by_role("link", name="My submissions").first.click()
    expect(page.get_by_role("heading", name="My submissions")).to_be_visible()
    assert dialogs == []

    page.goto(f"{base}/stocktaking/new/")
    page.get_by_label("Title").press_sequentially("Telemedicine for rural clinics")
    page.get_by_label("Description").press_sequentially(DESCRIPTION)
    page.get_by_label("C7-e-health — E-health").check()
    page.get_by_role("link", name="My submissions").first.click()
    expect(page.get_by_role("heading", name="My submissions")).to_be_visible()
    assert dialogs == ["beforeunload"]

    # Back on the form (a new visit, the server knows nothing of it): the text is there.
    page.goto(f"{base}/stocktaking/new/")
    notice = page.locator(".autosave-notice")
    expect(notice).to_contain_text("are back in the form")
    expect(page.get_by_label("Title")).to_have_value("Telemedicine for rural clinics")
    expect(page.get_by_label("Description")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("C7-e-health — E-health")).to_be_checked()
    assert_accessible(page)
    shot(page, "entry-form-restored")
    # Still unsaved: leaving asks again.
    page.get_by_role("link", name="My submissions").first.click()
    assert dialogs == ["beforeunload", "beforeunload"]

    # Discarding puts the form back as the server drew it.
    page.goto(f"{base}/stocktaking/new/")
    notice.get_by_role("button", name="Discard them").click()
    expect(page.get_by_label("Title")).to_have_value("")
    expect(notice).to_contain_text("discarded")
    page.goto(f"{base}/stocktaking/new/")
    expect(page.get_by_label("Title")).to_have_value("")

    # Typed, then saved as a draft: the copy is not offered back, on the draft or a new form.
    page.get_by_label("Title").press_sequentially("Telemedicine vans")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Telemedicine vans")
    expect(notice).to_be_empty()
    page.goto(f"{base}/stocktaking/new/")
    expect(page.get_by_label("Title")).to_have_value("")
    expect(notice).to_be_empty()
    assert len(dialogs) == 2  # submitting the form is not leaving it


def test_a_refused_submission_focuses_the_summary_whose_links_reach_each_field(
    live_server,
    new_page,
    sign_in,
    stakeholder,
    catalog,  # noqa: F811
):
    from playwright.sync_api import expect

    base = live_server.url
    signed_in = new_page(viewport=DESKTOP)
    sign_in(signed_in, "stakeholder")  # once: the phone and Arabic windows share the session
    for language, viewport, name in (
        ("", DESKTOP, "desktop"),
        ("", PHONE, "phone"),
        ("/ar", DESKTOP, "arabic"),
    ):
        page = (
            same_session(new_page, signed_in, viewport=viewport) if name != "desktop" else signed_in
        )
        page.set_default_timeout(10000)
        page.goto(f"{base}{language}/stocktaking/new/")
        page.locator("#id_title").fill("Telemedicine for rural clinics")
        page.locator("button[value=submit]").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        assert_fits(page, viewport["width"])
        assert_accessible(page)
        shot(page, f"entry-form-errors-{name}")
        if language:
            continue
        expect(summary.get_by_role("link")).to_have_count(5)
        summary.get_by_role("link", name="Organisation: Name the organisation").click()
        expect(page.locator("#id_organization_name")).to_be_focused()
        assert page.locator("label[for=id_organization_name]").is_visible()
        page.keyboard.type("Health Link Kenya")
        summary.get_by_role("link", name="Action lines: Choose at least one").click()
        expect(page.locator("#id_action_lines_0")).to_be_focused()
