"""Load (or remove) the demonstration set: ``scripts/serve --demo`` runs this.

The set is made-up content for trials and screenshots (``wsis_portal.demo``): with ``DEBUG``
off the command refuses to load it unless ``--force`` says that is meant. The demonstration
accounts' passwords are printed here and nowhere else; each load gives them new ones.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wsis_portal import demo


class Command(BaseCommand):
    help = "Load a small, clearly labelled demonstration set (--remove takes it out again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove", action="store_true", help="Remove every demonstration row and account."
        )
        parser.add_argument(
            "--force", action="store_true", help="Load even with DEBUG off (a real deployment)."
        )

    def handle(self, *args, remove=False, force=False, **options):
        if remove:
            count = demo.remove_demo()
            self.stdout.write(f"Removed the demonstration set ({count} records).")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real deployment, and the demonstration set "
                "would show made-up projects, accounts and progress to its readers. "
                "Pass --force if that is what you want."
            )
        try:
            result = demo.load_demo()
        except demo.ReferenceContentMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Demonstration set loaded ({result.made} rows made, {result.kept} already there); "
            "every page now says so. `manage.py load_demo --remove` takes it out."
        )
        self.stdout.write("Demonstration accounts (new passwords at each load):")
        for account in result.accounts:
            note = (
                " (sets up two-factor sign-in at first sign-in)" if account.needs_two_factor else ""
            )
            self.stdout.write(f"  {account.username:<18} {account.password}  {account.role}{note}")
