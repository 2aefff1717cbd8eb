"""Load the project's fixtures, adding only what is missing.

Unlike loaddata, a second run never overwrites what users have changed since,
and the objects it adds get a first history row, so a later change shows the
value it came from.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

ORDER = ["criteria_2023.json", "targets.json", "nghe_an_2023.json"]
REASON = "Dữ liệu ban đầu từ các bài báo nguồn (fixtures)"


class Command(BaseCommand):
    help = "Nạp dữ liệu ban đầu (fixtures/); những gì đã có được giữ nguyên."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", default=ORDER)

    @transaction.atomic
    def handle(self, *args, names, **options):
        directory = Path(settings.BASE_DIR) / "fixtures"
        for name in names:
            added: dict[type, list] = {}
            with open(directory / name, encoding="utf-8") as f:
                for obj in serializers.deserialize("json", f, handle_forward_references=False):
                    if obj.object.pk is not None:
                        continue  # found by its natural key: keep what is stored
                    obj.save()
                    added.setdefault(type(obj.object), []).append(obj.object)
            for model, objects in added.items():
                history = getattr(model, "history", None)
                if history is not None:
                    history.bulk_history_create(objects, default_change_reason=REASON)
            count = sum(len(v) for v in added.values())
            self.stdout.write(f"{name}: thêm {count} đối tượng.")
