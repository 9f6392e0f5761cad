"""The SDG-target picker of the facilitators' forms (issue 18, gap 4): about 170 targets in
one group per goal, narrowed as one types, usable from the keyboard, and the same form
without JavaScript."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sdgs(transactional_db):
    from actionlines.sdgs import import_sdgs

    import_sdgs()


def visible_codes(page):
    """The codes of the targets shown in the picker, in order."""
    return page.locator("#id_sdg_targets fieldset > div:visible").evaluate_all(
        "items => items.map(item => item.textContent.trim().split(' ')[0])"
    )


def test_facilitator_filters_ticks_with_the_keyboard_and_saves(
    live_server, page, sign_in, line, facilitator, sdgs
):
    from playwright.sync_api import expect

    from actionlines.models import RoadmapTarget

    sign_in(page, "facilitator")
    page.goto(f"{live_server.url}/action-lines/{line.slug}/roadmap/targets/new/")
    page.get_by_label("Title").fill("Connected schools")
    picker = page.locator("#id_sdg_targets")
    expect(picker.locator("input[type=checkbox]")).to_have_count(169)
    expect(picker.locator("details[open]")).to_have_count(0)  # every goal closed

    box = page.get_by_role("searchbox", name="Filter the SDG targets")
    # A code finds its target (4.1, not 14.1); a goal's number its targets.
    box.fill("4.1")
    assert visible_codes(page) == ["4.1"]
    expect(page.get_by_text("Matching: 1")).to_be_visible()
    box.fill("17")
    assert visible_codes(page)[:2] == ["17.1", "17.2"] and len(visible_codes(page)) == 19
    # Words are looked for in the target and its goal's title, all of them, accents ignored.
    box.fill("éducation girls")
    codes = visible_codes(page)
    assert codes and all(code.startswith("4.") for code in codes)
    expect(picker.locator("details:visible")).to_have_count(1)

    # The keyboard: down arrow to the first target shown, space ticks it.
    box.press("ArrowDown")
    first = picker.locator("input[value]:visible").first
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    chosen = page.get_by_role("button", name=f"Remove {codes[0]}")
    expect(chosen).to_be_visible()
    expect(picker.get_by_text("Chosen in this goal: 1")).to_be_visible()

    # Escape empties the box: everything is back, the chosen target stays ticked.
    box.focus()
    box.press("Escape")
    expect(box).to_have_value("")
    expect(picker.locator("details:visible")).to_have_count(17)
    # Enter in the box does not send the form.
    box.fill("water")
    box.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/action-lines/{line.slug}/roadmap/targets/new/")
    water = picker.locator("div:visible", has_text="6.1 —").locator("input")
    water.check()
    expect(page.get_by_role("button", name="Remove 6.1")).to_be_visible()

    # A chosen target is unticked from its button, even when its goal is filtered away.
    box.fill("4.1")
    page.get_by_role("button", name="Remove 6.1").click()
    expect(water).not_to_be_checked()
    expect(box).to_be_focused()

    page.get_by_role("button", name="Save").click()
    target = RoadmapTarget.objects.get(title="Connected schools")
    assert list(target.sdg_targets.values_list("code", flat=True)) == [codes[0]]


def test_sdg_link_picks_one_target_by_typing(live_server, page, sign_in, line, facilitator, sdgs):
    from playwright.sync_api import expect

    from actionlines.models import ActionLineSDGTarget

    sign_in(page, "facilitator")
    page.goto(f"{live_server.url}/action-lines/{line.slug}/sdg-links/")
    page.get_by_role("searchbox", name="Filter the SDG targets").fill("9.c")
    page.get_by_role("radio", name="9.c — Significantly increase access", exact=False).check()
    expect(page.get_by_role("button", name="Remove 9.c")).to_be_visible()
    page.get_by_label("Rationale").fill("Access to ICT is the line's work.")
    page.get_by_role("button", name="Save link").click()
    expect(page.get_by_text("Linked to target 9.c.")).to_be_visible()
    assert ActionLineSDGTarget.objects.get(action_line=line).target.code == "9.c"


def test_the_picker_works_without_javascript(live_server, browser, line, facilitator, sdgs):
    """No script: no filter box, the goals open by hand, the form saves what is ticked."""
    from django.test import Client
    from playwright.sync_api import expect

    from actionlines.models import RoadmapTarget

    client = Client()
    client.force_login(facilitator)
    cookie = client.cookies["sessionid"]
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/action-lines/{line.slug}/roadmap/targets/new/")
    expect(page.get_by_role("searchbox")).to_have_count(0)
    page.get_by_label("Title").fill("Without scripts")
    page.locator("summary", has_text="Goal 9:").click()
    page.get_by_role("checkbox", name="9.c —", exact=False).check()
    page.get_by_role("button", name="Save").click()
    assert list(
        RoadmapTarget.objects.get(title="Without scripts").sdg_targets.values_list(
            "code", flat=True
        )
    ) == ["9.c"]
    context.close()
