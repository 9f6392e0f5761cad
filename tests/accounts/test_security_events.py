"""Account security events (issue 16, layer 16): sign-ins, failures, throttling, password,
e-mail, two-factor, token, group and membership changes in the audit log, with the client's
address and user agent; each account sees its own on its page; admins filter them."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.services import create_token, revoke_token
from actionlines.models import Membership
from tests.support.factories import PASSWORD, OrganizationFactory
from tests.support.two_factor import code_for, give_authenticator
from wsis_portal.models import AuditEvent

pytestmark = pytest.mark.django_db

AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def events(user, action=None):
    found = AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk))
    return found.filter(action=action) if action else found


def browser(address="198.51.100.7", agent=AGENT):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def test_a_sign_in_and_a_failure_are_recorded_with_address_and_agent(stakeholder):
    client = browser()
    client.post(reverse("login"), {"username": "stakeholder", "password": "guess"})
    client.post(reverse("login"), {"username": "stakeholder", "password": PASSWORD})
    failed = events(stakeholder, "accounts.sign_in_failed").get()
    signed_in = events(stakeholder, "accounts.signed_in").get()
    for event in (failed, signed_in):
        assert event.address == "198.51.100.7" and event.user_agent == AGENT
    assert signed_in.actor == stakeholder


def test_a_failure_for_no_account_keeps_no_name(client):
    client.post(reverse("login"), {"username": "correct-horse-typed-here", "password": "x"})
    event = AuditEvent.objects.get(action="accounts.sign_in_failed")
    assert event.object_id == "" and "correct-horse" not in str(event.__dict__)


def test_the_user_agent_is_cut_short_and_cleaned(stakeholder):
    client = browser(agent="Evil\x00Agent\x1b[31m" + "x" * 500)
    client.post(reverse("login"), {"username": "stakeholder", "password": PASSWORD})
    agent = events(stakeholder, "accounts.signed_in").get().user_agent
    assert agent.startswith("EvilAgent[31m") and len(agent) == 255


def test_the_address_is_the_one_the_limits_count(settings, stakeholder):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.9")
    client.post(reverse("login"), {"username": "stakeholder", "password": PASSWORD})
    assert events(stakeholder, "accounts.signed_in").get().address == "198.51.100.9"


def test_throttling_is_recorded_once_per_window(settings, stakeholder):
    settings.STOCKTAKING_RATE_LIMITS = {"login": (2, 300)}
    client = browser()
    for _ in range(6):
        client.post(reverse("login"), {"username": "stakeholder", "password": "guess"})
    throttled = events(stakeholder, "accounts.sign_in_throttled").get()
    assert throttled.after == {"limit": "login"} and throttled.address == "198.51.100.7"


def test_two_factor_steps_are_recorded(client, stakeholder):
    device = give_authenticator(stakeholder)
    client.post(reverse("login"), {"username": "stakeholder", "password": PASSWORD})
    client.post(reverse("two-factor-sign-in"), {"code": "000000"})
    client.post(reverse("two-factor-sign-in"), {"code": code_for(device)})
    assert events(stakeholder, "accounts.two_factor.failed").count() == 1
    signed_in = events(stakeholder, "accounts.signed_in").get()
    assert signed_in.after == {"second_factor": "authenticator"}
    client.post(reverse("two-factor-recovery-codes"))
    assert events(stakeholder, "accounts.two_factor.recovery_codes_regenerated").exists()


def test_a_password_change_is_recorded(stakeholder):
    client = browser()
    client.force_login(stakeholder)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert events(stakeholder, "accounts.password.changed").get().address == "198.51.100.7"


def test_email_role_group_and_membership_changes_are_recorded(stakeholder):
    stakeholder.email = "new@example.org"
    stakeholder.save()
    changed = events(stakeholder, "accounts.email.changed").get()
    assert changed.before == {"email": "stakeholder@example.org"}
    assert changed.after == {"email": "new@example.org"}
    stakeholder.is_staff = True
    stakeholder.save(update_fields=["is_staff"])
    assert events(stakeholder, "accounts.role.changed").get().after == {"is_staff": True}
    stakeholder.save(update_fields=["last_login"])  # not a security change
    assert events(stakeholder).count() == 2

    moderators = Group.objects.get(name="moderators")
    stakeholder.groups.add(moderators)
    moderators.user_set.remove(stakeholder)
    stakeholder.groups.add(moderators)
    stakeholder.groups.clear()
    changes = [e.after for e in events(stakeholder, "accounts.groups.changed").order_by("pk")]
    assert changes == [
        {"added": ["moderators"]},
        {"removed": ["moderators"]},
        {"added": ["moderators"]},
        {"removed": ["moderators"]},
    ]
    membership = Membership.objects.create(
        user=stakeholder, organization=OrganizationFactory(acronym="ITU")
    )
    membership.delete()
    changes = [e.after for e in events(stakeholder, "accounts.membership.changed").order_by("pk")]
    assert changes == [{"added": ["ITU"]}, {"removed": ["ITU"]}]


def test_the_account_page_lists_its_own_events_only(client, stakeholder, other_stakeholder):
    token, _key = create_token(stakeholder, name="nightly export", expires_in_days=None)
    revoke_token(token, by=stakeholder)
    browser().post(reverse("login"), {"username": "other-stakeholder", "password": "guess"})
    client.force_login(stakeholder)
    page = client.get(reverse("account")).content.decode()
    assert "API token created" in page and "API token revoked" in page
    assert "nightly export" in page
    assert "Wrong password" not in page  # the other account's

    other = Client()
    other.force_login(other_stakeholder)
    page = other.get(reverse("account")).content.decode()
    assert "Wrong password" in page and "198.51.100.7" in page
    assert "nightly export" not in page


def test_admins_filter_security_events(client, admin_user, stakeholder, other_stakeholder):
    browser("198.51.100.1").post(reverse("login"), {"username": "stakeholder", "password": "x"})
    browser("198.51.100.2").post(
        reverse("login"), {"username": "other-stakeholder", "password": "x"}
    )
    create_token(stakeholder, name="script", expires_in_days=None)
    client.force_login(admin_user)
    url = reverse("admin:wsis_portal_auditevent_changelist")

    def listed(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    by_user = listed(f"account={stakeholder.pk}")
    assert {e.action for e in by_user} == {"accounts.sign_in_failed", "accounts.token.created"}
    by_kind = listed("security=accounts.token.created")
    assert [e.action for e in by_kind] == ["accounts.token.created"]
    by_address = listed("address=198.51.100.2")
    assert [e.object_id for e in by_address] == [str(other_stakeholder.pk)]
    assert listed("security=all&created_at__year=1999") == []
    everything = {(e.action, e.object_id) for e in listed("security=all")}
    assert ("accounts.signed_in", str(admin_user.pk)) in everything and len(everything) == 4


def test_the_audit_log_is_the_admins_only(client, stakeholder, moderator):
    url = reverse("admin:wsis_portal_auditevent_changelist")
    for user in (stakeholder, moderator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url
