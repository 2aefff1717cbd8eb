"""Register a province's phường for a year, several at once: the province page's registration."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from tracker.assessments.registration import assessment_register_cohort
from tracker.management.options import fail, year_and_map
from tracker.units.models import Province

REASON = "Đăng ký bằng lệnh register"


class Command(BaseCommand):
    help = (
        "Đăng ký các phường của một tỉnh cho một năm, tất cả hoặc không phường nào: "
        "--province 40 --year 2026 --ward 16681 --ward 16690 [--map 2025] [--user TÊN]."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="mã tỉnh (GSO) trên bản đồ")
        parser.add_argument("--year", type=int, required=True, help="năm đăng ký")
        parser.add_argument(
            "--map", dest="edition", help="bản đồ hành chính; mặc định bản đồ của năm"
        )
        parser.add_argument(
            "--ward",
            dest="wards",
            action="append",
            required=True,
            help="mã phường (GSO); nhắc lại --ward cho mỗi phường",
        )
        parser.add_argument("--user", help="tên đăng nhập ghi vào lịch sử là người đăng ký")
        choice = parser.add_mutually_exclusive_group()
        choice.add_argument(
            "--carry-over",
            dest="carry_over",
            action="store_const",
            const=True,
            help="phường có kết quả của đơn vị cũ: kế thừa theo đề xuất kế thừa",
        )
        choice.add_argument(
            "--no-carry-over",
            dest="carry_over",
            action="store_const",
            const=False,
            help="phường có kết quả của đơn vị cũ: đăng ký mới, không kế thừa",
        )

    def handle(self, *args, province, year, edition, wards, user, carry_over, **options):
        year, map_edition = year_and_map(year=year, edition=edition)
        found = Province.objects.filter(edition=map_edition, code=province).first()
        if found is None:
            raise fail(f"Không có tỉnh mã '{province}' trên {map_edition.name}.")
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise fail(f"Không có tài khoản '{user}'.")
        try:
            done = assessment_register_cohort(
                province=found,
                year=year,
                edition=map_edition,
                codes=wards,
                user=account,
                carry_over=carry_over,
                reason=REASON,
            )
        except ValidationError as error:
            message = " ".join(error.messages)
            if getattr(error, "code", None) == "choose_carry_over":
                message += " Chạy lại với --carry-over hoặc --no-carry-over."
            raise fail(f"Chưa đăng ký phường nào. {message}") from error
        except PermissionDenied as error:
            raise fail(f"Chưa đăng ký phường nào. {error}") from error
        carried = {w.pk for w in done.carried}
        self.stdout.write(
            f"Đã đăng ký {len(done.assessments)} phường của {found.name} năm {year} "
            f"trên {map_edition.name}:"
        )
        for assessment in done.assessments:
            ward = assessment.ward
            how = ", kế thừa kết quả của đơn vị cũ" if ward.pk in carried else ""
            self.stdout.write(f"  {ward.code} {ward.name}: {assessment.get_status_display()}{how}")
