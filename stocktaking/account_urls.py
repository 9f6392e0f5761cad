"""Account pages added to Django's auth URLs (mounted before them under ``accounts/``; the
rate-limited sign-in and password reset replace Django's own)."""

from django.urls import path
from django.views.generic import TemplateView

from . import account_views

urlpatterns = [
    path("", account_views.AccountView.as_view(), name="account"),
    path(
        "sign-out-everywhere/",
        account_views.SignOutEverywhereView.as_view(),
        name="sign-out-everywhere",
    ),
    path("login/", account_views.RateLimitedLoginView.as_view(), name="login"),
    path(
        "password_reset/",
        account_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("register/", account_views.RegisterView.as_view(), name="register"),
    path(
        "register/done/",
        TemplateView.as_view(template_name="registration/register_done.html"),
        name="register-done",
    ),
    path(
        "register/resend/",
        account_views.ResendConfirmationView.as_view(),
        name="register-resend",
    ),
    path(
        "register/resend/done/",
        TemplateView.as_view(template_name="registration/resend_done.html"),
        name="register-resent",
    ),
    path(
        "register/confirm/<str:token>/",
        account_views.ConfirmView.as_view(),
        name="register-confirm",
    ),
]
