"""No English left on the other languages' pages (issue 14, item 1): every interface text is
translated, and the English the pages do show — the documents' titles, clauses and reporting
targets as the UN published them, names without a translation — is marked ``lang="en"``, so a
screen reader reads it as English and a reader sees why it is not translated."""

import re

import pytest
from django.contrib.auth.models import Group

from mandates.models import Mandate
from tests.support.english import english_left, latin_left
from tests.support.reference import load_reference

pytestmark = pytest.mark.django_db


def test_the_finder_sees_an_unmarked_english_sentence_and_not_a_marked_one():
    assert english_left("<p>Nombre de projets</p><p lang='en'>Report to the Commission</p>") == []
    assert english_left("<div><a title='Open the map of projects'>Carte</a></div>") == [
        "<a title> Open the map of projects"
    ]
    assert english_left("<p>Report <b>it</b> to the Commission</p>") == ["<p> to the Commission"]


def test_the_strict_finder_sees_one_latin_word_but_not_codes_names_or_content():
    page = (
        '<html lang="ar" dir="rtl"><p>حفظ Save</p><input placeholder="Search">'
        "<p>C7 SDG 9.c A/RES/80/173 WSIS+20 C7-e-health https://x.org/a a@b.org (a)</p>"
        '<p lang="fr">Télémédecine</p><span translate="no">porteuse</span><code>curl</code>'
        "<p>مشروع Tableur rural</p></html>"
    )
    assert latin_left(page, content=["Tableur rural"]) == [
        "<p> Save ← حفظ Save",
        "<input placeholder> Search ← Search",
    ]


#: The languages read: French by its English function words; Arabic and Chinese, written in
#: other scripts, by any Latin word left (``latin_left``) as well.
LANGUAGES = ["fr", "ar", "zh-hans"]
STRICT = {"ar", "zh-hans"}


def found_on(html, lang, content=()):
    found = english_left(html)
    if lang in STRICT:
        found += latin_left(html, content)
    return found[:4] + [f"… {len(found)} in all"] * (len(found) > 4)


def english_on(client, pages, lang, content=(), *, posts=None):
    """What each page (GET, or POST of ``posts``' data) shows that is not in ``lang``."""
    left = {}
    requests = [(page, None) for page in pages] + list((posts or {}).items())
    for page, data in requests:
        if data is None:
            response = client.get(page)
        else:
            response = client.post(page, data)
            page = f"POST {page}"
        if response.status_code not in (200, 400) or (data is None and response.status_code != 200):
            left[page] = [f"status {response.status_code}"]
        elif found := found_on(response.content.decode(), lang, content):
            left[page] = found
    return left


def report(left):
    return "\n".join(f"{page}: {found}" for page, found in left.items())


#: What the tests write (in French): content, shown as written in every language.
STAKEHOLDER_CONTENT = [
    "Télémédecine rurale",
    "Écoles connectées",
    "Un projet de démonstration élargi.",
    "Un projet de démonstration.",
    "Ministère de la santé",
    "Merci d’ajouter les dates.",
]
WORKSPACE_CONTENT = [
    "Télémédecine dans chaque district",
    "Districts couverts",
    "Premier texte",
    "La santé en ligne.",
    "À propos",
    "Le travail avance.",
    "Un but.",
    "Tableur",
]

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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_english_on_the_public_pages(client, lang):
    load_reference()
    mandate = Mandate.objects.select_related("paragraph__document").first()
    pages = [page.format(lang=lang) for page in PAGES]
    pages.append(f"/{lang}{mandate.get_absolute_url()}")
    left = english_on(client, pages, lang, ["information"])  # the query typed
    assert left == {}, report(left)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_english_on_a_stakeholders_pages(client, lang):
    """The submission workflow as a stakeholder meets it: their list, the form (new and
    editing an entry a moderator sent back), the entry's page and the account page. What the
    test writes is in French, so any English found is the portal's own."""
    from actionlines.models import ActionLine
    from stocktaking import services
    from stocktaking.models import Country, StocktakingEntry
    from tests.support.factories import StocktakingEntryFactory, UserFactory

    load_reference()
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
    content = [*STAKEHOLDER_CONTENT, owner.username, moderator.username, owner.email]
    left = english_on(client, pages, lang, content)
    assert left == {}, report(left)


@pytest.fixture
def privileged_world(db):
    """A facilitator of C7 E-health whose organisation is also addressed by a mandate, with a
    page revision, a road map (target, indicator, measurement) and a posted progress update; a
    moderator with a submitted entry and a published entry's pending update to review; an
    administrator (staff) with a prize edition. What the test writes is in French."""
    import datetime

    from actionlines import services as line_services
    from actionlines.models import ActionLine, Membership, Organization
    from mandates.models import MandateParty
    from mandates.services import post_mandate_update
    from stocktaking import prizes, services
    from stocktaking.models import Country
    from tests.support.factories import StocktakingEntryFactory, UserFactory

    load_reference()
    line = ActionLine.objects.get(code="C7-e-health")
    organization = Organization.objects.filter(
        facilitations__action_line=line,
        mandate_parties__role=MandateParty.Role.ADDRESSEE,
    ).first()
    organization = (
        organization or Organization.objects.filter(facilitations__action_line=line).first()
    )
    facilitator = UserFactory(username="animatrice")
    Membership.objects.create(user=facilitator, organization=organization)
    line_services.save_page(
        line,
        "# À propos\n\nLa santé en ligne.",
        base_version=line.page_version,
        by=facilitator,
        summary="Premier texte",
    )
    target = line_services.save_roadmap_target(
        line, by=facilitator, title="Télémédecine dans chaque district", description="Un but."
    )
    indicator = line_services.save_indicator(
        target,
        by=facilitator,
        name="Districts couverts",
        unit="%",
        baseline_value=10,
        target_value=90,
    )
    line_services.record_measurement(
        indicator, measured_on=datetime.date(2026, 3, 1), value=35, by=facilitator
    )
    mandate = (
        MandateParty.objects.filter(role=MandateParty.Role.ADDRESSEE, organization=organization)
        .select_related("mandate")
        .first()
        .mandate
    )
    post_mandate_update(
        mandate,
        organization=organization,
        status="on_track",
        text="Le travail avance.",
        by=facilitator,
    )

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
        entry.action_lines.set([line])
        entry.countries.set([Country.objects.get(code="SN")])
        services.submit_entry(entry, by=owner)
        entries.append(entry)
    services.publish_entry(entries[0], by=moderator)
    services.save_update(entries[0], by=owner, description="Un projet de démonstration élargi.")
    services.submit_update(entries[0], by=owner)

    admin = UserFactory(username="administratrice", is_staff=True, is_superuser=True)
    prizes.create_edition(year=2027, by=admin, **prizes.default_dates(2027))
    return {
        "line": line,
        "facilitator": facilitator,
        "target": target,
        "indicator": indicator,
        "mandate": mandate,
        "moderator": moderator,
        "entries": entries,
        "admin": admin,
        "content": [
            *STAKEHOLDER_CONTENT,
            *WORKSPACE_CONTENT,
            *(user.username for user in (facilitator, owner, moderator, admin)),
            *(user.email for user in (facilitator, owner, moderator, admin)),
        ],
    }


#: Each signed-in role's pages, and the forms it answers (a token shown once, new recovery
#: codes, errors), as ``privileged_world`` sets them up. ``{lang}``, ``{line}`` (the action line's
#: path), ``{target}``, ``{indicator}``, ``{mandate}``, ``{published}`` and ``{submitted}`` are
#: filled in. Staff meet the portal's own pages (Django's /admin/ speaks through Django's
#: catalogues).
ROLE_PAGES = [
    (
        "facilitator",
        [
            "/{lang}/action-lines/mine/",
            "{line}/edit/",
            "{line}/history/",
            "{line}/history/1/restore/",
            "{line}/sdg-links/",
            "{line}/roadmap/",
            "{line}/roadmap/targets/new/",
            "{line}/roadmap/targets/{target}/edit/",
            "{line}/roadmap/targets/{target}/delete/",
            "{line}/roadmap/targets/{target}/indicators/new/",
            "{line}/roadmap/indicators/{indicator}/edit/",
            "{line}/roadmap/indicators/{indicator}/delete/",
            "{line}/roadmap/indicators/{indicator}/measurements/new/",
            "{line}/report/",
            "{line}/report/?from=2026-01-01&to=2026-12-31",
            "/{lang}/mandates/mine/",
            "/{lang}/mandates/{mandate}/",
            "/{lang}/mandates/{mandate}/updates/new/",
            "/{lang}/meetings/new/",
            "/{lang}/accounts/",
            "/{lang}/accounts/password_change/",
        ],
        {
            "/{lang}/accounts/tokens/new/": {"name": "Tableur", "expires": "90"},
            "/{lang}/accounts/two-factor/recovery-codes/": {},
            "{line}/roadmap/targets/new/": {"title": "", "sort_order": "x"},
            "{line}/roadmap/targets/{target}/indicators/new/": {
                "name": "",
                "baseline_value": "beaucoup",
                "baseline_year": "2030",
                "target_year": "2020",
            },
            "/{lang}/mandates/{mandate}/updates/new/": {"text": ""},
        },
    ),
    (
        "moderator",
        [
            "/{lang}/stocktaking/moderation/",
            "/{lang}/stocktaking/moderation/?state=submitted",
            "/{lang}/stocktaking/moderation/{submitted}/",
            "/{lang}/stocktaking/moderation/{published}/",
            "/{lang}/accounts/",
        ],
        {},
    ),
    (
        "admin",
        [
            "/{lang}/stocktaking/prizes/",
            "/{lang}/stocktaking/prizes/2027/",
            "/{lang}/stocktaking/moderation/",
            "/{lang}/meetings/new/",
            "/{lang}/accounts/",
        ],
        {},
    ),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("role", "pages", "posts"), ROLE_PAGES, ids=[r[0] for r in ROLE_PAGES])
def test_no_unmarked_english_on_a_signed_in_roles_pages(
    client, lang, role, pages, posts, privileged_world
):
    world = privileged_world
    published, submitted = world["entries"]
    values = {
        "lang": lang,
        "line": f"/{lang}/action-lines/{world['line'].slug}",
        "target": world["target"].pk,
        "indicator": world["indicator"].pk,
        "mandate": world["mandate"].pk,
        "published": published.pk,
        "submitted": submitted.pk,
    }
    client.force_login(world[role])
    left = english_on(
        client,
        [page.format(**values) for page in pages],
        lang,
        world["content"],
        posts={page.format(**values): data for page, data in posts.items()},
    )
    assert left == {}, report(left)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_english_on_the_two_factor_set_up_page(client, lang):
    from tests.support.factories import UserFactory
    from tests.support.two_factor import password_only

    password_only(client, user := UserFactory(username="sans-code"))
    left = english_on(client, [f"/{lang}/accounts/two-factor/set-up/"], lang, [user.username])
    assert left == {}, report(left)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_unmarked_english_on_the_pages_of_gap_4(client, lang):
    """The facilitators' pages changed for issue 18, gap 4, as a facilitator meets them: the
    road map with its compact actions, the forms with the SDG-target picker, a progress update
    changed and withdrawn, a meeting with a time, and the page's history and old versions.
    What the test writes is in French, so any English found is the portal's own."""
    import datetime

    from actionlines.models import ActionLine, Facilitation
    from actionlines.sdgs import import_sdgs
    from actionlines.services import save_page
    from mandates.services import (
        edit_mandate_update,
        post_mandate_update,
        withdraw_mandate_update,
    )
    from tests.support.factories import (
        CoordinationMeetingFactory,
        IndicatorFactory,
        MembershipFactory,
        RoadmapTargetFactory,
    )

    load_reference()
    import_sdgs()
    line = ActionLine.objects.get(code="C7-e-health")
    organization = Facilitation.objects.filter(action_line=line).first().organization
    facilitator = MembershipFactory(organization=organization, user__username="animatrice").user
    target = RoadmapTargetFactory(action_line=line, title="Hôpitaux connectés")
    IndicatorFactory(target=target, name="Part des hôpitaux", unit="%")
    mandate = Mandate.objects.filter(parties__organization=organization).first()
    update = post_mandate_update(
        mandate,
        organization=organization,
        status="on_track",
        text="Enquête lancée.",
        by=facilitator,
    )
    edit_mandate_update(update, status="delayed", text="Enquête retardée.", by=facilitator)
    withdrawn = post_mandate_update(
        mandate, organization=organization, status="completed", text="Rapport.", by=facilitator
    )
    withdraw_mandate_update(withdrawn, by=facilitator)
    meeting = CoordinationMeetingFactory(
        title="Réunion",
        location="Genève",
        date=datetime.date(2026, 3, 5),
        start_time=datetime.time(14),
        time_zone="Europe/Zurich",
    )
    meeting.action_lines.add(line)
    save_page(line, "Première version.", base_version=line.page_version, by=facilitator)
    save_page(line, "Deuxième version.", base_version=line.page_version, by=facilitator)
    client.force_login(facilitator)
    base = f"/{lang}/action-lines/{line.slug}"
    pages = [
        f"{base}/roadmap/",
        f"{base}/roadmap/targets/new/",
        f"{base}/roadmap/targets/{target.pk}/edit/",
        f"{base}/sdg-links/",
        f"/{lang}/mandates/{mandate.pk}/",
        f"/{lang}/mandates/{mandate.pk}/updates/{update.pk}/edit/",
        f"/{lang}/mandates/{mandate.pk}/updates/{update.pk}/withdraw/",
        f"/{lang}/meetings/new/",
        f"/{lang}/meetings/{meeting.pk}/",
        f"/{lang}/meetings/",
        f"{base}/history/",
        f"{base}/history/{line.page_version - 1}/",
    ]
    left = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        if found := english_left(response.content.decode()):
            left[page] = found
    assert left == {}, "\n".join(f"{page}: {found}" for page, found in left.items())


def browsable_english(client, pages, lang, content):
    """What each browsable API page (``Accept: text/html``, the language asked for by
    ``Accept-Language``) shows that is not in ``lang``; ``pages`` maps address to status."""
    left = {}
    for page, status in pages.items():
        response = client.get(page, HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE=lang)
        html = response.content.decode()
        if response.status_code != status or "<html" not in html:
            left[page] = [f"status {response.status_code}", html[:80]]
        elif found := found_on(html, lang, content):
            left[page] = found
    return left


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_english_on_the_browsable_api(client, lang):
    """The browsable API as a reader meets it, anonymous and then signed in as an entry's
    owner (who gets the forms and the entry's actions): the root, lists, a detail, a list
    filtered with the filter form, the search, and the error pages (a bad parameter, an
    unknown entry). The JSON itself is data, shown in <pre> and not read."""
    from actionlines.models import ActionLine
    from stocktaking import services
    from stocktaking.models import Country
    from tests.support.factories import StocktakingEntryFactory, UserFactory

    load_reference()
    owner = UserFactory(username="porteuse")
    moderator = UserFactory(username="moderatrice")
    moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    entry = StocktakingEntryFactory(
        submitter=owner, title="Télémédecine rurale", organization_name="Ministère de la santé"
    )
    entry.action_lines.set([ActionLine.objects.get(code="C7-e-health")])
    entry.countries.set([Country.objects.get(code="SN")])
    services.submit_entry(entry, by=owner)
    services.publish_entry(entry, by=moderator)
    mandate = Mandate.objects.first()
    pages = {
        "/api/v1/": 200,
        "/api/v1/action-lines/": 200,
        "/api/v1/action-lines/C7-e-health/": 200,
        "/api/v1/organizations/": 200,
        "/api/v1/documents/": 200,
        f"/api/v1/mandates/{mandate.pk}/": 200,
        "/api/v1/mandates/?action_line=C7&page_size=5": 200,
        "/api/v1/stocktaking/?action_line=C7-e-health&ordering=-created_at": 200,
        f"/api/v1/stocktaking/{entry.pk}/": 200,
        "/api/v1/stats/stocktaking/?group_by=action_line": 200,
        "/api/v1/search/?q=information": 200,
        "/api/v1/stocktaking/?ordering=nonsense": 400,
        "/api/v1/stocktaking/999999/": 404,
    }
    content = ["Télémédecine rurale", "Ministère de la santé", "information", owner.username]
    left = browsable_english(client, pages, lang, content)
    client.force_login(owner)
    signed_in = {
        "/api/v1/stocktaking/": 200,
        f"/api/v1/stocktaking/{entry.pk}/": 200,
        "/api/v1/mandate-updates/": 200,
    }
    left |= {
        f"{page} (signed in)": found
        for page, found in browsable_english(client, signed_in, lang, content).items()
    }
    assert left == {}, report(left)


#: What an admin page shows of the rows themselves, left out before reading: the change
#: list's rows, text areas, pick-list options (related rows; the choices' labels are read in
#: the change list's filters), read-only values, and the object's name in the breadcrumbs
#: and the change form's heading (the app's and model's names are read in the side bar).
ADMIN_DATA = re.compile(
    r"<tbody>.*?</tbody>|<textarea[^>]*>.*?</textarea>|<option[^>]*>.*?</option>"
    r"|<div class=\"readonly\">.*?</div>|<h2>.*?</h2>|<div class=\"breadcrumbs\">.*?</div>"
    r"|<strong><a href=[^>]*>.*?</a></strong>|<a href=\"\?[^\"]*__id__exact=[^>]*>.*?</a>",
    re.S,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_unmarked_english_in_the_admin(client, lang):
    """Django's /admin/ as an administrator meets it, in the language the browser asks for:
    the index, the change lists (with their filters) and change forms of the portal's main
    models, with their names, fields, help texts, actions and filters translated; Django's
    own texts come from Django's catalogues. The rows are content: titles and names as the
    sources or users wrote them (the objects' names, the related rows in the filters)."""
    from actionlines.models import ActionLine, Organization
    from mandates.models import Document, ReportingEvent
    from tests.support.factories import StocktakingEntryFactory, UserFactory

    load_reference()
    admin = UserFactory(username="administratrice", is_staff=True, is_superuser=True)
    entry = StocktakingEntryFactory(
        submitter=admin, title="Télémédecine rurale", organization_name="Ministère de la santé"
    )
    line = ActionLine.objects.get(code="C7-e-health")
    organization = Organization.objects.filter(facilitations__action_line=line).first()
    mandate = Mandate.objects.first()
    document = Document.objects.first()
    shown = [entry, line, organization, mandate, document, admin]
    content = [
        *(str(row) for row in shown),
        *(str(row) for row in ActionLine.objects.all()),
        *(str(row) for row in Organization.objects.all()),
        *(str(row) for row in Document.objects.all()),
        *(str(row) for row in ReportingEvent.objects.all()),
        *Organization.objects.values_list("name", flat=True),
        *Document.objects.values_list("adopted_by", flat=True),
        "Ministère de la santé",
    ]
    pages = [
        "/admin/",
        "/admin/stocktaking/stocktakingentry/",
        f"/admin/stocktaking/stocktakingentry/{entry.pk}/change/",
        "/admin/actionlines/actionline/",
        f"/admin/actionlines/actionline/{line.pk}/change/",
        "/admin/actionlines/organization/",
        f"/admin/actionlines/organization/{organization.pk}/change/",
        "/admin/mandates/mandate/",
        f"/admin/mandates/mandate/{mandate.pk}/change/",
        "/admin/mandates/document/",
        f"/admin/mandates/document/{document.pk}/change/",
        "/admin/actionlines/coordinationmeeting/",
        "/admin/actionlines/roadmaptarget/add/",
        "/admin/stocktaking/notification/",
        "/admin/stocktaking/prizeedition/add/",
    ]
    client.force_login(admin)
    left = {}
    for page in pages:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE=lang)
        if response.status_code != 200:
            left[page] = [f"status {response.status_code}"]
        elif found := found_on(ADMIN_DATA.sub(" ", response.content.decode()), lang, content):
            left[page] = found
    assert left == {}, report(left)
