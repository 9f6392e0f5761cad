"""The stakeholder's submission and the facilitator's page edit walked in French and in Arabic
(issue 14): every text the walk meets is the catalogue's translation, no English is left on the
pages (``tests/support/english.py``), Arabic pages run right to left and their layout mirrors
(labels and the header measured by their boxes). Screenshots of the main Arabic pages at
desktop and phone widths go to SCREENSHOT_DIR (default: /tmp/wsis-shots/languages)."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.utils import translation

from tests.stocktaking.conftest import catalog  # noqa: F401 - the reference rows fixture
from tests.support.english import english_left, latin_left

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "wsis-shots")
PASSWORD = "a-long-and-unusual-passphrase"
WIDTH = 1280


def t(lang, text):
    """``text`` as the catalogue of ``lang`` has it."""
    with translation.override(lang):
        return translation.gettext(text)


def untranslated_names():
    """The test catalogue's names (made by factories, with no translation): content here."""
    from actionlines.models import ActionLine, GDCObjective, SDGTarget, SustainableDevelopmentGoal
    from stocktaking.models import Country, Region

    names = [line.title for line in ActionLine.objects.all()]
    names += [goal.title for goal in SustainableDevelopmentGoal.objects.all()]
    names += [target.title for target in SDGTarget.objects.all()]
    names += [objective.title for objective in GDCObjective.objects.all()]
    names += [country.name for country in Country.objects.all()]
    return names + [region.name for region in Region.objects.all()]


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"lang-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 900})


def assert_in_language(page, lang, content=()):
    """The page is in ``lang``, in its direction, with no English left outside content."""
    html = page.content()
    for written in sorted(content, key=len, reverse=True):  # English names included
        html = html.replace(written, " ").replace(written.replace("&", "&amp;"), " ")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    left = english_left(html) + (latin_left(html, content) if lang == "ar" else [])
    assert left == [], (page.url, left)


def assert_mirrored(page, lang, field_id):
    """A form's label text starts its line: on the left in French, on the right in Arabic
    (measured on the text itself, the label's box being as wide as the field); the brand
    heads the header on the same side."""
    text = page.evaluate(
        """(id) => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector(`label[for=${id}]`));
          const box = range.getBoundingClientRect();
          return {x: box.x, width: box.width};
        }""",
        field_id,
    )
    field = page.locator(f"#{field_id}").bounding_box()
    brand = page.locator(".brand").bounding_box()
    if lang == "ar":
        assert abs((text["x"] + text["width"]) - (field["x"] + field["width"])) < 4, (text, field)
        assert text["x"] > field["x"] + 10, (text, field)
        assert brand["x"] + brand["width"] > WIDTH * 0.6, brand
    else:
        assert abs(text["x"] - field["x"]) < 4, (text, field)
        assert brand["x"] < WIDTH * 0.4, brand


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_stakeholder_registers_and_submits_in_their_language(
    live_server,
    new_page,
    catalog,  # noqa: F811
    moderator,
    lang,
):
    from playwright.sync_api import expect

    base = f"{live_server.url}/{lang}"
    page = new_page(viewport={"width": WIDTH, "height": 900}, locale=lang)
    page.set_default_timeout(60000)
    page.set_default_navigation_timeout(90000)
    username = f"amina-{lang}"
    title = "Télémédecine rurale" if lang == "fr" else "الطب عن بعد في الريف"
    description = (
        "Des consultations vidéo relient les dispensaires ruraux aux hôpitaux."
        if lang == "fr"
        else "استشارات بالفيديو تربط العيادات الريفية بالمستشفيات."
    )
    organisation = "Lien santé Kenya" if lang == "fr" else "رابطة الصحة في كينيا"
    content = [title, description, organisation, username, f"{username}@example.org"]
    content += untranslated_names()

    page.goto(f"{base}/accounts/register/")
    assert_in_language(page, lang)
    assert_mirrored(page, lang, "id_username")
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Register")).click()
    expect(page.get_by_role("heading", name=t(lang, "Check your e-mail"))).to_be_visible()

    link = re.search(r"/(?:[a-z-]+/)?accounts/register/confirm/\S+/", mail.outbox[-1].body)
    page.goto(f"{live_server.url}{link.group(0)}")
    assert_in_language(page, lang)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Sign in")).click()
    expect(page.get_by_role("heading", name=t(lang, "My submissions"))).to_be_visible()
    assert_in_language(page, lang, content)

    page.goto(f"{base}/stocktaking/new/")
    assert_in_language(page, lang, content)
    assert_mirrored(page, lang, "id_title")
    if lang == "ar":
        shoot(page, "entry-form")
    page.locator("#id_title").fill(title)
    page.locator("#id_description").fill(description)
    page.locator("#id_organization_name").fill(organisation)
    page.locator("#id_stakeholder_type").select_option("civil_society")
    page.locator("#id_countries").select_option("KE")
    page.locator(f"input[name=action_lines][value='{catalog['ehealth'].pk}']").check()
    page.get_by_role("button", name=t(lang, "Submit for review")).click()
    done = t(lang, "Submitted for review. We e-mail you the moderators' decision.")
    expect(page.get_by_text(done)).to_be_visible()
    assert_in_language(page, lang, content)
    if lang == "ar":
        shoot(page, "my-submissions")
    expect(page.get_by_role("link", name=title)).to_be_visible()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_facilitator_signs_in_with_a_code_and_edits_the_page_in_their_language(
    live_server, new_page, line, facilitator, lang
):
    from playwright.sync_api import expect

    from tests.support.factories import PASSWORD as FACTORY_PASSWORD
    from tests.support.two_factor import code_for, give_authenticator

    device = give_authenticator(facilitator)
    base = f"{live_server.url}/{lang}"
    page = new_page(viewport={"width": WIDTH, "height": 900}, locale=lang)
    page.set_default_timeout(60000)
    page.set_default_navigation_timeout(90000)
    text = (
        "# À propos\n\nLa ligne en quelques mots." if lang == "fr" else "# نبذة\n\nخط العمل بإيجاز."
    )
    summary = "Premier texte" if lang == "fr" else "النص الأول"
    content = [facilitator.username, summary, "facilitator@example.org", *untranslated_names()]

    page.goto(f"{base}/accounts/login/")
    assert_in_language(page, lang)
    assert_mirrored(page, lang, "id_username")
    page.locator("#id_username").fill(facilitator.username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name=t(lang, "Sign in")).click()
    page.locator("#id_code").fill(code_for(device))
    assert_in_language(page, lang, content)
    page.get_by_role("button", name=t(lang, "Sign in")).click()
    page.wait_for_load_state()

    page.goto(f"{base}/action-lines/{line.slug}/edit/")
    assert_in_language(page, lang, content)
    assert_mirrored(page, lang, "id_summary")
    page.locator("#id_content").fill(text)
    page.locator("#id_summary").fill(summary)
    page.get_by_role("button", name=t(lang, "Preview")).click()
    expect(page.locator(".preview .prose")).to_contain_text(text.splitlines()[-1])
    if lang == "ar":
        shoot(page, "page-edit")
    page.get_by_role("button", name=t(lang, "Save")).click()
    expect(page.get_by_text(t(lang, "Page saved."))).to_be_visible()
    assert_in_language(page, lang, [*content, text.splitlines()[0][2:], text.splitlines()[-1]])
    line.refresh_from_db()
    assert line.page_content.replace("\r\n", "\n") == text
    page.goto(f"{base}/action-lines/{line.slug}/history/")
    assert_in_language(page, lang, content)
    if lang == "ar":
        shoot(page, "page-history")


def test_screenshots_of_the_main_arabic_pages(live_server, new_page, catalog):  # noqa: F811
    """Shots to look at; each page runs right to left with the brand on the right."""
    page = new_page(viewport={"width": WIDTH, "height": 900}, locale="ar")
    page.set_default_navigation_timeout(90000)
    for path, name in [
        ("/ar/", "home"),
        ("/ar/action-lines/", "action-lines"),
        ("/ar/action-lines/c7-e-health/", "action-line"),
        ("/ar/stocktaking/", "search"),
        ("/ar/mandates/", "mandates"),
        ("/ar/accounts/login/", "sign-in"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] + brand["width"] > WIDTH * 0.6, (path, brand)
        shoot(page, name)
