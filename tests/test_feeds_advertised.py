"""Feeds advertised (issue 15, item 6): every page that has a feed names it in its head, as
feed readers and browsers look for it, and the stocktaking search's feed follows its filters."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def alternates(client, url) -> dict:
    """{title: (type, href)} of the feeds a page advertises."""
    page = client.get(url).text
    head = page.split("</head>", 1)[0]
    found = re.findall(
        r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', head
    )
    return {title: (kind, href.replace("&amp;", "&")) for kind, title, href in found}


def titles(client, url):
    feed = ET.fromstring(client.get(url).content)  # noqa: S314 - our own feed
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def entries(catalog, stakeholder):  # noqa: F811
    make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine hubs")
    french = make_entry(stakeholder, "published", title="Telemedicine in Lyon")
    french.countries.set([catalog["france"]])
    make_entry(stakeholder, "published", title="Community radio")
    return catalog


def test_every_page_with_a_feed_advertises_it(client, entries):
    line = entries["c7"]
    assert alternates(client, reverse("actionlines:home")) == {
        "Latest activity (Atom)": ("application/atom+xml", "/activity/feed/"),
        "Newly published projects (Atom)": ("application/atom+xml", "/stocktaking/feed/"),
        "Deadlines and meetings (iCalendar)": ("text/calendar", "/calendar.ics"),
    }
    assert alternates(client, line.get_absolute_url()) == {
        "C7: latest activity (Atom)": ("application/atom+xml", "/action-lines/c7/activity/feed/"),
        "C7: newly published projects (Atom)": ("application/atom+xml", "/stocktaking/feed/C7/"),
        "C7: deadlines and meetings (iCalendar)": ("text/calendar", "/calendar.ics?action_line=C7"),
    }
    calendar = {"Deadlines and meetings (iCalendar)": ("text/calendar", "/calendar.ics")}
    assert alternates(client, reverse("mandates:mandate-list")) == calendar
    assert alternates(client, reverse("actionlines:meeting-list")) == calendar
    assert alternates(client, reverse("stocktaking:entry-list")) == {
        "Newly published projects (Atom)": ("application/atom+xml", "/stocktaking/feed/"),
    }
    assert alternates(client, reverse("search") + "?q=telemedicine") == {
        "Newly published projects matching this search (Atom)": (
            "application/atom+xml",
            "/stocktaking/feed/?q=telemedicine",
        ),
    }
    # Every advertised address answers with its type.
    for url in ("/activity/feed/", "/action-lines/c7/activity/feed/", "/stocktaking/feed/C7/"):
        assert client.get(url)["Content-Type"].startswith("application/atom+xml")
    assert client.get("/calendar.ics?action_line=C7")["Content-Type"].startswith("text/calendar")


def test_the_search_pages_feed_follows_its_filters(client, entries):
    search = reverse("stocktaking:entry-list") + "?q=telemedicine&country=FR&page=1"
    (title, (kind, href)) = alternates(client, search).popitem()
    assert title == "Newly published projects matching this search (Atom)"
    assert href.startswith("/stocktaking/feed/?") and "country=FR" in href
    assert titles(client, href) == ["Telemedicine in Lyon"]
    assert set(titles(client, "/stocktaking/feed/?q=telemedicine")) == {
        "Telemedicine in Lyon",
        "Telemedicine hubs",
    }
    feed = ET.fromstring(client.get(href).content)  # noqa: S314 - our own feed
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link.endswith("/stocktaking/?q=telemedicine&country=FR")
    # A filter the search refuses is refused by its feed too.
    assert client.get("/stocktaking/feed/?country=XX").status_code == 400
