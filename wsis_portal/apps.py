from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "wsis_portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import caching, text

        # One rule against control characters for every text field of the project's models
        # (wsis_portal.text): forms, the API and the admin all validate through the models.
        text.install_text_validators()

        # Cache invalidation is the one job signals do here (STYLE.md): any content write
        # makes the cached pages and answers stale.
        caching.connect_signals()

        from django.contrib.auth.signals import user_logged_in

        from . import i18n

        # Signing in brings the language stored on the account into the session, so each
        # page need not read it (wsis_portal.i18n.preferred_language).
        user_logged_in.connect(i18n.remember_account_language, dispatch_uid="account-language")

        from . import sessions

        # Facilitators', moderators' and staff sessions end after inactivity.
        user_logged_in.connect(sessions.limit_privileged_session, dispatch_uid="privileged-session")
