"""Stakeholder accounts: self-registration confirmed by an e-mailed link, and a rate-limited
sign-in. Password reset is Django's own views (``django.contrib.auth.urls``) with the
portal's templates in ``templates/registration/``.

The confirmation link carries a signed, timestamped token (``django.core.signing``) naming the
user and the address it was sent to; the account stays inactive until it is opened.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core import signing
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from wsis_portal.models import UserPreference

from . import ratelimit
from .forms import RegistrationForm
from .views import too_many

CONFIRM_SALT = "stocktaking.account.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 60 * 60


def confirmation_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)


def user_from_token(token):
    """The user the token was issued for, or None if it is forged, expired or stale."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    if user is None or user.email != data.get("email"):
        return None
    return user


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
        user = form.save(commit=False)
        user.is_active = False
        user.save()
        # The language they registered in is their account's until they choose another.
        UserPreference.objects.create(user=user, language=translation.get_language())
        link = settings.SITE_URL + reverse("register-confirm", args=[confirmation_token(user)])
        body = render_to_string("registration/confirm_email.txt", {"user": user, "link": link})
        send_mail(_("Confirm your WSIS Portal account"), body, None, [user.email])
        return redirect("register-done")


class ConfirmView(View):
    def get(self, request, token):
        user = user_from_token(token)
        if user is None:
            return render(request, "registration/confirm_invalid.html", status=400)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        messages.success(request, _("Your e-mail is confirmed. Sign in to submit projects."))
        return redirect(f"{reverse('login')}?next={reverse('stocktaking:my-submissions')}")


class RateLimitedLoginView(auth_views.LoginView):
    """Django's sign-in within the sign-in budgets of ``ratelimit.sign_in_refusal``."""

    def post(self, request, *args, **kwargs):
        if scope := ratelimit.sign_in_refusal(request):
            return too_many(request, scope)
        return super().post(request, *args, **kwargs)


def admin_login(request):
    """The admin's sign-in (staff and superusers) within the same budgets as the portal's."""
    if request.method == "POST" and (scope := ratelimit.sign_in_refusal(request)):
        return too_many(request, scope)
    return admin.site.login(request)
