"""No English left on the other languages' pages (issue 14, item 1): every interface text is
translated, and the English the pages do show — the documents' titles, clauses and reporting
targets as the UN published them, names without a translation — is marked ``lang="en"``, so a
screen reader reads it as English and a reader sees why it is not translated."""

import pytest
from django.contrib.auth.models import Group
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


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_unmarked_english_on_a_stakeholders_pages(client, lang):
    """The submission workflow as a stakeholder meets it: their list, the form (new and
    editing an entry a moderator sent back), the entry's page and the account page. What the
    test writes is in French, so any English found is the portal's own."""
    from actionlines.models import ActionLine
    from stocktaking import services
    from stocktaking.models import Country, StocktakingEntry
    from tests.support.factories import StocktakingEntryFactory, UserFactory

    call_command("loaddata", "fixtures/reference.json", verbosity=0)
    owner = UserFactory(username="porteuse")
    moderator = UserFactory(username="moderatrice")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    entries = []
    for title in ("Télémédecine rurale", "Écoles connectées"):
        entry = StocktakingEntryFactory(
            submitter=owner,
            title=title,
            description="Un projet de démonstration.",
            organization_name="Ministère de la santé",
        )
        entry.action_lines.set([ActionLine.objects.get(code="C7-e-health")])
        entry.countries.set([Country.objects.get(code="SN")])
        services.submit_entry(entry, by=owner)
        entries.append(entry)
    services.publish_entry(entries[0], by=moderator)
    services.request_changes(entries[1], by=moderator, comment="Merci d’ajouter les dates.")
    assert StocktakingEntry.objects.filter(submitter=owner).count() == 2
    client.force_login(owner)
    pages = [
        f"/{lang}/stocktaking/mine/",
        f"/{lang}/stocktaking/new/",
        f"/{lang}/stocktaking/{entries[1].pk}/edit/",
        f"/{lang}/stocktaking/{entries[0].pk}/",
        f"/{lang}/stocktaking/{entries[1].pk}/",
        f"/{lang}/accounts/",
    ]
    left = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        if found := english_left(response.content.decode()):
            left[page] = found
    assert left == {}, "\n".join(f"{page}: {found}" for page, found in left.items())
