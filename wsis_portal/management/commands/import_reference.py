"""Build all reference content from the source texts (idempotent; keeps what users wrote)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from wsis_portal.reference import import_reference


class Command(BaseCommand):
    help = "Run every importer in order: SDGs, countries, action lines, documents, mandates."

    def handle(self, *args, **options):
        with transaction.atomic():
            total = import_reference(stdout=self.stdout)
        self.stdout.write(f"Reference content: {total} rows changed")
