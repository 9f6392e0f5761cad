"""The versioned API: one router collecting every app's routes, the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actionlines.api.urls import register as register_actionlines
from mandates.api.urls import register as register_mandates
from stocktaking.api.urls import register as register_stocktaking

router = DefaultRouter()
for register in (register_actionlines, register_mandates, register_stocktaking):
    register(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
