"""Load the succession 2023 -> 2025 and say which 2023-map units found no successor, and why."""

from django.core.management.base import BaseCommand, CommandError

from tracker.units.succession import NEW, OLD, succession_load


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        f"Nạp quan hệ kế thừa giữa đơn vị cấp xã bản đồ {OLD} và bản đồ {NEW} "
        "(dẫn xuất từ gói vietnamadminunits), không tạo trùng khi chạy lại."
    )

    def handle(self, *args, **options):
        try:
            r = succession_load()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Kế thừa {OLD} → {NEW}: {_n(r.pairs)} cặp; mới {r.created}, cập nhật {r.updated}, "
            f"xóa {r.deleted}."
        )
        self.stdout.write(
            f"{_n(r.linked)}/{_n(r.old_units)} đơn vị cấp xã bản đồ {OLD} có đơn vị kế thừa; "
            f"{len(r.unlinked)} không có:"
        )
        for u in r.unlinked:
            self.stdout.write(f"  {u.code} {u.name} ({u.place}): {u.reason}")
        if r.new_without_predecessor:
            self.stdout.write(
                f"{len(r.new_without_predecessor)} đơn vị bản đồ {NEW} không hình thành từ đơn vị "
                f"cấp xã nào của bản đồ {OLD}: " + ", ".join(r.new_without_predecessor)
            )
        if r.skipped_rows:
            self.stdout.write(
                f"Bỏ qua {_n(r.skipped_rows)} dòng của đơn vị chưa nạp trên bản đồ {OLD}."
            )
