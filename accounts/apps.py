from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


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
