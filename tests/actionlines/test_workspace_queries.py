"""The home and action-line pages cost a fixed number of queries, however much they show."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actionlines.models import ActionLineSDGTarget, Facilitation, Measurement, SDGTarget
from actionlines.services import save_page
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    IndicatorFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    RoadmapTargetFactory,
    SDGFactory,
    StocktakingEntryFactory,
)


def populate(line, facilitator, n):
    organization = facilitator.organizations.first()
    goal = SDGFactory(number=4)
    c7 = ActionLineFactory(code="C7", slug="c7", title="ICT applications")
    for i in range(n):
        sub = ActionLineFactory(code=f"C7-e-sub{'abcdefghij'[i]}", slug=f"c7-{i}", parent=c7)
        Facilitation.objects.create(
            action_line=sub, organization=OrganizationFactory(), role="lead"
        )
        target = SDGTarget.objects.create(goal=goal, code=f"4.{i + 1}", title=f"T{i}")
        ActionLineSDGTarget.objects.create(action_line=line, target=target, rationale="r")
        roadmap_target = RoadmapTargetFactory(action_line=line)
        indicator = IndicatorFactory(
            target=roadmap_target, baseline_value=Decimal(1), target_value=Decimal(9)
        )
        for day in range(1, 4):
            Measurement.objects.create(
                indicator=indicator, measured_on=datetime.date(2025, i + 1, day), value=day
            )
        mandate = MandateFactory()
        mandate.parties.create(organization=organization, role="addressee")
        MandateUpdateFactory(mandate=mandate, organization=organization)
        meeting = CoordinationMeetingFactory()
        meeting.action_lines.add(line)
        entry = StocktakingEntryFactory(state="published")
        entry.action_lines.add(line)
        save_page(line, f"v{i}", base_version=line.page_version, by=facilitator)


@pytest.mark.parametrize("n", [1, 5])
def test_home_query_count(client, line, facilitator, django_assert_max_num_queries, n):
    populate(line, facilitator, n)
    # Lines (3), figures (3), deadlines and meetings (2), one per source of the activity (5),
    # and the world map: the search's facet counts (10 the first time, then cached) and its
    # countries' codes (1).
    with django_assert_max_num_queries(25):
        assert client.get(reverse("actionlines:home")).status_code == 200


@pytest.mark.parametrize("n", [1, 5])
def test_action_line_page_query_count(client, line, facilitator, django_assert_max_num_queries, n):
    populate(line, facilitator, n)
    client.force_login(facilitator)
    # 22, the world map of the line's projects (11 more, as on the home page), the device
    # of the session's second factor (django-otp's OTPMiddleware) and the header's count of
    # the user's entries sent back for changes (2, then cached), and whether the
    # demonstration set is loaded (1, then cached).
    with django_assert_max_num_queries(37):
        response = client.get(line.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'<svg xmlns="http://www.w3.org/2000/svg"') == n  # charts
