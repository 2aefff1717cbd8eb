"""Write the Excel template for a province (or the whole country) and a year."""

from django.core.management.base import BaseCommand, CommandError

from tracker.imports.template import template_build, template_file_name, template_scope


class Command(BaseCommand):
    help = "Xuất mẫu Excel theo dõi tiêu chí của một tỉnh (hoặc toàn quốc) cho một năm."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Mã tỉnh (GSO); bỏ trống để xuất toàn quốc.")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--all-wards",
            action="store_true",
            help="Mọi phường của tỉnh, không chỉ các phường đã đăng ký.",
        )
        parser.add_argument("-o", "--output", help="Tệp .xlsx sẽ ghi ra.")

    def handle(self, *args, province, year, all_wards, output, **options):
        try:
            scope = template_scope(year=year, province_code=province, all_wards=all_wards)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        output = output or template_file_name(scope)
        template_build(scope=scope).save(output)
        self.stdout.write(f"Đã ghi {output}.")
