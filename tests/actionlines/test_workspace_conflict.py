"""Two saves on the same base version: the second gets the conflict page, keeps its text,
and nothing is overwritten."""

from django.urls import reverse

from actionlines.models import PageRevision
from actionlines.services import save_page


def test_second_save_on_same_base_gets_conflict_page(client, line, facilitator, admin_user):
    save_page(line, "Original text", base_version=0, by=facilitator)
    url = reverse("actionlines:page-edit", args=[line.slug])

    first = client
    first.force_login(admin_user)
    response = first.post(
        url, {"content": "Admin's text", "summary": "A", "base_version": 1, "save": "1"}
    )
    assert response.status_code == 302

    from django.test import Client

    second = Client()
    second.force_login(facilitator)
    response = second.post(
        url, {"content": "Facilitator's text", "summary": "F", "base_version": 1, "save": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this page" in html
    assert "Admin&#x27;s text" in html  # theirs shown
    assert "Facilitator&#x27;s text</textarea>" in html  # mine kept in the form
    assert 'name="base_version" value="2"' in html  # the merge saves on top of the current

    line.refresh_from_db()
    assert line.page_content == "Admin's text"
    assert line.page_version == 2
    assert PageRevision.objects.filter(action_line=line).count() == 2

    merged = "Admin's text\n\nFacilitator's text"
    response = second.post(
        url, {"content": merged, "summary": "Merged", "base_version": 2, "save": "1"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.page_content == merged and line.page_version == 3


def test_restore_on_stale_version_changes_nothing(client, line, facilitator):
    save_page(line, "One", base_version=0, by=facilitator)
    save_page(line, "Two", base_version=1, by=facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("actionlines:page-restore", args=[line.slug, 1]), {"base_version": 1}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.page_content == "Two" and line.page_version == 2
