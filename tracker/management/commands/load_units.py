"""Load a map edition's administrative units from the CSV shipped with the project."""

from django.core.management.base import BaseCommand, CommandError

from tracker.units.loading import EDITIONS, units_load


class Command(BaseCommand):
    help = "Nạp các đơn vị hành chính của một bản đồ (mã GSO), không tạo trùng khi chạy lại."

    def add_arguments(self, parser):
        parser.add_argument("--map", dest="edition", default="2023", choices=sorted(EDITIONS))

    def handle(self, *args, edition, **options):
        try:
            counts = units_load(edition=edition)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Bản đồ {edition}: {counts['provinces']} tỉnh, {counts['districts']} huyện, "
            f"{counts['wards']} đơn vị cấp xã ({counts['phuong']} phường); "
            f"mới {counts['created']}, cập nhật {counts['updated']}."
        )
