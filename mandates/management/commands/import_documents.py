"""Import every seed document with its paragraphs (idempotent)."""

from django.core.management.base import BaseCommand

from mandates.importers import import_documents


class Command(BaseCommand):
    help = "Build Documents and Paragraphs from the texts in fixtures/sources/."

    def handle(self, *args, **options):
        changed = import_documents(stdout=self.stdout)
        self.stdout.write(f"Documents: {changed} rows changed")
