"""No English left on the other languages' pages (issue 14, item 1): every interface text is
translated, and the English the pages do show — the documents' titles, clauses and reporting
targets as the UN published them, names without a translation — is marked ``lang="en"``, so a
screen reader reads it as English and a reader sees why it is not translated."""

import pytest
from django.core.management import call_command

from mandates.models import Mandate
from tests.support.english import english_left

pytestmark = pytest.mark.django_db


def test_the_finder_sees_an_unmarked_english_sentence_and_not_a_marked_one():
    assert english_left("<p>Nombre de projets</p><p lang='en'>Report to the Commission</p>") == []
    assert english_left("<div><a title='Open the map of projects'>Carte</a></div>") == [
        "<a title> Open the map of projects"
    ]
    assert english_left("<p>Report <b>it</b> to the Commission</p>") == ["<p> to the Commission"]


PAGES = [
    "/{lang}/",
    "/{lang}/action-lines/",
    "/{lang}/action-lines/c7-e-health/",
    "/{lang}/action-lines/c3/",
    "/{lang}/mandates/",
    "/{lang}/sdg-matrix/",
    "/{lang}/meetings/",
    "/{lang}/action-lines/c7-e-health/roadmap/",
    "/{lang}/documents/",
    "/{lang}/documents/search/?q=information",
    "/{lang}/search/?q=information",
    "/{lang}/stocktaking/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/register/",
]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_unmarked_english_on_the_public_pages(client, lang):
    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    mandate = Mandate.objects.select_related("paragraph__document").first()
    pages = [page.format(lang=lang) for page in PAGES]
    pages.append(f"/{lang}{mandate.get_absolute_url()}")
    left = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        if found := english_left(response.content.decode()):
            left[page] = found
    assert left == {}, "\n".join(f"{page}: {found}" for page, found in left.items())
