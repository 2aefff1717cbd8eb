"""Write an official document (.docx, or .pdf with --pdf) from the data."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.documents.context import DocumentError, Signer
from tracker.documents.service import document_bytes
from tracker.management.options import fail, year_and_map
from tracker.units.models import Province


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"Ngày '{text}' không hợp lệ: ghi theo dạng 2024-01-05.") from None


class Command(BaseCommand):
    help = (
        "Viết văn bản theo thể thức Nghị định 30/2020/NĐ-CP: báo cáo (report), tờ trình đề nghị "
        "công nhận (proposal) của tỉnh, hoặc quyết định công nhận (decision) của Bộ."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["report", "proposal", "decision"])
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            help="mã tỉnh (GSO); quyết định: lặp lại cho nhiều tỉnh, bỏ trống là mọi tỉnh",
        )
        parser.add_argument("--year", type=int, help="năm của chương trình; mặc định năm gần nhất")
        parser.add_argument("--map", dest="edition", help="bản đồ hành chính: 2023 hoặc 2025")
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra (.docx hoặc .pdf)")
        parser.add_argument("--pdf", action="store_true", help="ghi bản PDF (cần LibreOffice)")
        parser.add_argument("--date", help="ngày của văn bản (2024-01-05); mặc định hôm nay")
        parser.add_argument(
            "--decision-number", default="", help="số quyết định; mặc định số đã ghi nhận"
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="dự thảo quyết định cho các phường tỉnh đã chuyển Bộ, chưa quyết định",
        )
        parser.add_argument("--signer-name", default="", help="họ và tên người ký")
        parser.add_argument(
            "--signer-title",
            default="",
            help="chức vụ người ký, ví dụ 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC'",
        )

    def handle(self, *args, kind, province, year, edition, output, pdf, **options):
        year, map_edition = year_and_map(year=year, edition=edition)
        provinces = []
        for code in dict.fromkeys(province):
            found = Province.objects.filter(edition=map_edition, code=code).first()
            if found is None:
                raise fail(f"Không có tỉnh mã '{code}' trên bản đồ {map_edition.code}.")
            provinces.append(found)
        if kind != "decision" and len(provinces) != 1:
            raise fail("Báo cáo và tờ trình là của một tỉnh: ghi đúng một --province.")
        if kind == "decision" and not provinces:
            provinces = list(Province.objects.filter(edition=map_edition).order_by("code"))
        day = _date(options["date"]) if options["date"] else None
        signer = Signer(title=options["signer_title"], name=options["signer_name"])
        try:
            data = document_bytes(
                kind=kind,
                provinces=provinces,
                year=year,
                day=day,
                signer=signer,
                number=options["decision_number"],
                draft=options["draft"],
                pdf=pdf,
            )
        except DocumentError as error:
            raise fail(str(error)) from None
        Path(output).write_bytes(data)
        self.stdout.write(f"Đã ghi {output} ({len(data)} byte).")
