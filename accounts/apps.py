from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class AccountsConfig(AppConfig):
    """Accounts' security: two-factor sign-in, API tokens and security events."""

    name = "accounts"
    default = True

    def ready(self):
        from . import signals

        # Security events Django announces (sign-in, failed sign-in, group and role changes)
        # go to the audit log; the portal's own actions record theirs in accounts.services.
        signals.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by ``accounts.admin_site.PortalAdminSite``."""

    default = False  # named in INSTALLED_APPS in place of "django.contrib.admin"
    default_site = "accounts.admin_site.PortalAdminSite"


class AuthenticatorAppsConfig(TOTPConfig):
    """django-otp's authenticator-app devices, named in the reader's language in the admin
    (django-otp names its app and model in English only). In INSTALLED_APPS in place of
    "django_otp.plugins.otp_totp"; same label, same tables."""

    default = False
    verbose_name = _("Authenticator apps")

    def ready(self):
        super().ready()
        # The displayed name only (not Meta's original options): no migration of django-otp's.
        options = self.get_model("TOTPDevice")._meta
        options.verbose_name = _("authenticator app")
        options.verbose_name_plural = _("authenticator apps")


class RecoveryCodesConfig(StaticConfig):
    """django-otp's recovery codes (its "static" devices), named likewise; in INSTALLED_APPS
    in place of "django_otp.plugins.otp_static"."""

    default = False
    verbose_name = _("Recovery codes")

    def ready(self):
        super().ready()
        for name, one, many in (
            ("StaticDevice", _("recovery code set"), _("recovery code sets")),
            ("StaticToken", _("recovery code"), _("recovery codes")),
        ):
            options = self.get_model(name)._meta
            options.verbose_name, options.verbose_name_plural = one, many
