"""Generate synthetic stocktaking entries for load tests and benchmarks (or remove them)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from stocktaking.synthetic import (
    SUBMITTER_PREFIX,
    ReferenceContentMissing,
    delete_synthetic,
    generate_entries,
)
from wsis_portal.caching import bump_generation


class Command(BaseCommand):
    help = (
        "Add N realistic synthetic stocktaking entries (COPY on PostgreSQL), owned by "
        f"'{SUBMITTER_PREFIX}*' stakeholder accounts; --delete removes them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, default=0, help="Entries to add.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same entries.")
        parser.add_argument("--batch", type=int, default=20_000, help="Entries per transaction.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="Batches loaded at once, each on its own connection (PostgreSQL; default: "
            "the number of cores, at most 4).",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Remove previously generated entries and their submitters (before adding N).",
        )

    def handle(self, *args, count, seed, batch, jobs, delete, **options):
        if count < 0 or batch < 1 or jobs < 1:
            raise CommandError("N must be 0 or more, --batch and --jobs at least 1.")
        if not count and not delete:
            raise CommandError("Give the number of entries to add, or --delete.")
        started = time.monotonic()

        def elapsed():
            return f"{time.monotonic() - started:.1f} s"

        if delete:
            removed = delete_synthetic(
                progress=lambda done: self.stdout.write(f"  {done:,} removed ({elapsed()})")
            )
            self.stdout.write(f"Removed {removed:,} synthetic entries in {elapsed()}.")
        if count:
            try:
                added = generate_entries(
                    count,
                    seed=seed,
                    batch_size=batch,
                    jobs=jobs,
                    progress=lambda done, total: self.stdout.write(
                        f"  {done:,} / {total:,} entries ({elapsed()})"
                    ),
                )
            except ReferenceContentMissing as error:
                raise CommandError(str(error)) from error
            self.stdout.write(self.style.SUCCESS(f"Added {added:,} entries in {elapsed()}."))
        # COPY and bulk deletes send no model signals: cached pages and counts are stale now.
        bump_generation()
