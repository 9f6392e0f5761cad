"""Who must sign in with a second factor, whether a session has, and the gate that sends a
privileged session that has not to do so."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from wsis_portal.sessions import is_privileged


def requires_two_factor(user) -> bool:
    """Facilitators, moderators and staff must use two-factor sign-in (issue 16, layer 15):
    their accounts change what the public reads and decide on others' submissions. For
    everyone else it is optional."""
    return is_privileged(user)


def has_two_factor(user) -> bool:
    """Whether the account has a confirmed authenticator app (its recovery codes only count
    alongside one)."""
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """Whether this session passed the two-factor step (django-otp's ``OTPMiddleware``)."""
    return bool(getattr(request.user, "is_verified", None) and request.user.is_verified())


def with_next(url_name, next_url):
    """The page ``url_name`` with ``?next=next_url``."""
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def two_factor_redirect(request, next_url=None):
    """Where a privileged user whose session has not passed two-factor sign-in goes instead of
    a privileged page (None when the page may be shown): set it up, or give a code."""
    user = request.user
    if not user.is_authenticated or is_verified(request) or not requires_two_factor(user):
        return None
    step = "two-factor-sign-in" if has_two_factor(user) else "two-factor-setup"
    return redirect(with_next(step, next_url or request.get_full_path()))


class TwoFactorRequiredMixin:
    """For the pages of facilitators, moderators and staff (after the view's own permission
    check): a session that has not passed two-factor sign-in is sent to do so first."""

    def dispatch(self, request, *args, **kwargs):
        if response := two_factor_redirect(request):
            return response
        return super().dispatch(request, *args, **kwargs)
