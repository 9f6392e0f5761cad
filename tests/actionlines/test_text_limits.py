"""Length caps on every text that is rendered as Markdown or accepted by the API (issue 16,
hole 4): an over-long page, agenda, minutes, preview or API text is refused with a message
that names the limit, and nothing is saved. (Rendering time is measured by
benchmarks/markdown_render.py, never asserted here.)"""

import pytest
from django.urls import reverse

from actionlines.models import CoordinationMeeting, PageRevision
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory
from wsis_portal.text import PAGE_MAX_LENGTH, TEXT_MAX_LENGTH

from .test_workspace_forms_and_pages import MEETING

pytestmark = pytest.mark.django_db
BRACKETS = "[a](" * (PAGE_MAX_LENGTH // 4 + 1)  # the kind of text that cost quadratic time


def test_api_refuses_an_over_long_page(line, facilitator):
    response = client_for(facilitator).patch(
        f"/api/v1/action-lines/{line.code}/",
        {"page_content": BRACKETS, "page_version": 0},
        format="json",
    )
    assert response.status_code == 400
    assert f"no more than {PAGE_MAX_LENGTH} characters" in response.json()["page_content"][0]
    assert not PageRevision.objects.exists()


def test_page_editor_refuses_an_over_long_page_and_its_preview(client, line, facilitator):
    client.force_login(facilitator)
    url = reverse("actionlines:page-edit", args=[line.slug])
    for extra in ({"preview": "1"}, {}):
        response = client.post(url, {"content": BRACKETS, "base_version": 0, **extra})
        text = response.content.decode()
        assert f"at most {PAGE_MAX_LENGTH} characters" in text
        assert 'class="preview' not in text
    assert not PageRevision.objects.exists()


@pytest.mark.parametrize("field", ["agenda", "minutes"])
def test_meeting_agenda_and_minutes_are_capped(client, world, line, facilitator, field):
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:meeting-create"),
        {**MEETING, "action_lines": [line.pk], field: "x" * (TEXT_MAX_LENGTH + 1)},
    )
    assert f"at most {TEXT_MAX_LENGTH} characters" in response.content.decode()
    assert not CoordinationMeeting.objects.filter(title=MEETING["title"]).exists()


def test_api_texts_are_capped(facilitator):
    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    response = client_for(facilitator).post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "status": "completed", "text": "x" * (TEXT_MAX_LENGTH + 1)},
        format="json",
    )
    assert response.status_code == 400
    assert f"no more than {TEXT_MAX_LENGTH} characters" in response.json()["text"][0]
