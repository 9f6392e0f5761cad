from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

#: The portal's groups, as the account page names them.
GROUP_NAMES = {"moderators": _("moderators")}

#: What each security event is called on the account page (issue 16, layer 16).
EVENT_LABELS = {
    "accounts.signed_in": _("Signed in"),
    "accounts.sign_in_failed": _("Wrong password"),
    "accounts.sign_in_throttled": _("Too many attempts: attempts paused"),
    "accounts.two_factor.failed": _("Wrong two-factor code"),
    "accounts.two_factor.verified": _("Two-factor code given"),
    "accounts.two_factor.enabled": _("Two-factor sign-in turned on"),
    "accounts.two_factor.replaced": _("Authenticator app replaced"),
    "accounts.two_factor.disabled": _("Two-factor sign-in turned off"),
    "accounts.two_factor.recovery_codes_regenerated": _("New recovery codes made"),
    "accounts.password.changed": _("Password changed"),
    "accounts.password.reset": _("Password reset by e-mail"),
    "accounts.email.changed": _("E-mail address changed"),
    "accounts.role.changed": _("Account status changed"),
    "accounts.groups.changed": _("Groups changed"),
    "accounts.membership.changed": _("Organisations changed"),
    "accounts.token.created": _("API token created"),
    "accounts.token.revoked": _("API token revoked"),
    "accounts.sessions.ended": _("Signed out everywhere"),
    "accounts.sessions.others_ended": _("Signed out on other devices"),
}


@register.filter
def security_event_label(event):
    label = EVENT_LABELS.get(event.action, event.action)
    if event.action == "accounts.signed_in" and (event.after or {}).get("second_factor") == (
        "recovery_code"
    ):
        return _("Signed in with a recovery code")
    return label


@register.filter
def security_event_detail(event):
    """The token, group or organisation an event names, if any."""
    facts = event.after or event.before or {}
    if "token" in facts:
        return facts["token"]
    names = facts.get("added") or facts.get("removed")
    if names:
        sign = "+" if facts.get("added") else "−"
        return " ".join(f"{sign}{GROUP_NAMES.get(name, name)}" for name in names)
    return ""
