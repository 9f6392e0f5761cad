"""The accounts' security pages, mounted at ``accounts/`` before the portal's other account
pages and Django's auth views (the password change and reset views replace Django's)."""

from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/sign-in/", views.SignInCodeView.as_view(), name="two-factor-sign-in"),
    path("two-factor/set-up/", views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path(
        "two-factor/recovery-codes/",
        views.RecoveryCodesView.as_view(),
        name="two-factor-recovery-codes",
    ),
    path("two-factor/turn-off/", views.DisableTwoFactorView.as_view(), name="two-factor-disable"),
    path("tokens/new/", views.TokenCreateView.as_view(), name="api-token-create"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
