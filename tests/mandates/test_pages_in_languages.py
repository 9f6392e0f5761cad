"""The mandate tracker, a mandate's page and the paragraph search read in French and Arabic:
their headings, filter labels and table headers are in the reader's language, and none is
left in English (issue 14, item 1). The mandates' and documents' own text stays as it is."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests.support.factories import MandateFactory, MandateUpdateFactory, OrganizationFactory

# Words French writes as English does; none of them is allowed in Arabic.
SAME_IN_FRENCH = {"Document", "Organisation", "Parties"}


class Places(HTMLParser):
    """The text of each interface place (heading, label, table header, …) of a page's main
    part, in order (the page frame around it has tests of its own)."""

    def __init__(self, tags):
        super().__init__()
        self.tags, self.open, self.texts, self.in_main = set(tags), [], [], False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif tag in self.tags and self.in_main:
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif self.open and self.open[-1][0] == tag:
            tag, text = self.open.pop()
            self.texts.append((tag, " ".join(text.split()).rstrip(" :")))

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def places(client, name, tags, language, query=None, **kwargs):
    with translation.override(language):
        url = reverse(name, **kwargs)
    response = client.get(url, query or {})
    assert response.status_code == 200
    assert response["Content-Language"] == language
    parser = Places(tags)
    parser.feed(response.content.decode())
    return [(tag, text) for tag, text in parser.texts if text]


@pytest.fixture
def mandate(db):
    mandate = MandateFactory(title="Report on the road maps", reporting_target="2027")
    itu = OrganizationFactory(acronym="ITU")
    mandate.parties.create(organization=itu, role="addressee", session="29th")
    MandateUpdateFactory(mandate=mandate, organization=itu)
    return mandate


def assert_translated(english, translated, language):
    assert len(translated) == len(english), (english, translated)
    for (tag, en), (_, text) in zip(english, translated, strict=True):
        if language == "fr" and en in SAME_IN_FRENCH:
            assert text == en
        else:
            assert text != en, f"<{tag}> left in English on the {language} page: {en!r}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_tracker_reads_in_the_readers_language(client, mandate, language):
    tags = ["h1", "h2", "th", "label", "button"]
    english = places(client, "mandates:mandate-list", tags, "en")
    translated = places(client, "mandates:mandate-list", tags, language)
    assert ("th", "Deadline / reporting target") in english
    assert ("label", "Due on or before") in english
    assert_translated(english, translated, language)
    expected = {
        "fr": [("h1", "Mandats"), ("th", "Échéance / objectif de rapport"), ("label", "Rôle")],
        "ar": [("h1", "الولايات"), ("th", "الفقرة"), ("label", "متأخر")],
    }[language]
    assert set(expected) <= set(translated)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_mandate_page_reads_in_the_readers_language(client, mandate, language):
    tags = ["h2", "th", "dt", "caption"]
    kwargs = {"kwargs": {"pk": mandate.pk}}
    english = places(client, "mandates:mandate-detail", tags, "en", **kwargs)
    translated = places(client, "mandates:mandate-detail", tags, language, **kwargs)
    assert ("dt", "What is asked") in english
    assert_translated(english, translated, language)
    expected = {
        "fr": [("h2", "Historique de l’avancement"), ("dt", "Ce qui est demandé")],
        "ar": [("h2", "نص الفقرة"), ("th", "الدور")],
    }[language]
    assert set(expected) <= set(translated)
    with translation.override(language):
        html = client.get(mandate.get_absolute_url()).content.decode()
    assert "Report on the road maps" in html  # the mandate's own title is content
    # The reporting light says why in the reader's language, the date in its format.
    assert "Updated on" not in html
    assert {"fr": "Mis à jour le", "ar": "حُدّث في"}[language] in html


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_paragraph_search_reads_in_the_readers_language(client, mandate, language):
    tags = ["h1", "h2", "label", "button"]
    query = {"query": {"q": "road"}}
    english = places(client, "mandates:paragraph-search", tags, "en", **query)
    translated = places(client, "mandates:paragraph-search", tags, language, **query)
    assert ("label", "Operative verb") in english
    assert ("label", "Kind") in english
    assert_translated(english, translated, language)
    expected = {
        "fr": [("h1", "Rechercher dans les documents"), ("label", "Verbe du dispositif")],
        "ar": [("h1", "البحث في الوثائق"), ("label", "الكلمات")],
    }[language]
    assert set(expected) <= set(translated)
    with translation.override(language):
        html = client.get(reverse("mandates:paragraph-search")).content.decode()
    assert "Full-text search" not in html  # the words' help text too


@pytest.mark.parametrize(("language", "label"), [("fr", "prie"), ("ar", "يطلب"), ("zh-hans", "请")])
def test_the_operative_verbs_are_named_in_the_readers_language(client, mandate, language, label):
    mandate.verb = "requests"
    mandate.save(update_fields=["verb"])
    with translation.override(language):
        page = client.get(reverse("mandates:mandate-list")).content.decode()
    assert f">{label}<" in page or f"{label} " in page or f"({label})" in page
    assert "requests" not in re.sub(r"<[^>]*>", "", page).split()
