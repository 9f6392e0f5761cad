"""The facilitator workspace as each role sees it: every page and every write, table-driven.

Roles: anonymous, stakeholder, facilitator of ``line`` (C3), facilitator of another line
(C9), a stocktaking moderator (no rights here) and a superuser. Reads of public pages are
open to all; writes need ``can_edit_action_line``; anonymous users are sent to the sign-in
page.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actionlines.models import (
    ActionLineSDGTarget,
    CoordinationMeeting,
    Indicator,
    Measurement,
    PageRevision,
    RoadmapTarget,
)
from actionlines.services import save_page
from wsis_portal.models import AuditEvent

from .conftest import EDITORS, ROLES, assert_sent_to_login, sign_in

PUBLIC_PAGES = [
    lambda w, line: reverse("actionlines:home"),
    lambda w, line: reverse("actionlines:list"),
    lambda w, line: reverse("actionlines:detail", args=[line.slug]),
    lambda w, line: reverse("actionlines:page-history", args=[line.slug]),
    lambda w, line: reverse("actionlines:roadmap", args=[line.slug]),
    lambda w, line: reverse("actionlines:organization-detail", args=["unesco"]),
    lambda w, line: reverse("actionlines:sdg-matrix"),
    lambda w, line: reverse("actionlines:meeting-list"),
    lambda w, line: reverse("actionlines:meeting-detail", args=[w["meeting"].pk]),
    lambda w, line: reverse("login"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", range(len(PUBLIC_PAGES)))
def test_public_pages_open_to_everyone(client, request, world, line, role, page):
    sign_in(client, request, role)
    response = client.get(PUBLIC_PAGES[page](world, line))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


WORKSPACE_PAGES = {
    "page-edit": lambda w, line: reverse("actionlines:page-edit", args=[line.slug]),
    "sdg-links": lambda w, line: reverse("actionlines:sdg-links", args=[line.slug]),
    "target-create": lambda w, line: reverse("actionlines:roadmap-target-create", args=[line.slug]),
    "target-edit": lambda w, line: reverse(
        "actionlines:roadmap-target-edit", args=[line.slug, w["roadmap_target"].pk]
    ),
    "indicator-create": lambda w, line: reverse(
        "actionlines:indicator-create", args=[line.slug, w["roadmap_target"].pk]
    ),
    "indicator-edit": lambda w, line: reverse(
        "actionlines:indicator-edit", args=[line.slug, w["indicator"].pk]
    ),
    "measurement-create": lambda w, line: reverse(
        "actionlines:measurement-create", args=[line.slug, w["indicator"].pk]
    ),
    "meeting-edit": lambda w, line: reverse("actionlines:meeting-edit", args=[w["meeting"].pk]),
    "target-delete": lambda w, line: reverse(
        "actionlines:roadmap-target-delete", args=[line.slug, w["roadmap_target"].pk]
    ),
    "indicator-delete": lambda w, line: reverse(
        "actionlines:indicator-delete", args=[line.slug, w["indicator"].pk]
    ),
    "measurement-delete": lambda w, line: reverse(
        "actionlines:measurement-delete", args=[line.slug, w["measurement"].pk]
    ),
    "meeting-delete": lambda w, line: reverse("actionlines:meeting-delete", args=[w["meeting"].pk]),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(WORKSPACE_PAGES))
def test_workspace_pages_need_a_facilitator_of_the_line(client, request, world, line, role, page):
    sign_in(client, request, role)
    response = client.get(WORKSPACE_PAGES[page](world, line))
    if role == "anonymous":
        assert_sent_to_login(response)
    elif role in EDITORS:
        assert response.status_code == 200
        assert b'name="csrfmiddlewaretoken"' in response.content
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("stakeholder", 403),
        ("facilitator", 200),
        ("other_facilitator", 200),
        ("moderator", 403),
        ("admin_user", 200),
    ],
)
@pytest.mark.parametrize("url_name", ["actionlines:my-action-lines", "actionlines:meeting-create"])
def test_facilitator_only_pages(client, request, world, role, expected, url_name):
    sign_in(client, request, role)
    response = client.get(reverse(url_name))
    if expected == "login":
        assert_sent_to_login(response)
    else:
        assert response.status_code == expected


def test_my_action_lines_lists_only_mine(client, world, line, facilitator):
    client.force_login(facilitator)
    response = client.get(reverse("actionlines:my-action-lines"))
    assert line.title in response.text
    assert "Media" not in response.text
    assert reverse("actionlines:page-edit", args=[line.slug]) in response.text


def _write(name, world, line):
    """(url, data, check) for each write; ``check()`` says whether the write happened."""
    w = world
    slug = line.slug
    if name == "restore":  # a version 2, so that version 1 differs from the page
        save_page(line, "# About\n\nSecond text.", base_version=1, by=None, summary="Two")
    writes = {
        "save-page": (
            reverse("actionlines:page-edit", args=[slug]),
            {"content": "New text", "summary": "s", "base_version": 1, "save": "1"},
            lambda: PageRevision.objects.filter(action_line=line, version=2).exists(),
        ),
        "restore": (
            reverse("actionlines:page-restore", args=[slug, 1]),
            {"base_version": 2},
            lambda: PageRevision.objects.filter(action_line=line, version=3).exists(),
        ),
        "link-sdg": (
            reverse("actionlines:sdg-links", args=[slug]),
            {"target": w["sdg_target"].pk, "rationale": "A new reason."},
            lambda: ActionLineSDGTarget.objects.filter(rationale="A new reason.").exists(),
        ),
        "unlink-sdg": (
            reverse("actionlines:sdg-link-delete", args=[slug, w["link"].pk]),
            {},
            lambda: not ActionLineSDGTarget.objects.filter(pk=w["link"].pk).exists(),
        ),
        "create-target": (
            reverse("actionlines:roadmap-target-create", args=[slug]),
            {"title": "Gender parity", "sort_order": 2},
            lambda: RoadmapTarget.objects.filter(title="Gender parity").exists(),
        ),
        "edit-target": (
            reverse("actionlines:roadmap-target-edit", args=[slug, w["roadmap_target"].pk]),
            {"title": "Renamed target", "sort_order": 1},
            lambda: RoadmapTarget.objects.filter(title="Renamed target").exists(),
        ),
        "create-indicator": (
            reverse("actionlines:indicator-create", args=[slug, w["roadmap_target"].pk]),
            {"name": "Libraries online", "unit": "libraries", "baseline_value": "5"},
            lambda: Indicator.objects.filter(name="Libraries online").exists(),
        ),
        "edit-indicator": (
            reverse("actionlines:indicator-edit", args=[slug, w["indicator"].pk]),
            {"name": "Schools online", "unit": "%", "target_value": "90"},
            lambda: Indicator.objects.filter(name="Schools online").exists(),
        ),
        "measurement": (
            reverse("actionlines:measurement-create", args=[slug, w["indicator"].pk]),
            {"measured_on": "2026-06-30", "value": "31.5"},
            lambda: Measurement.objects.filter(value=Decimal("31.5")).exists(),
        ),
        "edit-meeting": (
            reverse("actionlines:meeting-edit", args=[w["meeting"].pk]),
            {
                "title": "Renamed meeting",
                "date": "2026-05-12",
                "location": "Geneva",
                "action_lines": [line.pk],
            },
            lambda: CoordinationMeeting.objects.filter(title="Renamed meeting").exists(),
        ),
        "create-meeting": (
            reverse("actionlines:meeting-create"),
            {
                "title": "New meeting",
                "date": "2026-09-01",
                "is_online": "on",
                "action_lines": [line.pk],
            },
            lambda: CoordinationMeeting.objects.filter(title="New meeting").exists(),
        ),
        "delete-target": (
            reverse("actionlines:roadmap-target-delete", args=[slug, w["roadmap_target"].pk]),
            {},
            lambda: not RoadmapTarget.objects.filter(pk=w["roadmap_target"].pk).exists(),
        ),
        "delete-indicator": (
            reverse("actionlines:indicator-delete", args=[slug, w["indicator"].pk]),
            {},
            lambda: not Indicator.objects.filter(pk=w["indicator"].pk).exists(),
        ),
        "delete-measurement": (
            reverse("actionlines:measurement-delete", args=[slug, w["measurement"].pk]),
            {},
            lambda: not Measurement.objects.filter(pk=w["measurement"].pk).exists(),
        ),
        "delete-meeting": (
            reverse("actionlines:meeting-delete", args=[w["meeting"].pk]),
            {},
            lambda: not CoordinationMeeting.objects.filter(pk=w["meeting"].pk).exists(),
        ),
    }
    return writes[name]


WRITES = [
    "save-page",
    "restore",
    "link-sdg",
    "unlink-sdg",
    "create-target",
    "edit-target",
    "create-indicator",
    "edit-indicator",
    "measurement",
    "edit-meeting",
    "create-meeting",
    "delete-target",
    "delete-indicator",
    "delete-measurement",
    "delete-meeting",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES)
def test_writes_permission_matrix(client, request, world, line, role, write):
    url, data, happened = _write(write, world, line)
    sign_in(client, request, role)
    events_before = AuditEvent.objects.count()
    response = client.post(url, data)
    if role == "anonymous":
        assert_sent_to_login(response)
        assert not happened()
    elif role in EDITORS:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert happened()
        assert AuditEvent.objects.count() > events_before
    elif write == "create-meeting":
        # Any facilitator may record a meeting, but only of lines they facilitate.
        assert response.status_code in (200, 403)
        assert not happened()
    else:
        assert response.status_code == 403
        assert not happened()


def test_edit_link_shown_only_to_editors(client, world, line, facilitator, other_facilitator):
    edit_url = reverse("actionlines:page-edit", args=[line.slug])
    assert edit_url not in client.get(line.get_absolute_url()).text
    client.force_login(other_facilitator)
    assert edit_url not in client.get(line.get_absolute_url()).text
    client.force_login(facilitator)
    assert edit_url in client.get(line.get_absolute_url()).text


def test_preview_renders_without_saving(client, world, line, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:page-edit", args=[line.slug]),
        {"content": "**Bold** idea", "summary": "", "base_version": 1, "preview": "1"},
    )
    assert response.status_code == 200
    assert "<strong>Bold</strong> idea" in response.text
    assert "**Bold** idea</textarea>" in response.text
    line.refresh_from_db()
    assert line.page_version == 1


def test_history_diff_and_restore(client, world, line, facilitator):
    save_page(line, "# About\n\nSecond text.", base_version=1, by=facilitator, summary="Two")
    client.force_login(facilitator)
    history = client.get(reverse("actionlines:page-history", args=[line.slug]) + "?from=1&to=2")
    # Word by word: only the word that changed is marked, with a label a screen reader says.
    assert '<del><bdi class="visually-hidden">Removed: </bdi>First</del> text.' in history.text
    assert '<ins><bdi class="visually-hidden">Added: </bdi>Second</ins> text.' in history.text
    assert "facilitator" in history.text and "Two" in history.text
    client.post(reverse("actionlines:page-restore", args=[line.slug, 1]), {"base_version": 2})
    line.refresh_from_db()
    assert line.page_version == 3
    assert line.page_content == "# About\n\nFirst text."
    assert line.revisions.first().summary == "Restored version 1"


@pytest.mark.parametrize("version", [1, 3])
def test_restoring_the_text_the_page_has_is_refused(client, world, line, facilitator, version):
    """Restoring the current version, or an older one with the same text, writes nothing and
    says so, on the confirmation page and on POST alike (no empty "No difference" version)."""
    save_page(line, "# About\n\nSecond text.", base_version=1, by=facilitator)
    save_page(line, "# About\n\nFirst text.", base_version=2, by=facilitator)
    client.force_login(facilitator)
    url = reverse("actionlines:page-restore", args=[line.slug, version])
    confirm = client.get(url)
    assert "there is nothing to restore" in confirm.text
    assert f'action="{url}"' not in confirm.text
    response = client.post(url, {"base_version": 3}, follow=True)
    assert "there is nothing to restore" in response.text
    line.refresh_from_db()
    assert line.page_version == 3 and line.revisions.count() == 3


def test_restore_asks_first_showing_what_it_changes(client, world, line, facilitator):
    save_page(line, "# About\n\nSecond text.", base_version=1, by=facilitator)
    client.force_login(facilitator)
    url = reverse("actionlines:page-restore", args=[line.slug, 1])
    history = client.get(reverse("actionlines:page-history", args=[line.slug])).text
    assert f'<a href="{url}"' in history and f'action="{url}"' not in history
    confirm = client.get(url)
    assert "Restore version 1?" in confirm.text
    assert '<del><bdi class="visually-hidden">Removed: </bdi>Second</del> text.' in confirm.text
    assert '<ins><bdi class="visually-hidden">Added: </bdi>First</ins> text.' in confirm.text
    line.refresh_from_db()
    assert line.page_version == 2  # asking changed nothing


def test_measurement_refuses_non_numbers_and_keeps_input(client, world, line, facilitator):
    client.force_login(facilitator)
    url = reverse("actionlines:measurement-create", args=[line.slug, world["indicator"].pk])
    response = client.post(url, {"measured_on": "2026-06-30", "value": "about forty", "note": "n"})
    assert response.status_code == 200
    assert "Enter a number" in response.text
    assert 'value="about forty"' in response.text
    assert 'aria-describedby="id_value_helptext id_value_error"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Measurement.objects.filter(measured_on=datetime.date(2026, 6, 30)).exists()


def test_sdg_link_needs_a_rationale(client, world, line, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:sdg-links", args=[line.slug]),
        {"target": world["sdg_target"].pk, "rationale": ""},
    )
    assert response.status_code == 200
    assert "id_rationale_error" in response.text


def test_meeting_needs_a_line_of_mine(client, world, line, other_facilitator):
    client.force_login(other_facilitator)
    response = client.post(
        reverse("actionlines:meeting-create"),
        {"title": "Not mine", "date": "2026-09-01", "is_online": "on", "action_lines": [line.pk]},
    )
    assert response.status_code == 200
    assert "Include at least one action line that you facilitate" in response.text
    assert 'value="Not mine"' in response.text


def test_action_line_page_shows_everything(client, world, line):
    response = client.get(line.get_absolute_url())
    text = response.text
    assert "<h2>About</h2>" in text  # page Markdown, h1 demoted
    assert "Universal access" in text and "Schools connected" in text
    assert '<title id="indicator-' in text and "Schools connected (%) over time" in text
    assert "Libraries connect schools." in text and 'id="sdg-9"' in text
    assert world["meeting"].title in text


def test_matrix_counts_links(client, world, line):
    response = client.get(reverse("actionlines:sdg-matrix"))
    assert f'href="{line.get_absolute_url()}#sdg-9"' in response.text
