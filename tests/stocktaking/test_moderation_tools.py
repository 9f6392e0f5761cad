"""Issue 18, gap 3, for moderators: "I'm reviewing this" (claim, release, take over; others
warned before deciding), bulk publish/archive through a page that lists what will change,
every filter of the queue, and the roles that are refused all of it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stocktaking import moderation_services
from stocktaking.models import ReviewClaim, StocktakingEntry
from tests.support.factories import UserFactory
from wsis_portal.models import AuditEvent

from .conftest import make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State
QUEUE = reverse("stocktaking:moderation-queue")
CLAIM = reverse("stocktaking:review-claim")
BULK = reverse("stocktaking:bulk-decision")


@pytest.fixture
def second_moderator(db):
    user = UserFactory(username="second-moderator", email="second@example.org")
    user.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return user


@pytest.fixture
def submitted(stakeholder, catalog):
    stakeholder.email = "owner@example.org"
    stakeholder.save()
    return [
        make_entry(stakeholder, "submitted", catalog=catalog, title=title)
        for title in ("Telemedicine vans", "Rural broadband", "School tablets")
    ]


def queue_rows(client, **params):
    """The titles in the queue's table, in order."""
    html = client.get(QUEUE, params).text
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        title
        for title in ("Telemedicine vans", "Rural broadband", "School tablets", "Old archive")
        if f">{title}</a>" in table
    ]


def test_claim_shows_in_the_queue_and_warns_another_moderator(
    client, moderator, second_moderator, submitted
):
    vans = submitted[0]
    client.force_login(moderator)
    response = client.post(CLAIM, {"claim": vans.pk, "next": QUEUE})
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert ReviewClaim.objects.get(entry=vans).moderator == moderator
    assert AuditEvent.objects.filter(
        action="stocktaking.entry.review_claimed", object_id=str(vans.pk), actor=moderator
    ).exists()
    mine = client.get(QUEUE).text
    assert f'name="release" value="{vans.pk}"' in mine  # "You … Release"

    client.force_login(second_moderator)
    queue = client.get(QUEUE).text
    row = queue.split(">Telemedicine vans</a>", 1)[1].split("</tr>", 1)[0]
    assert "moderator" in row and "since" in row
    assert f'name="claim" value="{vans.pk}"' not in row
    review_url = reverse("stocktaking:review", args=[vans.pk])
    review = client.get(review_url).text
    assert "is reviewing this entry" in review and "Take over the review" in review

    # Deciding without saying so is refused and changes nothing; ticking the box decides.
    refused = client.post(review_url, {"action": "publish"})
    assert refused.status_code == 400
    assert "moderator is reviewing this entry: tick the box" in refused.text
    vans.refresh_from_db()
    assert vans.state == State.SUBMITTED
    client.post(review_url, {"action": "publish", "override_claim": "on"})
    vans.refresh_from_db()
    assert vans.state == State.PUBLISHED
    assert not ReviewClaim.objects.filter(entry=vans).exists()  # decided: claim ended


def test_release_and_take_over(client, moderator, second_moderator, submitted):
    vans = submitted[0]
    moderation_services.claim_entry(vans, by=moderator)
    client.force_login(second_moderator)
    # Another's claim is not released by them…
    client.post(CLAIM, {"release": vans.pk})
    assert ReviewClaim.objects.get(entry=vans).moderator == moderator
    # …but can be taken over, which is recorded with whom it was taken from.
    client.post(CLAIM, {"claim": vans.pk})
    assert ReviewClaim.objects.get(entry=vans).moderator == second_moderator
    event = AuditEvent.objects.get(action="stocktaking.entry.review_taken_over")
    assert event.before == {"moderator": "moderator"}
    client.post(CLAIM, {"release": vans.pk})
    assert not ReviewClaim.objects.exists()
    assert AuditEvent.objects.filter(action="stocktaking.entry.review_released").exists()
    assert client.post(CLAIM, {"claim": "x"}).status_code == 400
    assert client.post(CLAIM, {"claim": 999999}).status_code == 404


def test_bulk_publish_lists_what_changes_then_decides_each_entry(
    client,
    moderator,
    second_moderator,
    submitted,
    stakeholder,
    catalog,
    django_capture_on_commit_callbacks,
):
    vans, broadband, tablets = submitted
    archived = make_entry(stakeholder, "archived", catalog=catalog, title="Old archive")
    moderation_services.claim_entry(tablets, by=second_moderator)
    client.force_login(moderator)
    ids = [vans.pk, broadband.pk, tablets.pk, archived.pk]
    page = client.get(BULK, {"action": "publish", "entries": ids})
    assert page.status_code == 200
    html = page.text
    for entry in (vans, broadband):
        assert f'name="entries" value="{entry.pk}" id="include-{entry.pk}" checked' in html
    # Another moderator's entry is listed, unticked, as a different choice; the archived one
    # is listed as unchanged, without a box.
    assert f'name="override" value="{tablets.pk}" id="include-{tablets.pk}">' in html
    assert "<bdi>second-moderator</bdi> is reviewing it" in html
    assert f'value="{archived.pk}"' not in html
    assert "Unchanged: not possible for an entry that is archived" in html
    # Nothing changed on the way.
    assert set(StocktakingEntry.objects.values_list("state", flat=True)) == {
        State.SUBMITTED,
        State.ARCHIVED,
    }
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BULK,
            {"action": "publish", "entries": [vans.pk, broadband.pk], "comment": "Welcome!"},
            follow=True,
        )
    assert "Published: “Telemedicine vans”, “Rural broadband”." in response.text
    states = dict(StocktakingEntry.objects.values_list("title", "state"))
    assert states == {
        "Telemedicine vans": State.PUBLISHED,
        "Rural broadband": State.PUBLISHED,
        "School tablets": State.SUBMITTED,
        "Old archive": State.ARCHIVED,
    }
    events = AuditEvent.objects.filter(action="stocktaking.entry.published", actor=moderator)
    assert sorted(int(e.object_id) for e in events) == sorted([vans.pk, broadband.pk])
    owner_mails = [m for m in mail.outbox if m.to == ["owner@example.org"]]
    assert len(owner_mails) == 2
    assert all("published" in m.subject and "Welcome!" in m.body for m in owner_mails)


def test_bulk_leaves_entries_that_moved_or_were_claimed_meanwhile(
    client, moderator, second_moderator, submitted
):
    vans, broadband, tablets = submitted
    client.force_login(moderator)
    # Between the confirmation page and the click: one is claimed, one is withdrawn.
    moderation_services.claim_entry(vans, by=second_moderator)
    from stocktaking import services

    services.withdraw_entry(broadband, by=broadband.submitter)
    response = client.post(
        BULK,
        {"action": "publish", "entries": [vans.pk, broadband.pk], "override": [tablets.pk]},
        follow=True,
    )
    text = response.text
    assert "Left as it was: “Telemedicine vans”, which second-moderator is reviewing." in text
    assert "Left as it was: “Rural broadband”, which is draft now." in text
    assert "Published: “School tablets”." in text
    states = dict(StocktakingEntry.objects.values_list("title", "state"))
    assert states["Telemedicine vans"] == State.SUBMITTED
    assert states["Rural broadband"] == State.DRAFT
    assert states["School tablets"] == State.PUBLISHED


def test_bulk_archive_of_published_entries(client, moderator, stakeholder, catalog):
    entries = [
        make_entry(stakeholder, "published", catalog=catalog, title=f"Project {n}")
        for n in range(3)
    ]
    client.force_login(moderator)
    ids = [entry.pk for entry in entries]
    assert (
        "Archive the ticked entries" in client.get(BULK, {"action": "archive", "entries": ids}).text
    )
    client.post(BULK, {"action": "archive", "entries": ids[:2]})
    states = sorted(StocktakingEntry.objects.values_list("title", "state"))
    assert states == [
        ("Project 0", State.ARCHIVED),
        ("Project 1", State.ARCHIVED),
        ("Project 2", State.PUBLISHED),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"action": "reject", "entries": ["1"]},  # not a bulk decision
        {"action": "publish"},  # nothing ticked
        {"action": "publish", "entries": ["1; DROP TABLE x"]},
        {"action": "publish", "entries": [str(n) for n in range(1, 102)]},  # too many
    ],
)
def test_bulk_refuses_bad_requests_clearly(client, moderator, submitted, params):
    client.force_login(moderator)
    for method in (client.get, client.post):
        response = method(BULK, params)
        assert response.status_code == 400
        assert 'class="form-errors"' in response.text
    assert set(StocktakingEntry.objects.values_list("state", flat=True)) == {State.SUBMITTED}


@pytest.mark.parametrize("role", ["anonymous", "stakeholder", "facilitator"])
def test_other_roles_cannot_claim_or_decide_in_bulk(
    client, role, stakeholder, facilitator, submitted
):
    if role != "anonymous":
        client.force_login({"stakeholder": stakeholder, "facilitator": facilitator}[role])
    ids = [entry.pk for entry in submitted]
    responses = [
        client.get(QUEUE),
        client.post(CLAIM, {"claim": ids[0]}),
        client.get(BULK, {"action": "publish", "entries": ids}),
        client.post(BULK, {"action": "publish", "entries": ids}),
    ]
    for response in responses:
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
    assert not ReviewClaim.objects.exists()
    assert set(StocktakingEntry.objects.values_list("state", flat=True)) == {State.SUBMITTED}


class TestEveryQueueFilter:
    """Each filter the queue offers narrows it to what it says (and the page lists its
    choices: the action lines, the stakeholder types, the states)."""

    @pytest.fixture
    def entries(self, stakeholder, catalog, moderator, second_moderator):
        vans = make_entry(
            stakeholder,
            "submitted",
            catalog=catalog,
            title="Telemedicine vans",
            stakeholder_type="civil_society",
        )
        broadband = make_entry(
            stakeholder, "submitted", title="Rural broadband", stakeholder_type="government"
        )
        broadband.action_lines.set([catalog["c3"]])
        tablets = make_entry(
            stakeholder,
            "submitted",
            catalog=catalog,
            title="School tablets",
            stakeholder_type="academia",
        )
        StocktakingEntry.objects.filter(pk=tablets.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=20)
        )
        archived = make_entry(stakeholder, "archived", catalog=catalog, title="Old archive")
        moderation_services.claim_entry(vans, by=moderator)
        moderation_services.claim_entry(broadband, by=second_moderator)
        return vans, broadband, tablets, archived

    @pytest.fixture
    def signed_in(self, client, moderator, entries):
        client.force_login(moderator)
        return client

    def test_by_default_the_queue_lists_the_submitted_entries(self, signed_in):
        assert queue_rows(signed_in) == ["Telemedicine vans", "Rural broadband", "School tablets"]

    def test_action_line(self, signed_in):
        html = signed_in.get(QUEUE).text
        assert 'value="C3"' in html and 'value="C7-e-health"' in html
        assert queue_rows(signed_in, action_line="C3") == ["Rural broadband"]
        assert queue_rows(signed_in, action_line="C7") == ["Telemedicine vans", "School tablets"]

    def test_stakeholder_type(self, signed_in):
        assert queue_rows(signed_in, stakeholder_type="government") == ["Rural broadband"]
        assert queue_rows(signed_in, stakeholder_type="academia") == ["School tablets"]

    def test_state(self, signed_in):
        assert queue_rows(signed_in, state="archived") == ["Old archive"]
        both = queue_rows(signed_in, state=["archived", "submitted"])
        assert sorted(both) == sorted(
            ["Telemedicine vans", "Rural broadband", "School tablets", "Old archive"]
        )

    def test_waiting_at_least(self, signed_in):
        assert queue_rows(signed_in, min_age=10) == ["School tablets"]
        assert queue_rows(signed_in, min_age=0) == [
            "Telemedicine vans",
            "Rural broadband",
            "School tablets",
        ]
        refused = signed_in.get(QUEUE, {"min_age": "-3"}).text
        assert "field-error" in refused

    def test_being_reviewed_by(self, signed_in):
        assert queue_rows(signed_in, claim="mine") == ["Telemedicine vans"]
        assert queue_rows(signed_in, claim="others") == ["Rural broadband"]
        assert queue_rows(signed_in, claim="unclaimed") == ["School tablets"]

    def test_filters_combine(self, signed_in):
        assert queue_rows(signed_in, action_line="C7", claim="unclaimed") == ["School tablets"]

    def test_the_queue_does_not_query_per_row(self, signed_in, stakeholder, catalog):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def queries():
            signed_in.get(QUEUE)  # the header's counts are cached per content generation
            with CaptureQueriesContext(connection) as captured:
                assert signed_in.get(QUEUE).status_code == 200
            return len(captured.captured_queries)

        few = queries()
        for n in range(6):
            make_entry(stakeholder, "submitted", catalog=catalog, title=f"More {n}")
        assert queries() <= few
