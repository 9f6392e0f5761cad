"""Content of another direction isolated on right-to-left pages (issue 14, item 3).

On an Arabic page an English title, a document symbol or an acronym set into the interface's
text is drawn in the wrong order unless it is isolated: the Unicode bidirectional algorithm
runs it into the Arabic around it (“C7. ICT applications” comes out as “ICT applications .C7”,
a title ending in punctuation has it at the wrong end). Each piece of content must sit in a
``<bdi>`` or an element with its own ``dir``; the window's title, which can hold no element,
uses Unicode's isolate marks."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    DocumentFactory,
    MandateFactory,
    OrganizationFactory,
    RoadmapTargetFactory,
    StocktakingEntryFactory,
)

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


class Isolation(HTMLParser):
    """For each text of the body that holds ``needle``: whether an element around it (not
    ``<html>``, whose ``dir`` is the page's) is a ``<bdi>`` or has a ``dir`` of its own."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, needle):
        super().__init__()
        self.needle, self.open, self.found = needle, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            isolating = tag == "bdi" or (tag != "html" and "dir" in dict(attrs))
            self.open.append((tag, isolating))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        tags = [tag for tag, _ in self.open]
        if self.needle in data and "title" not in tags and "script" not in tags:
            self.found.append(any(isolating for _, isolating in self.open))


def isolated(html, needle):
    parser = Isolation(needle)
    parser.feed(html)
    assert parser.found, f"{needle!r} is not on the page"
    return all(parser.found)


def window_title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.fixture
def english_content(db):
    """Content with no Arabic text: the action line's title has no translation, so the page
    shows it in English; the rest is what people wrote, in English or French."""
    parent = ActionLineFactory(code="C7", slug="c7", title="ICT applications", sort_order=7)
    line = ActionLineFactory(
        code="C7-e-health", slug="c7-e-health", title="E-health", parent=parent, sort_order=8
    )
    entry = StocktakingEntryFactory(
        title="Telemedicine vans (pilot).",
        organization_name="Santé rurale (ONG)",
        state="published",
        published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    entry.action_lines.add(line)
    RoadmapTargetFactory(action_line=line, title="Every district hospital online by 2030.")
    meeting = CoordinationMeetingFactory(title="E-health facilitators, 2026 (Geneva)")
    meeting.action_lines.add(line)
    OrganizationFactory(acronym="WHO", name="World Health Organization")
    mandate = MandateFactory(title="Report to CSTD-30 (2027).")
    return {"line": line, "entry": entry, "meeting": meeting, "mandate": mandate}


def test_an_english_title_on_an_arabic_entry_page_is_isolated(client, english_content):
    entry = english_content["entry"]
    html = client.get(f"/ar/stocktaking/{entry.pk}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert isolated(html, "Telemedicine vans (pilot).")  # the heading
    assert isolated(html, "Santé rurale (ONG)")
    assert isolated(html, "C7-e-health")
    assert f"{FSI}Telemedicine vans (pilot).{PDI}" in window_title(html)


def test_the_arabic_action_line_page_isolates_codes_titles_and_names(client, english_content):
    html = client.get("/ar/action-lines/c7-e-health/").content.decode()
    assert isolated(html, "ICT applications")  # breadcrumb: “C7. ICT applications”
    assert re.search(r"<bdi>C7</bdi>\. ", html)
    assert isolated(html, "E-health")  # heading
    assert isolated(html, "Every district hospital online by 2030.")
    assert isolated(html, "E-health facilitators, 2026 (Geneva)")
    assert isolated(html, "Telemedicine vans (pilot).")
    assert isolated(html, "Santé rurale (ONG)")
    assert window_title(html).startswith(f"{FSI}C7-e-health{PDI} ")


def test_the_arabic_search_page_isolates_titles_names_and_chips(client, english_content):
    html = client.get("/ar/stocktaking/", {"action_line": "C7-e-health"}).content.decode()
    assert isolated(html, "Telemedicine vans (pilot).")
    assert isolated(html, "Santé rurale (ONG)")
    chip = re.search(r'<a class="chip"[^>]*>(.*?)</a>', html, re.S).group(1)
    assert chip.startswith("<bdi>")


def test_arabic_meeting_mandate_and_document_pages_isolate_their_titles(client, english_content):
    meeting, mandate = english_content["meeting"], english_content["mandate"]
    html = client.get(f"/ar/meetings/{meeting.pk}/").content.decode()
    assert isolated(html, "E-health facilitators, 2026 (Geneva)")
    html = client.get(f"/ar/mandates/{mandate.pk}/").content.decode()
    assert isolated(html, "Report to CSTD-30 (2027).")
    document = DocumentFactory(title="2025/18. Assessment of the progress made")
    html = client.get("/ar/documents/").content.decode()
    assert isolated(html, "2025/18. Assessment of the progress made")
    html = client.get(f"/ar/documents/{document.slug}/").content.decode()
    assert isolated(html, "2025/18. Assessment of the progress made")


def test_the_isolating_filters_escape_what_they_wrap():
    from wsis_portal.templatetags.portal import bdi, isolate

    assert bdi("<b>A/RES/80/173</b>") == "<bdi>&lt;b&gt;A/RES/80/173&lt;/b&gt;</bdi>"
    assert isolate("<b>") == f"{FSI}&lt;b&gt;{PDI}"
    assert bdi("") == "" and isolate(None) is None
