"""Routes of the stocktaking API; registered under /api/v1/."""

from . import views


def register(router):
    router.register("stocktaking", views.StocktakingEntryViewSet, basename="stocktaking-entry")
    router.register("regions", views.RegionViewSet, basename="region")
    router.register("countries", views.CountryViewSet, basename="country")
    router.register(
        "stats/stocktaking", views.StocktakingStatsViewSet, basename="stocktaking-stats"
    )
