"""What the write endpoints do when they are allowed: page saves with optimistic concurrency,
progress posts, the entry workflow with its log, and refusals that keep data intact."""

import pytest

from actionlines.models import PageRevision
from stocktaking.models import EntryTransition, StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory, OrganizationFactory, StocktakingEntryFactory
from wsis_portal.models import AuditEvent


def test_page_save_keeps_revision_and_audit(line, facilitator):
    client = client_for(facilitator)
    url = f"/api/v1/action-lines/{line.code}/"
    response = client.patch(url, {"page_content": "v1", "page_version": 0}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["page_version"] == 1
    assert PageRevision.objects.get(action_line=line, version=1).author == facilitator
    assert AuditEvent.objects.filter(action="actionlines.page.saved").count() == 1


def test_stale_page_version_is_409_and_overwrites_nothing(line, facilitator):
    client = client_for(facilitator)
    url = f"/api/v1/action-lines/{line.code}/"
    client.patch(url, {"page_content": "first", "page_version": 0}, format="json")
    response = client.patch(url, {"page_content": "second", "page_version": 0}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 1
    line.refresh_from_db()
    assert line.page_content == "first"
    assert PageRevision.objects.filter(action_line=line).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"page_content": "x"}, "page_version"),
        ({"page_content": "x", "page_version": "abc"}, "page_version"),
        ({"page_version": 0}, "page_content"),
    ],
)
def test_page_save_names_the_bad_field(line, facilitator, payload, field):
    response = client_for(facilitator).patch(
        f"/api/v1/action-lines/{line.code}/", payload, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_mandate_update_defaults_to_the_users_organisation(facilitator):
    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    response = client_for(facilitator).post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "status": "completed", "text": "Report submitted."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["organization"] == "UNESCO"
    mandate.refresh_from_db()
    assert mandate.status == "completed"
    assert (
        client_for(None).get(f"/api/v1/mandates/{mandate.pk}/").json()["latest_update"]["text"]
        == "Report submitted."
    )


def test_mandate_update_for_someone_elses_organisation_is_refused(facilitator, other_facilitator):
    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    response = client_for(facilitator).post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "organization": "WHO", "status": "on_track", "text": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_entry_workflow_logs_every_transition(stakeholder, moderator):
    owner, mod = client_for(stakeholder), client_for(moderator)
    created = owner.post(
        "/api/v1/stocktaking/",
        {
            "title": "Telemedicine vans",
            "description": "Mobile clinics with satellite links.",
            "organization_name": "Health on Wheels",
            "stakeholder_type": "civil_society",
            "start_date": "2025-01-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    base = f"/api/v1/stocktaking/{entry_id}"
    assert owner.post(f"{base}/submit/").json()["state"] == "submitted"
    response = mod.post(f"{base}/request-changes/", {"comment": ""}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    response = mod.post(f"{base}/request-changes/", {"comment": "Add the end date."}, format="json")
    assert response.json()["state"] == "changes_requested"
    assert owner.patch(f"{base}/", {"end_date": "2026-01-01"}, format="json").status_code == 200
    assert owner.post(f"{base}/submit/").status_code == 200
    assert mod.post(f"{base}/publish/").json()["state"] == "published"
    assert client_for(None).get(f"{base}/").status_code == 200
    assert mod.post(f"{base}/archive/").json()["state"] == "archived"
    transitions = list(
        EntryTransition.objects.filter(entry_id=entry_id).values_list("to_state", flat=True)
    )
    assert transitions == ["submitted", "changes_requested", "submitted", "published", "archived"]
    assert AuditEvent.objects.filter(object_id=str(entry_id)).count() == 7


def test_transition_from_the_wrong_state_is_409(moderator):
    entry = StocktakingEntryFactory(state="draft")
    response = client_for(moderator).post(f"/api/v1/stocktaking/{entry.pk}/publish/")
    assert response.status_code == 409
    assert "state" in response.json()
    entry.refresh_from_db()
    assert entry.state == "draft"


def test_the_owner_updates_a_published_entry_that_stays_public(stakeholder, moderator):
    """Issue 18, gap 1: PATCH of a published entry proposes an update (202) read at
    ``update/``; the entry, for everyone and its owner, is the published version until a
    moderator publishes the update."""
    entry = StocktakingEntryFactory(submitter=stakeholder, state="published", title="Old")
    owner, anonymous, mod = client_for(stakeholder), client_for(None), client_for(moderator)
    started = owner.post(f"/api/v1/stocktaking/{entry.pk}/reopen/", {"comment": "New data"})
    assert started.status_code == 200 and started.json()["state"] == "published"
    edited = owner.patch(f"/api/v1/stocktaking/{entry.pk}/", {"title": "Updated"}, format="json")
    assert edited.status_code == 202, edited.content
    assert edited.json()["state"] == "draft" and edited.json()["proposed"]["title"] == "Updated"
    for reader in (anonymous, owner):
        assert reader.get(f"/api/v1/stocktaking/{entry.pk}/").json()["title"] == "Old"
    assert anonymous.get(f"/api/v1/stocktaking/{entry.pk}/update/").status_code in (401, 404)
    submitted = owner.post(f"/api/v1/stocktaking/{entry.pk}/update/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    # Submitted: no more edits until the moderator decides (409, nothing changes).
    again = owner.patch(f"/api/v1/stocktaking/{entry.pk}/", {"title": "Later"}, format="json")
    assert again.status_code == 409
    assert mod.get(f"/api/v1/stocktaking/{entry.pk}/update/").json()["proposed"]["title"] == (
        "Updated"
    )
    published = mod.post(f"/api/v1/stocktaking/{entry.pk}/publish/")
    assert published.status_code == 200 and published.json()["title"] == "Updated"
    assert anonymous.get(f"/api/v1/stocktaking/{entry.pk}/").json()["title"] == "Updated"
    assert owner.get(f"/api/v1/stocktaking/{entry.pk}/update/").status_code == 404


def test_reject_needs_a_reason(moderator):
    entry = StocktakingEntryFactory(state="submitted")
    response = client_for(moderator).post(f"/api/v1/stocktaking/{entry.pk}/reject/")
    assert response.status_code == 400
    assert "comment" in response.json()
    entry.refresh_from_db()
    assert entry.state == "submitted"


def test_published_entry_is_not_changed_by_its_owners_patch(stakeholder):
    entry = StocktakingEntryFactory(submitter=stakeholder, state="published", title="Kept")
    response = client_for(stakeholder).patch(
        f"/api/v1/stocktaking/{entry.pk}/", {"title": "Changed"}, format="json"
    )
    assert response.status_code == 202  # an update, waiting for review
    entry.refresh_from_db()
    assert entry.title == "Kept"


def test_owner_sees_own_drafts_only(stakeholder, other_stakeholder):
    mine = StocktakingEntryFactory(submitter=stakeholder, state="draft")
    theirs = StocktakingEntryFactory(submitter=other_stakeholder, state="draft")
    listed = [
        e["id"] for e in client_for(stakeholder).get("/api/v1/stocktaking/").json()["results"]
    ]
    assert mine.pk in listed and theirs.pk not in listed
    assert StocktakingEntry.objects.count() == 2


def test_a_member_links_their_entry_to_their_organisation(stakeholder, facilitator):
    """Issue 16, hole 13: a stakeholder who is a member of an organisation may link their
    entry to it; to another organisation, a 403 names the field with the reason."""
    from actionlines.models import Membership, Organization

    unesco = Organization.objects.get(acronym="UNESCO")
    Membership.objects.create(user=stakeholder, organization=unesco)
    other = OrganizationFactory(acronym="OECD")
    client = client_for(stakeholder)
    payload = {
        "title": "Solar school labs",
        "description": "Labs powered by solar panels.",
        "organization_name": "UNESCO",
        "stakeholder_type": "international_organization",
        "organization": "UNESCO",
    }
    response = client.post("/api/v1/stocktaking/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["organization"] == "UNESCO"
    entry = StocktakingEntry.objects.get(pk=response.json()["id"])
    response = client.patch(
        f"/api/v1/stocktaking/{entry.pk}/", {"organization": other.acronym}, format="json"
    )
    assert response.status_code == 403  # a valid value, not this user's to give
    assert "member" in response.json()["organization"][0]
    entry.refresh_from_db()
    assert entry.organization == unesco


def test_a_member_of_two_bodies_posts_only_for_the_one_the_mandate_addresses(facilitator):
    """Issue 16, hole 8: a facilitator of WHO and IGF posted on a WHO mandate as IGF, which is
    neither addressee nor facilitator of it, and the update counted for the mandate."""
    unesco = facilitator.organizations.get()
    igf = OrganizationFactory(acronym="IGF")
    igf.members.add(facilitator)
    mandate = MandateFactory()
    mandate.parties.create(organization=unesco, role="addressee")
    api = client_for(facilitator)
    as_igf = api.post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "organization": "IGF", "status": "completed", "text": "Done."},
        format="json",
    )
    assert as_igf.status_code == 403
    assert "not addressed to IGF" in as_igf.json()["detail"]
    mandate.refresh_from_db()
    assert mandate.status == "not_started" and not mandate.updates.exists()
    # Without naming one, the update goes to the organisation the mandate addresses.
    unnamed = api.post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "status": "on_track", "text": "Started."},
        format="json",
    )
    assert unnamed.status_code == 201, unnamed.content
    assert unnamed.json()["organization"] == "UNESCO"
