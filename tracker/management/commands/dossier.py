"""Write a ward's (or a province's) recognition dossier, the ZIP the pages stream, to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.evidence.cli import assessment_for, fail
from tracker.evidence.dossier import (
    dossier_stream,
    empty_province_dossier,
    province_assessments,
    ward_dossiers,
)
from tracker.units.maps import map_in_force
from tracker.units.models import Province


class Command(BaseCommand):
    help = "Ghi hồ sơ minh chứng (ZIP, kèm mục lục có SHA-256) của một phường hoặc một tỉnh."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--ward", help="mã phường")
        which.add_argument(
            "--province",
            help="mã tỉnh: mọi phường tỉnh đã đề nghị, chuyển Bộ hoặc Bộ đã quyết định",
        )
        parser.add_argument("--year", type=int, required=True, help="năm của chương trình")
        parser.add_argument("--map", dest="edition", help="bản đồ hành chính: 2023 hoặc 2025")
        parser.add_argument("-o", "--output", required=True, help="tệp ZIP ghi ra")

    def handle(self, *args, ward, province, year, edition, output, **options):
        if ward:
            dossiers = ward_dossiers([assessment_for(ward=ward, year=year, edition=edition)])
            folders = False
        else:
            found = Province.objects.filter(code=province)
            found = found.filter(edition__code=edition) if edition else found
            if not edition:
                in_force = map_in_force(year)
                found = found.filter(edition=in_force) if in_force else found
            unit = found.first()
            if unit is None:
                raise fail(f"Không có tỉnh mã '{province}'.")
            dossiers = ward_dossiers(province_assessments(province=unit, year=year))
            if not dossiers:
                raise fail(empty_province_dossier(province=unit, year=year))
            folders = True
        target = Path(output)
        with target.open("wb") as out:
            for chunk in dossier_stream(dossiers, folders=folders):
                out.write(chunk)
        files = sum(len(d.files) for d in dossiers)
        self.stdout.write(
            f"Đã ghi {target}: {len(dossiers)} phường, {files} tệp, {target.stat().st_size} byte."
        )
