"""Print a province's (or every province's) progress for a programme year."""

import json

from django.core.management.base import BaseCommand

from tracker.assessments.completion import met_text
from tracker.management.options import fail, year_and_map
from tracker.reports.progress import (
    national_progress,
    province_progress,
)
from tracker.reports.progress_json import national_json, province_report_json
from tracker.units.models import Province


class Command(BaseCommand):
    help = "In tiến độ xây dựng Công an phường điển hình, kiểu mẫu của một tỉnh hoặc cả nước."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="mã tỉnh (GSO), ví dụ 40")
        parser.add_argument("--year", type=int, help="năm của chương trình; mặc định năm gần nhất")
        parser.add_argument("--map", dest="edition", help="bản đồ hành chính: 2023 hoặc 2025")
        parser.add_argument("--all-wards", action="store_true", help="liệt kê mọi phường")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, province, year, edition, all_wards, format, **options):
        year, map_edition = year_and_map(year=year, edition=edition)
        if province is None:
            rows = national_progress(year=year, edition=map_edition)
            self.edition_code = map_edition.code
            self._print_national(rows, year, format)
            return
        found = Province.objects.filter(edition=map_edition, code=province).first()
        if found is None:
            raise fail(f"Không có tỉnh mã '{province}' trên bản đồ {map_edition.code}.")
        progress = province_progress(province=found, year=year, all_wards=all_wards)
        if format == "json":
            data = province_report_json(progress, province=found)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._print_province(progress)

    def _print_province(self, p):
        quota = "—" if p.quota is None else p.quota
        self.stdout.write(f"{p.name} (mã {p.code}), năm {p.year}, bản đồ {p.edition}")
        self.stdout.write(
            f"Phường: {p.wards_total}  Đăng ký: {p.registered}  Chỉ tiêu của Bộ: {quota}  "
            f"Đạt đủ tiêu chí: {p.meeting_all}  Đã công nhận: {p.recognized}"
        )
        header = f"{'Mã':<6} {'Tên phường':<28} {'Trạng thái':<20} {'Đạt':>7}  Chưa đạt"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for w in p.wards:
            met = met_text(met=w.met, total=w.total) if w.status else "—"
            missing = ", ".join(f"TC{n}" for n in w.missing)
            label = w.status_label or "chưa đăng ký"
            self.stdout.write(f"{w.code:<6} {w.name:<28} {label:<20} {met:>7}  {missing}")
            if w.predecessors:
                self.stdout.write(f"{'':<6} lập từ đơn vị cũ: {', '.join(w.predecessors)}")

    def _print_national(self, rows, year, format):
        if format == "json":
            data = national_json(rows, year, edition=self.edition_code)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        header = (
            f"{'Mã':<4} {'Tỉnh, thành phố':<34} {'Phường':>7} {'Đăng ký':>8} "
            f"{'Chỉ tiêu':>9} {'Đạt đủ':>7} {'Công nhận':>10}"
        )
        self.stdout.write(f"Năm {year}")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in rows:
            quota = "—" if r.quota is None else r.quota
            self.stdout.write(
                f"{r.code:<4} {r.name:<34} {r.wards_total:>7} {r.registered:>8} "
                f"{quota:>9} {r.meeting_all:>7} {r.recognized:>10}"
            )
        self.stdout.write("-" * len(header))
        self.stdout.write(
            f"{'':<4} {'Cả nước':<34} {sum(r.wards_total for r in rows):>7} "
            f"{sum(r.registered for r in rows):>8} {'':>9} "
            f"{sum(r.meeting_all for r in rows):>7} {sum(r.recognized for r in rows):>10}"
        )
