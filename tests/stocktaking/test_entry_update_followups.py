"""Issue 18, gap 1's leftovers: the owner of a published entry is e-mailed, in their language,
when a moderator publishes their update or sends it back; the logo changes through an update
too (pending, the public keeps the published one, until a moderator publishes it); and two
tabs editing one update cannot overwrite each other: the second save is refused as a conflict,
nothing lost, as on the action-line pages."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stocktaking import services
from stocktaking.models import EntryUpdate, Notification
from wsis_portal.models import UserPreference

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(stakeholder, catalog):
    stakeholder.email = "owner@example.org"
    stakeholder.save()
    return make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine vans")


def submit_update(entry, owner, **values):
    services.save_update(entry, by=owner, **{"title": "Telemedicine vans and clinics", **values})
    services.submit_update(entry, by=owner)


def png(colour="navy"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_a_published_update_is_mailed_to_its_owner_in_their_language(
    client, stakeholder, moderator, published, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=stakeholder, language="fr")
    submit_update(published, stakeholder)
    mail.outbox.clear()
    client.force_login(moderator)
    review = reverse("stocktaking:review", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": "publish", "comment": "Merci !"})
    [message] = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "Telemedicine vans and clinics" in message.subject and "publiée" in message.subject
    assert "Votre mise à jour" in message.body and "Merci !" in message.body
    assert "/fr/stocktaking/" in message.body
    row = Notification.objects.get(kind=Notification.Kind.UPDATE_DECISION)
    assert row.entry == published and row.recipient == stakeholder


@pytest.mark.parametrize(
    ("action", "words"),
    [
        ("request_changes", ["sent back to you for changes", "stays public", "/edit/"]),
        ("reject", ["rejected", "stays as it was"]),
    ],
)
def test_an_update_sent_back_or_rejected_is_mailed_with_the_comment(
    client, stakeholder, moderator, published, action, words, django_capture_on_commit_callbacks
):
    submit_update(published, stakeholder)
    mail.outbox.clear()
    client.force_login(moderator)
    review = reverse("stocktaking:review", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": action, "comment": "Say which clinics."})
    [message] = mail.outbox
    assert message.to == ["owner@example.org"]
    assert "Telemedicine vans" in message.subject
    assert "Say which clinics." in message.body
    for word in words:
        assert word in message.subject + message.body, word


def test_no_mail_to_an_owner_without_an_address(
    stakeholder, moderator, published, django_capture_on_commit_callbacks
):
    stakeholder.email = ""
    stakeholder.save()
    submit_update(published, stakeholder)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_update(published, by=moderator)
    assert mail.outbox == []
    assert not Notification.objects.filter(kind=Notification.Kind.UPDATE_DECISION).exists()


def test_the_logo_changes_through_an_update_once_published(
    client, stakeholder, moderator, published, catalog
):
    client.force_login(stakeholder)
    edit = reverse("stocktaking:entry-edit", args=[published.pk])
    assert 'name="logo"' in client.get(edit).text
    data = complete_post_data(catalog, title="Telemedicine vans", logo=png("red"))
    assert client.post(edit, data).status_code == 302
    update = EntryUpdate.objects.get(entry=published)
    assert update.logo.name.startswith("stocktaking/logos/")
    published.refresh_from_db()
    assert not published.logo  # the public keeps the published version (no logo)
    client.logout()
    assert update.logo.url not in client.get(published.get_absolute_url()).text

    client.force_login(moderator)
    review = client.get(reverse("stocktaking:review", args=[published.pk])).text
    assert update.logo.url in review and "Logo" in review
    client.post(reverse("stocktaking:review", args=[published.pk]), {"action": "publish"})
    published.refresh_from_db()
    assert published.logo.name == update.logo.name
    assert published.logo.storage.exists(published.logo.name)


def test_removing_the_logo_is_an_update_too(client, stakeholder, moderator, published, catalog):
    services.save_update(published, by=stakeholder, logo=png())
    services.submit_update(published, by=stakeholder)
    services.publish_update(published, by=moderator)
    published.refresh_from_db()
    assert published.logo
    client.force_login(stakeholder)
    edit = reverse("stocktaking:entry-edit", args=[published.pk])
    client.post(
        edit, complete_post_data(catalog, title="Telemedicine vans", **{"logo-clear": "on"})
    )
    published.refresh_from_db()
    assert published.logo  # still public until published
    update = EntryUpdate.objects.get(entry=published)
    assert update.logo_removed
    services.publish_update(published, by=moderator)
    published.refresh_from_db()
    assert not published.logo


def test_a_dropped_update_forgets_its_logo(
    stakeholder, moderator, published, django_capture_on_commit_callbacks
):
    services.save_update(published, by=stakeholder, logo=png())
    name = EntryUpdate.objects.get(entry=published).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_update(published, by=stakeholder)
    published.refresh_from_db()
    assert not published.logo
    from django.core.files.storage import default_storage

    assert not default_storage.exists(name)


def base_version(html):
    return re.search(r'name="base_version" value="(\d+)"', html).group(1)


def test_two_tabs_editing_one_update_the_second_save_is_a_conflict(
    client, stakeholder, published, catalog
):
    client.force_login(stakeholder)
    edit = reverse("stocktaking:entry-edit", args=[published.pk])
    tab_a, tab_b = base_version(client.get(edit).text), base_version(client.get(edit).text)
    assert tab_a == tab_b == "0"
    first = complete_post_data(catalog, title="Saved in tab A", intent="draft", base_version=tab_a)
    assert client.post(edit, first).status_code == 302
    second = complete_post_data(
        catalog,
        title="Typed in tab B",
        description="A description only tab B has.",
        intent="draft",
        base_version=tab_b,
    )
    conflict = client.post(edit, second)
    assert conflict.status_code == 409
    html = conflict.text
    assert "saved in another tab or window" in html
    assert "Nothing was saved from this form and nothing was overwritten" in html
    # What tab B typed is kept in the form, the other save's values are shown beside it.
    assert 'value="Typed in tab B"' in html and "A description only tab B has." in html
    assert "Saved in tab A" in html
    update = EntryUpdate.objects.get(entry=published)
    assert update.data["title"] == "Saved in tab A"
    # The form is now based on the stored version: saving again, on purpose, goes through.
    assert base_version(html) == str(update.version)
    again = client.post(edit, {**second, "base_version": base_version(html)})
    assert again.status_code == 302
    update.refresh_from_db()
    assert update.data["title"] == "Typed in tab B"


def test_submitting_from_a_stale_tab_is_a_conflict_too(client, stakeholder, published, catalog):
    client.force_login(stakeholder)
    edit = reverse("stocktaking:entry-edit", args=[published.pk])
    stale = base_version(client.get(edit).text)
    client.post(edit, complete_post_data(catalog, title="Saved first", intent="draft"))
    response = client.post(
        edit, complete_post_data(catalog, title="Submitted from the old tab", base_version=stale)
    )
    assert response.status_code == 409
    update = EntryUpdate.objects.get(entry=published)
    assert (update.state, update.data["title"]) == (EntryUpdate.State.DRAFT, "Saved first")
