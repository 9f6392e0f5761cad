"""/.well-known/security.txt (issue 16, layer 19): RFC 9116's fields from the settings."""

import datetime
import re

import pytest
from django.utils import timezone

URL = "/.well-known/security.txt"


def fields(response):
    text = response.content.decode()
    assert text.endswith("\n")
    pairs = [line.split(": ", 1) for line in text.splitlines()]
    assert all(len(pair) == 2 for pair in pairs), text
    return pairs


def test_security_txt_names_the_contact_languages_expiry_and_address(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@portal.example.org", "https://example.org/report"]
    settings.SECURITY_TXT_LANGUAGES = ["en", "fr"]
    response = client.get(URL, secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    pairs = fields(response)
    assert [value for name, value in pairs if name == "Contact"] == settings.SECURITY_CONTACT
    values = dict(pairs)
    assert values["Preferred-Languages"] == "en, fr"
    assert values["Canonical"] == "https://testserver/.well-known/security.txt"
    # RFC 9116: exactly one Expires, an RFC 3339 UTC time, in the future but within a year.
    assert [name for name, _ in pairs].count("Expires") == 1
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", values["Expires"])
    expires = datetime.datetime.fromisoformat(values["Expires"])
    assert timezone.now() < expires <= timezone.now() + datetime.timedelta(days=366)


def test_security_txt_expires_when_configured(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@portal.example.org"]
    settings.SECURITY_TXT_EXPIRES = "2027-06-30"
    assert dict(fields(client.get(URL)))["Expires"] == "2027-06-30T00:00:00Z"


@pytest.mark.django_db  # the portal's 404 page asks whether demonstration data is loaded
def test_without_a_contact_there_is_no_security_txt(client, settings):
    settings.SECURITY_CONTACT = []
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_security_txt_is_read_only(client, settings, method):
    settings.SECURITY_CONTACT = ["mailto:security@portal.example.org"]
    assert getattr(client, method)(URL).status_code == 405
