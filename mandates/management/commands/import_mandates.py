"""Import the mandates of every document (idempotent); run ``import_documents`` first."""

from django.core.management.base import BaseCommand

from mandates.importers.mandates import import_mandates


class Command(BaseCommand):
    help = (
        "Build a Mandate for each mandating clause of every document (after import_documents);"
        " corrections made in the admin are kept and listed."
    )

    def handle(self, *args, **options):
        kept: list[str] = []
        changes = import_mandates(kept=kept, stdout=self.stdout)
        self.stdout.write(f"Mandates: {changes} changes, {len(kept)} corrections kept")
