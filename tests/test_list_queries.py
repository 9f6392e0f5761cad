"""Every HTML list page costs the same number of queries for 1 item as for 30 (no N+1).

Pages with a query-count test of their own elsewhere: home and action-line page
(actionlines/test_workspace_queries.py), the mandate tracker (mandates/test_tracker_list.py),
the paragraph search and a document (mandates/test_reader_*.py), the stocktaking search page
(stocktaking/test_search_pages.py). Each page is read by a signed-in user here, so that what
is measured is the page's own queries, not the anonymous page cache.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionlines.models import ActionLineSDGTarget, Facilitation, SDGTarget
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    DocumentFactory,
    MandateFactory,
    MandateUpdateFactory,
    MembershipFactory,
    OrganizationFactory,
    ParagraphFactory,
    SDGFactory,
    StocktakingEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """A reader who belongs to an organisation that facilitates a line and moderates."""
    organization = OrganizationFactory(acronym="ITU")
    reader = MembershipFactory(organization=organization, user__username="reader").user
    reader.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return {"reader": reader, "organization": organization}


def letters(i):
    """A sub-line code suffix (codes are C1–C11, sub-lines add letters)."""
    return chr(97 + i % 26) + chr(97 + i // 26)


def line_with_subline(i):
    """Top-level line C1…C11 (shared once there are more than 11) and a sub-line of its own."""
    code = f"C{i % 11 + 1}"
    line = ActionLineFactory(code=code, slug=code.lower(), sort_order=i % 11)
    sub = ActionLineFactory(
        code=f"{code}-{letters(i)}", slug=f"{code.lower()}-{letters(i)}", parent=line
    )
    return line, sub


def add_action_lines(world, start, n):
    for i in range(start, start + n):
        for each in line_with_subline(i):
            Facilitation.objects.get_or_create(
                action_line=each, organization=world["organization"], defaults={"role": "lead"}
            )


def add_meetings(world, start, n):
    for i in range(start, start + n):
        meeting = CoordinationMeetingFactory(organizer=world["organization"])
        meeting.action_lines.add(*line_with_subline(i))


def add_matrix_rows(world, start, n):
    goal = SDGFactory(number=9, title="Industry, innovation and infrastructure")
    target, _ = SDGTarget.objects.get_or_create(goal=goal, code="9.c", title="Access to ICT")
    for i in range(start, start + n):
        for line in line_with_subline(i):
            ActionLineSDGTarget.objects.get_or_create(
                action_line=line, target=target, defaults={"rationale": "ICT"}
            )


def add_organization_mandates(world, start, n):
    for _ in range(n):
        mandate = MandateFactory()
        mandate.parties.create(organization=world["organization"], role="addressee")
        MandateUpdateFactory(mandate=mandate, organization=world["organization"])


def add_documents(world, start, n):
    for _ in range(n):
        MandateFactory(paragraph=ParagraphFactory(document=DocumentFactory()))


def add_submitted_entries(world, start, n):
    for i in range(start, start + n):
        entry = StocktakingEntryFactory(state="submitted", submitted_at=timezone.now())
        entry.action_lines.add(*line_with_subline(i))


def add_own_entries(world, start, n):
    moderator = UserFactory(username="queue-moderator")
    for _ in range(n):
        entry = StocktakingEntryFactory(submitter=world["reader"], state="changes_requested")
        entry.transitions.create(
            from_state="submitted",
            to_state="changes_requested",
            actor=moderator,
            comment="Add the dates.",
            created_at=timezone.now(),
        )


def add_my_mandates(world, start, n):
    add_organization_mandates(world, start, n)


PAGES = {
    "action-line list": (lambda w: reverse("actionlines:list"), add_action_lines),
    "my action lines": (lambda w: reverse("actionlines:my-action-lines"), add_action_lines),
    "meetings": (lambda w: reverse("actionlines:meeting-list"), add_meetings),
    "WSIS-SDG matrix": (lambda w: reverse("actionlines:sdg-matrix"), add_matrix_rows),
    "organisation": (
        lambda w: reverse("actionlines:organization-detail", args=[w["organization"].slug]),
        add_organization_mandates,
    ),
    "documents": (lambda w: reverse("mandates:document-list"), add_documents),
    "my mandates": (lambda w: reverse("mandates:my-mandates"), add_my_mandates),
    "moderation queue": (lambda w: reverse("stocktaking:moderation-queue"), add_submitted_entries),
    "my submissions": (lambda w: reverse("stocktaking:my-submissions"), add_own_entries),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_the_number_of_items(
    client, world, page, django_assert_num_queries
):
    url_for, add = PAGES[page]
    client.force_login(world["reader"])
    url = url_for(world)
    add(world, 0, 1)
    client.get(url)  # warm up: whatever a process loads once (content types, …)
    with CaptureQueriesContext(connection) as one_item:
        assert client.get(url).status_code == 200
    expected = len(one_item.captured_queries)  # before the next request resets the log
    add(world, 1, 29)
    # Warm up again: new content renews what is cached per content generation (the header's
    # notices, the map's counts), which is not a cost per item.
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
