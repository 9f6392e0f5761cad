from django.core.management.base import BaseCommand

from stocktaking.services import mark_inactive_entries


class Command(BaseCommand):
    help = "Mark stocktaking entries with no owner update for two years as inactive."

    def handle(self, *args, **options):
        self.stdout.write(f"{mark_inactive_entries()} entries marked inactive.")
