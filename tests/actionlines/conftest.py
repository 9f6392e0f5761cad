"""The workspace world the action-line tests share: one of everything on ``line``, and a
client signed in as each role."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actionlines.models import ActionLineSDGTarget, Measurement, SDGTarget
from actionlines.services import save_page
from tests.support.factories import (
    CoordinationMeetingFactory,
    IndicatorFactory,
    RoadmapTargetFactory,
    SDGFactory,
)

ROLES = ["anonymous", "stakeholder", "facilitator", "other_facilitator", "moderator", "admin_user"]
EDITORS = {"facilitator", "admin_user"}


@pytest.fixture
def world(line, facilitator, other_facilitator, stakeholder, admin_user):
    """One of everything the workspace pages show, on ``line``."""
    goal = SDGFactory(number=9, title="Industry, innovation and infrastructure")
    sdg_target = SDGTarget.objects.create(goal=goal, code="9.c", title="Access to ICT")
    roadmap_target = RoadmapTargetFactory(action_line=line, title="Universal access")
    indicator = IndicatorFactory(
        target=roadmap_target,
        name="Schools connected",
        unit="%",
        baseline_value=Decimal("10"),
        target_value=Decimal("80"),
    )
    measurement = Measurement.objects.create(
        indicator=indicator, measured_on=datetime.date(2026, 1, 1), value=Decimal("25")
    )
    link = ActionLineSDGTarget.objects.create(
        action_line=line, target=sdg_target, rationale="Libraries connect schools."
    )
    save_page(line, "# About\n\nFirst text.", base_version=0, by=facilitator, summary="First")
    meeting = CoordinationMeetingFactory(location="Geneva")
    meeting.action_lines.add(line)
    return {
        "sdg_target": sdg_target,
        "roadmap_target": roadmap_target,
        "indicator": indicator,
        "measurement": measurement,
        "link": link,
        "meeting": meeting,
    }


def sign_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
