"""Demo accounts for the embedded SQLite database, never for a production database."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

PROVINCE_PERMISSIONS = [
    "view_assessment",
    "change_assessment",
    "add_assessment",
    "view_criterionresult",
    "change_criterionresult",
    "view_ward",
    "view_province",
    "view_district",
    "view_criteriaset",
    "view_criterion",
]
ACCOUNTS = [
    ("bo", "Cán bộ Bộ Công an (quản trị toàn quốc)", True),
    ("tinh40", "Cán bộ Công an tỉnh Nghệ An", False),
]


class Command(BaseCommand):
    help = "Tạo tài khoản dùng thử trên CSDL SQLite nhúng; mật khẩu ngẫu nhiên, in ra một lần."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.EMBEDDED_DB:
            self.stdout.write("DATABASE_URL đã đặt: không tạo tài khoản dùng thử.")
            return
        User = get_user_model()
        perms = Permission.objects.filter(
            content_type__app_label="tracker", codename__in=PROVINCE_PERMISSIONS
        )
        for username, description, superuser in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Tài khoản {username} đã có; mật khẩu giữ nguyên.")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=description,
                is_staff=True,
                is_superuser=superuser,
            )
            if not superuser:
                user.user_permissions.set(perms)
            self.stdout.write(f"Tài khoản dùng thử {username} ({description}): mật khẩu {password}")
