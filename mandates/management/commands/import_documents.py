"""Import every seed document with its paragraphs (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from mandates.importers import import_documents
from mandates.importers.common import SourceTextError


class Command(BaseCommand):
    help = "Build Documents and Paragraphs from the texts in fixtures/sources/."

    def handle(self, *args, **options):
        try:
            changed = import_documents(stdout=self.stdout)
        except SourceTextError as error:
            raise CommandError(f"Import stopped, nothing saved: {error}") from error
        self.stdout.write(f"Documents: {changed} rows changed")
