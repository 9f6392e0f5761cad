"""Build all reference content from the source texts (idempotent; keeps what users wrote)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mandates.importers.common import SourceTextError
from wsis_portal.reference import import_reference


class Command(BaseCommand):
    help = "Run every importer in order: SDGs, countries, action lines, documents, mandates."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                total = import_reference(stdout=self.stdout)
        except SourceTextError as error:
            raise CommandError(f"Import stopped, nothing saved: {error}") from error
        self.stdout.write(f"Reference content: {total} rows changed")
