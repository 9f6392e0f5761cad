"""Root URLs: the HTML pages of each app, the admin, and the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("", include("actionlines.urls")),
    path("", include("mandates.urls")),
    path("stocktaking/", include("stocktaking.urls")),
    # Registration and a rate-limited sign-in first; Django's auth views (password reset…) after.
    path("accounts/", include("stocktaking.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("wsis_portal.api.urls")),
    path("healthz", healthz, name="healthz"),
]
