from django.apps import AppConfig


class StocktakingConfig(AppConfig):
    name = "stocktaking"
    verbose_name = "Stocktaking"
