"""Import the mandates of every document (idempotent); run ``import_documents`` first."""

from django.core.management.base import BaseCommand

from mandates.importers.mandates import import_mandates


class Command(BaseCommand):
    help = "Build a Mandate for each mandating clause of every document (after import_documents)."

    def handle(self, *args, **options):
        changes = import_mandates()
        self.stdout.write(f"Mandates: {changes} changes")
