"""Import the 19 action lines and their facilitators from the seed texts (idempotent)."""

from django.core.management.base import BaseCommand

from actionlines.importers import import_action_lines
from actionlines.models import ActionLine, Facilitation


class Command(BaseCommand):
    help = (
        "Import the action lines (Geneva Plan of Action) and their facilitators (Tunis Agenda "
        "annex; cross-cutting roles of A/RES/80/173 ¶112)."
    )

    def handle(self, *args, **options):
        changed = import_action_lines()
        self.stdout.write(
            f"Action lines: {ActionLine.objects.count()}, facilitations: "
            f"{Facilitation.objects.count()}; {changed} rows changed"
        )
