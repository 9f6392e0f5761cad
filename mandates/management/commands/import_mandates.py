"""Import the mandates of A/RES/80/173 (idempotent); run ``import_documents`` first."""

from django.core.management.base import BaseCommand, CommandError

from mandates.importers.mandates_80_173 import DocumentMissing, import_mandates


class Command(BaseCommand):
    help = "Build the Mandates of A/RES/80/173 from its paragraphs (after import_documents)."

    def handle(self, *args, **options):
        try:
            changes = import_mandates()
        except DocumentMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Mandates of A/RES/80/173: {changes} changes")
