"""The stakeholder's pages in the reader's language: the search page, the submission form and
the prizes, with counts in each language's plural forms."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.stocktaking.conftest import make_entry

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def localized(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize(
    ("language", "heading", "label"),
    [
        ("fr", "Base de données de l’inventaire du SMSI", "Rechercher des projets"),
        ("es", "Base de datos del inventario de la CMSI", "Buscar proyectos"),
        ("ar", "قاعدة بيانات حصر القمة العالمية لمجتمع المعلومات", "البحث في المشاريع"),
        ("zh-hans", "信息社会世界峰会盘点数据库", "搜索项目"),
    ],
)
def test_the_search_page_speaks_the_readers_language(client, catalog, language, heading, label):
    response = client.get(localized("stocktaking:entry-list", language))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'<label for="id_q">{label}</label>' in page
    assert "Search projects" not in page


def test_the_result_count_takes_the_languages_plural_form(client, stakeholder, catalog):
    url = localized("stocktaking:entry-list", "ru")
    make_entry(stakeholder, "published", catalog=catalog, title="Project 1")
    assert " 1 проект." in text(client.get(url))
    make_entry(stakeholder, "published", catalog=catalog, title="Project 2")
    assert " 2 проекта." in text(client.get(url))
    for number in range(3, 6):
        make_entry(stakeholder, "published", catalog=catalog, title=f"Project {number}")
    assert " 5 проектов." in text(client.get(url))


def test_no_result_is_a_sentence_not_a_numbered_item(client, catalog):
    page = client.get(localized("stocktaking:entry-list", "fr"), {"q": "nothing-matches-this"})
    body = page.content.decode()
    assert "Aucun projet publié ne correspond à ces filtres." in body
    assert '<ol class="results"' not in body


def test_the_submission_form_is_in_french(client, stakeholder, catalog):
    client.force_login(stakeholder)
    page = text(client.get(localized("stocktaking:entry-create", "fr")))
    assert "Soumettre un projet à la base de données de l’inventaire" in page
    assert "Enregistrer le brouillon" in page and "Soumettre pour examen" in page


def test_the_prizes_page_is_in_spanish(client):
    page = text(client.get(localized("stocktaking:prize-list", "es")))
    assert "Premios de la CMSI" in page
    assert "WSIS Prizes" not in page


def test_the_facets_and_charts_are_named_in_the_readers_language(client, stakeholder, catalog):
    make_entry(stakeholder, "published", catalog=catalog, title="Rural broadband")
    page = client.get(localized("stocktaking:entry-list", "fr")).content.decode()
    for legend in ("Pays", "Région", "Type de partie prenante", "Année"):
        assert f"<legend>{legend}</legend>" in page
    assert "<legend>Country</legend>" not in page


def test_registration_speaks_french(client):
    page = text(client.get(localized("register", "fr")))
    assert "Les parties prenantes s’inscrivent pour soumettre leurs projets" in page
    assert "Déjà inscrit ?" in page


def test_the_password_reset_mail_is_in_the_language_it_was_asked_in(
    client, stakeholder, mailoutbox, django_capture_on_commit_callbacks
):
    """For an account that never chose a language (one that did gets its own)."""
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        response = client.post(localized("password_reset", "fr"), {"email": stakeholder.email})
    assert response.status_code == 302
    (message,) = mailoutbox
    assert "Choisissez un nouveau mot de passe ici :" in message.body
    assert "/fr/accounts/reset/" in message.body


def test_pages_of_a_long_list_are_numbered_in_spanish(client, stakeholder, catalog):
    for number in range(12):
        make_entry(stakeholder, "published", catalog=catalog, title=f"Project {number}")
    page = text(client.get(localized("stocktaking:entry-list", "es"), {"page_size": 10}))
    assert "Página 1 de 2" in page and "Siguiente →" in page


def test_my_submissions_and_the_entry_page_speak_arabic(client, stakeholder, catalog):
    client.force_login(stakeholder)
    page = text(client.get(localized("stocktaking:my-submissions", "ar")))
    assert "لم تقدّم أي مشروع بعد." in page
    entry = make_entry(stakeholder, "draft", catalog=catalog, title="Rural broadband")
    with translation.override("ar"):
        url = entry.get_absolute_url()
    page = text(client.get(url))
    assert "لا يراه سواك والمشرفون." in page
    assert "Stakeholder type" not in page and "نوع صاحب المصلحة" in page


def test_the_submission_forms_errors_are_in_french(client, stakeholder, catalog):
    client.force_login(stakeholder)
    response = client.post(
        localized("stocktaking:entry-create", "fr"),
        {"title": "Cliniques rurales", "intent": "submit", "scope": "national"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    for message in (
        "Décrivez le projet.",
        "Indiquez l’organisation qui mène le projet.",
        "Choisissez au moins une grande orientation.",
        "Veuillez corriger les erreurs ci-dessous ; rien n’a été enregistré.",
    ):
        assert message in page
    assert "Describe the project." not in page
