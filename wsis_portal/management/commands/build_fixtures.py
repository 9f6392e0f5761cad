"""Regenerate fixtures/reference.json from the source texts. Never edit the fixture by hand."""

import json

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

from wsis_portal.reference import FIXTURE_PATH, REFERENCE_MODELS, import_reference


class Command(BaseCommand):
    help = "Import the reference content into the database, then dump it to the fixture."

    def handle(self, *args, **options):
        with transaction.atomic():
            import_reference(stdout=self.stdout)
        objects = []
        for label in REFERENCE_MODELS:
            model = apps.get_model(label)
            queryset = model._default_manager.order_by("pk")
            data = json.loads(serializers.serialize("json", queryset))
            if label == "actionlines.ActionLine":
                # Facilitator-owned content is not reference content.
                for item in data:
                    for name in ("page_content", "page_version", "page_updated_at"):
                        item["fields"].pop(name, None)
            objects.extend(data)
        FIXTURE_PATH.write_text(
            json.dumps(objects, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Wrote {len(objects)} objects to {FIXTURE_PATH}")
