"""A fixed-window rate limit on Django's cache (Redis in production, shared by the workers).

``allow(scope, ident)`` counts one attempt and says whether it is within the limit configured
for ``scope`` in ``RATE_LIMITS`` (overridable with the ``STOCKTAKING_RATE_LIMITS`` setting):
``(attempts, seconds)``. Counting uses ``cache.add`` then ``cache.incr``, both atomic on Redis.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

RATE_LIMITS = {
    "register": (5, 60 * 60),  # accounts per client address per hour
    # "Someone tried to register with your address" notices per address (registration).
    "register-notice": (3, 24 * 60 * 60),
    # Sign-in attempts, failed or not, in three budgets that must all hold: per client and
    # account, per account from any client (a distributed guess, slowed down but never a
    # lock-out for longer than the window) and per client over any account names.
    "login": (10, 5 * 60),
    "login-account": (30, 15 * 60),
    "login-client": (30, 5 * 60),
    # The sign-in's second step (a six-digit code, or a recovery code), per client and account
    # and per account from any client; django-otp also backs off after each wrong code.
    "two-factor": (5, 5 * 60),
    "two-factor-account": (20, 15 * 60),
    "submission": (30, 60 * 60),  # new entries and submissions per user per hour
    # Sending the confirmation link again: per client address, and per e-mail address so
    # that nobody can flood one mailbox from many clients.
    "confirm-resend": (5, 60 * 60),
    "confirm-resend-address": (3, 60 * 60),
    # The password asked again (sign out everywhere), per account.
    "reauth": (10, 15 * 60),
    # Password-reset requests, likewise per client address and per e-mail address.
    "password-reset": (5, 60 * 60),
    "password-reset-address": (3, 60 * 60),
    # CSTD report PDFs built for a client (public; each one is a worker's job).
    "report-pdf": (10, 60 * 60),
    # Content-Security-Policy violation reports per client address (one a blocked thing,
    # so a page can send several at once).
    "csp-report": (100, 10 * 60),
}


def limit_for(scope):
    return {**RATE_LIMITS, **getattr(settings, "STOCKTAKING_RATE_LIMITS", {})}[scope]


def client_address(request) -> str:
    """The client's address, the one notion every limiter uses (the API's throttles too):
    DRF's reading of ``X-Forwarded-For`` with ``NUM_PROXIES`` set from
    ``TRUSTED_PROXY_COUNT``. With no trusted proxy (the default) the header is ignored and
    ``REMOTE_ADDR`` counts; behind N proxies, the address the outermost trusted one saw."""
    return BaseThrottle().get_ident(request) or "unknown"


def account_name(value) -> str:
    """A submitted user name as the sign-in will look it up: stripped, NFKC-normalised
    (Django's ``normalize_username``) and case-folded, so " mod2", "mod2\t" and "ｍｏｄ２"
    share one budget."""
    return get_user_model().normalize_username(str(value).strip()).casefold()[:150]


def account_for_name(value):
    """The account a submitted user name signs in to, if any (Django looks names up as
    typed once normalised, case included)."""
    model = get_user_model()
    name = model.normalize_username(str(value).strip())
    return model._default_manager.filter(**{model.USERNAME_FIELD: name}).first() if name else None


def sign_in_refusal(request):
    """The scope whose sign-in budget this attempt passes (counting it in each), or None.
    Every sign-in form asks this before checking a password: the portal's and the admin's."""
    client = client_address(request)
    account = account_name(request.POST.get("username", ""))
    budgets = {
        "login": f"{client}:{account}",
        "login-account": account,
        "login-client": client,
    }
    refused = [scope for scope, ident in budgets.items() if not allow(scope, ident)]
    return refused[0] if refused else None


def two_factor_refusal(request, user):
    """Like ``sign_in_refusal``, for a code given for ``user`` (the second step, or setting
    two-factor sign-in up)."""
    client = client_address(request)
    budgets = {"two-factor": f"{client}:{user.pk}", "two-factor-account": user.pk}
    refused = [scope for scope, ident in budgets.items() if not allow(scope, ident)]
    return refused[0] if refused else None


def _key(scope, ident):
    digest = hashlib.sha256(str(ident).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(scope, ident) -> bool:
    """Count an attempt; False once the scope's limit is passed within its window."""
    attempts, window = limit_for(scope)
    key = _key(scope, ident)
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= attempts


def retry_after(scope) -> int:
    return limit_for(scope)[1]
