"""Deleting road-map targets, indicators and meetings: a confirmation page first, POST only,
and a full copy of what was deleted in the audit log. (Who may delete is in the role matrix
of ``test_workspace_views``.)"""

from django.test import Client
from django.urls import reverse

from actionlines.models import CoordinationMeeting, Indicator, Measurement, RoadmapTarget
from tests.support.factories import CoordinationMeetingFactory, RoadmapTargetFactory
from wsis_portal.models import AuditEvent


def test_target_confirmation_page_names_what_goes_with_it(client, world, line, facilitator):
    client.force_login(facilitator)
    url = reverse("actionlines:roadmap-target-delete", args=[line.slug, world["roadmap_target"].pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page.text
    assert "<h1>Delete the road-map target “Universal access”?</h1>" in text
    assert "Its 1 indicator and their 1 measurement are deleted with it." in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert f'href="{reverse("actionlines:roadmap", args=[line.slug])}">Cancel' in text
    # Opening the page deletes nothing.
    assert RoadmapTarget.objects.filter(pk=world["roadmap_target"].pk).exists()


def test_deleting_a_target_takes_its_indicators_and_keeps_a_copy(client, world, line, facilitator):
    client.force_login(facilitator)
    target = world["roadmap_target"]
    response = client.post(
        reverse("actionlines:roadmap-target-delete", args=[line.slug, target.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("actionlines:roadmap", args=[line.slug])
    assert "Road-map target “Universal access” deleted." in response.text
    assert not Indicator.objects.filter(pk=world["indicator"].pk).exists()
    assert not Measurement.objects.exists()
    event = AuditEvent.objects.get(action="actionlines.roadmap_target.deleted")
    assert event.actor == facilitator and event.object_id == str(target.pk)
    assert event.before["title"] == "Universal access"
    (indicator,) = event.before["indicators"]
    assert indicator["name"] == "Schools connected"
    assert indicator["measurements"] == [
        {"measured_on": "2026-01-01", "value": "25.0000", "source": "", "note": ""}
    ]


def test_deleting_an_indicator_keeps_the_target(client, world, line, facilitator):
    client.force_login(facilitator)
    url = reverse("actionlines:indicator-delete", args=[line.slug, world["indicator"].pk])
    assert "Its 1 measurement is deleted with it." in client.get(url).text
    client.post(url)
    assert RoadmapTarget.objects.filter(pk=world["roadmap_target"].pk).exists()
    assert not Indicator.objects.filter(pk=world["indicator"].pk).exists()
    event = AuditEvent.objects.get(action="actionlines.indicator.deleted")
    assert event.before["unit"] == "%" and len(event.before["measurements"]) == 1


def test_deleting_one_measurement_keeps_the_indicator(client, world, line, facilitator):
    client.force_login(facilitator)
    roadmap = client.get(reverse("actionlines:roadmap", args=[line.slug])).text
    url = reverse("actionlines:measurement-delete", args=[line.slug, world["measurement"].pk])
    assert f'href="{url}">Delete<span class="visually-hidden"> the measurement of 1 Jan 2026' in (
        roadmap
    )
    page = client.get(url).text
    assert "<h1>Delete the measurement “Schools connected: 25 % on 1 January 2026”?</h1>" in page
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("actionlines:roadmap", args=[line.slug])
    assert not Measurement.objects.exists()
    assert Indicator.objects.filter(pk=world["indicator"].pk).exists()
    event = AuditEvent.objects.get(action="actionlines.measurement.deleted")
    assert event.actor == facilitator
    assert event.before == {
        "indicator": world["indicator"].pk,
        "measured_on": "2026-01-01",
        "value": "25.0000",
        "source": "",
        "note": "",
    }
    # The public action-line page shows the values, without the workspace's links.
    public = client.get(line.get_absolute_url()).text
    assert "measurement-delete" not in public and "/roadmap/measurements/" not in public


def test_another_lines_measurement_is_not_found_through_my_line(client, world, other_facilitator):
    client.force_login(other_facilitator)
    url = reverse("actionlines:measurement-delete", args=["c9", world["measurement"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Measurement.objects.filter(pk=world["measurement"].pk).exists()


def test_another_lines_target_is_not_found_through_my_line(client, world, line, other_facilitator):
    """A facilitator of C9 cannot reach C3's target by putting it under C9's URL."""
    client.force_login(other_facilitator)
    target = world["roadmap_target"]
    url = reverse("actionlines:roadmap-target-delete", args=["c9", target.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert RoadmapTarget.objects.filter(pk=target.pk).exists()


def test_delete_needs_the_csrf_token(world, line, facilitator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    target = RoadmapTargetFactory(action_line=line, title="Kept")
    response = client.post(
        reverse("actionlines:roadmap-target-delete", args=[line.slug, target.pk])
    )
    assert response.status_code == 403
    assert RoadmapTarget.objects.filter(pk=target.pk).exists()


def test_deleting_a_meeting_goes_back_to_the_list(client, world, line, facilitator):
    meeting = world["meeting"]
    client.force_login(facilitator)
    detail = client.get(reverse("actionlines:meeting-detail", args=[meeting.pk])).text
    delete_url = reverse("actionlines:meeting-delete", args=[meeting.pk])
    assert f'href="{delete_url}"' in detail
    confirm = client.get(delete_url).text
    assert f"Delete the meeting “{meeting.title}”?" in confirm
    response = client.post(delete_url)
    assert response.url == reverse("actionlines:meeting-list")
    assert not CoordinationMeeting.objects.filter(pk=meeting.pk).exists()
    event = AuditEvent.objects.get(action="actionlines.meeting.deleted")
    assert event.before["location"] == "Geneva"
    assert event.before["action_lines"] == ["C3. Access to information and knowledge"]


def test_delete_links_only_for_editors(client, world, line, other_facilitator):
    meeting = CoordinationMeetingFactory(location="Tunis")
    meeting.action_lines.add(line)
    delete_url = reverse("actionlines:meeting-delete", args=[meeting.pk])
    detail_url = reverse("actionlines:meeting-detail", args=[meeting.pk])
    assert delete_url not in client.get(detail_url).text
    client.force_login(other_facilitator)
    assert delete_url not in client.get(detail_url).text
