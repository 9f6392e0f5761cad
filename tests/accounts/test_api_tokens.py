"""API tokens from the account page (issue 18, gap 5; issue 16, layer 15): several per
account, named, expiring, revocable, shown once; issued to facilitators, moderators and staff
only after two-factor sign-in; a revoked or expired token is a 401 in the API's error shape."""

import datetime
import importlib
import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.test import APIClient

from accounts.models import ApiToken, digest
from accounts.services import MAX_USABLE_TOKENS, create_token
from tests.support.factories import StocktakingEntryFactory
from tests.support.two_factor import give_authenticator, password_only
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

ENTRY = {
    "title": "t",
    "description": "d",
    "organization_name": "o",
    "stakeholder_type": "civil_society",
}


def api(key, keyword="Token"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def create_on_account_page(client, name="Monthly export", expires="never"):
    return client.post(reverse("api-token-create"), {"name": name, "expires": expires})


def shown_key(response):
    return re.search(
        r'<code class="token-key"[^>]*>([0-9a-f]{40})</code>', response.content.decode()
    )


def test_a_stakeholder_creates_a_token_shown_once(client, stakeholder):
    client.force_login(stakeholder)
    response = create_on_account_page(client)
    assert response.status_code == 200
    key = shown_key(response).group(1)
    token = ApiToken.objects.get(user=stakeholder)
    assert token.name == "Monthly export" and token.expires_at is None
    assert token.key_digest == digest(key) and key not in str(token.__dict__)
    account = client.get(reverse("account")).content.decode()
    assert "Monthly export" in account and key not in account and "Not yet" in account
    assert AuditEvent.objects.filter(action="accounts.token.created").exists()


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_the_key_works_under_both_keywords_and_is_dated(stakeholder, keyword):
    draft = StocktakingEntryFactory(submitter=stakeholder, state="draft")
    token, key = create_token(stakeholder, name="script", expires_in_days=30)
    listed = api(key, keyword).get("/api/v1/stocktaking/").json()["results"]
    assert draft.pk in [item["id"] for item in listed]
    assert api(key, keyword).post("/api/v1/stocktaking/", ENTRY, format="json").status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_several_tokens_each_revoked_on_its_own(client, stakeholder):
    _first, first_key = create_token(stakeholder, name="first", expires_in_days=None)
    second, second_key = create_token(stakeholder, name="second", expires_in_days=None)
    client.force_login(stakeholder)
    response = client.post(reverse("api-token-revoke", args=[second.pk]))
    assert response.status_code == 302
    revoked = api(second_key).get("/api/v1/stocktaking/")
    assert revoked.status_code == 401
    assert revoked.json() == {"detail": "This token has been revoked.", "code": "token_revoked"}
    assert api(first_key).get("/api/v1/stocktaking/").status_code == 200
    assert "Revoked" in client.get(reverse("account")).content.decode()
    assert AuditEvent.objects.filter(action="accounts.token.revoked").count() == 1


def test_an_expired_token_is_refused(stakeholder):
    token, key = create_token(stakeholder, name="short", expires_in_days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = api(key, "Bearer").post("/api/v1/stocktaking/", ENTRY, format="json")
    assert response.status_code == 401
    expired_on = timezone.now().date().isoformat()
    assert response.json() == {
        "detail": f"This token expired on {expired_on}. Make a new one on your account page: "
        f"{settings.SITE_URL}/accounts/#api-tokens",
        "code": "token_expired",
    }
    assert "WWW-Authenticate" in response


def test_nobody_revokes_someone_elses_token(client, stakeholder, other_stakeholder):
    token, key = create_token(stakeholder, name="mine", expires_in_days=None)
    client.force_login(other_stakeholder)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    assert api(key).get("/api/v1/stocktaking/").status_code == 200
    assert "mine" not in client.get(reverse("account")).content.decode()


def test_tokens_are_shown_only_to_their_owner(client, stakeholder, other_stakeholder):
    create_token(stakeholder, name="stakeholder's script", expires_in_days=None)
    client.force_login(other_stakeholder)
    assert "stakeholder&#x27;s script" not in client.get(reverse("account")).content.decode()


@pytest.mark.parametrize("role", ["facilitator", "moderator", "admin_user"])
def test_privileged_roles_get_tokens_only_after_two_factor(request, client, role):
    user = request.getfixturevalue(role)
    password_only(client, user)
    account = client.get(reverse("account")).content.decode()
    assert "requires two-factor sign-in before you create a token" in account
    response = create_on_account_page(client, expires="30")
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))
    assert not ApiToken.objects.filter(user=user).exists()

    client.force_login(user)  # now with the second factor
    never = create_on_account_page(client, expires="never")
    assert never.status_code == 400 and not ApiToken.objects.filter(user=user).exists()
    made = create_on_account_page(client, expires="30")
    assert made.status_code == 200 and shown_key(made)
    token = ApiToken.objects.get(user=user)
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()


@pytest.mark.parametrize("role", ["facilitator", "moderator", "admin_user"])
def test_a_privileged_accounts_token_works_only_with_two_factor(request, role):
    """A token that predates the role (or came over from DRF's authtoken) does not let a
    facilitator, moderator or staff member past two-factor sign-in through the API."""
    user = request.getfixturevalue(role)
    _token, key = create_token(user, name="old script", expires_in_days=30)
    refused = api(key).get("/api/v1/stocktaking/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "two_factor_required"
    give_authenticator(user)
    assert api(key).get("/api/v1/stocktaking/").status_code == 200


@pytest.mark.parametrize(
    "name, error",
    [
        ("", "This field is required."),
        ("x" * 101, "Ensure this value has at most 100 characters"),
        ("line\x0bbreak", "without line breaks"),
    ],
)
def test_a_bad_name_is_refused_next_to_the_field(client, stakeholder, name, error):
    client.force_login(stakeholder)
    response = create_on_account_page(client, name=name)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_name_is_shown_as_text(client, stakeholder):
    client.force_login(stakeholder)
    create_on_account_page(client, name="<script>alert(1)</script>")
    page = client.get(reverse("account")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page


def test_an_unknown_expiry_is_refused(client, stakeholder):
    client.force_login(stakeholder)
    assert create_on_account_page(client, expires="36500").status_code == 400
    assert not ApiToken.objects.exists()


def test_usable_tokens_are_limited(client, stakeholder):
    for number in range(MAX_USABLE_TOKENS):
        create_token(stakeholder, name=f"t{number}", expires_in_days=None)
    client.force_login(stakeholder)
    response = create_on_account_page(client)
    assert response.status_code == 400
    assert "revoke one you no longer use first" in response.content.decode()


def test_anonymous_and_get_cannot_create_tokens(client, stakeholder):
    assert create_on_account_page(client).status_code == 302
    client.force_login(stakeholder)
    assert client.get(reverse("api-token-create")).status_code == 405
    assert not ApiToken.objects.exists()


def test_the_tokens_of_drf_authtoken_keep_working(stakeholder):
    """Keys issued before named tokens (DRF's one token per account, kept in clear): the
    migration keeps them working, as digests, and empties the old table."""
    from django.apps import apps

    copy_tokens = importlib.import_module("accounts.migrations.0002_copy_drf_tokens").copy_tokens
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz, "
            "user_id integer)"
        )
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [key, stakeholder.pk])
    with connection.schema_editor() as editor:
        copy_tokens(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
        cursor.execute("DROP TABLE authtoken_token")
    assert api(key).get("/api/v1/stocktaking/").status_code == 200
    assert api(key, "Bearer").post("/api/v1/stocktaking/", ENTRY, format="json").status_code == 201
    assert ApiToken.objects.get(user=stakeholder).prefix == key[:8]


def test_tokens_carried_over_from_drf_authtoken_expire_as_the_account_pages_do(client, stakeholder):
    """DRF's tokens were carried over with no expiry: they get the account page's default
    lifetime from the migration on, and then a 401 that says when and what to do. A token
    made on the account page never to expire keeps its owner's choice, even named alike."""
    from django.apps import apps

    give_expiry = importlib.import_module(
        "accounts.migrations.0003_carried_over_tokens_expire"
    ).give_expiry
    carried_key = "89abcdef0123456789abcdef0123456789abcdef"
    carried = ApiToken.objects.create(
        user=stakeholder, name="API token", key_digest=digest(carried_key), prefix=carried_key[:8]
    )
    chosen, chosen_key = create_token(stakeholder, name="API token", expires_in_days=None)
    with connection.schema_editor() as editor:
        give_expiry(apps, editor)

    carried.refresh_from_db()
    chosen.refresh_from_db()
    assert chosen.expires_at is None
    lasts = carried.expires_at - timezone.now()
    assert datetime.timedelta(days=89) < lasts <= datetime.timedelta(days=90)
    assert api(carried_key).get("/api/v1/stocktaking/").status_code == 200
    client.force_login(stakeholder)
    account = client.get(reverse("account")).content.decode()
    assert date_format(timezone.localtime(carried.expires_at), "DATE_FORMAT") in account

    ApiToken.objects.filter(pk=carried.pk).update(expires_at=timezone.now())
    refused = api(carried_key, "Bearer").get("/api/v1/stocktaking/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "token_expired"
    assert refused.json()["detail"].startswith("This token expired on ")
    assert f"{settings.SITE_URL}/accounts/#api-tokens" in refused.json()["detail"]
    assert api(chosen_key).get("/api/v1/stocktaking/").status_code == 200


def test_a_session_that_skipped_two_factor_writes_nothing_through_the_api(client, facilitator):
    password_only(client, facilitator)
    response = client.post("/api/v1/stocktaking/", ENTRY, content_type="application/json")
    assert response.status_code in (401, 403)
    client.force_login(facilitator)
    response = client.post("/api/v1/stocktaking/", ENTRY, content_type="application/json")
    assert response.status_code == 201, response.content


def test_the_browsable_api_signs_in_through_the_portal(client):
    page = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    link = re.search(r'href="([^"]*\?next=/api/v1/)">Sign in<', page).group(1)
    assert link == f"{reverse('login')}?next=/api/v1/"
    response = client.get(link)
    assert response.status_code == 200
    assert 'type="password"' in response.content.decode()


def test_the_api_is_linked_from_every_page_and_the_search_page(client):
    home = client.get("/").content.decode()
    assert f'href="{reverse("api-root")}"' in home and f'href="{reverse("api-docs")}"' in home
    search = client.get("/stocktaking/?action_line=C3").content.decode()
    assert 'href="/api/v1/stocktaking/?action_line=C3"' in search
