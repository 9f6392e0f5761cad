"""The API's errors in the language asked for (issue 14, items 1 and 5): what the services
refuse (a workflow step from the wrong state, a missing reason) and what the views forbid come
back in the ``Accept-Language`` language, with ``Content-Language`` saying which."""

import pytest

from tests.api.conftest import client_for
from tests.stocktaking.conftest import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(stakeholder):
    return make_entry(stakeholder, "rejected", title="Télémédecine rurale")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Cannot publish an entry that is rejected; only from: submitted for review."),
        (
            "fr",
            "Impossible de publier une fiche à l’état « rejeté » ; seulement depuis : "
            "soumis pour examen.",
        ),
        (
            "ar",
            "لا يمكن نشر مدخل حالته «مرفوض»؛ الإجراء ممكن فقط من الحالة: مقدَّم للاستعراض.",
        ),
    ],
)
def test_a_refused_workflow_step_is_explained_in_the_language_asked_for(
    moderator, rejected, lang, expected
):
    response = client_for(moderator).post(
        f"/api/v1/stocktaking/{rejected.pk}/publish/", {}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 409
    assert response["Content-Language"] == lang
    assert response.json()["state"] == [expected]


def test_a_missing_reason_and_a_forbidden_step_are_in_french(moderator, stakeholder):
    submitted = make_entry(stakeholder, "submitted")
    moderator_api = client_for(moderator)
    response = moderator_api.post(
        f"/api/v1/stocktaking/{submitted.pk}/reject/", {}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 400
    assert response.json()["comment"] == [
        "Donnez la raison du rejet ; l’auteur de la soumission la voit."
    ]
    owner_api = client_for(stakeholder)  # sees their entry, may not publish it
    response = owner_api.post(
        f"/api/v1/stocktaking/{submitted.pk}/publish/", {}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Seuls les modérateurs peuvent changer l’état d’une fiche dans le circuit de travail."
    )
