"""Mandate progress: who may post, what the mandate page shows, and the reporting light."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mandates.models import Mandate, MandateUpdate
from mandates.services import address_facilitators, post_mandate_update, reporting_light
from tests.support.factories import MandateFactory, MandateUpdateFactory
from wsis_portal.models import AuditEvent

ROLES = ["anonymous", "stakeholder", "facilitator", "other_facilitator", "admin_user"]
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def mandate(facilitator):
    """A mandate addressed to UNESCO, the organisation of ``facilitator``."""
    mandate = MandateFactory(title="Report to the CSTD", deadline=datetime.date(2027, 12, 31))
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    return mandate


def sign_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("stakeholder", 403),
        ("facilitator", 302),
        ("other_facilitator", 403),
        ("admin_user", 302),
    ],
)
def test_post_update_permission_matrix(client, request, mandate, other_facilitator, role, expected):
    sign_in(client, request, role)
    url = reverse("mandates:mandate-update-create", args=[mandate.pk])
    organization = mandate.parties.get(role="addressee").organization
    get = client.get(url)
    response = client.post(
        url, {"organization": organization.pk, "status": "on_track", "text": "Drafted."}
    )
    if expected == "login":
        assert get.status_code == 302 and get["Location"].startswith(reverse("login"))
        assert response["Location"].startswith(reverse("login"))
        assert not MandateUpdate.objects.exists()
    elif expected == 403:
        assert get.status_code == 403 and response.status_code == 403
        assert not MandateUpdate.objects.exists()
    else:
        assert get.status_code == 200
        assert response.status_code == 302
        update = MandateUpdate.objects.get()
        assert update.organization == organization and update.text == "Drafted."
        assert AuditEvent.objects.filter(action="mandates.update.posted").exists()
        mandate.refresh_from_db()
        assert mandate.status == Mandate.Status.IN_PROGRESS


def test_mandate_to_all_facilitators_of_a_line(client, line, facilitator, other_facilitator):
    mandate = MandateFactory(addresses_all_facilitators=True)
    mandate.action_lines.add(line)
    address_facilitators(mandate)
    url = reverse("mandates:mandate-update-create", args=[mandate.pk])
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 403
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code == 200 and "UNESCO" in response.text


def test_invalid_update_keeps_what_was_typed(client, mandate, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("mandates:mandate-update-create", args=[mandate.pk]),
        {
            "organization": mandate.parties.get(role="addressee").organization.pk,
            "status": "",
            "text": "Half a thought",
        },
    )
    assert response.status_code == 200
    assert "Half a thought</textarea>" in response.text
    assert 'aria-describedby="id_status_error"' in response.text


def test_mandate_page_shows_history_light_and_post_link(client, mandate, facilitator):
    MandateUpdateFactory(
        mandate=mandate,
        organization=mandate.parties.get(role="addressee").organization,
        text="First step",
    )
    url = mandate.get_absolute_url()
    post_url = reverse("mandates:mandate-update-create", args=[mandate.pk])
    response = client.get(url)
    assert "First step" in response.text and "light-green" in response.text
    assert post_url not in response.text
    client.force_login(facilitator)
    assert post_url in client.get(url).text


@pytest.mark.parametrize(
    ("deadline", "update_days_ago", "update_status", "status", "colour"),
    [
        (datetime.date(2026, 5, 31), None, None, "in_progress", "red"),  # overdue
        (datetime.date(2026, 5, 31), 10, "on_track", "in_progress", "red"),  # overdue anyway
        (datetime.date(2026, 5, 31), None, None, "completed", "green"),  # done
        (datetime.date(2027, 12, 31), 100, "on_track", "in_progress", "green"),
        (datetime.date(2026, 7, 15), 100, "on_track", "in_progress", "green"),
        (datetime.date(2026, 7, 15), None, None, "not_started", "amber"),  # near, no update
        (datetime.date(2026, 7, 15), 400, "on_track", "in_progress", "amber"),  # stale update
        (datetime.date(2026, 8, 30), None, None, "not_started", "amber"),  # exactly 90 days
        (datetime.date(2027, 12, 31), 30, "delayed", "in_progress", "amber"),
        (datetime.date(2027, 12, 31), None, None, "not_started", "none"),
        (None, None, None, "ongoing", "none"),
    ],
)
def test_reporting_light(db, deadline, update_days_ago, update_status, status, colour):
    mandate = MandateFactory(deadline=deadline, status=status)
    if update_days_ago is not None:
        created = timezone.make_aware(
            datetime.datetime.combine(TODAY - datetime.timedelta(update_days_ago), datetime.time())
        )
        MandateUpdateFactory(mandate=mandate, status=update_status, created_at=created)
    assert reporting_light(mandate, today=TODAY).colour == colour


def test_completed_update_completes_the_mandate(mandate, facilitator):
    post_mandate_update(
        mandate,
        organization=mandate.parties.get(role="addressee").organization,
        status="completed",
        text="Report submitted.",
        by=facilitator,
    )
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.COMPLETED


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("stakeholder", 403),
        ("facilitator", 200),
        ("other_facilitator", 200),
        ("admin_user", 200),
    ],
)
def test_my_mandates(client, request, mandate, other_facilitator, role, expected):
    sign_in(client, request, role)
    response = client.get(reverse("mandates:my-mandates"))
    if expected == "login":
        assert response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == expected
    if expected == 200:
        assert (mandate.title in response.text) is (role != "other_facilitator")


def test_lights_on_lists_and_action_line_page(client, line, mandate, django_assert_max_num_queries):
    response = client.get(reverse("mandates:mandate-list"))
    assert "light-none" in response.text or "light-" in response.text
    page = client.get(line.get_absolute_url())
    assert mandate.title in page.text and 'class="light light-' in page.text
