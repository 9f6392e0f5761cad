"""Privileged sessions end after inactivity (issue 16, layer 17).

A facilitator's, moderator's or staff member's session is what an attacker most wants, and the
one most often left open on a shared office computer. At sign-in (``user_logged_in``) such a
session is given Django's own inactivity expiry, ``session.set_expiry(seconds)``: the session
(its row and its cookie) then expires that many seconds after it was last saved.
``PrivilegedSessionMiddleware`` saves it again at most once a minute while it is used, so only
inactivity ends it. Other sessions keep Django's fixed ``SESSION_COOKIE_AGE``.

The role is read at sign-in: someone made a moderator while signed in is held to the shorter
limit from their next sign-in.

What Django already does, and the portal relies on: a password change (or reset) changes the
session hash that ``get_user`` checks on every request, which ends the account's other sessions
at their next request (``update_session_auth_hash`` keeps the one that changed it); "sign out
everywhere" (``stocktaking.account_views``) uses the same mechanism. The portal also deletes
those sessions at once, and the account's other sessions when it turns two-factor sign-in on,
which changes no password (``accounts.services.end_other_sessions``, on the session rows that
``accounts.sessions`` keeps with their account).
"""

from django.conf import settings
from django.utils import timezone

#: Session keys: the session is privileged; when it was last saved to extend it (epoch seconds).
PRIVILEGED_KEY = "privileged_session"
REFRESHED_KEY = "privileged_session_refreshed"
#: Seconds between two saves that extend an active privileged session.
REFRESH_EVERY = 60


def is_privileged(user) -> bool:
    """Facilitators, moderators and staff (superusers included)."""
    from actionlines.permissions import is_facilitator
    from stocktaking.permissions import is_moderator

    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or is_moderator(user) or is_facilitator(user)


def _extend(session):
    session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_TIMEOUT)
    session[REFRESHED_KEY] = int(timezone.now().timestamp())


def limit_privileged_session(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: a privileged account's session expires when idle."""
    if settings.PRIVILEGED_SESSION_IDLE_TIMEOUT and is_privileged(user):
        request.session[PRIVILEGED_KEY] = True
        _extend(request.session)


class PrivilegedSessionMiddleware:
    """Keeps an active privileged session alive (see the module's docstring): reads only the
    session, and writes it at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if (
            settings.PRIVILEGED_SESSION_IDLE_TIMEOUT
            # Without a session cookie there is nothing to read (and no "Vary: Cookie" to add).
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and session.get(PRIVILEGED_KEY)
            and timezone.now().timestamp() - session.get(REFRESHED_KEY, 0) >= REFRESH_EVERY
        ):
            _extend(session)
        return self.get_response(request)
