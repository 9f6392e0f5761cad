"""A facilitator corrects or withdraws their own progress update (issue 18, gap 4): the
earlier text stays in the mandate's public history, only the author (or staff) may do it,
checked on the server, and the mandate's statuses follow."""

import datetime

import pytest
from django.urls import reverse

from mandates.models import Mandate, MandateUpdate, MandateUpdateRevision
from mandates.services import post_mandate_update
from tests.support.factories import MandateFactory, MembershipFactory
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandate(facilitator):
    """A mandate addressed to UNESCO (``facilitator``'s organisation) and to WHO."""
    from tests.support.factories import OrganizationFactory

    mandate = MandateFactory(title="Report to the CSTD", deadline=datetime.date(2027, 12, 31))
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    mandate.parties.create(organization=OrganizationFactory(acronym="ITU"), role="addressee")
    return mandate


@pytest.fixture
def update(mandate, facilitator):
    return post_mandate_update(
        mandate,
        organization=facilitator.organizations.get(),
        status="on_track",
        text="Survey of member states drafted.",
        by=facilitator,
    )


@pytest.fixture
def colleague(facilitator):
    """Another member of UNESCO: same organisation, not the author."""
    return MembershipFactory(
        organization=facilitator.organizations.get(), user__username="colleague"
    ).user


def urls(update):
    return (
        reverse("mandates:mandate-update-edit", args=[update.mandate_id, update.pk]),
        reverse("mandates:mandate-update-withdraw", args=[update.mandate_id, update.pk]),
    )


ROLES = [
    ("anonymous", "login"),
    ("stakeholder", 403),
    ("colleague", 403),
    ("other_facilitator", 403),
    ("facilitator", "ok"),
    ("admin_user", "ok"),
]


@pytest.mark.parametrize(("role", "expected"), ROLES)
def test_edit_permission_matrix(client, request, update, colleague, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    edit, _withdraw = urls(update)
    get = client.get(edit)
    post = client.post(edit, {"status": "delayed", "text": "Survey delayed by a month."})
    update.refresh_from_db()
    if expected == "login":
        assert get.status_code == 302 and get["Location"].startswith(reverse("login"))
        assert post.status_code == 302 and post["Location"].startswith(reverse("login"))
    elif expected == 403:
        assert get.status_code == 403 and post.status_code == 403
    if expected != "ok":
        assert update.text == "Survey of member states drafted."
        assert not MandateUpdateRevision.objects.exists()
        return
    assert get.status_code == 200 and "Survey of member states drafted." in get.text
    assert post.status_code == 302
    assert (update.status, update.text) == ("delayed", "Survey delayed by a month.")
    assert update.edited_at is not None
    kept = MandateUpdateRevision.objects.get()
    assert (kept.change, kept.status, kept.text) == (
        "edited",
        "on_track",
        "Survey of member states drafted.",
    )
    event = AuditEvent.objects.get(action="mandates.update.edited")
    assert event.before["text"] == "Survey of member states drafted."


@pytest.mark.parametrize(("role", "expected"), ROLES)
def test_withdraw_permission_matrix(client, request, update, colleague, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    _edit, withdraw = urls(update)
    get = client.get(withdraw)
    post = client.post(withdraw)
    if expected == "login":
        assert post["Location"].startswith(reverse("login"))
    elif expected == 403:
        assert get.status_code == 403 and post.status_code == 403
    if expected != "ok":
        assert MandateUpdate.objects.filter(pk=update.pk).exists()
        return
    assert get.status_code == 200 and "Withdraw your update?" in get.text
    assert post.status_code == 302
    assert not MandateUpdate.objects.filter(pk=update.pk).exists()
    kept = MandateUpdateRevision.objects.get()
    assert (kept.change, kept.text, kept.update_ref) == (
        "withdrawn",
        "Survey of member states drafted.",
        update.pk,
    )
    assert AuditEvent.objects.filter(action="mandates.update.withdrawn").exists()


def test_an_update_of_another_mandate_is_not_found(client, update, facilitator):
    client.force_login(facilitator)
    other = MandateFactory()
    url = reverse("mandates:mandate-update-edit", args=[other.pk, update.pk])
    assert client.get(url).status_code == 404


def test_bad_input_is_refused_and_loses_nothing(client, update, facilitator):
    client.force_login(facilitator)
    edit, _withdraw = urls(update)
    response = client.post(edit, {"status": "done-ish", "text": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text  # kept in the form
    response = client.post(edit, {"status": "delayed", "text": "   "})
    assert response.status_code == 200 and "id_text_error" in response.text
    update.refresh_from_db()
    assert update.text == "Survey of member states drafted."
    assert not MandateUpdateRevision.objects.exists()


def test_the_history_shows_earlier_and_withdrawn_texts_to_everyone(
    client, mandate, update, facilitator
):
    client.force_login(facilitator)
    edit, withdraw = urls(update)
    client.post(edit, {"status": "at_risk", "text": "Survey at risk: no budget."})
    page = client.get(mandate.get_absolute_url()).text
    assert "Survey at risk: no budget." in page
    assert "Earlier version (1)" in page and "Survey of member states drafted." in page
    assert 'aria-label="Edit your update of' in page
    second = post_mandate_update(
        mandate,
        organization=update.organization,
        status="completed",
        text="Report sent.",
        by=facilitator,
    )
    client.post(urls(second)[1])
    client.logout()
    page = client.get(mandate.get_absolute_url()).text
    assert "Withdrawn updates" in page and "Report sent." in page
    history, withdrawn = page.split("Withdrawn updates")
    assert "Report sent." not in history and "Report sent." in withdrawn
    assert "Survey at risk: no budget." in history
    assert 'aria-label="Edit your update of' not in page  # the public gets no buttons


def test_the_statuses_follow_an_edit_and_a_withdrawal(client, mandate, update, facilitator):
    """UNESCO completes, then withdraws that: its own status and the mandate's go back."""
    unesco = mandate.parties.get(organization__acronym="UNESCO")
    itu = mandate.parties.get(organization__acronym="ITU")
    itu.status = Mandate.Status.COMPLETED
    itu.save()
    client.force_login(facilitator)
    edit, _withdraw = urls(update)
    client.post(edit, {"status": "completed", "text": "Survey done and reported."})
    unesco.refresh_from_db()
    mandate.refresh_from_db()
    assert unesco.status == Mandate.Status.COMPLETED
    assert mandate.status == Mandate.Status.COMPLETED  # every addressee has completed

    client.post(edit, {"status": "delayed", "text": "Reported too soon: still running."})
    unesco.refresh_from_db()
    mandate.refresh_from_db()
    assert unesco.status == Mandate.Status.IN_PROGRESS
    assert mandate.status == Mandate.Status.IN_PROGRESS

    client.post(urls(update)[1])
    unesco.refresh_from_db()
    mandate.refresh_from_db()
    assert unesco.status == Mandate.Status.NOT_STARTED  # no update of its own left
    assert mandate.status == Mandate.Status.IN_PROGRESS  # ITU completed, UNESCO not


def test_an_unchanged_edit_keeps_no_revision(client, update, facilitator):
    client.force_login(facilitator)
    client.post(urls(update)[0], {"status": "on_track", "text": update.text})
    assert not MandateUpdateRevision.objects.exists()
