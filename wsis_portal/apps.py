from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wsis_portal"

    def ready(self):
        from . import caching

        # Cache invalidation is the one job signals do here (STYLE.md): any content write
        # makes the cached pages and answers stale.
        caching.connect_signals()
