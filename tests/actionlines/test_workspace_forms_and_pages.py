"""The meeting form's organiser, the SDG target picker grouped by goal, the public page
history, and what the action-line page offers its facilitators (CSTD report) and everyone
(WSIS Prize awards)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actionlines.models import CoordinationMeeting, RoadmapTarget, SDGTarget
from actionlines.services import record_measurement, save_page
from tests.support.factories import OrganizationFactory, SDGFactory

from .conftest import ROLES, sign_in

MEETING = {"title": "Annual facilitators' meeting", "date": "2026-05-12", "location": "Geneva"}


def test_new_meeting_organiser_defaults_to_my_organisation(client, world, line, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("actionlines:meeting-create")).text
    unesco = facilitator.organizations.get()
    assert '<label for="id_organizer">Organiser:</label>' in page
    assert f'<option value="{unesco.pk}" selected>UNESCO — ' in page


def test_meeting_organiser_saved_shown_and_audited(client, world, line, facilitator):
    itu = OrganizationFactory(acronym="ITU", name="International Telecommunication Union")
    itu.members.add(facilitator)  # a facilitator may convene in any of their organisations
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "organizer": itu.pk, "action_lines": [line.pk]},
    )
    meeting = CoordinationMeeting.objects.get(title=MEETING["title"])
    assert response.url == reverse("actionlines:meeting-detail", args=[meeting.pk])
    assert meeting.organizer == itu
    detail = client.get(response.url).text
    assert f'<dt>Organiser</dt><dd><a href="{itu.get_absolute_url()}">ITU</a></dd>' in detail
    # Cleared on edit: "Not recorded".
    client.post(
        reverse("actionlines:meeting-edit", args=[meeting.pk]),
        {**MEETING, "organizer": "", "action_lines": [line.pk]},
    )
    meeting.refresh_from_db()
    assert meeting.organizer is None
    assert meeting.date.isoformat() == MEETING["date"]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("organizer", "<script>alert(1)</script>", "Select a valid choice."),
        ("organizer", "999999", "Select a valid choice."),
        ("title", "<b>" + "x" * 300, "Ensure this value has at most 255 characters"),
    ],
)
def test_meeting_form_refuses_hostile_input_and_keeps_the_rest(
    client, world, line, facilitator, field, value, error
):
    client.force_login(facilitator)
    data = {**MEETING, "agenda": "Keep <script>this</script>", "action_lines": [line.pk]}
    response = client.post(reverse("actionlines:meeting-create"), {**data, field: value})
    assert response.status_code == 200
    assert error in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]
    assert "Keep &lt;script&gt;this&lt;/script&gt;</textarea>" in response.text
    assert not CoordinationMeeting.objects.filter(agenda__startswith="Keep").exists()


def test_meeting_text_is_escaped_on_its_page(client, world, line, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "title": "<img src=x onerror=alert(1)>", "action_lines": [line.pk]},
    )
    meeting = CoordinationMeeting.objects.get(title__startswith="<img")
    page = client.get(reverse("actionlines:meeting-detail", args=[meeting.pk])).text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.fixture
def goals(world):
    """Two goals with two targets each (goal 9 and its 9.c come from ``world``)."""
    health = SDGFactory(number=3, title="Good health and well-being")
    SDGTarget.objects.create(goal=health, code="3.1", sort_order=1, title="Maternal mortality")
    SDGTarget.objects.create(goal=health, code="3.8", sort_order=8, title="Health coverage")
    SDGTarget.objects.create(
        goal=world["sdg_target"].goal, code="9.1", sort_order=1, title="Infrastructure"
    )
    return health


def test_sdg_targets_are_checkboxes_grouped_under_their_goal(
    client, world, goals, line, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("actionlines:roadmap-target-create", args=[line.slug])).text
    form = page.split('id="id_sdg_targets"', 1)[1]
    health = form.index('<span class="group-label">Goal 3: Good health and well-being</span>')
    industry = form.index('<span class="group-label">Goal 9: Industry, innovation and')
    assert health < form.index("3.8 — Health coverage") < industry
    assert industry < form.index("9.c — Access to ICT")
    assert '<legend class="visually-hidden">Goal 3: Good health and well-being</legend>' in form
    assert form.count('type="checkbox" name="sdg_targets"') == 4
    assert 'data-filterable="Filter the SDG targets"' in page
    assert "js/choice-filter.js" in page
    # Nothing chosen yet: every goal starts closed.
    assert '<details class="choice-group" open>' not in form


def test_chosen_targets_saved_and_their_goal_opens(client, world, goals, line, facilitator):
    client.force_login(facilitator)
    target_38 = SDGTarget.objects.get(code="3.8")
    client.post(
        reverse("actionlines:roadmap-target-create", args=[line.slug]),
        {"title": "Telehealth", "sort_order": 3, "sdg_targets": [target_38.pk]},
    )
    roadmap_target = RoadmapTarget.objects.get(title="Telehealth")
    assert list(roadmap_target.sdg_targets.all()) == [target_38]
    page = client.get(
        reverse("actionlines:roadmap-target-edit", args=[line.slug, roadmap_target.pk])
    ).text
    form = page.split('id="id_sdg_targets"', 1)[1]
    assert form.count('<details class="choice-group" open>') == 1
    assert form.index('<details class="choice-group" open>') < form.index("Goal 3:")
    assert f'value="{target_38.pk}"' in form and "checked" in form
    # The goal's summary says how many of its targets are ticked (without JavaScript too).
    assert '<span class="chosen-count">Chosen in this goal: 1</span>' in form


def test_unknown_sdg_target_is_refused(client, world, goals, line, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:roadmap-target-create", args=[line.slug]),
        {"title": "Kept title", "sort_order": 3, "sdg_targets": ["999999", "<script>"]},
    )
    assert response.status_code == 200
    assert "id_sdg_targets_error" in response.text
    assert 'value="Kept title"' in response.text
    assert not RoadmapTarget.objects.filter(title="Kept title").exists()


def test_sdg_link_picker_groups_targets_by_goal(client, world, goals, line, facilitator):
    """The links form picks its one target in the same grouped picker as the road-map forms
    (radio buttons), full titles, no empty choice."""
    client.force_login(facilitator)
    page = client.get(reverse("actionlines:sdg-links", args=[line.slug])).text
    form = page.split('id="id_target"', 1)[1]
    assert '<span class="group-label">Goal 3: Good health and well-being</span>' in form
    assert form.count('type="radio" name="target"') == 4
    assert "3.8 — Health coverage" in form
    assert 'value=""' not in form.split("</fieldset>\n</div>", 1)[0]
    assert 'data-filterable="Filter the SDG targets"' in page


@pytest.mark.parametrize("role", ROLES)
def test_page_history_is_public_and_restore_is_for_editors(client, request, world, line, role):
    """A line's page has no drafts, so its history is as public as the page; only its
    editors see the restore buttons (and only they may restore: the write matrix)."""
    save_page(
        line, "Second <em>text</em>.", base_version=1, by=request.getfixturevalue("facilitator")
    )
    sign_in(client, request, role)
    page = client.get(reverse("actionlines:page-history", args=[line.slug])).text
    assert "<del>First text.</del>" in page or "First text." in page
    restore_url = reverse("actionlines:page-restore", args=[line.slug, 1])
    assert (restore_url in page) == (role in {"facilitator", "admin_user"})


def test_history_link_stays_when_the_page_is_emptied(client, world, line, facilitator):
    save_page(line, "", base_version=1, by=facilitator, summary="Cleared")
    page = client.get(line.get_absolute_url()).text
    assert "The facilitators have not written this page yet." in page
    assert reverse("actionlines:page-history", args=[line.slug]) in page


@pytest.mark.parametrize("role", ROLES)
def test_the_cstd_report_is_linked_for_every_reader(client, request, world, line, role):
    """Paragraph 113's road maps and their report are meant to be seen (issue 18, defect 11)."""
    sign_in(client, request, role)
    page = client.get(line.get_absolute_url()).text
    report_url = reverse("mandates:cstd-report", args=[line.slug])
    assert f'href="{report_url}"' in page


def test_measured_values_are_written_without_trailing_zeros(client, world, line, facilitator):
    record_measurement(
        world["indicator"], measured_on=datetime.date(2026, 6, 1), value=Decimal("48.5"), by=None
    )
    client.force_login(facilitator)
    for url in (reverse("actionlines:roadmap", args=[line.slug]), line.get_absolute_url()):
        text = client.get(url).text
        assert "<td>48.5</td>" in text and "48.5000" not in text
        assert "<td>25</td>" in text  # a whole number stays whole


def test_nobody_records_a_meeting_on_another_agencys_line(
    client, world, line, facilitator, other_facilitator
):
    """Issue 16, hole 8: a WHO facilitator put a meeting on UNESCO's line C3 (beside their own
    C9) with UNESCO as organiser, so it showed on C3's page and in UNESCO's calendar."""
    c9 = other_facilitator.organizations.get().facilitations.get().action_line
    unesco = facilitator.organizations.get()
    client.force_login(other_facilitator)
    response = client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "organizer": unesco.pk, "action_lines": [line.pk, c9.pk]},
    )
    assert response.status_code == 200
    assert "You do not facilitate C3" in response.text
    assert "You are not a member of UNESCO" in response.text
    assert not CoordinationMeeting.objects.filter(title=MEETING["title"]).exists()
    # On their own line and in their own name it is recorded.
    who = other_facilitator.organizations.get()
    response = client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "organizer": who.pk, "action_lines": [c9.pk]},
    )
    meeting = CoordinationMeeting.objects.get(title=MEETING["title"])
    assert list(meeting.action_lines.all()) == [c9] and meeting.organizer == who


def test_a_co_organising_agency_edits_a_joint_meeting_without_dropping_the_other_line(
    client, world, line, facilitator, other_facilitator, admin_user
):
    c9 = other_facilitator.organizations.get().facilitations.get().action_line
    unesco = facilitator.organizations.get()
    client.force_login(admin_user)
    client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "organizer": unesco.pk, "action_lines": [line.pk, c9.pk]},
    )
    meeting = CoordinationMeeting.objects.get(title=MEETING["title"])
    client.force_login(other_facilitator)
    response = client.post(
        reverse("actionlines:meeting-edit", args=[meeting.pk]),
        {
            **MEETING,
            "location": "Nairobi",
            "organizer": unesco.pk,
            "action_lines": [line.pk, c9.pk],
        },
    )
    assert response.status_code == 302, response.text
    meeting.refresh_from_db()
    assert meeting.location == "Nairobi" and meeting.organizer == unesco
