"""Two-factor sign-in's pages: the second step of signing in, setting it up (QR code and
setup key), recovery codes, turning it off; and the gate that keeps privileged pages from a
session that has not passed it.

The sign-in (``stocktaking.account_views.RateLimitedLoginView``) hands a right password to
``begin_sign_in``. An account with an authenticator is not signed in yet: the session only
remembers, for a few minutes, whose password was given, and the account is signed in when a
code is (``SignInCodeView``), so a password alone opens nothing. An account without one is
signed in; if its role requires two-factor sign-in it is sent to set it up.
"""

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_static.models import StaticDevice

from stocktaking import ratelimit
from stocktaking.views import too_many
from wsis_portal.models import record

from . import services
from .forms import CodeForm, TokenForm
from .models import ApiToken
from .permissions import (
    TwoFactorRequiredMixin,
    has_two_factor,
    is_verified,
    requires_two_factor,
    with_next,
)

#: Session key of a sign-in waiting for its code, and how long it waits (seconds).
PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 5 * 60


def _safe_next(request, candidate, default):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def account_page(request, **forms):
    """The account page again, with a form that was refused (400)."""
    from stocktaking.account_views import AccountView

    view = AccountView()
    return render(request, view.template_name, view.context(request, **forms), status=400)


def begin_sign_in(request, user, redirect_to):
    """The answer to a right password (the sign-in form has checked it, within its limits)."""
    if has_two_factor(user):
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "hash": user.get_session_auth_hash(),
            "next": redirect_to,
            "at": int(time.time()),
        }
        return redirect("two-factor-sign-in")
    auth_login(request, user)
    if requires_two_factor(user):
        return redirect(with_next("two-factor-setup", redirect_to))
    return redirect(redirect_to)


class SignInCodeView(View):
    """The sign-in's second step: a code for the account whose password was just given (or
    for the signed-in account, when a session that never passed it opens a privileged page)."""

    template_name = "accounts/sign_in_code.html"
    form_class = CodeForm

    def pending(self, request):
        """(user, backend, next) of the sign-in waiting for a code, or None."""
        data = request.session.get(PENDING_KEY)
        if data and time.time() - data["at"] <= PENDING_SECONDS:
            users = get_user_model()._default_manager.filter(is_active=True)
            waiting = users.filter(pk=data["user"]).first()
            # A password changed meanwhile (a reset) ends the waiting sign-in.
            if waiting is not None and waiting.get_session_auth_hash() == data["hash"]:
                return waiting, data["backend"], data["next"]
        user = request.user
        if user.is_authenticated and not is_verified(request) and has_two_factor(user):
            fallback = reverse("account")
            next_url = _safe_next(request, request.GET.get("next"), fallback)
            return request.user, request.session.get(BACKEND_SESSION_KEY), next_url
        return None

    def get(self, request):
        if self.pending(request) is None:
            return redirect("login")
        return render(request, self.template_name, {"form": self.form_class()})

    def post(self, request):
        pending = self.pending(request)
        if pending is None:
            messages.warning(request, _("Your sign-in took too long. Please sign in again."))
            return redirect("login")
        user, backend, next_url = pending
        if scope := ratelimit.two_factor_refusal(request, user):
            services.record_throttled(request, scope, user)
            return too_many(request, scope)
        form = self.form_class(request.POST)
        device = form.is_valid() and services.verify_code(user, form.cleaned_data["code"])
        if not device:
            record("accounts.two_factor.failed", user, request=request)
            if form.is_valid():
                form.add_refusal()
            return render(request, self.template_name, {"form": form}, status=400)
        request.session.pop(PENDING_KEY, None)
        if request.user.is_authenticated:
            django_otp.login(request, device)
            request.session.cycle_key()
            record("accounts.two_factor.verified", user, actor=user, request=request)
        else:
            user.backend = backend
            user.otp_device = device  # django-otp marks the new session as verified
            auth_login(request, user)
        if isinstance(device, StaticDevice):
            left = services.recovery_codes_left(user)
            messages.warning(
                request,
                _(
                    "You signed in with a recovery code, which now no longer works. "
                    "Recovery codes left: %(left)s. Make new ones on your account page."
                )
                % {"left": left},
            )
        return redirect(next_url)


# Pages that show a secret (the setup key, recovery codes, a token's key) are never cached.
@method_decorator(never_cache, name="dispatch")
class TwoFactorSetupView(LoginRequiredMixin, View):
    """Setting up an authenticator app: its QR code (an SVG drawn here) and the same secret as
    text, then a code from it to confirm. The recovery codes are shown once, in the answer."""

    template_name = "accounts/setup.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        # Replacing an authenticator needs the current one first.
        user = request.user
        if user.is_authenticated and not is_verified(request) and has_two_factor(user):
            return redirect(with_next("two-factor-sign-in", request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def next_url(self, request):
        return _safe_next(
            request, request.POST.get("next") or request.GET.get("next"), reverse("account")
        )

    def context(self, request, form):
        device = services.pending_device(request.user)
        return {
            "form": form,
            "qr_code": services.qr_code_svg(device, _("QR code for your authenticator app")),
            "setup_key": services.setup_key(device),
            "required": requires_two_factor(request.user),
            "replacing": has_two_factor(request.user),
            "next": self.next_url(request),
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request, self.form_class()))

    def post(self, request):
        if scope := ratelimit.two_factor_refusal(request, request.user):
            return too_many(request, scope)
        form = self.form_class(request.POST)
        device = services.pending_device(request.user)
        codes = form.is_valid() and services.confirm_device(
            request.user, device, form.cleaned_data["code"], request=request
        )
        if not codes:
            if form.is_valid():
                form.add_refusal()
            return render(request, self.template_name, self.context(request, form), status=400)
        django_otp.login(request, device)
        # This session goes on under a new key; the account's others, some of which may have
        # been opened with the password alone, end now.
        request.session.cycle_key()
        ended = services.end_other_sessions(request.user, request, reason="two_factor")
        return render(
            request,
            "accounts/recovery_codes.html",
            {
                "codes": codes,
                "next": self.next_url(request),
                "enabled": True,
                "other_sessions_ended": ended,
            },
        )


class VerifiedAccountMixin(LoginRequiredMixin):
    """Changes to an account's second factor need a session that has passed it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_two_factor(request.user):
            return redirect("account")
        if request.user.is_authenticated and not is_verified(request):
            return redirect(with_next("two-factor-sign-in", reverse("account")))
        return super().dispatch(request, *args, **kwargs)


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(VerifiedAccountMixin, View):
    """New recovery codes (the old ones stop working), shown once."""

    http_method_names = ["post"]

    def post(self, request):
        codes = services.regenerate_recovery_codes(request.user, request=request)
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("account")}
        )


class DisableTwoFactorView(VerifiedAccountMixin, View):
    """Turning two-factor sign-in off, for an account whose role does not require it, once the
    password is given again."""

    http_method_names = ["post"]

    def post(self, request):
        from stocktaking.account_views import ConfirmPasswordForm

        if requires_two_factor(request.user):
            raise PermissionDenied(_("Your role requires two-factor sign-in."))
        if not ratelimit.allow("reauth", request.user.pk):
            return too_many(request, "reauth")
        form = ConfirmPasswordForm(request.user, request.POST, prefix="disable")
        if not form.is_valid():
            return account_page(request, disable_form=form)
        services.disable_two_factor(request.user, by=request.user, request=request)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("account")


@method_decorator(never_cache, name="dispatch")
class TokenCreateView(LoginRequiredMixin, TwoFactorRequiredMixin, View):
    """A new API token, its key shown once in the answer. Accounts that must use two-factor
    sign-in get one only from a session that passed it, and only one that expires."""

    http_method_names = ["post"]

    def post(self, request):
        form = TokenForm(request.POST, may_last_forever=not requires_two_factor(request.user))
        if form.is_valid():
            try:
                token, key = services.create_token(
                    request.user,
                    name=form.cleaned_data["name"],
                    expires_in_days=form.expires_in_days,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(request, "accounts/token_created.html", {"token": token, "key": key})
        return account_page(request, token_form=form)


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of one's own tokens (anybody else's is 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.revoke_token(token, by=request.user, request=request)
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name},
        )
        return redirect(f"{reverse('account')}#api-tokens")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, recorded as a security event. Django keeps this session
    (``update_session_auth_hash`` gives it a new key and the new password's hash); the
    account's other sessions, which a new password changes nothing for until their next
    request, are ended at once."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record("accounts.password.changed", form.user, actor=form.user, request=self.request)
        services.end_other_sessions(form.user, self.request, reason="password_changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's password reset (the e-mailed link's form), recorded as a security event; every
    session of the account ends (the one resetting is not signed in)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        record("accounts.password.reset", form.user, request=self.request)
        services.end_other_sessions(form.user, reason="password_reset")
        return response
