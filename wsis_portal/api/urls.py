"""The versioned API: one router collecting every app's routes, the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import APIRootView, DefaultRouter

from actionlines.api.urls import register as register_actionlines
from mandates.api.urls import register as register_mandates
from stocktaking.api.urls import register as register_stocktaking


class PortalAPIRootView(APIRootView):
    """The portal's data: action lines and their road maps, the UN documents paragraph by
    paragraph, the mandates they give and the progress posted on them, and the WSIS
    stocktaking database. Anyone may read what is published, without an account; writing
    needs a token (`Authorization: Token …`). Every list can be filtered, ordered and paged,
    and downloaded as CSV (`?format=csv`); the OpenAPI schema is at /api/schema/, its
    documentation at /api/docs/."""

    name = "WSIS Action Line Coordination Portal API"


class PortalRouter(DefaultRouter):
    APIRootView = PortalAPIRootView


router = PortalRouter()
for register in (register_actionlines, register_mandates, register_stocktaking):
    register(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
