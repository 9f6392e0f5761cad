import datetime

from django.core.management.base import BaseCommand, CommandError

from stocktaking import prizes


class Command(BaseCommand):
    help = "Create a WSIS Prizes edition with its categories (one per prize action line)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        for name in ("nomination_opens", "nomination_closes", "voting_opens", "voting_closes"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=datetime.date.fromisoformat)

    def handle(self, *args, year, **options):
        dates = prizes.default_dates(year)
        dates.update({key: value for key, value in options.items() if key in dates and value})
        try:
            edition = prizes.create_edition(year=year, by=None, **dates)
        except Exception as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{edition}: {edition.categories.count()} categories.")
