"""Build a new version of the published database's bulk downloads now (what Celery beat runs
nightly): a Frictionless Data Package and a Parquet file, under ``BULK_DATA_ROOT``."""

import time

from django.core.management.base import BaseCommand

from stocktaking.bulk import CHUNK_SIZE, build_bulk_data


class Command(BaseCommand):
    help = "Build the Data Package and Parquet downloads of the published stocktaking entries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=int, default=None, help="Versions to keep (default BULK_DATA_KEEP)."
        )
        parser.add_argument(
            "--chunk-size", type=int, default=CHUNK_SIZE, help="Entries read per query."
        )

    def handle(self, *args, keep, chunk_size, **options):
        started = time.monotonic()
        manifest = build_bulk_data(keep=keep, chunk_size=chunk_size)
        self.stdout.write(
            f"Version {manifest['version']}: {manifest['entries']} entries "
            f"in {time.monotonic() - started:.1f} s"
        )
        for item in manifest["files"]:
            self.stdout.write(f"  {item['name']}: {item['bytes']:,} bytes")
