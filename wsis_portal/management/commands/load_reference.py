"""Load the reference fixture into an empty database; leave a loaded one alone.

Re-loading over a database in use would put back the fixture's rows over anything users have
linked or edited, so a database that already has action lines is left as it is: to bring its
reference content up to date, run ``import_reference``, which updates in place.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from actionlines.models import ActionLine
from wsis_portal.reference import FIXTURE_PATH


class Command(BaseCommand):
    help = "Load fixtures/reference.json when the database has no reference content yet."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even if already loaded.")

    def handle(self, *args, force=False, **options):
        if ActionLine.objects.exists() and not force:
            self.stdout.write("Reference content already loaded (run import_reference to update).")
            return
        call_command("loaddata", str(FIXTURE_PATH), stdout=self.stdout)
