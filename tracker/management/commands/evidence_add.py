"""Add an evidence file to a ward's criterion result, through the same service as the ward page."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand

from tracker.evidence.cli import assessment_for, fail, user_named
from tracker.evidence.services import evidence_add


class Command(BaseCommand):
    help = "Thêm tệp minh chứng cho một tiêu chí của phường (như tải lên trên trang phường)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp minh chứng (PDF, JPEG, PNG, Word, Excel, ODF)")
        parser.add_argument("--ward", required=True, help="mã phường")
        parser.add_argument("--year", type=int, required=True, help="năm của chương trình")
        parser.add_argument("--criterion", type=int, required=True, help="số tiêu chí, ví dụ 12")
        parser.add_argument("--title", default="", help="tiêu đề; mặc định tên tệp")
        parser.add_argument("--number", default="", help="số văn bản")
        parser.add_argument("--user", help="tài khoản thực hiện (quyền được kiểm tra)")
        parser.add_argument("--map", dest="edition", help="bản đồ hành chính: 2023 hoặc 2025")

    def handle(self, *args, file, ward, year, criterion, title, number, user, edition, **opts):
        assessment = assessment_for(ward=ward, year=year, edition=edition)
        result = assessment.results.filter(criterion__number=criterion).first()
        if result is None:
            raise fail(f"Bộ tiêu chí của {assessment} không có tiêu chí số {criterion}.")
        path = Path(file)
        if not path.is_file():
            raise fail(f"Không có tệp '{file}'.")
        acting = user_named(user)
        with path.open("rb") as handle:
            try:
                (added,) = evidence_add(
                    result=result,
                    user=acting,
                    files=[File(handle, name=path.name)],
                    title=title,
                    document_number=number,
                )
            except ValidationError as error:
                raise fail(" ".join(error.messages)) from None
            except PermissionDenied as error:
                raise fail(str(error)) from None
        rev = added.current
        self.stdout.write(
            f"Đã thêm '{added.title}' vào {assessment} – TC{criterion}: "
            f"{rev.size} byte, SHA-256 {rev.sha256}"
        )
