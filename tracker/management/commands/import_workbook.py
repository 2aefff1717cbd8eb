"""Import a workbook sent back by a locality, or preview it with --dry-run."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tracker.assessments.models import ResultStatus
from tracker.imports.services import conflict_text, import_batch_apply


class Command(BaseCommand):
    help = "Nhập tệp kết quả tiêu chí (.xlsx, .xls, .ods, .csv); --dry-run chỉ xem trước."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Xem trước, không ghi gì.")
        parser.add_argument("--province", help="Mã tỉnh mà tệp phải thuộc về.")
        parser.add_argument("--year", type=int, help="Năm mà tệp phải thuộc về.")
        parser.add_argument("--user", help="Tên đăng nhập ghi vào lịch sử là người nhập.")
        parser.add_argument(
            "--on-conflict",
            choices=["keep", "file"],
            help=(
                "Ô đã sửa trong tệp mà kết quả cũng đã đổi trong hệ thống sau khi xuất mẫu: "
                "keep giữ giá trị hiện có, file lấy giá trị trong tệp. Mặc định: không nhập "
                "và liệt kê các xung đột."
            ),
        )

    def handle(self, *args, file, dry_run, province, year, user, on_conflict, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {file}: {exc.strerror}") from exc
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"Không có tài khoản {user}.")
        result = import_batch_apply(
            data=data,
            file_name=path.name,
            user=account,
            province_code=province,
            year=year,
            dry_run=dry_run,
            on_conflict=on_conflict,
        )
        for name in result.sheets_read[1:]:
            self.stdout.write(f"Đọc cả sheet {name}.")
        for name, why in result.sheets_skipped:
            self.stdout.write(f"Không đọc sheet {name}: {why}.")
        for line in [*result.rows_ignored, *result.conversions]:
            self.stdout.write(line)
        resolved = {"keep": "giữ giá trị hiện có", "file": "lấy giá trị trong tệp"}
        for conflict in result.conflicts:
            line = f"Xung đột: {conflict_text(conflict)}"
            if conflict.resolution:
                line += f" → {resolved[conflict.resolution]}"
            self.stdout.write(line)
        labels = {value: str(label) for value, label in ResultStatus.choices}
        for code, name, changes in result.changes_by_ward():
            self.stdout.write(f"{name} ({code}):")
            for c in changes:
                line = f"  TC{c.criterion_number}: {labels[c.old_status]} → {labels[c.new_status]}"
                if c.new_note is not None:
                    line += f" (ghi chú: {c.new_note})"
                self.stdout.write(line)
        self.stdout.write(result.summary() + ".")
        if not result.ok:
            raise CommandError("\n".join(result.messages()))
        if dry_run:
            self.stdout.write("Xem trước: chưa ghi gì.")
        elif result.batch_id is None:
            self.stdout.write(result.notice)
        else:
            self.stdout.write(f"Đã nhập: lần nhập #{result.batch_id}.")
