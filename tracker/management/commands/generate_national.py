"""Register every phường for a year with reproducible random statuses (scale tests, demos)."""

from django.core.management.base import BaseCommand, CommandError

from benchmarks.national_data import national_cohort_generate
from tracker.criteria.selectors import criteria_set_in_force
from tracker.units.maps import map_in_force


class Command(BaseCommand):
    help = "Đăng ký mọi phường cho một năm với kết quả ngẫu nhiên tái lập được (dữ liệu thử)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, year, seed, **options):
        edition = map_in_force(year)
        if edition is None:
            raise CommandError(f"Chưa nạp bản đồ hành chính cho năm {year} (load_units).")
        criteria_set = criteria_set_in_force(year)
        if criteria_set is None:
            raise CommandError(f"Không có bộ tiêu chí áp dụng cho năm {year} (load_fixtures).")
        counts = national_cohort_generate(
            year=year, seed=seed, edition=edition, criteria_set=criteria_set
        )
        self.stdout.write(
            f"Năm {year}, bản đồ {edition.code}: đăng ký {counts['assessments']} phường, "
            f"{counts['results']} kết quả; {counts['skipped']} phường đã đăng ký từ trước."
        )
