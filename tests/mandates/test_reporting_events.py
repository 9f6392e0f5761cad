"""Deadlines from events (issue 13, item 4), pinned on the texts.

A mandate due at a session or meeting takes its deadline from the event; the event is known by
its year until its day is set in the admin, and is shown as "2027 (date not yet set)", never
as a guessed 31 December; every mandate due at it follows when the day is set. Recurring
requests have a next due date. The traffic light, the reminders and the overdue filter treat
an approximate date as the whole year; the Geneva Plan of Action's 2005 targets are historic.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from actionlines.models import Organization
from mandates.importers.events import ordinal, recurrence
from mandates.importers.mandates import import_mandates
from mandates.models import Due, Mandate, ReportingEvent
from mandates.reminders import send_deadline_reminders
from mandates.services import reporting_light
from tests.support.factories import MandateFactory, MembershipFactory, OrganizationFactory
from tests.support.reference import load_reference

#: (document, paragraph, clause, event, year, recurrence): the event each clause is due at.
EVENTS = [
    # "… be reported to the Commission … at its thirtieth session, in 2027"
    ("a-res-80-173", "67", 2, "cstd-30", 2027, ""),
    ("a-res-80-173", "113", 1, "cstd-30", 2027, ""),
    ("a-res-80-173", "117", 1, "cstd-30", 2027, ""),
    # "… report thereon at the inaugural Global Dialogue on Artificial Intelligence
    # Governance, in 2026"
    ("a-res-80-173", "86", 1, "global-dialogue-ai-governance-2026", 2026, ""),
    # "… to the Commission … at its twenty-ninth session" (no year: the CSTD's 29th is 2026)
    ("e-res-2025-18", "133", 1, "cstd-29", 2026, ""),
    # "… to submit to the Commission …, on a yearly basis, a report": from its next session
    ("e-res-2025-18", "138", 1, "cstd-29", 2026, "annual"),
    # "… to the 30th session of the Commission … in 2027"
    ("wsis20-zero-draft-unesco", "140", 1, "cstd-30", 2027, ""),
    # "the General Assembly to hold a high-level meeting on the overall review … in 2035"
    ("wsis20-zero-draft-unesco", "159", 1, "unga-wsis-review-2035", 2035, ""),
    ("tunis-agenda", "111", 1, "unga-wsis-review-2015", 2015, ""),
]


@pytest.fixture
def reference(db):
    load_reference()


def mandate_at(slug, label, clause=1):
    return Mandate.objects.get(document__slug=slug, paragraph__label=label, clause__order=clause)


def table(response) -> str:
    html = response.content.decode()
    return html[html.index("<table") : html.index("</table>")]


def test_ordinals_and_recurrences_as_the_texts_write_them():
    assert [ordinal(w) for w in ("thirtieth", "twenty-ninth", "30th", "29th", "first")] == [
        30, 29, 30, 29, 1,
    ]  # fmt: skip
    assert ordinal("next") is None
    assert recurrence("to submit …, on a yearly basis, a report") == "annual"
    assert recurrence("to report annually") == "annual"
    assert recurrence("to meet every year") == "annual"
    assert recurrence("to report biennially to the Council") == "biennial"
    assert recurrence("published annually, or every two years") == "annual"
    assert recurrence("to report to the Commission in 2027") == ""


def test_each_mandate_is_due_at_the_event_its_text_names(reference):
    for slug, label, clause, event, year, recurs in EVENTS:
        where = f"{slug} ¶{label}.{clause}"
        mandate = mandate_at(slug, label, clause)
        assert mandate.event is not None, where
        assert (mandate.event.slug, mandate.event.year) == (event, year), where
        assert mandate.recurrence == recurs, where
        # no day is known yet: the year, approximate
        assert mandate.due == Due(datetime.date(year, 12, 31), approximate=True), where
    cstd30 = ReportingEvent.objects.get(slug="cstd-30")
    assert cstd30.session == 30 and cstd30.body.acronym == "CSTD" and cstd30.date is None
    assert ReportingEvent.objects.get(slug="cstd-29").session == 29
    # "by 2005" names no event: its year alone
    geneva = Mandate.objects.filter(document__slug="geneva-plan-of-action", event=None)
    assert geneva.filter(deadline=datetime.date(2005, 12, 31), deadline_is_year_only=True).exists()
    assert import_mandates() == 0  # the fixture is the importer's output


def test_a_date_set_in_the_admin_moves_every_mandate_due_at_the_event(
    client, reference, admin_user
):
    cstd30 = ReportingEvent.objects.get(slug="cstd-30")
    due_there = set(cstd30.mandates.values_list("pk", flat=True))
    assert len(due_there) == 4

    tracker = table(client.get("/mandates/", {"event": "cstd-30"}))
    assert tracker.count("<br>2027 (date not yet set)") == 4
    assert "31 December 2027" not in tracker and "Dec. 31, 2027" not in tracker

    client.force_login(admin_user)
    url = reverse("admin:mandates_reportingevent_change", args=[cstd30.pk])
    assert client.get(url).status_code == 200
    data = {"slug": cstd30.slug, "name": cstd30.name, "body": cstd30.body_id, "session": 30}
    response = client.post(url, data | {"year": 2027, "date": "2027-04-12"})
    assert response.status_code == 302, response.context["adminform"].form.errors

    for mandate in Mandate.objects.filter(pk__in=due_there):
        assert mandate.deadline == datetime.date(2027, 4, 12) and not mandate.deadline_is_year_only
    client.logout()
    tracker = table(client.get("/mandates/", {"event": "cstd-30"}))
    assert tracker.count(">12 April 2027</time>") == 4 and "date not yet set" not in tracker

    # a re-import keeps the event's day (it is the admin's) and reports no correction
    kept: list[str] = []
    assert import_mandates(kept=kept) == 0 and kept == []
    assert mandate_at("a-res-80-173", "113").deadline == datetime.date(2027, 4, 12)


def test_filter_by_event_in_the_tracker_and_the_api(
    client, reference, django_assert_max_num_queries
):
    expected = set(ReportingEvent.objects.get(slug="cstd-30").mandates.values_list("pk", flat=True))
    api = client.get("/api/v1/mandates/", {"event": "cstd-30", "page_size": 100})
    assert api.status_code == 200
    results = api.json()["results"]
    assert {m["id"] for m in results} == expected
    assert {m["event"]["slug"] for m in results} == {"cstd-30"}
    assert {(m["event"]["year"], m["event"]["date"]) for m in results} == {(2027, None)}
    with django_assert_max_num_queries(16):
        page = client.get("/mandates/", {"event": "cstd-30"})
    assert {m.pk for m in page.context["paginator"].object_list} == expected
    assert 'value="cstd-30" selected' in page.content.decode()

    for bad in ("cstd-99", "<script>", "' OR 1=1 --"):
        assert client.get("/api/v1/mandates/", {"event": bad}).status_code == 400
        response = client.get("/mandates/", {"event": bad})
        assert response.status_code == 400 and "<script>" not in response.content.decode()

    yearly = client.get("/api/v1/mandates/", {"recurrence": "annual", "page_size": 100}).json()
    assert mandate_at("e-res-2025-18", "138").pk in {m["id"] for m in yearly["results"]}


# --- What an approximate date means for the light, the reminders and "overdue" -------------


def test_an_approximate_deadline_is_not_overdue_before_its_year_is_over(db):
    mandate = MandateFactory(deadline=datetime.date(2026, 12, 31), deadline_is_year_only=True)
    in_the_year = reporting_light(mandate, today=datetime.date(2026, 12, 7))
    assert in_the_year.colour == "amber"
    assert "2026 (date not yet set)" in in_the_year.reason
    # before its year: near once its first day is within 90 days
    assert reporting_light(mandate, today=datetime.date(2025, 9, 1)).colour == "none"
    assert reporting_light(mandate, today=datetime.date(2025, 10, 15)).colour == "amber"
    over = reporting_light(mandate, today=datetime.date(2027, 1, 1))
    assert over.colour == "red" and "2026" in over.reason and "December" not in over.reason
    assert not Mandate.objects.overdue(datetime.date(2026, 12, 31)).exists()
    assert Mandate.objects.overdue(datetime.date(2027, 1, 1)).exists()


def test_a_recurring_request_has_a_next_due_date_and_is_never_overdue(reference):
    yearly = mandate_at("e-res-2025-18", "138")
    assert yearly.recurrence == "annual"
    assert yearly.next_due(datetime.date(2026, 3, 1)) == Due(datetime.date(2026, 12, 31), True)
    assert yearly.next_due(datetime.date(2027, 3, 1)) == Due(datetime.date(2027, 12, 31), True)
    session = yearly.event
    session.date = datetime.date(2026, 4, 20)
    session.save()
    from mandates.services import follow_event

    # E/RES/2025/18 ¶133 and ¶138, the zero draft's ¶125 (the IGF, yearly), ¶147, ¶153, ¶154
    assert follow_event(session) == 6
    yearly.refresh_from_db()
    assert yearly.next_due(datetime.date(2026, 4, 1)) == Due(datetime.date(2026, 4, 20), False)
    # the 29th session has passed: the next report is due at next year's
    assert yearly.next_due(datetime.date(2026, 12, 7)) == Due(datetime.date(2027, 12, 31), True)
    assert reporting_light(yearly, today=datetime.date(2030, 6, 1)).colour != "red"
    assert yearly not in Mandate.objects.overdue(datetime.date(2030, 6, 1))
    biennial = MandateFactory(deadline=datetime.date(2026, 6, 1), recurrence="biennial")
    assert biennial.next_due(datetime.date(2026, 12, 7)) == Due(datetime.date(2028, 12, 31), True)


def test_reminders_count_from_the_first_day_an_approximate_deadline_may_fall_on(db, settings):
    settings.MANDATE_REMINDER_DAYS = (90, 30, 7)
    itu = OrganizationFactory(acronym="ITU")
    member = MembershipFactory(organization=itu, user__email="itu@example.org").user
    mandate = MandateFactory(
        title="Road maps", deadline=datetime.date(2027, 12, 31), deadline_is_year_only=True
    )
    mandate.parties.create(organization=itu, role="addressee")

    assert send_deadline_reminders(datetime.date(2026, 12, 25)) == 1  # 7 days before 2027
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "2027 (date not yet set)" in message.subject and "31" not in message.subject
    # a week before the guessed 31 December: nothing more
    assert send_deadline_reminders(datetime.date(2027, 12, 24)) == 0

    # the day is set: the windows count down to it again
    mandate.deadline, mandate.deadline_is_year_only = datetime.date(2027, 5, 10), False
    mandate.save()
    assert send_deadline_reminders(datetime.date(2027, 5, 3)) == 1
    assert "2027" in mail.outbox[-1].subject and "not yet set" not in mail.outbox[-1].subject


# --- The Geneva Plan of Action's 2005 targets -------------------------------------------------


def test_targets_due_before_the_latest_review_are_historic_not_overdue(client, reference):
    historic = Mandate.objects.filter(status="historic")
    assert set(historic.values_list("document__slug", "paragraph__label")) == {
        ("geneva-declaration", "50"),  # the working group on Internet governance, by 2005
        ("geneva-plan-of-action", "8"),
        ("geneva-plan-of-action", "13"),
        ("geneva-plan-of-action", "27"),  # the Task Force's review, by December 2004
        ("tunis-agenda", "71"),  # enhanced cooperation, by the first quarter of 2006
        ("tunis-agenda", "72"),  # the first IGF, by the second quarter of 2006
        ("tunis-agenda", "85"),  # national e-strategies before 2010
        ("tunis-agenda", "104"),  # report by June 2006
        ("tunis-agenda", "111"),  # the General Assembly's review in 2015
    }
    assert all(m.deadline.year <= 2015 for m in historic)
    assert not Mandate.objects.overdue().filter(pk__in=historic).exists()

    page = client.get("/mandates/")
    first = page.context["mandates"][0]
    assert first.status != "historic" and first.light.colour != "red"
    assert list(page.context["paginator"].object_list)[-1].status == "historic"
    overdue = client.get("/mandates/", {"overdue": "true"}).context["paginator"].object_list
    assert not {m.pk for m in overdue} & set(historic.values_list("pk", flat=True))

    geneva = historic.filter(document__slug="geneva-plan-of-action").first()
    light = reporting_light(geneva)
    assert (light.colour, light.label) == ("none", "Historic")
    detail = client.get(geneva.get_absolute_url()).content.decode()
    assert "Historic" in detail and "Overdue" not in detail
    data = client.get(f"/api/v1/mandates/{geneva.pk}/").json()
    assert data["status"] == "historic" and data["is_overdue"] is False
    listed = client.get("/api/v1/mandates/", {"status": "historic", "page_size": 50}).json()
    assert {m["id"] for m in listed["results"]} == set(historic.values_list("pk", flat=True))


def test_a_historic_mandate_someone_works_on_is_left_as_it_is(reference):
    from mandates.services import post_mandate_update
    from tests.support.factories import UserFactory

    mandate = mandate_at("tunis-agenda", "111")
    unga = Organization.objects.get(acronym="UNGA")
    user = UserFactory()
    post_mandate_update(mandate, organization=unga, status="on_track", text="Held.", by=user)
    mandate.refresh_from_db()
    assert mandate.status == "in_progress"
    import_mandates()
    mandate.refresh_from_db()
    assert mandate.status == "in_progress"
