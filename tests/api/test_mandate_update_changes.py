"""A progress update is corrected or withdrawn over the API as on the mandate's page (issue
18, gap 4): by its author or staff only, with the same services (history kept, statuses
rolled up, audited). Role by role: author, a colleague of the same organisation, a
facilitator of another organisation, staff, a stakeholder, an anonymous reader."""

import pytest

from mandates.models import Mandate, MandateUpdate, MandateUpdateRevision
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory, MembershipFactory, ParagraphFactory
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

UPDATES = "/api/v1/mandate-updates/"


@pytest.fixture
def posted(facilitator):
    """A mandate addressed to UNESCO, completed by ``facilitator``'s update (posted over the
    API, so that they are its author)."""
    mandate = MandateFactory(paragraph=ParagraphFactory())
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    response = client_for(facilitator).post(
        UPDATES,
        {"mandate": mandate.pk, "status": "completed", "text": "Report delivered."},
        format="json",
    )
    assert response.status_code == 201, response.content
    mandate.refresh_from_db()
    assert mandate.status == Mandate.Status.COMPLETED
    return MandateUpdate.objects.get(pk=response.json()["id"])


@pytest.fixture
def colleague(facilitator):
    """Another member of the author's organisation: not the author."""
    return MembershipFactory(
        organization=facilitator.organizations.get(), user__username="colleague"
    ).user


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("stakeholder", 403),
        ("colleague", 403),
        ("other_facilitator", 403),
    ],
)
def test_only_the_author_or_staff_may_change_or_withdraw_it(request, posted, role, status):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    client = client_for(user)
    address = f"{UPDATES}{posted.pk}/"
    edit = client.patch(address, {"text": "Not mine."}, format="json")
    withdraw = client.delete(address)
    for response in (edit, withdraw):
        assert response.status_code == status, response.content
        assert set(response.json()) >= {"detail", "code"}  # the one error shape
    posted.refresh_from_db()
    assert posted.text == "Report delivered."
    assert not MandateUpdateRevision.objects.exists()


def test_the_author_corrects_it_and_the_history_statuses_and_audit_follow(posted, facilitator):
    response = client_for(facilitator).patch(
        f"{UPDATES}{posted.pk}/", {"status": "delayed"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["text"]) == ("delayed", "Report delivered.")  # text kept
    posted.mandate.refresh_from_db()
    assert posted.mandate.status == Mandate.Status.IN_PROGRESS  # no longer completed
    revision = MandateUpdateRevision.objects.get()
    assert (revision.change, revision.status) == ("edited", "completed")
    event = AuditEvent.objects.get(action="mandates.update.edited")
    assert event.actor == facilitator
    assert client_for(None).get(f"{UPDATES}{posted.pk}/").json()["status"] == "delayed"


def test_staff_withdraws_it_and_it_leaves_the_lists(posted, admin_user):
    client = client_for(admin_user)
    response = client.delete(f"{UPDATES}{posted.pk}/")
    assert response.status_code == 204 and not response.content
    assert client_for(None).get(f"{UPDATES}{posted.pk}/").status_code == 404
    assert client_for(None).get(UPDATES).json()["results"] == []
    posted.mandate.refresh_from_db()
    assert posted.mandate.status == Mandate.Status.NOT_STARTED
    assert MandateUpdateRevision.objects.get().change == "withdrawn"
    assert AuditEvent.objects.get(action="mandates.update.withdrawn").actor == admin_user
    assert client.delete(f"{UPDATES}{posted.pk}/").status_code == 404  # gone


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "finished"}, "status"), ({"text": "   "}, "text"), ({"text": 7 * [1]}, "text")],
)
def test_a_bad_correction_is_a_400_naming_the_field(posted, facilitator, body, field):
    response = client_for(facilitator).patch(f"{UPDATES}{posted.pk}/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    posted.refresh_from_db()
    assert posted.status == "completed"


def test_the_schema_documents_both(db):
    from drf_spectacular.generators import SchemaGenerator

    path = SchemaGenerator().get_schema(request=None, public=True)["paths"][f"{UPDATES}{{id}}/"]
    assert {"200", "401", "403", "404"} <= set(path["patch"]["responses"])
    assert {"204", "401", "403", "404"} <= set(path["delete"]["responses"])
