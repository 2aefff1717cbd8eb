"""Create an account with a role and a scope."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.accounts.models import Role
from tracker.accounts.services import user_add


class Command(BaseCommand):
    help = (
        "Tạo tài khoản: --role bo|tinh|phuong|xem [--province MÃ] [--ward MÃ]. Mật khẩu lấy từ "
        "biến môi trường TRACKER_PASSWORD, hoặc sinh ngẫu nhiên và in ra một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--province", help="mã tỉnh (GSO)")
        parser.add_argument("--ward", help="mã phường (GSO)")
        parser.add_argument("--map", dest="map_code", help="bản đồ của các mã; mặc định mới nhất")
        parser.add_argument("--email", default="", help="địa chỉ nhận thư nhắc việc")

    def handle(self, *args, name, role, province, ward, map_code, email, **options):
        if role == Role.PROVINCE and not province:
            raise CommandError("Vai trò tinh cần --province.", returncode=2)
        if role == Role.WARD and not ward:
            raise CommandError("Vai trò phuong cần --ward.", returncode=2)
        if role == Role.NATIONAL and (province or ward):
            raise CommandError(
                "Vai trò bo có phạm vi toàn quốc: bỏ --province/--ward.", returncode=2
            )
        given = os.environ.get("TRACKER_PASSWORD") or None
        try:
            user, password = user_add(
                username=name,
                role=role,
                province_code=province,
                ward_code=ward,
                map_code=map_code,
                password=given,
                email=email,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        scope = user.scope
        unit = scope.ward or scope.province
        where = f" (bản đồ {unit.edition.code})" if unit is not None else ""
        self.stdout.write(f"Đã tạo tài khoản {name}: {scope.get_role_display()}, {scope}{where}.")
        if not given:
            self.stdout.write(f"Mật khẩu (chỉ in một lần): {password}")
