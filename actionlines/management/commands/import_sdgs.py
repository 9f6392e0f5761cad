"""Import the SDGs, their 169 targets and the five GDC objectives (idempotent)."""

from django.core.management.base import BaseCommand

from actionlines.sdgs import import_sdgs


class Command(BaseCommand):
    help = "Import SDGs and targets (six UN languages) and the Global Digital Compact objectives."

    def handle(self, *args, **options):
        changed = import_sdgs()
        self.stdout.write(f"SDGs, targets and GDC objectives: {changed} rows changed")
