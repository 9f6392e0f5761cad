"""Root URLs: the HTML pages of each app, the admin, and the API under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

from .caching import cache_public_page
from .content_security import csp_report
from .health import healthz, livez
from .i18n import set_language
from .media import serve_media
from .security_txt import security_txt
from .views import SearchView


@cache_control(max_age=86400, public=True)
def favicon(request):
    """/favicon.ico, which browsers, feed readers and the API's pages ask for whatever the
    page declares: the static icon (its cache-busted address in production)."""
    return HttpResponseRedirect(static("img/favicon.ico"))


# The pages, in each language: English unprefixed, /fr/…, /ar/… for the others.
urlpatterns = i18n_patterns(
    path("search/", cache_public_page(SearchView.as_view()), name="search"),
    path("", include("actionlines.urls")),
    path("", include("mandates.urls")),
    path("stocktaking/", include("stocktaking.urls")),
    # Registration and a rate-limited sign-in first; Django's auth views (password reset…) after.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("stocktaking.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    prefix_default_language=False,
)
# Outside the languages: the API (its language is negotiated by Accept-Language), the admin,
# the language switch itself and the health check.
urlpatterns += [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("wsis_portal.api.urls")),
    # The browsable API's "Log in" (DRF's rest_framework:login) is the portal's sign-in, with
    # its limits and two-factor step; no "Log out" of its own (the portal's header has one).
    path(
        "api/sign-in/",
        include(
            (
                [
                    path(
                        "",
                        RedirectView.as_view(pattern_name="login", query_string=True),
                        name="login",
                    )
                ],
                "rest_framework",
            )
        ),
    ),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("readyz", healthz, name="readyz"),
    path("livez", livez, name="livez"),
    path(".well-known/security.txt", security_txt, name="security-txt"),
    path("csp-report/", csp_report, name="csp-report"),
    # Uploaded logos, where no web server serves them (SERVE_MEDIA; nginx does in compose).
    re_path(r"^media/(?P<path>.+)$", serve_media, name="media"),
]

# Errors no view answered: the portal's pages, JSON under /api/ (wsis_portal.errors).
handler400 = "wsis_portal.errors.bad_request"
handler403 = "wsis_portal.errors.permission_denied"
handler404 = "wsis_portal.errors.page_not_found"
handler500 = "wsis_portal.errors.server_error"
