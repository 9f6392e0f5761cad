"""Import ISO 3166 countries with their UN M49 regions and sub-regions (idempotent)."""

from django.core.management.base import BaseCommand

from stocktaking.importers import import_countries


class Command(BaseCommand):
    help = "Import countries (ISO 3166) with UN M49 regions, from offline package data."

    def handle(self, *args, **options):
        self.stdout.write(f"Countries and regions: {import_countries()} rows changed")
