"""Demo accounts for the embedded SQLite database, never for a production database."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from tracker.accounts.models import Role
from tracker.accounts.services import user_add

# One account per role, on the Nghệ An data the fixtures carry (2023 map).
ACCOUNTS = [
    ("bo", Role.NATIONAL, None, None, "Bộ Công an, quản trị toàn quốc"),
    ("tinh40", Role.PROVINCE, "40", None, "Công an tỉnh Nghệ An"),
    ("phuong16663", Role.WARD, None, "16663", "Công an phường Đông Vĩnh"),
    ("xem40", Role.VIEWER, "40", None, "chỉ xem, tỉnh Nghệ An"),
]


class Command(BaseCommand):
    help = "Tạo tài khoản dùng thử trên CSDL SQLite nhúng; mật khẩu ngẫu nhiên, in ra một lần."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.EMBEDDED_DB:
            self.stdout.write("DATABASE_URL đã đặt: không tạo tài khoản dùng thử.")
            return
        existing = set(get_user_model().objects.values_list("username", flat=True))
        for username, role, province, ward, description in ACCOUNTS:
            if username in existing:
                self.stdout.write(f"Tài khoản {username} đã có; mật khẩu giữ nguyên.")
                continue
            _, password = user_add(
                username=username,
                role=role,
                province_code=province,
                ward_code=ward,
                map_code="2023",
            )
            self.stdout.write(f"Tài khoản dùng thử {username} ({description}): mật khẩu {password}")
