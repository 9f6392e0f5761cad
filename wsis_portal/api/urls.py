"""The versioned API: one router collecting every app's routes, the schema and its docs."""

from csp.decorators import csp_update
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

from actionlines.api.urls import register as register_actionlines
from mandates.api.urls import register as register_mandates
from stocktaking.api.bulk import BulkDataView, BulkFileView
from stocktaking.api.urls import register as register_stocktaking

from .docs import RedocView, redoc_bundle
from .search import SearchView


class PortalAPIRootView(APIRootView):
    """The portal's data: action lines and their road maps, the UN documents paragraph by
    paragraph, the mandates they give and the progress posted on them, and the WSIS
    stocktaking database. Anyone may read what is published, without an account; writing
    needs a token (`Authorization: Token …`). Every list can be filtered, ordered and paged,
    and downloaded as CSV (`?format=csv`); /api/v1/search/?q= searches them all at once, and
    /api/v1/bulk/ offers the whole published database as a nightly Data Package (CSV) and
    Parquet file. The OpenAPI schema is at /api/schema/, its documentation at /api/docs/."""

    name = _("WSIS Action Line Coordination Portal API")
    reader_description = _(
        "The portal's data: action lines and their road maps, the UN documents paragraph by "
        "paragraph, the mandates they give and the progress posted on them, and the WSIS "
        "stocktaking database. Anyone may read what is published, without an account; writing "
        "needs a token. Every list can be filtered, ordered, paged and downloaded as CSV."
    )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Beside the routes: the search across every kind and the whole database at once.
        response.data["search"] = reverse("api-search", request=request)
        response.data["bulk-data"] = reverse("api-bulk", request=request)
        return response


class PortalRouter(DefaultRouter):
    APIRootView = PortalAPIRootView


router = PortalRouter()
for register in (register_actionlines, register_mandates, register_stocktaking):
    register(router)

#: What the docs pages need beyond the portal's policy (wsis_portal.content_security): Swagger
#: UI's and Redoc's icons are data: images; Redoc searches in a worker it starts from a blob:,
#: and its bundle adds two <style> elements as it loads, before it can give them the page's
#: nonce (an empty one and its scrollbar's), allowed by their hashes. A Redoc that changes
#: them fails the docs' browser test, which fails on any blocked style.
SWAGGER_UI_POLICY = {"img-src": ["data:"]}
REDOC_POLICY = {
    "img-src": ["data:"],
    "worker-src": ["blob:"],
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
}

urlpatterns = [
    # Not routes of the router: one answer, not a list of rows.
    path("v1/search/", SearchView.as_view(), name="api-search"),
    path("v1/bulk/", BulkDataView.as_view(), name="api-bulk"),
    path("v1/bulk/<str:version>/<str:name>", BulkFileView.as_view(), name="api-bulk-file"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start as a script of its own (?script), which the
    # Content-Security-Policy allows, where the plain view writes it inline.
    path(
        "docs/",
        csp_update(SWAGGER_UI_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "docs/redoc/",
        csp_update(REDOC_POLICY)(RedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    # Redoc's bundle without its vendor's logo from outside (wsis_portal.api.docs).
    path("docs/redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
]
