from django.core.management.base import BaseCommand

from stocktaking.uploads import reencode_stored_logos


class Command(BaseCommand):
    help = (
        "Re-encode logos stored before uploads were checked and re-encoded, under generated "
        "names; remove those that are not PNG, JPEG or WebP images within the limits."
    )

    def handle(self, *args, **options):
        reencoded, removed = reencode_stored_logos()
        self.stdout.write(f"{reencoded} logos re-encoded, {removed} removed.")
