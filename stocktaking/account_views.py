"""Stakeholder accounts: self-registration confirmed by a one-time e-mailed link (with a page to
send it again), and a rate-limited sign-in that tells an unconfirmed account so. Password
reset is Django's own views (``django.contrib.auth.urls``) with the portal's templates in
``templates/registration/``. What the views write is in ``account_services``.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts import services as two_factor
from accounts.forms import TokenForm
from accounts.permissions import has_two_factor, is_verified, requires_two_factor
from accounts.views import begin_sign_in
from wsis_portal import sessions

from . import account_services, ratelimit
from .account_services import Confirmation
from .forms import PortalAuthenticationForm, PortalPasswordResetForm, RegistrationForm
from .views import too_many


class RegisterView(View):
    template_name = "registration/register.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("stocktaking:my-submissions")
        return render(request, self.template_name, {"form": RegistrationForm()})

    def post(self, request):
        if not ratelimit.allow("register", ratelimit.client_address(request)):
            return too_many(request, "register")
        form = RegistrationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        # The language they registered in is their account's until they choose another. An
        # address with an account already gets the same answer (its owner gets an e-mail).
        account_services.register_account(form, language=translation.get_language())
        return redirect("register-done")


class ConfirmView(View):
    def get(self, request, token):
        outcome, _user = account_services.confirm_account(token)
        if outcome != Confirmation.CONFIRMED:
            return render(
                request,
                "registration/confirm_invalid.html",
                {"used": outcome == Confirmation.USED},
                status=400,
            )
        messages.success(request, _("Your e-mail is confirmed. Sign in to submit projects."))
        return redirect(f"{reverse('login')}?next={reverse('stocktaking:my-submissions')}")


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label="E-mail", help_text="The address you registered with.")


class ResendConfirmationView(View):
    """Send the confirmation link again. Limited per client and per address, and the answer
    is the same whether or not an account awaits confirmation at the address."""

    template_name = "registration/resend_confirmation.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ResendConfirmationForm()})

    def post(self, request):
        form = ResendConfirmationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        email = form.cleaned_data["email"].strip().lower()
        for scope, ident in (
            ("confirm-resend", ratelimit.client_address(request)),
            ("confirm-resend-address", email),
        ):
            if not ratelimit.allow(scope, ident):
                return too_many(request, scope)
        account_services.resend_confirmation(email)
        return redirect("register-resent")


class ConfirmPasswordForm(forms.Form):
    """The account's current password, asked again before an action on every session."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext_lazy("This is not your password."), code="wrong_password"
            )
        return password


class AccountView(LoginRequiredMixin, View):
    """The account page: who you are signed in as, your password, two-factor sign-in, your
    sessions."""

    template_name = "registration/account.html"

    def context(self, request, form=None, disable_form=None, token_form=None):
        user = request.user
        idle = settings.PRIVILEGED_SESSION_IDLE_TIMEOUT
        privileged = bool(idle and request.session.get(sessions.PRIVILEGED_KEY))
        enabled = has_two_factor(user)
        required = requires_two_factor(user)
        return {
            "form": form or ConfirmPasswordForm(user),
            "idle_minutes": max(1, idle // 60) if privileged else None,
            "two_factor": enabled,
            "two_factor_required": required,
            "recovery_codes_left": two_factor.recovery_codes_left(user) if enabled else 0,
            "disable_form": disable_form or ConfirmPasswordForm(user, prefix="disable"),
            "tokens": user.api_tokens.all()[:50],
            "may_create_tokens": not required or is_verified(request),
            "token_form": token_form or TokenForm(may_last_forever=not required),
            "security_events": two_factor.security_events(user),
            "api_root": reverse("api-root"),
            "api_docs": reverse("api-docs"),
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request))


class SignOutEverywhereView(AccountView):
    """Ends every session of the account, this one included, once the password is given
    again (at most ``reauth`` wrong or right tries per account and window)."""

    http_method_names = ["post"]

    def post(self, request):
        if not ratelimit.allow("reauth", request.user.pk):
            return too_many(request, "reauth")
        form = ConfirmPasswordForm(request.user, request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self.context(request, form), status=400)
        account_services.end_every_session(request.user, form.cleaned_data["password"])
        logout(request)
        messages.success(
            request, _("You are signed out on every device and browser. Sign in again here.")
        )
        return redirect("login")


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client and per e-mail address (so nobody can
    flood one mailbox from many clients). The answer is Django's own either way: the same
    page whether or not an account has the address. Its link starts with SITE_URL like
    every link the portal e-mails (``wsis_portal.links``), not with the request's host, and
    its mail goes through the outbox (``PortalPasswordResetForm``)."""

    form_class = PortalPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        for scope, ident in (
            ("password-reset", ratelimit.client_address(self.request)),
            ("password-reset-address", email),
        ):
            if not ratelimit.allow(scope, ident):
                return too_many(self.request, scope)
        return super().form_valid(form)


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in within the sign-in budgets of ``ratelimit.sign_in_refusal``; an account
    whose e-mail is not confirmed yet is told so (with the right password only). The one
    sign-in of the portal (the admin's and the browsable API's lead here); a right password
    goes on to the two-factor step (``accounts.views.begin_sign_in``)."""

    authentication_form = PortalAuthenticationForm

    def form_valid(self, form):
        return begin_sign_in(self.request, form.get_user(), self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context["awaits_confirmation"] = bool(form and form.has_error("__all__", "unconfirmed"))
        return context

    def post(self, request, *args, **kwargs):
        if scope := ratelimit.sign_in_refusal(request):
            user = ratelimit.account_for_name(request.POST.get("username", ""))
            if user is not None:
                two_factor.record_throttled(request, scope, user)
            return too_many(request, scope)
        return super().post(request, *args, **kwargs)
