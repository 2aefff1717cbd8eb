"""Make a personal Web API token for an account; the token is printed once, never again."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from tracker.api.tokens import DEFAULT_DAYS, api_token_create
from tracker.management.options import fail


class Command(BaseCommand):
    help = (
        "Tạo mã truy cập API cho một tài khoản. Mã chỉ in ra một lần: hãy lưu lại ngay; "
        "hệ thống chỉ giữ mã băm của nó."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="tên đăng nhập của tài khoản dùng mã")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"số ngày hiệu lực (mặc định {DEFAULT_DAYS})",
        )
        parser.add_argument("--name", default="", help="tên của mã, ví dụ hệ thống dùng nó")

    def handle(self, *args, user, days, name, **options):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise fail(f"Không có tài khoản '{user}'.")
        try:
            token, raw = api_token_create(
                owner=owner, name=name or f"Dòng lệnh {timezone.localdate():%d/%m/%Y}", days=days
            )
        except ValidationError as exc:
            raise fail(" ".join(exc.messages)) from exc
        until = timezone.localtime(token.expires_at).strftime("%H:%M %d/%m/%Y")
        self.stderr.write(
            f"Mã truy cập '{token.name}' của {user}, hết hạn {until}. "
            "Mã chỉ in ra lần này; hãy lưu lại ngay:"
        )
        self.stdout.write(raw)
