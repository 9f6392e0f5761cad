"""One rule for absolute links (issue 18, defect 5): whatever host a request came in on, every
link the portal writes to be followed from elsewhere (e-mails, the CSV `url` column, feeds)
starts with SITE_URL, the portal's public address."""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from stocktaking import account_services
from stocktaking.models import Notification

from .conftest import make_entry

SITE = "https://portal.example.org"
HOST = "elsewhere.example.net"  # the host a request happens to name


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [HOST, "testserver"]


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def assert_on_site(found):
    assert found, "no link"
    assert all(link.startswith(f"{SITE}/") for link in found), found


def test_password_reset_mail(client, stakeholder, django_capture_on_commit_callbacks):
    stakeholder.email = "owner@example.org"
    stakeholder.save()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        response = client.post(
            reverse("password_reset"), {"email": "owner@example.org"}, HTTP_HOST=HOST
        )
    assert response.status_code == 302
    assert_on_site(links(mail.outbox[-1].body))


def test_feeds(client, stakeholder, catalog):
    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine hubs")
    for url in (reverse("stocktaking:feed"), reverse("stocktaking:feed-action-line", args=["C7"])):
        feed = client.get(url, HTTP_HOST=HOST).content.decode()
        assert "Telemedicine hubs" in feed
        assert_on_site(re.findall(r'href="([^"]+)"', feed))
        assert HOST not in feed


def test_csv_url_column(client, stakeholder, catalog):
    make_entry(stakeholder, "published", catalog=catalog)
    response = client.get(reverse("stocktaking:export-csv"), HTTP_HOST=HOST)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert_on_site([row["url"] for row in rows])


def test_confirmation_and_moderation_mails(stakeholder, moderator, catalog):
    moderator.email = "moderator@example.org"
    moderator.save()
    account_services.send_confirmation(stakeholder)
    make_entry(stakeholder, "submitted", catalog=catalog)
    bodies = [n.body for n in Notification.objects.all()]
    assert len(bodies) >= 2
    for body in bodies:
        assert_on_site(links(body))
